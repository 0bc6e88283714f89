"""AppTest helpers: the real app, started on a page with optional query parameters."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from sklearn.linear_model import Ridge
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler
from streamlit.testing.v1 import AppTest

from core.data import load_wine
from core.features import FEATURE_KEYS
from harness.apptest import alpha_panel_data
from tests.splits import grouped_train_test_split
from ui.session_keys import ALPHA_PANEL


def shown_test_rmse(at: AppTest) -> float:
    """The test RMSE the Train page shows: the alpha panel's Python number for Ridge, Lasso
    and elastic net (full precision), else the first metric (three decimals)."""
    if any(element.key == ALPHA_PANEL for element in at.get("bidi_component")):
        return alpha_panel_data(at)["python"]["test"]["rmse"]
    assert at.metric[0].label == "Test RMSE"
    return float(at.metric[0].value)


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
    """The default pipeline fitted independently of `core` on the grouped split, with its
    test part."""
    frame = load_wine(wine)
    x, y = frame[list(FEATURE_KEYS)].to_numpy(), frame["quality"].to_numpy()
    x_train, x_test, y_train, y_test = grouped_train_test_split(x, y, frame)
    model = make_pipeline(StandardScaler(), Ridge(alpha=alpha)).fit(x_train, y_train)
    return model, x_test, y_test


def history_table(at, column: str = "Model"):
    """The run history's table holding `column` (static tables: they wrap, so they fit)."""
    (table,) = (t.value for t in at.table if column in t.value.columns)
    return table
