"""Predict's slider panel, driven through AppTest by the component's state.

Behaviours checked:
- the panel gets the eleven features in declared order, with the data's bounds and medians;
- the panel's prediction, interval, grades and contributions for a released wine are plain
  scikit-learn's;
- values released outside the bounds are clamped before anything is computed or shown;
- the presets move the panel's values (it reads the session's feature keys);
- for a non-linear kind the panel gets no weights (no preview in the browser);
- the wine switch on the page moves the sliders to the new wine's median and says so once;
- a link's notice is said once, on the page the link opened.
"""

from __future__ import annotations

import numpy as np
import pytest

from core.data import load_wine
from core.features import FEATURE_KEYS, FEATURES, median_wine
from harness.apptest import panel_data, release_panel
from tests.app.conftest import open_app, reference_ridge


def _row(values: dict[str, float]) -> np.ndarray:
    return np.array([[values[key] for key in FEATURE_KEYS]])


@pytest.mark.parametrize("wine", ["red", "white"])
def test_panel_gets_features_in_declared_order_with_data_bounds(wine: str) -> None:
    at = open_app(wine=wine)
    assert not at.exception
    frame = load_wine(wine)
    features = panel_data(at)["features"]
    assert [f["key"] for f in features] == [feature.key for feature in FEATURES]
    assert [f["label"] for f in features] == [feature.label for feature in FEATURES]
    for feature in features:
        column = frame[feature["key"]]
        assert feature["low"] <= column.min()
        assert feature["high"] >= column.max()
        assert feature["median"] == pytest.approx(column.median(), abs=10 ** -feature["decimals"])
        assert 0 < feature["step"] <= (feature["high"] - feature["low"]) / 40


def test_released_wine_is_predicted_as_scikit_learn_predicts_it() -> None:
    at = open_app()
    assert not at.exception
    release_panel(at, alcohol=12.3, sulphates=0.9)
    assert not at.exception
    data = panel_data(at)
    model, _, _ = reference_ridge("red", 0.5)
    wine = median_wine(load_wine("red")) | {"alcohol": 12.3, "sulphates": 0.9}
    assert data["values"] == wine
    expected = model.predict(_row(wine))[0]
    assert data["prediction"]["quality"] == pytest.approx(expected, abs=1e-9)
    scaler, ridge = model.named_steps["standardscaler"], model.named_steps["ridge"]
    parts = ridge.coef_ * (_row(wine)[0] - scaler.mean_) / scaler.scale_
    assert data["contributions"]["parts"] == pytest.approx(parts.tolist(), abs=1e-9)
    assert data["contributions"]["base"] == pytest.approx(ridge.intercept_, abs=1e-9)
    low, high = data["prediction"]["low"], data["prediction"]["high"]
    assert low < expected < high
    assert data["prediction"]["grades"] == list(range(int(np.ceil(low)), int(high) + 1))


def test_values_released_outside_the_bounds_are_clamped() -> None:
    at = open_app()
    assert not at.exception
    release_panel(at, alcohol=99.0, ph=-3.0, density="heavy")
    assert not at.exception
    data = panel_data(at)
    bounds = {f["key"]: f for f in data["features"]}
    assert data["values"]["alcohol"] == bounds["alcohol"]["high"]
    assert data["values"]["ph"] == bounds["ph"]["low"]
    assert data["values"]["density"] == bounds["density"]["median"]
    assert at.query_params["alcohol"] == f"{bounds['alcohol']['high']:g}"


def test_presets_move_the_panels_values() -> None:
    at = open_app()
    assert not at.exception
    release_panel(at, alcohol=13.0)
    at.button(key="preset_median").click().run()
    assert not at.exception
    assert panel_data(at)["values"] == median_wine(load_wine("red"))


def test_non_linear_kind_gets_no_preview_weights() -> None:
    at = open_app(model="random_forest")
    assert not at.exception
    data = panel_data(at)
    assert data["linear"] is None
    assert 0 <= data["prediction"]["quality"] <= 10


def test_wine_switch_on_the_page_moves_sliders_to_the_new_median_and_says_so_once() -> None:
    at = open_app()
    assert not at.exception
    at.segmented_control(key="wine_switch").set_value("white").run()
    assert not at.exception
    assert panel_data(at)["values"] == median_wine(load_wine("white"))
    assert any("median white wine" in info.value for info in at.info)
    release_panel(at, alcohol=11.0)
    assert not any("median white wine" in info.value for info in at.info)


def test_link_notice_is_said_once() -> None:
    at = open_app(alcohol="99")
    assert not at.exception
    assert any("outside the sliders' range" in warning.value for warning in at.warning)
    at.run()
    assert not any("outside the sliders' range" in warning.value for warning in at.warning)
