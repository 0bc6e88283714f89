"""What the Predict page's slider panel receives: one JSON-ready payload, built here only.

The panel (a browser component) draws eleven sliders, the prediction and the contribution
bars from this payload. For the linear kinds it also carries the folded weights, so the
browser can preview `bias + Σ wᵢ·xᵢ` while a slider moves; the numbers Python computed for
the values it last received (`prediction`, `contributions`) stay the authority and replace
the preview when they arrive. Values from the browser come back through `clamped_values`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from core.explain import Contributions
from core.features import FEATURES, FEATURES_BY_KEY, TARGET_RANGE, FeatureRange
from core.scoring import INTERVAL_METHOD, Prediction
from core.train import TrainResult

INTERVAL_MEANING = "9 times out of 10, a wine like this gets a grade in this range."

# The bars' axis is ± this many quality points at least, so a model whose predictions hardly
# spread still draws readable bars.
_MIN_AXIS = 0.5


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
    """Half-width of the bars' axis, fixed for a given wine and model: how far the model's
    predictions on its held-out wines stray from their mean, rounded up to half a point."""
    spread = float(np.max(np.abs(result.y_pred - np.mean(result.y_pred))))
    return max(_MIN_AXIS, math.ceil(spread * 2) / 2)


def panel_payload(
    result: TrainResult,
    ranges: Mapping[str, FeatureRange],
    values: Mapping[str, float],
    prediction: Prediction,
    explained: Contributions,
) -> dict[str, Any]:
    """Everything the panel draws, as plain JSON types (strings reach the page as text)."""
    axis = contribution_axis(result)
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
        "interval_help": f"The 90% interval: {INTERVAL_METHOD}.",
        "prediction": {
            "quality": prediction.quality,
            "low": prediction.low,
            "high": prediction.high,
            "grades": list(prediction.grades),
        },
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
