"""Predict's 90% interval, as the page prints it, for the median wine and a far one.

Behaviours checked:
- the interval the page shows equals core's for the median wine and for a wine far from the
  data, and the far wine's (flagged by the page's warning) is the wider one.

The page's layout is being rebuilt, so the interval is found by its text ("a – b" after
"90% interval"), not by its position.
"""

from __future__ import annotations

import re

import pytest

from core.data import load_wine
from core.features import feature_ranges, median_wine
from core.models import ModelSpec
from core.scoring import predict_one
from core.train import train_model
from tests.app.conftest import open_app

FAR_FEATURES = ("alcohol", "sulphates", "chlorides")
_INTERVAL = re.compile(r"90% interval\D*?(\d+\.\d) – (\d+\.\d)")


def _shown_interval(at) -> tuple[str, str]:
    texts = [element.value for element in [*at.markdown, *at.caption, *at.info]]
    found = [match.groups() for text in texts if (match := _INTERVAL.search(str(text)))]
    assert len(found) == 1, texts
    return found[0]


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
        assert _shown_interval(at) == (f"{expected.low:.1f}", f"{expected.high:.1f}")
        far_warned = any("far from every real wine" in w.value for w in at.warning)
        assert far_warned == bool(features)
        spans.append(expected.high - expected.low)
    assert spans[0] < spans[1]
