"""Predict's 90% interval, as the page gives it to the slider panel, for the median wine and a
far one.

Behaviours checked:
- the interval and grades the page shows equal core's for the median wine and for a wine far
  from the data (flagged by the page's warning), and the far wine's interval is the wider one;
- the interval's help names the adaptive method and its meaning is said in plain words;
- a wine whose interval reaches past the grades real wines got (a red wine at the most alcohol
  and sulphates and the least volatile acidity; a white wine at the most residual sugar) lists
  only grades real wines got, says which those were, and is warned far from the data.

The panel is a custom component, so the test reads what the page hands it (its JSON payload),
a stable contract, not the drawn text.
"""

from __future__ import annotations

import pytest

from core.data import load_wine
from core.features import feature_ranges, median_wine
from core.models import ModelSpec
from core.scoring import predict_one
from core.train import train_model
from harness.apptest import panel_data
from tests.app.conftest import open_app

FAR_FEATURES = ("alcohol", "sulphates", "chlorides")


@pytest.mark.parametrize("wine", ["red", "white"])
def test_page_interval_equals_cores_for_median_and_far_wine(wine: str) -> None:
    """Far: the most alcohol, sulphates and chlorides on the sliders, the rest median."""
    frame = load_wine(wine)
    result = train_model(ModelSpec.create(wine), frame)
    ranges = feature_ranges(frame)
    far = {key: ranges[key].high for key in FAR_FEATURES}
    spans = []
    for features in ({}, far):
        at = open_app(wine=wine, **{key: f"{value:g}" for key, value in features.items()})
        assert not at.exception
        expected = predict_one(result, median_wine(frame) | features)
        shown = panel_data(at)["prediction"]
        assert (shown["low"], shown["high"]) == pytest.approx((expected.low, expected.high))
        assert shown["grades"] == list(expected.grades)
        far_warned = any("far from every real wine" in w for w in panel_data(at)["warnings"])
        assert far_warned == bool(features)
        # Said inside the pinned prediction box, not far below it (a warning below may speak
        # of a suggested change, "what would make it better", not of this wine).
        assert not set(panel_data(at)["warnings"]) & {w.value for w in at.warning}
        spans.append(expected.high - expected.low)
    assert spans[0] < spans[1]


def test_interval_help_names_the_method_and_says_what_it_means() -> None:
    at = open_app()
    assert not at.exception
    data = panel_data(at)
    assert "distance to the nearest training wine" in data["interval_help"]
    assert data["interval_meaning"].startswith("9 times out of 10")


@pytest.mark.parametrize(
    ("wine", "changes"),
    [
        ("red", {"alcohol": "high", "volatile_acidity": "low", "sulphates": "high"}),
        ("white", {"residual_sugar": "high"}),
    ],
)
def test_interval_past_the_real_grades_lists_only_real_grades_and_warns(wine, changes) -> None:
    frame = load_wine(wine)
    ranges = feature_ranges(frame)
    values = {key: getattr(ranges[key], end) for key, end in changes.items()}
    at = open_app(wine=wine, **{key: f"{value:g}" for key, value in values.items()})
    assert not at.exception
    data = panel_data(at)
    real = sorted(frame["quality"].unique())
    assert data["prediction"]["high"] > real[-1]
    assert set(data["prediction"]["grades"]) <= set(real)
    assert (
        f"(real {wine} wines were graded {real[0]} to {real[-1]})" in data["prediction"]["interval"]
    )
    assert any("far from every real wine" in warning for warning in data["warnings"])
