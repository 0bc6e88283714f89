"""Feature metadata: the single declaration every page, flag and check is generated from."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Feature:
    """One physicochemical measurement of a wine.

    `plausible` is the physically possible range used to reject broken data and absurd input;
    the narrower range actually observed comes from the data (`feature_ranges`).
    """

    key: str
    column: str
    label: str
    unit: str
    description: str
    plausible: tuple[float, float]

    @property
    def label_with_unit(self) -> str:
        return f"{self.label} ({self.unit})" if self.unit else self.label


FEATURES: tuple[Feature, ...] = (
    Feature(
        "fixed_acidity",
        "fixed acidity",
        "Fixed acidity",
        "g/dm³ tartaric acid",
        "Acids that stay in the wine (mostly tartaric); they make it taste crisp.",
        (0.0, 30.0),
    ),
    Feature(
        "volatile_acidity",
        "volatile acidity",
        "Volatile acidity",
        "g/dm³ acetic acid",
        "Acids that evaporate; too much tastes of vinegar.",
        (0.0, 5.0),
    ),
    Feature(
        "citric_acid",
        "citric acid",
        "Citric acid",
        "g/dm³",
        "A little citric acid adds freshness.",
        (0.0, 5.0),
    ),
    Feature(
        "residual_sugar",
        "residual sugar",
        "Residual sugar",
        "g/dm³",
        "Sugar left after fermentation; above about 45 g/dm³ a wine counts as sweet.",
        (0.0, 400.0),
    ),
    Feature(
        "chlorides",
        "chlorides",
        "Chlorides",
        "g/dm³ sodium chloride",
        "Salt in the wine.",
        (0.0, 2.0),
    ),
    Feature(
        "free_sulfur_dioxide",
        "free sulfur dioxide",
        "Free sulfur dioxide",
        "mg/dm³",
        "Free SO₂ protects the wine from microbes and oxidation.",
        (0.0, 500.0),
    ),
    Feature(
        "total_sulfur_dioxide",
        "total sulfur dioxide",
        "Total sulfur dioxide",
        "mg/dm³",
        "Free plus bound SO₂; at high levels it can be smelt and tasted.",
        (0.0, 1000.0),
    ),
    Feature(
        "density",
        "density",
        "Density",
        "g/cm³",
        "Close to water's; lower with more alcohol, higher with more sugar.",
        (0.9, 1.2),
    ),
    Feature(
        "ph",
        "pH",
        "pH",
        "",
        "Acidity on the pH scale: lower is more acidic; most wines lie between 3 and 4.",
        (2.0, 5.0),
    ),
    Feature(
        "sulphates",
        "sulphates",
        "Sulphates",
        "g/dm³ potassium sulphate",
        "An additive that contributes SO₂ and acts as an antimicrobial.",
        (0.0, 5.0),
    ),
    Feature(
        "alcohol",
        "alcohol",
        "Alcohol",
        "% vol.",
        "Alcohol content by volume.",
        (0.0, 25.0),
    ),
)

FEATURE_KEYS: tuple[str, ...] = tuple(feature.key for feature in FEATURES)
FEATURES_BY_KEY: dict[str, Feature] = {feature.key: feature for feature in FEATURES}
TARGET = "quality"
TARGET_RANGE = (0, 10)


@dataclass(frozen=True)
class FeatureRange:
    """What the data says about one feature: slider bounds, the data's resolution (`step`),
    the keyboard step (`key_step`) and the median wine's value."""

    low: float
    high: float
    step: float
    median: float
    key_step: float = 0.0

    def contains(self, value: float) -> bool:
        return self.low <= value <= self.high

    @property
    def decimals(self) -> int:
        """How many decimals the data writes this feature with."""
        return max(0, -math.floor(math.log10(self.step) + 1e-9))


def keyboard_step(low: float, high: float, resolution: float) -> float:
    """About a hundredth of the range, as 1, 2 or 5 times a power of ten, and never finer
    than the data's resolution: one key press then moves the value by a visible amount."""
    hundredth = (high - low) / 100
    if hundredth <= resolution:
        return resolution
    power = 10.0 ** math.floor(math.log10(hundredth))
    nice = min((power * m for m in (1, 2, 5, 10)), key=lambda s: abs(math.log(s / hundredth)))
    decimals = max(0, -math.floor(math.log10(resolution) + 1e-9))
    return round(max(nice, resolution), decimals)


def _decimals_needed(values: np.ndarray, coverage: float = 0.99) -> int:
    """The fewest decimals that write `coverage` of the values exactly (a few odd long ones
    in the white file should not make every slider step tiny)."""
    for decimals in range(6):
        exact = np.isclose(np.round(values, decimals), values, rtol=0, atol=1e-9)
        if exact.mean() >= coverage:
            return decimals
    return 6


def feature_ranges(frame: pd.DataFrame) -> dict[str, FeatureRange]:
    """Slider bounds and steps for every feature, taken from a validated wine frame."""
    ranges = {}
    for key in FEATURE_KEYS:
        values = frame[key].to_numpy(dtype=float)
        decimals = _decimals_needed(values)
        step = 10.0**-decimals
        low = np.floor(values.min() / step + 1e-9) * step
        high = np.ceil(values.max() / step - 1e-9) * step
        median = np.round(np.median(values), decimals)
        ranges[key] = FeatureRange(
            low=round(float(low), decimals),
            high=round(float(high), decimals),
            step=step,
            median=float(median),
            key_step=keyboard_step(float(low), float(high), step),
        )
    return ranges


def median_wine(frame: pd.DataFrame) -> dict[str, float]:
    """The wine whose every feature sits at the data's median: the Predict page's start."""
    return {key: spec.median for key, spec in feature_ranges(frame).items()}
