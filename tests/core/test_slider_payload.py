"""The slider panel's payload and the values it sends back (core.slider_payload).

Behaviours checked:
- values from the browser are clamped to the bounds and rounded to the data's decimals;
  a missing, non-numeric or non-finite value keeps the current one;
- the keyboard step is about a hundredth of the range, 1, 2 or 5 times a power of ten, never
  finer than the data's resolution;
- the payload's folded weights reproduce plain scikit-learn's prediction;
- the bars' axis depends on the model and wine only, not on the wine on the sliders, and is
  what the bars reach on the held-out real wines (99% of the parts fit), to a quarter point;
- the interval is printed rounded inward with its grade set, and says which grades real wines
  got when it reaches past them;
- a value outside the data, or a combination far from every real wine, gives one warning;
  the payload carries warnings and notes as given.
- for a non-linear kind there are no weights, and the bars add up from the base to core's
  prediction.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn.linear_model import Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from core.data import load_wine
from core.explain import contributions
from core.features import FEATURE_KEYS, feature_ranges, keyboard_step, median_wine
from core.models import ModelSpec
from core.scoring import Prediction, predict_one
from core.slider_payload import (
    certainty_warnings,
    clamped_values,
    contribution_axis,
    interval_line,
    panel_payload,
)
from core.train import train_model
from tests.splits import grouped_train_test_split


@pytest.fixture(scope="module")
def red():
    frame = load_wine("red")
    return frame, feature_ranges(frame), train_model(ModelSpec.create("red", "ridge"), frame)


@pytest.mark.parametrize(
    ("sent", "expected"),
    [
        ({"alcohol": 99.0}, 14.9),
        ({"alcohol": -1}, 8.4),
        ({"alcohol": 10.2345}, 10.2),
        ({"alcohol": "12"}, 10.2),
        ({"alcohol": True}, 10.2),
        ({"alcohol": math.inf}, 10.2),
        ({"alcohol": math.nan}, 10.2),
        ({}, 10.2),
    ],
)
def test_clamped_values_keep_sent_values_inside_bounds(red, sent, expected) -> None:
    frame, ranges, _ = red
    current = median_wine(frame)
    assert clamped_values(sent, ranges, current)["alcohol"] == expected


@pytest.mark.parametrize(
    ("low", "high", "resolution", "step"),
    [
        (8.4, 14.9, 0.1, 0.1),
        (0.12, 1.58, 0.001, 0.02),
        (0.99007, 1.00369, 0.00001, 0.0001),
        (6.0, 289.0, 1.0, 2.0),
        (0.0, 1.0, 0.01, 0.01),
        (0.0, 0.5, 0.01, 0.01),
    ],
)
def test_keyboard_step_is_about_a_hundredth_of_the_range(low, high, resolution, step) -> None:
    assert keyboard_step(low, high, resolution) == pytest.approx(step)


def test_payload_weights_reproduce_plain_scikit_learn(red) -> None:
    frame, ranges, result = red
    x = frame[list(FEATURE_KEYS)].to_numpy()
    y = frame["quality"].to_numpy()
    x_train, _, y_train, _ = grouped_train_test_split(x, y, frame)
    reference = make_pipeline(StandardScaler(), Ridge(alpha=0.5)).fit(x_train, y_train)
    wine = median_wine(frame) | {"alcohol": 12.0}
    payload = panel_payload(
        result, ranges, wine, predict_one(result, wine), contributions(result, wine)
    )
    row = np.array([wine[key] for key in FEATURE_KEYS])
    linear = payload["linear"]
    folded = linear["bias"] + float(np.dot(linear["weights"], row))
    assert folded == pytest.approx(reference.predict(row[None, :])[0], abs=1e-9)
    assert payload["prediction"]["quality"] == pytest.approx(folded, abs=1e-9)


def test_contribution_axis_does_not_depend_on_the_wine(red) -> None:
    frame, ranges, result = red
    axes = set()
    for alcohol in (8.4, 10.2, 14.9):
        wine = median_wine(frame) | {"alcohol": alcohol}
        payload = panel_payload(
            result, ranges, wine, predict_one(result, wine), contributions(result, wine)
        )
        axes.add(payload["axis"])
    assert len(axes) == 1


def test_non_linear_payload_has_no_weights_and_bars_add_up(red) -> None:
    frame, ranges, _ = red
    result = train_model(ModelSpec.create("red", "hist_gradient_boosting"), frame)
    wine = median_wine(frame) | {"alcohol": 12.5, "sulphates": 0.8}
    prediction = predict_one(result, wine)
    payload = panel_payload(result, ranges, wine, prediction, contributions(result, wine))
    assert payload["linear"] is None
    bars = payload["contributions"]
    assert bars["base"] + sum(bars["parts"]) == pytest.approx(prediction.quality, abs=1e-9)


def test_contribution_axis_is_what_the_bars_reach_on_held_out_wines(red) -> None:
    """Check against plain scikit-learn: a standardised ridge's part is coefᵢ·(xᵢ − meanᵢ)/σᵢ."""
    frame, _, result = red
    x = frame[list(FEATURE_KEYS)].to_numpy()
    y = frame["quality"].to_numpy()
    x_train, x_test, y_train, _ = grouped_train_test_split(x, y, frame)
    reference = make_pipeline(StandardScaler(), Ridge(alpha=0.5)).fit(x_train, y_train)
    scaler, ridge = reference[0], reference[1]
    parts = ridge.coef_ * (x_test - scaler.mean_) / scaler.scale_
    expected = math.ceil(np.quantile(np.abs(parts), 0.99) * 4) / 4
    assert contribution_axis(result) == pytest.approx(expected)
    assert np.mean(np.abs(parts) <= expected) >= 0.99


@pytest.mark.parametrize(
    ("low", "high", "grades", "line"),
    [
        (5.004, 6.996, (6,), "90% interval 5.1 – 6.9 · grade 6"),
        (4.6, 6.6, (5, 6), "90% interval 4.6 – 6.6 · grades 5, 6"),
        (
            6.18,
            10.0,
            (7, 8),
            "90% interval 6.2 – 10.0 · grades 7, 8 (real red wines were graded 3 to 8)",
        ),
    ],
)
def test_interval_is_printed_inward_with_its_grades(low, high, grades, line) -> None:
    prediction = Prediction(quality=6.0, low=low, high=high, extrapolated=(), grades=grades)
    assert interval_line(prediction, (3, 4, 5, 6, 7, 8), "red") == line


@pytest.mark.parametrize(
    ("extrapolated", "far", "start"),
    [
        (("alcohol", "ph"), True, "Outside the data: Alcohol, pH."),
        ((), True, "Every value lies within the data, but this combination is far"),
        ((), False, None),
    ],
)
def test_one_warning_for_a_wine_outside_or_far_from_the_data(extrapolated, far, start) -> None:
    warnings = certainty_warnings(extrapolated, far=far)
    assert [w[: len(start)] for w in warnings] == ([start] if start else [])


def test_payload_carries_warnings_and_notes_as_given(red) -> None:
    frame, ranges, result = red
    wine = median_wine(frame)
    payload = panel_payload(
        result,
        ranges,
        wine,
        predict_one(result, wine),
        contributions(result, wine),
        axis=0.75,
        warnings=["<b>far</b>"],
        notes=["Real red wine no. 1"],
    )
    assert (payload["axis"], payload["warnings"], payload["notes"]) == (
        0.75,
        ["<b>far</b>"],
        ["Real red wine no. 1"],
    )
