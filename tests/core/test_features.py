"""Feature metadata, the single source of sliders, labels and checks.

Behaviours checked:
- the keys are exactly the eleven the issue names, in CSV order, each with unit and description;
- slider ranges cover every real wine, on a step that writes the data's values;
- the median wine is the per-feature median of the data;
- a step's decimals are the places it is written with, even for steps stored inexactly.
"""

from __future__ import annotations

import numpy as np
import pytest

from core.features import FEATURE_KEYS, FEATURES, decimals_of, feature_ranges, median_wine

EXPECTED_KEYS = [
    "fixed_acidity",
    "volatile_acidity",
    "citric_acid",
    "residual_sugar",
    "chlorides",
    "free_sulfur_dioxide",
    "total_sulfur_dioxide",
    "density",
    "ph",
    "sulphates",
    "alcohol",
]


def test_feature_keys_are_exactly_the_eleven_documented() -> None:
    """Check the exact key list and order (pages, URLs and the CLI depend on it)."""
    assert list(FEATURE_KEYS) == EXPECTED_KEYS


def test_every_feature_has_column_description_and_plausible_range() -> None:
    for feature in FEATURES:
        assert feature.column
        assert feature.description.endswith(".")
        assert feature.plausible[0] < feature.plausible[1]
    assert FEATURES[0].label_with_unit == "Fixed acidity (g/dm³ tartaric acid)"


@pytest.mark.parametrize("wine", ["red", "white"])
def test_feature_ranges_cover_the_data_on_its_step(wine: str, red, white) -> None:
    frame = {"red": red, "white": white}[wine]
    for key, bounds in feature_ranges(frame).items():
        values = frame[key]
        assert bounds.low <= values.min()
        assert bounds.high >= values.max()
        assert values.min() - bounds.low < bounds.step + 1e-12
        assert bounds.high - values.max() < bounds.step + 1e-12
        on_step = np.isclose(np.round(values / bounds.step) * bounds.step, values, atol=1e-9)
        assert on_step.mean() >= 0.99


def test_feature_ranges_differ_between_wines(red, white) -> None:
    assert feature_ranges(white)["residual_sugar"].high > feature_ranges(red)["residual_sugar"].high


def test_median_wine_is_the_data_median(red) -> None:
    wine = median_wine(red)
    assert list(wine) == EXPECTED_KEYS
    for key, value in wine.items():
        assert value == pytest.approx(red[key].median(), abs=feature_ranges(red)[key].step)


@pytest.mark.parametrize(
    ("step", "decimals"),
    [(1.0, 0), (5.0, 0), (0.1, 1), (0.2, 1), (0.01, 2), (10.0**-3, 3), (0.1 * 0.1, 2), (1e-5, 5)],
)
def test_decimals_of_a_step_are_the_places_it_is_written_with(step: float, decimals: int) -> None:
    """Check the one decimals rule every slider, link and table uses."""
    assert decimals_of(step) == decimals
