"""What the Predict page's slider panel receives: one JSON-ready payload, built here only.

The panel (a browser component) draws eleven sliders, the prediction and the contribution
bars from this payload. For the linear kinds it also carries the folded weights, so the
browser can preview `bias + Σ wᵢ·xᵢ` while a slider moves; the numbers Python computed for
the values it last received (`prediction`, `contributions`) stay the authority and replace
the preview when they arrive. Values from the browser come back through `clamped_values`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from core.conformal import shown_bounds
from core.explain import Contributions, contributions
from core.features import FEATURE_KEYS, FEATURES, FEATURES_BY_KEY, TARGET_RANGE, FeatureRange
from core.scoring import INTERVAL_METHOD, Prediction
from core.train import TrainResult

INTERVAL_MEANING = "9 times out of 10, a wine like this gets a grade in this range."

# The bars' axis covers this share of the parts the model gives its held-out real wines...
_AXIS_QUANTILE = 0.99
# ...rounded up to a quarter point, and is never narrower than one.
_AXIS_STEP = 0.25
# Held-out wines measured for the kinds explained by Shapley values (about 15 ms each).
_AXIS_SAMPLE = 64


def clamped_values(
    raw: Mapping[str, Any], ranges: Mapping[str, FeatureRange], current: Mapping[str, float]
) -> dict[str, float]:
    """Values sent by the browser, each clamped to its slider's bounds and rounded to the
    data's decimals; a missing or non-numeric value keeps the current one."""
    values = {}
    for feature in FEATURES:
        bounds = ranges[feature.key]
        number = raw.get(feature.key)
        if isinstance(number, bool) or not isinstance(number, int | float):
            values[feature.key] = current[feature.key]
            continue
        if not math.isfinite(number):
            values[feature.key] = current[feature.key]
            continue
        clamped = min(max(float(number), bounds.low), bounds.high)
        values[feature.key] = round(clamped, bounds.decimals)
    return values


def contribution_axis(result: TrainResult) -> float:
    """Half-width of the bars' axis, fixed for a given wine and model: the 99% quantile of
    |contribution| over the model's held-out real wines (the first 64 for the Shapley kinds),
    rounded up to a quarter point. A rarer, larger part is drawn clipped."""
    rows = result.x_test if result.linear_weights is not None else result.x_test[:_AXIS_SAMPLE]
    parts = [
        list(contributions(result, dict(zip(FEATURE_KEYS, row, strict=True))).parts.values())
        for row in rows
    ]
    reach = float(np.quantile(np.abs(parts), _AXIS_QUANTILE))
    return max(_AXIS_STEP, math.ceil(reach / _AXIS_STEP - 1e-9) * _AXIS_STEP)


def interval_line(prediction: Prediction, observed: tuple[int, ...], wine: str) -> str:
    """The interval as printed: bounds rounded inward (so it holds exactly the grades the true
    interval holds) and its grade set; where it reaches past the grades tasters ever gave,
    which grades those were."""
    low, high = shown_bounds(prediction.low, prediction.high)
    word = "grades" if len(prediction.grades) > 1 else "grade"
    line = f"90% interval {low:.1f} – {high:.1f} · {word} {', '.join(map(str, prediction.grades))}"
    if low < min(observed) or high > max(observed):
        line += f" (real {wine} wines were graded {min(observed)} to {max(observed)})"
    return line


def certainty_warnings(extrapolated: tuple[str, ...], *, far: bool) -> list[str]:
    """Why to trust this prediction less: values outside the data, or a far combination."""
    if extrapolated:
        names = ", ".join(FEATURES_BY_KEY[key].label for key in extrapolated)
        return [f"Outside the data: {names}. The model extrapolates; trust it less."]
    if far:
        return [
            "Every value lies within the data, but this combination is far from every real "
            "wine: the model extrapolates (see the wider interval); trust it less."
        ]
    return []


def panel_payload(
    result: TrainResult,
    ranges: Mapping[str, FeatureRange],
    values: Mapping[str, float],
    prediction: Prediction,
    explained: Contributions,
    *,
    axis: float | None = None,
    warnings: Sequence[str] = (),
    notes: Sequence[str] = (),
) -> dict[str, Any]:
    """Everything the panel draws, as plain JSON types (strings reach the page as text).

    `axis` is `contribution_axis(result)`, measured here unless given (the page caches it);
    `warnings` and `notes` are shown under the prediction, inside the pinned box.
    """
    axis = contribution_axis(result) if axis is None else axis
    wine, observed = result.spec.wine, result.observed_grades
    return {
        "features": [_feature(feature.key, ranges[feature.key]) for feature in FEATURES],
        "values": {feature.key: float(values[feature.key]) for feature in FEATURES},
        "linear": _linear(result),
        "quality_range": [float(TARGET_RANGE[0]), float(TARGET_RANGE[1])],
        "axis": axis,
        "axis_note": (
            f"Bars on a fixed scale of ±{axis:g} quality points for this model and wine; "
            f"the dots place the average wine and this wine on the 0–10 scale."
        ),
        "method_line": explained.description,
        "interval_meaning": INTERVAL_MEANING,
        "interval_help": (
            f"The 90% interval: {INTERVAL_METHOD}. The grades listed are the whole grades inside "
            f"it that tasters gave the training {wine} wines ({min(observed)} to {max(observed)})."
        ),
        "prediction": {
            "quality": prediction.quality,
            "low": prediction.low,
            "high": prediction.high,
            "grades": list(prediction.grades),
            "interval": interval_line(prediction, observed, wine),
        },
        "warnings": list(warnings),
        "notes": list(notes),
        "contributions": {
            "base": explained.base,
            "parts": [explained.parts[feature.key] for feature in FEATURES],
        },
    }


def _feature(key: str, bounds: FeatureRange) -> dict[str, Any]:
    feature = FEATURES_BY_KEY[key]
    return {
        "key": key,
        "label": feature.label,
        "unit": feature.unit,
        "help": f"{feature.description} Real wines: {bounds.low:g} to {bounds.high:g}.",
        "low": bounds.low,
        "high": bounds.high,
        "step": bounds.key_step,
        "decimals": bounds.decimals,
        "median": bounds.median,
    }


def _linear(result: TrainResult) -> dict[str, Any] | None:
    """Folded weights, bias and training means: the preview's whole model, or None."""
    if result.linear_weights is None:
        return None
    return {
        "weights": [float(w) for w in result.linear_weights.weights],
        "bias": float(result.linear_weights.bias),
        "means": [float(m) for m in result.train_feature_mean],
    }
