"""The Train page as a person lives it: alpha visibly matters, slow models keep their results.

Behaviours checked:
- for every linear kind with an alpha, the first view shows the alpha panel (which draws the
  regularisation path and the error against alpha), its numbers plain scikit-learn's;
- releasing alpha trains that model, and the browser's factorisations stay as they were;
- a change below the shown precision says "no visible change", never "-0.0000";
- the run history holds no repeats, and holds the setting on screen; it is two static tables
  (wrapping, so they fit a phone and a desktop page) that together keep every column;
- a slow kind, once trained, keeps its metrics on screen, marked as the previous settings',
  when a setting changes;
- a link to a slow model already in the store shows its metrics at once, without a button;
- the open chart is in the link and comes back from it;
- a link's split (held-out share and seed) and a many-digit alpha train that very model, and
  the page writes them back into its link exactly;
- a non-linear kind's permutation importance (drawn behind a progress bar) is scikit-learn's.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.inspection import permutation_importance
from sklearn.linear_model import ElasticNet, Lasso, Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from core.data import load_wine
from core.features import FEATURE_KEYS, FEATURES
from core.models import ModelSpec, get_kind
from harness.apptest import alpha_panel_data, release_alpha
from i18n import decimal
from tests.app.conftest import history_table, open_app, shown_test_rmse
from tests.splits import grouped_train_test_split
from ui.cache import model_store
from ui.charts import history_frame
from ui.session_keys import HISTORY

ESTIMATORS = {"ridge": Ridge, "lasso": Lasso, "elasticnet": ElasticNet}
LABELS = {feature.label: feature.key for feature in FEATURES}


def _chart(at, key: str) -> dict:
    """A plotly chart's figure by its key (AppTest exposes the element's JSON spec)."""
    (chart,) = [c for c in at.get("plotly_chart") if c.proto.id.endswith(f"-{key}")]
    return json.loads(chart.proto.spec)


def _open_train(**query: str):
    at = open_app("train", **query)
    assert not at.exception
    return at


@pytest.mark.parametrize("kind", sorted(ESTIMATORS))
def test_first_view_mounts_the_alpha_panel_with_plain_sklearns_numbers(kind: str) -> None:
    """Check that Ridge, Lasso and elastic net open on the alpha panel (no Plotly path charts:
    the panel draws them), carrying scikit-learn's numbers for the default setting."""
    at = _open_train(model=kind)
    data = alpha_panel_data(at)
    assert not [c for c in at.get("plotly_chart") if c.proto.id.endswith("-chart_path")]
    kind_declared = get_kind(kind)
    params = {h.name: h.default for h in kind_declared.hyperparameters}
    assert data["python"]["params"] == params
    frame = load_wine("red")
    x, y = frame[list(FEATURE_KEYS)].to_numpy(), frame["quality"].to_numpy()
    x_train, x_test, y_train, y_test = grouped_train_test_split(x, y, frame)
    model = make_pipeline(StandardScaler(), ESTIMATORS[kind](**params)).fit(x_train, y_train)
    np.testing.assert_allclose(data["python"]["coefficients"], model[-1].coef_, rtol=1e-9)
    rmse = float(np.sqrt(np.mean((model.predict(x_test) - y_test) ** 2)))
    assert data["python"]["test"]["rmse"] == pytest.approx(rmse, abs=1e-12)


def test_releasing_alpha_trains_that_model_and_keeps_the_factors() -> None:
    """Check that a release reaches core (alpha in the link, Python's numbers for it) while
    the browser's factorisations stay those of the same split."""
    at = _open_train()
    before = alpha_panel_data(at)
    release_alpha(at, alpha=100.0)
    assert not at.exception
    after = alpha_panel_data(at)
    assert after["python"]["params"] == {"alpha": 100.0}
    assert at.query_params["alpha"] == "100"
    assert after["signature"] == before["signature"]
    assert after["fits"] == before["fits"]
    assert after["python"]["test"] != before["python"]["test"]


def test_change_below_shown_precision_says_no_visible_change() -> None:
    """Ridge on red wines: alpha 0.5 and 1 agree to three decimals in every metric."""
    at = release_alpha(_open_train(), alpha=1.0)
    assert not at.exception
    (since,) = [c.value for c in at.caption if c.value.startswith("Since your previous run")]
    assert "no visible change" in since
    assert "0.0000" not in since


def test_history_fits_two_tables_that_keep_every_figure() -> None:
    """Check the history's short table (what tells runs apart) and its details (the rest),
    both by run, together every column the history had, and the figures the model's."""
    at = release_alpha(_open_train(), alpha=10.0)
    assert not at.exception
    main, details = history_table(at), history_table(at, "Test MAE")
    assert main.index.name == details.index.name == "Run"
    assert list(main.columns) == ["Model", "Wine", "Test RMSE", "CV RMSE"]
    assert list(details.columns) == [
        "Test MAE", "Test R²", "Held-out share", "Split seed", "Training time (s)", "At",
    ]  # fmt: skip
    assert set(main.columns) | set(details.columns) | {"Run"} == set(
        history_frame(at.session_state[HISTORY].history).columns
    )
    spec = ModelSpec.create("red", "ridge", alpha=10.0)
    row = main.index[main["Model"] == "Ridge regression, alpha=10"][0]
    result = model_store().get(spec).result
    assert main.loc[row, "Test RMSE"] == decimal(result.test_metrics.rmse, 3)
    assert details.loc[row, "Test MAE"] == decimal(result.test_metrics.mae, 3)
    assert details.loc[row, "Held-out share"] == "20%"


def test_history_holds_no_repeats_and_the_setting_shown() -> None:
    at = _open_train()
    for alpha in (10.0, 0.5, 10.0, 0.5, 10.0):
        release_alpha(at, alpha=alpha)
    assert not at.exception
    models = history_table(at)["Model"].tolist()
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


def test_link_split_and_exact_alpha_train_that_model_and_stay_in_the_link() -> None:
    """Check the metrics against plain scikit-learn on the link's split, and the link kept."""
    at = _open_train(alpha="0.1234567", test_size="0.3", seed="7")
    frame = load_wine("red")
    x, y = frame[list(FEATURE_KEYS)].to_numpy(), frame["quality"].to_numpy()
    x_train, x_test, y_train, y_test = grouped_train_test_split(x, y, frame, test_size=0.3, seed=7)
    model = make_pipeline(StandardScaler(), Ridge(alpha=0.1234567)).fit(x_train, y_train)
    rmse = float(np.sqrt(np.mean((model.predict(x_test) - y_test) ** 2)))
    assert shown_test_rmse(at) == pytest.approx(rmse, abs=1e-12)
    link = {key: at.query_params[key] for key in ("alpha", "test_size", "seed")}
    assert link == {"alpha": "0.1234567", "test_size": "0.3", "seed": "7"}


def test_permutation_importance_chart_shows_sklearns_numbers() -> None:
    at = open_app("train", model="hist_gradient_boosting", chart="features")
    assert not at.exception
    bars = _chart(at, "chart_importance")["data"][0]
    frame = load_wine("red")
    x, y = frame[list(FEATURE_KEYS)].to_numpy(), frame["quality"].to_numpy()
    x_train, x_test, y_train, y_test = grouped_train_test_split(x, y, frame)
    model = HistGradientBoostingRegressor(max_depth=6, random_state=0).fit(x_train, y_train)
    plain = permutation_importance(
        model, x_test, y_test, scoring="neg_root_mean_squared_error", n_repeats=5, random_state=0
    )
    shown = dict(zip([LABELS[label] for label in bars["y"]], bars["x"], strict=True))
    np.testing.assert_allclose([shown[key] for key in FEATURE_KEYS], plain.importances_mean)
