"""Feature metadata: the single declaration every page, flag and check is generated from."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.messages import N_


@dataclass(frozen=True)
class Feature:
    """One physicochemical measurement of a wine.

    `plausible` is the physically possible range used to reject broken data and absurd input;
    the narrower range actually observed comes from the data (`feature_ranges`). `label`,
    `unit` and `description` are English, marked for translation (`N_`); the page layer shows
    them translated (`ui.words`), the CLI, the API and the files keep them as they are.
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
        N_("Fixed acidity"),
        N_("g/dm³ tartaric acid"),
        N_("Acids that stay in the wine (mostly tartaric); they make it taste crisp."),
        (0.0, 30.0),
    ),
    Feature(
        "volatile_acidity",
        "volatile acidity",
        N_("Volatile acidity"),
        N_("g/dm³ acetic acid"),
        N_("Acids that evaporate; too much tastes of vinegar."),
        (0.0, 5.0),
    ),
    Feature(
        "citric_acid",
        "citric acid",
        N_("Citric acid"),
        N_("g/dm³"),
        N_("A little citric acid adds freshness."),
        (0.0, 5.0),
    ),
    Feature(
        "residual_sugar",
        "residual sugar",
        N_("Residual sugar"),
        N_("g/dm³"),
        N_("Sugar left after fermentation; above about 45 g/dm³ a wine counts as sweet."),
        (0.0, 400.0),
    ),
    Feature(
        "chlorides",
        "chlorides",
        N_("Chlorides"),
        N_("g/dm³ sodium chloride"),
        N_("Salt in the wine."),
        (0.0, 2.0),
    ),
    Feature(
        "free_sulfur_dioxide",
        "free sulfur dioxide",
        N_("Free sulfur dioxide"),
        N_("mg/dm³"),
        N_("Free SO₂ protects the wine from microbes and oxidation."),
        (0.0, 500.0),
    ),
    Feature(
        "total_sulfur_dioxide",
        "total sulfur dioxide",
        N_("Total sulfur dioxide"),
        N_("mg/dm³"),
        N_("Free plus bound SO₂; at high levels it can be smelt and tasted."),
        (0.0, 1000.0),
    ),
    Feature(
        "density",
        "density",
        N_("Density"),
        N_("g/cm³"),
        N_("Close to water's; lower with more alcohol, higher with more sugar."),
        (0.9, 1.2),
    ),
    Feature(
        "ph",
        "pH",
        N_("pH"),
        "",
        N_("Acidity on the pH scale: lower is more acidic; most wines lie between 3 and 4."),
        (2.0, 5.0),
    ),
    Feature(
        "sulphates",
        "sulphates",
        N_("Sulphates"),
        N_("g/dm³ potassium sulphate"),
        N_("An additive that contributes SO₂ and acts as an antimicrobial."),
        (0.0, 5.0),
    ),
    Feature(
        "alcohol",
        "alcohol",
        N_("Alcohol"),
        N_("% vol."),
        N_("Alcohol content by volume."),
        (0.0, 25.0),
    ),
)

FEATURE_KEYS: tuple[str, ...] = tuple(feature.key for feature in FEATURES)
FEATURES_BY_KEY: dict[str, Feature] = {feature.key: feature for feature in FEATURES}
TARGET = "quality"
TARGET_RANGE = (0, 10)


def key_of_name(name: object) -> str | None:
    """The feature key a file's or a request's name means: the key itself ('ph') or the UCI
    column ('pH', 'fixed acidity'), in any case and without surrounding blanks or quotes."""
    return _NAME_TO_KEY.get(str(name).strip().strip('"').lower())


_NAME_TO_KEY = {feature.column.lower(): feature.key for feature in FEATURES}
_NAME_TO_KEY.update({key: key for key in FEATURE_KEYS})


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
        return decimals_of(self.step)


def decimals_of(step: float) -> int:
    """The decimals a step of 10⁻ⁿ (or 2 or 5 times it) is written with: 0.01 → 2, 5 → 0.
    The nudge keeps 0.001, stored as 0.000999…, at 3."""
    return max(0, -math.floor(math.log10(step) + 1e-9))


def keyboard_step(low: float, high: float, resolution: float) -> float:
    """About a hundredth of the range, as 1, 2 or 5 times a power of ten, and never finer
    than the data's resolution: one key press then moves the value by a visible amount."""
    hundredth = (high - low) / 100
    if hundredth <= resolution:
        return resolution
    power = 10.0 ** math.floor(math.log10(hundredth))
    nice = min((power * m for m in (1, 2, 5, 10)), key=lambda s: abs(math.log(s / hundredth)))
    return round(max(nice, resolution), decimals_of(resolution))


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
