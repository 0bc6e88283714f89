"""The Train page as a person lives it: alpha visibly matters, slow models keep their results.

Behaviours checked:
- for every linear kind with an alpha, the first view shows the regularisation path and the
  error against alpha, their coefficients those of plain scikit-learn on the same split;
- moving alpha moves the current-alpha marker and leaves the curves as they were;
- a change below the shown precision says "no visible change", never "-0.0000";
- the run history holds no repeats, and holds the setting on screen;
- a slow kind, once trained, keeps its metrics on screen, marked as the previous settings',
  when a setting changes;
- a link to a slow model already in the store shows its metrics at once, without a button;
- the open chart is in the link and comes back from it;
- a non-linear kind's permutation importance (drawn behind a progress bar) is scikit-learn's.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.inspection import permutation_importance
from sklearn.linear_model import ElasticNet, Lasso, Ridge
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from core.data import load_wine
from core.features import FEATURE_KEYS, FEATURES
from core.models import ModelSpec, get_kind
from tests.app.conftest import open_app
from ui.cache import model_store

ESTIMATORS = {"ridge": Ridge, "lasso": Lasso, "elasticnet": ElasticNet}
LABELS = {feature.label: feature.key for feature in FEATURES}


def _chart(at, key: str) -> dict:
    """A plotly chart's figure by its key (AppTest exposes the element's JSON spec)."""
    (chart,) = [c for c in at.get("plotly_chart") if c.proto.id.endswith(f"-{key}")]
    return json.loads(chart.proto.spec)


def _curves(figure: dict) -> list[dict]:
    return [trace for trace in figure["data"] if trace.get("showlegend") is not False]


def _marker_x(figure: dict) -> float:
    (line,) = [trace for trace in figure["data"] if trace.get("showlegend") is False]
    return line["x"][0]


def _open_train(**query: str):
    at = open_app("train", **query)
    assert not at.exception
    return at


@pytest.mark.parametrize("kind", sorted(ESTIMATORS))
def test_path_and_error_charts_on_first_view_match_plain_sklearn(kind: str) -> None:
    at = _open_train(model=kind)
    assert not at.exception
    path, error = _chart(at, "chart_path"), _chart(at, "chart_alpha_error")
    assert {t["name"] for t in _curves(error)} >= {"Test", "Cross-validated"}
    frame = load_wine("red")
    x, y = frame[list(FEATURE_KEYS)].to_numpy(), frame["quality"].to_numpy()
    x_train, _, y_train, _ = train_test_split(x, y, test_size=0.2, random_state=0)
    others = {h.name: h.default for h in get_kind(kind).hyperparameters if h.name != "alpha"}
    traces = {LABELS[t["name"]]: t for t in _curves(path)}
    alphas = traces["alcohol"]["x"]
    for index, alpha in enumerate(alphas):
        model = make_pipeline(StandardScaler(), ESTIMATORS[kind](alpha=alpha, **others))
        expected = model.fit(x_train, y_train)[-1].coef_
        shown = [traces[key]["y"][index] for key in FEATURE_KEYS]
        np.testing.assert_allclose(shown, expected, rtol=1e-7, atol=1e-10)


def test_moving_alpha_moves_the_marker_and_not_the_curves() -> None:
    at = _open_train()
    before = {key: _chart(at, key) for key in ("chart_path", "chart_alpha_error")}
    at.select_slider(key="alpha").set_value(100.0).run()
    assert not at.exception
    for key, figure in before.items():
        after = _chart(at, key)
        assert _marker_x(figure) == 0.5
        assert _marker_x(after) == 100.0
        assert [t["y"] for t in _curves(after) if t["name"] != "This model"] == [
            t["y"] for t in _curves(figure) if t["name"] != "This model"
        ]


def test_change_below_shown_precision_says_no_visible_change() -> None:
    """Ridge on red wines: alpha 0.5 and 1 agree to three decimals in every metric."""
    at = _open_train()
    at.select_slider(key="alpha").set_value(1.0).run()
    assert not at.exception
    (since,) = [c.value for c in at.caption if c.value.startswith("Since your previous run")]
    assert "no visible change" in since
    assert "0.0000" not in since


def test_history_holds_no_repeats_and_the_setting_shown() -> None:
    at = _open_train()
    for alpha in (10.0, 0.5, 10.0, 0.5, 10.0):
        at.select_slider(key="alpha").set_value(alpha).run()
    assert not at.exception
    models = at.dataframe[-1].value["Model"].tolist()
    assert len(models) == len(set(models))
    assert "Ridge regression, alpha=10" in models


def test_slow_kind_keeps_previous_metrics_marked_until_train() -> None:
    at = _open_train()
    at.selectbox(key="kind").set_value("random_forest").run()
    at.slider(key="n_estimators").set_value(23).run()  # settings no other test trains
    at.button(key="train").click().run()
    trained = [m.value for m in at.metric]
    at.slider(key="n_estimators").set_value(24).run()
    assert not at.exception
    assert [m.value for m in at.metric] == trained
    (marked,) = [w.value for w in at.warning if "Previous settings" in w.value]
    assert "n_estimators=23" in marked
    assert "press **Train**" in at.info[0].value


def test_link_to_a_stored_slow_model_shows_its_metrics_at_once() -> None:
    """The app's own store (shared by every AppTest of this process) holds the model."""
    spec = ModelSpec.create("red", "random_forest", n_estimators=15)
    stored = model_store().get(spec)
    at = _open_train(model="random_forest", n_estimators="15")
    assert not at.exception
    assert "train" not in [button.key for button in at.button]
    rmse = f"{stored.result.test_metrics.rmse:.3f}"
    assert at.metric[0].value == rmse


def test_open_chart_is_in_the_link_and_comes_back() -> None:
    at = _open_train(chart="residuals")
    assert [t for t in at.tabs if t.label == "Residuals"]
    assert _chart(at, "chart_residuals")["data"]
    assert at.query_params["chart"] == "residuals"


def test_permutation_importance_chart_shows_sklearns_numbers() -> None:
    at = open_app("train", model="hist_gradient_boosting", chart="features")
    assert not at.exception
    bars = _chart(at, "chart_importance")["data"][0]
    frame = load_wine("red")
    x, y = frame[list(FEATURE_KEYS)].to_numpy(), frame["quality"].to_numpy()
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.2, random_state=0)
    model = HistGradientBoostingRegressor(max_depth=6, random_state=0).fit(x_train, y_train)
    plain = permutation_importance(
        model, x_test, y_test, scoring="neg_root_mean_squared_error", n_repeats=5, random_state=0
    )
    shown = dict(zip([LABELS[label] for label in bars["y"]], bars["x"], strict=True))
    np.testing.assert_allclose([shown[key] for key in FEATURE_KEYS], plain.importances_mean)
