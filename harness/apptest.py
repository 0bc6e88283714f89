"""Driving the custom components (Predict's slider panel, Train's alpha panel) through
Streamlit's `AppTest`.

AppTest has no element type for custom components: the panel shows up as an unknown element
whose proto carries the payload, and a release is the component's widget state added by hand
to the other widgets' states, exactly as the browser's client sends it.
"""

from __future__ import annotations

import json
import time
from typing import Any

from streamlit.testing.v1 import AppTest

from ui.session_keys import ALPHA_PANEL as ALPHA_KEY
from ui.session_keys import SLIDER_PANEL as PANEL_KEY


def _panel(at: AppTest) -> Any:
    (panel,) = [element for element in at.get("bidi_component") if element.key == PANEL_KEY]
    return panel


def panel_data(at: AppTest) -> dict:
    """What the last run gave the Predict page's slider panel (its JSON payload)."""
    return json.loads(_panel(at).proto.json)


def release_panel(at: AppTest, **values: Any) -> AppTest:
    """What the browser sends when a slider of the panel is released: every slider's value,
    some changed, as the component's state; then the rerun."""
    sent = panel_data(at)["values"] | values
    states = at._tree.get_widget_states()
    state = states.widgets.add()
    state.id = _panel(at).proto.id
    state.json_value = json.dumps({"sent": {"values": sent, "n": time.monotonic_ns()}})
    return at._run(states)


def _alpha_panel(at: AppTest) -> Any:
    (panel,) = [element for element in at.get("bidi_component") if element.key == ALPHA_KEY]
    return panel


def alpha_panel_data(at: AppTest) -> dict:
    """What the last run gave the Train page's alpha panel (its JSON payload)."""
    return json.loads(_alpha_panel(at).proto.json)


def release_alpha(at: AppTest, **params: float) -> AppTest:
    """What the browser sends when the alpha panel's control is released: its settings
    (alpha, and l1_ratio for elastic net), some changed, as the component's state; then
    the rerun."""
    sent = alpha_panel_data(at)["python"]["params"] | params
    states = at._tree.get_widget_states()
    state = states.widgets.add()
    state.id = _alpha_panel(at).proto.id
    state.json_value = json.dumps({"sent": sent | {"n": time.monotonic_ns()}})
    return at._run(states)
