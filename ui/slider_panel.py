"""The Predict page's slider panel: a browser component drawn from `core.preview`'s payload.

Its HTML, CSS and JavaScript are the files in `ui/components/slider_panel/`. The sliders'
values live in session state under the feature keys (as the presets, the link and the other
pages expect); the component shows them and, on release, sends new ones back, which
`_receive` clamps into those keys before the fragment reruns.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import streamlit as st

from core.preview import clamped_values
from ui.cache import wine_ranges
from ui.session_keys import SLIDER_PANEL
from ui.state import current_features, current_wine, set_features

SENT = "sent"
_FILES = Path(__file__).parent / "components" / "slider_panel"


@functools.cache
def _component() -> Any:
    """Registered once per process, on first use (no work at import)."""
    return st.components.v2.component(
        "wine_lab.slider_panel",
        html=(_FILES / "panel.html").read_text(encoding="utf-8"),
        css=(_FILES / "panel.css").read_text(encoding="utf-8"),
        js=(_FILES / "panel.js").read_text(encoding="utf-8"),
    )


def sent_values() -> dict[str, Any] | None:
    """The values the browser last sent, as it sent them (None before the first move)."""
    state = st.session_state.get(SLIDER_PANEL)
    sent = state.get(SENT) if state is not None else None
    values = sent.get("values") if isinstance(sent, dict) else None
    return values if isinstance(values, dict) else None


def _receive() -> None:
    """The browser released a slider: its values, clamped, become the session's."""
    values = sent_values()
    if values is not None:
        ranges = wine_ranges(current_wine())
        set_features(clamped_values(values, ranges, current_features()))


def slider_panel(payload: dict[str, Any]) -> None:
    """Mount the panel with a payload from `core.preview.panel_payload`."""
    _component()(key=SLIDER_PANEL, data=payload, on_sent_change=_receive)
