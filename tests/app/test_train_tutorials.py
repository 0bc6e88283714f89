"""The Train page's tutorial presets, scaling control and model files, through AppTest.

Behaviours checked:
- each tutorial preset sets the controls to its recipe and shows the test RMSE of that
  recipe fitted by hand with plain scikit-learn on raw measurements;
- switching scaling off shows the unscaled fit's RMSE and puts `scale=0` in the link;
- the scaling control is offered for linear kinds only;
- the model section offers a joblib and a skops file, and the loading lines for each;
- a link with `scale=0` opens Train with scaling off, and Predict scores with the unscaled
  model (its waterfall drawn from the folded weights).
"""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import LinearRegression, Ridge
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from core.data import load_wine
from core.features import FEATURE_KEYS, median_wine
from harness.apptest import panel_data, release_alpha
from tests.app.conftest import open_app, shown_test_rmse
from tests.splits import grouped_train_test_split


def _hand_fit_rmse(model, wine: str = "red", *, grouped: bool = False) -> float:
    """The recipe's test RMSE by hand: on the tutorial's split, or on Train's default
    grouped one (identical wines kept together)."""
    frame = load_wine(wine)
    x, y = frame[list(FEATURE_KEYS)].to_numpy(), frame["quality"].to_numpy()
    if grouped:
        x_train, x_test, y_train, y_test = grouped_train_test_split(x, y, frame)
    else:
        x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.2, random_state=0)
    predicted = model.fit(x_train, y_train).predict(x_test)
    return float(np.sqrt(np.mean((predicted - y_test) ** 2)))


@pytest.mark.parametrize(
    ("preset", "kind", "model"),
    [("mlopspython", "ridge", Ridge(alpha=0.5)), ("beginners_guide", "linear", LinearRegression())],
)
def test_tutorial_preset_shows_the_rmse_of_its_recipe_fitted_by_hand(
    preset: str, kind: str, model
) -> None:
    at = open_app("train")
    at.button(key=f"preset_{preset}").click().run()
    assert not at.exception
    assert at.selectbox(key="kind").value == kind
    assert at.checkbox(key="scale").value is False
    assert shown_test_rmse(at) == pytest.approx(_hand_fit_rmse(model), abs=5e-4)


def test_scaling_off_fits_raw_measurements_and_says_so_in_the_link() -> None:
    at = release_alpha(open_app("train"), alpha=100.0)
    at.checkbox(key="scale").uncheck().run()
    assert not at.exception
    expected = _hand_fit_rmse(Ridge(alpha=100), grouped=True)
    assert shown_test_rmse(at) == pytest.approx(expected, abs=1e-9)
    assert at.query_params["scale"] == "0"


def test_scaling_control_is_offered_for_linear_kinds_only() -> None:
    at = open_app("train")
    assert at.checkbox(key="scale").value is True
    at.selectbox(key="kind").set_value("svr").run()
    assert not at.exception
    assert "scale" not in [checkbox.key for checkbox in at.checkbox]


def test_model_section_offers_both_files_and_their_loading_lines() -> None:
    at = open_app("train")
    code = "\n".join(block.value for block in at.code)
    assert "joblib.load(" in code
    assert "sio.load(" in code
    assert code.count("model.predict([[7.4, 0.7, 0, 1.9") == 2
    assert not at.exception


def test_link_with_scale_0_opens_train_with_scaling_off() -> None:
    at = open_app("train", model="ridge", alpha="2", scale="0")
    assert at.checkbox(key="scale").value is False
    expected = _hand_fit_rmse(Ridge(alpha=2), grouped=True)
    assert shown_test_rmse(at) == pytest.approx(expected, abs=1e-9)


def test_link_with_scale_0_makes_predict_score_with_the_unscaled_model() -> None:
    at = open_app(model="ridge", alpha="50", scale="0")
    frame = load_wine("red")
    x, y = frame[list(FEATURE_KEYS)].to_numpy(), frame["quality"].to_numpy()
    x_train, _, y_train, _ = grouped_train_test_split(x, y, frame)
    median = median_wine(frame)
    row = np.array([[median[key] for key in FEATURE_KEYS]])
    expected = Ridge(alpha=50).fit(x_train, y_train).predict(row)[0]
    assert panel_data(at)["prediction"]["quality"] == pytest.approx(expected)
    assert "Ridge regression, alpha=50, no scaling" in [m.value for m in at.markdown]


def test_tutorial_split_is_one_click_away_and_kept_in_the_link() -> None:
    """Check that the split control switches Train to `train_test_split`'s numbers."""
    scaled_ridge = make_pipeline(StandardScaler(), Ridge(alpha=0.5))
    at = open_app("train")
    assert at.radio(key="split").value == "grouped"
    assert shown_test_rmse(at) == pytest.approx(
        _hand_fit_rmse(scaled_ridge, grouped=True), abs=5e-4
    )
    at.radio(key="split").set_value("tutorial").run()
    assert not at.exception
    assert shown_test_rmse(at) == pytest.approx(_hand_fit_rmse(scaled_ridge), abs=5e-4)
    assert at.query_params["split"] == "tutorial"
    assert open_app("train", split="tutorial").radio(key="split").value == "tutorial"
