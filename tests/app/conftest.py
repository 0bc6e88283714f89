"""AppTest helpers: the real app, started on a page with optional query parameters."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pytest
from sklearn.linear_model import Ridge
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler
from streamlit.testing.v1 import AppTest

from core.data import load_wine
from core.features import FEATURE_KEYS

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def open_app(page: str | None = None, **query: str) -> AppTest:
    """The app after its first run (and a switch to `page`), with a link's query parameters.

    Note: with `st.navigation`, AppTest keeps the elements the entry script draws (the
    sidebar) only on the first run; the sidebar's wine is therefore set through the link.
    """
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page is not None:
        at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, at.exception
    return at


def reference_ridge(wine: str, alpha: float) -> tuple[Pipeline, np.ndarray, np.ndarray]:
    """The tutorial's pipeline fitted independently of `core`, with its test part."""
    frame = load_wine(wine)
    x, y = frame[list(FEATURE_KEYS)].to_numpy(), frame["quality"].to_numpy()
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.2, random_state=0)
    model = make_pipeline(StandardScaler(), Ridge(alpha=alpha)).fit(x_train, y_train)
    return model, x_test, y_test


@pytest.fixture
def app_at():
    return open_app


PANEL_KEY = "slider_panel"


def panel_data(at: AppTest) -> dict:
    """What the last run gave the Predict page's slider panel (its JSON payload)."""
    (panel,) = [element for element in at.get("bidi_component") if element.key == PANEL_KEY]
    return json.loads(panel.proto.json)


def release_panel(at: AppTest, **values: float) -> AppTest:
    """What the browser sends when a slider of the panel is released: every slider's value,
    some changed, as the component's state; then the rerun.

    AppTest has no element type for custom components, so the component's widget state is
    added to the other widgets' states by hand, exactly as the browser's client sends it.
    """
    (panel,) = [element for element in at.get("bidi_component") if element.key == PANEL_KEY]
    sent = panel_data(at)["values"] | values
    states = at._tree.get_widget_states()
    state = states.widgets.add()
    state.id = panel.proto.id
    state.json_value = json.dumps({"sent": {"values": sent, "n": time.monotonic_ns()}})
    return at._run(states)
