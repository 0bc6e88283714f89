"""The pages, driven through Streamlit's AppTest by widget key.

Behaviours checked:
- every page renders without exception for both wines, with the model in the sidebar;
- Predict shows the median wine's quality as independent scikit-learn computes it;
- releasing the alcohol slider changes the prediction to scikit-learn's for that wine;
- presets: a random real wine shows its true quality; Reset returns to the start;
- Train: setting alpha to 10 shows the test RMSE scikit-learn computes for alpha 10;
- "Use this model for predictions" makes Predict use that model, and Predict names it on the
  page itself (a phone hides the sidebar);
- slow kinds wait for the Train button (the previous results stay, marked), then show theirs;
- a link's wine, model, alpha and slider values are reproduced; garbage gets a notice;
- a good batch CSV is scored; a bad one shows its error and the page keeps working;
- after the first run, the long-lived objects are frozen out of Streamlit's per-run collection.
"""

from __future__ import annotations

import gc

import numpy as np
import pytest

from core.data import load_wine
from core.features import FEATURE_KEYS, median_wine
from harness.apptest import panel_data, release_alpha, release_panel
from tests.app.conftest import open_app, reference_ridge, shown_test_rmse
from tests.conftest import FIXTURES


def _shown_quality(at) -> float:
    return round(panel_data(at)["prediction"]["quality"], 2)


def _rmse(model, x_test, y_test) -> float:
    return float(np.sqrt(np.mean((model.predict(x_test) - y_test) ** 2)))


def _wine_row(features: dict[str, float]) -> np.ndarray:
    return np.array([[features[key] for key in FEATURE_KEYS]])


@pytest.mark.parametrize("wine", ["red", "white"])
@pytest.mark.parametrize("page", ["predict", "train", "explore"])
def test_every_page_renders_for_both_wines(page: str, wine: str) -> None:
    at = open_app(page, wine=wine)
    assert at.title[0].value
    assert not at.exception


def test_sidebar_shows_wine_and_model_in_use() -> None:
    at = open_app()
    assert at.selectbox(key="wine").value == "red"
    assert "Ridge regression, alpha=0.5" in [m.value for m in at.markdown]
    model, x_test, y_test = reference_ridge("red", 0.5)
    error = np.abs(model.predict(x_test) - y_test)
    plain = (
        f"Tested on {len(y_test)} red wines it had not seen: the right grade for "
        f"{np.mean(error <= 0.5):.0%} of them, within one grade for {np.mean(error <= 1):.0%}."
    )
    (caption,) = (c for c in at.caption if c.value == plain)
    assert f"test RMSE {_rmse(model, x_test, y_test):.3f}" in caption.proto.help


@pytest.mark.parametrize("wine", ["red", "white"])
def test_predict_page_shows_quality_of_median_wine(wine: str) -> None:
    at = open_app(wine=wine)
    model, _, _ = reference_ridge(wine, 0.5)
    expected = model.predict(_wine_row(median_wine(load_wine(wine))))[0]
    assert _shown_quality(at) == pytest.approx(round(expected, 2))
    assert panel_data(at)["values"]["alcohol"] == median_wine(load_wine(wine))["alcohol"]


def test_moving_alcohol_changes_prediction_to_sklearn_value() -> None:
    at = open_app()
    release_panel(at, alcohol=13.0)
    model, _, _ = reference_ridge("red", 0.5)
    wine = median_wine(load_wine("red")) | {"alcohol": 13.0}
    assert _shown_quality(at) == pytest.approx(round(model.predict(_wine_row(wine))[0], 2))
    assert at.query_params["alcohol"] == "13"


def test_random_real_wine_preset_shows_true_quality_and_reset_returns() -> None:
    at = open_app()
    at.button(key="preset_random").click().run()
    assert any("its tasters graded it" in note for note in panel_data(at)["notes"])
    at.button(key="preset_reset").click().run()
    assert panel_data(at)["values"]["alcohol"] == median_wine(load_wine("red"))["alcohol"]


def test_train_page_alpha_10_shows_sklearn_rmse() -> None:
    at = release_alpha(open_app("train"), alpha=10.0)
    assert not at.exception
    model, x_test, y_test = reference_ridge("red", 10.0)
    assert shown_test_rmse(at) == pytest.approx(_rmse(model, x_test, y_test), abs=1e-12)
    assert at.query_params["alpha"] == "10"


def test_use_for_predictions_switches_the_predict_page_model() -> None:
    at = release_alpha(open_app("train"), alpha=10000.0)
    at.button(key="use_model").click().run()
    at.switch_page("pages/predict.py").run()
    model, _, _ = reference_ridge("red", 10000.0)
    expected = model.predict(_wine_row(median_wine(load_wine("red"))))[0]
    assert _shown_quality(at) == pytest.approx(round(expected, 2))
    assert at.query_params["alpha"] == "10000"
    assert any(
        "**Ridge regression, alpha=10000**, trained on red wines" in c.value for c in at.caption
    )


def test_slow_kind_waits_for_train_button() -> None:
    """Check that a random forest trains only when asked, then shows its metrics; until then
    the previous model's results stay, marked as such."""
    at = open_app("train")
    at.selectbox(key="kind").set_value("random_forest").run()
    at.slider(key="n_estimators").set_value(20).run()
    # The previous results are Ridge's, or the default forest's if another test stored it.
    previous = [w.value for w in at.warning if "Previous settings" in w.value]
    assert previous
    assert "n_estimators=20" not in previous[0]
    assert "press **Train**" in at.info[0].value
    at.button(key="train").click().run()
    assert not at.exception
    assert [m.label for m in at.metric][:3] == ["Test RMSE", "Test MAE", "Test R²"]
    assert not [w for w in at.warning if "Previous settings" in w.value]


def test_link_reproduces_wine_alpha_and_slider_value() -> None:
    at = open_app(wine="white", alpha="100", alcohol="12.5")
    model, _, _ = reference_ridge("white", 100.0)
    wine = median_wine(load_wine("white")) | {"alcohol": 12.5}
    assert panel_data(at)["values"]["alcohol"] == 12.5
    assert _shown_quality(at) == pytest.approx(round(model.predict(_wine_row(wine))[0], 2))
    assert at.warning.len == 0


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        ({"wine": "rose"}, "Unknown wine 'rose'"),
        ({"alcohol": "99"}, "Alcohol = 99 is outside the sliders' range"),
        ({"alcohol": "strong"}, "Alcohol in the link is not a number"),
        ({"alpha": "1e99"}, "alpha = 1e99 is out of range"),
        ({"model": "gpt"}, "Unknown model 'gpt'"),
        ({"hack": "<script>"}, "Ignored unknown link parameter(s): 'hack'"),
        ({"ph": "x" * 10_000}, "pH in the link is not a number"),
    ],
)
def test_invalid_link_values_are_ignored_with_a_notice(query: dict, notice: str) -> None:
    at = open_app(**query)
    assert any(notice in warning.value for warning in at.warning)
    assert 0 <= _shown_quality(at) <= 10


def test_batch_upload_scores_good_csv_and_reports_bad_one() -> None:
    at = open_app()
    content = (FIXTURES / "batch_comma.csv").read_bytes()
    at.file_uploader(key="batch_upload").set_value(("wines.csv", content, "text/csv")).run()
    assert not at.exception
    assert "Scored 2 wines" in at.success[0].value
    bad = (FIXTURES / "text_cell.csv").read_bytes()
    at.file_uploader(key="batch_upload").set_value(("bad.csv", bad, "text/csv")).run()
    assert "bad.csv: column alcohol, row 2: 'strong' is not a number" in at.error[0].value
    release_panel(at, alcohol=12.0)
    assert not at.exception
    assert _shown_quality(at) > 0


def test_explore_page_states_duplicates_and_imbalance() -> None:
    at = open_app("explore")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Wines"] == "1,599"
    assert metrics["Exact duplicate rows"] == "240"
    assert "240 of the 1,599 red wines are exact repeats" in at.info[0].value


def test_objects_alive_after_the_first_run_are_frozen_out_of_garbage_collection() -> None:
    """Streamlit's full collection after every run must not walk the imported libraries."""
    open_app()
    assert gc.get_freeze_count() > 100_000
