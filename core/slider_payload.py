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
from core.messages import N_, Message, Number
from core.scoring import INTERVAL_METHOD, Prediction
from core.train_result import TrainResult
from i18n import _, decimal

INTERVAL_MEANING = Message(N_("9 times out of 10, a wine like this gets a grade in this range."))

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


def interval_line(prediction: Prediction, observed: tuple[int, ...], wine: str) -> Message:
    """The interval as printed: bounds rounded inward (so it holds exactly the grades the true
    interval holds) and its grade set; where it reaches past the grades tasters ever gave,
    which grades those were."""
    low, high = shown_bounds(prediction.low, prediction.high)
    values = {
        "low": Number(low, 1),
        "high": Number(high, 1),
        "grades": ", ".join(map(str, prediction.grades)),
    }
    several = len(prediction.grades) > 1
    if low < min(observed) or high > max(observed):
        text = (
            N_(
                "90% interval {low} – {high} · grades {grades} (real {wine} wines were graded "
                "{lowest} to {highest})"
            )
            if several
            else N_(
                "90% interval {low} – {high} · grade {grades} (real {wine} wines were graded "
                "{lowest} to {highest})"
            )
        )
        extra = {"wine": Message(wine), "lowest": min(observed), "highest": max(observed)}
        return Message(text, **values, **extra)
    text = (
        N_("90% interval {low} – {high} · grades {grades}")
        if several
        else N_("90% interval {low} – {high} · grade {grades}")
    )
    return Message(text, **values)


def certainty_warnings(extrapolated: tuple[str, ...], *, far: bool) -> list[Message]:
    """Why to trust this prediction less: values outside the data, or a far combination.
    (Several names are joined with English commas; each name is said in the reader's words.)"""
    if extrapolated:
        names = [Message(FEATURES_BY_KEY[key].label) for key in extrapolated]
        text = N_("Outside the data: {names}. The model extrapolates; trust it less.")
        return [Message(text, names=tuple(names))]
    if far:
        return [
            Message(
                N_(
                    "Every value lies within the data, but this combination is far from every "
                    "real wine: the model extrapolates (see the wider interval); trust it less."
                )
            )
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
    `warnings` and `notes` are shown under the prediction, inside the pinned box. Its
    sentences are English `Message`s; the page layer says them in the reader's language.
    """
    axis = contribution_axis(result) if axis is None else axis
    wine, observed = result.spec.wine, result.observed_grades
    return {
        "features": [_feature(feature.key, ranges[feature.key]) for feature in FEATURES],
        "values": {feature.key: float(values[feature.key]) for feature in FEATURES},
        "linear": _linear(result),
        "quality_range": [float(TARGET_RANGE[0]), float(TARGET_RANGE[1])],
        "axis": axis,
        "axis_note": Message(
            N_(
                "Bars on a fixed scale of ±{axis} quality points for this model and wine; "
                "the dots place the average wine and this wine on the 0–10 scale."
            ),
            axis=float(axis),
        ),
        "method_line": explained.description,
        "interval_meaning": INTERVAL_MEANING,
        "interval_help": Message(
            N_(
                "For 9 wines in 10 like this one, the tasters' grade lies inside this range; it "
                "is wider for a wine unlike the training wines. The grades listed are the whole "
                "grades inside it that tasters gave the training {wine} wines ({lowest} to "
                "{highest}). Method: {method}."
            ),
            method=INTERVAL_METHOD,
            wine=Message(wine),
            lowest=min(observed),
            highest=max(observed),
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
        "texts": panel_texts(),
        "contributions": {
            "base": explained.base,
            "parts": [explained.parts[feature.key] for feature in FEATURES],
        },
    }


def panel_texts() -> dict[str, str]:
    """The panel's own words in the reader's language (placeholders filled in the browser)."""
    return {
        "keys_help": _(
            "Type a value in its field, or drag a slider. Keys on a slider: ← → one step of "
            "the data (with Shift, about a hundredth of the range), PageUp / PageDown ten of "
            "those, Home / End the ends."
        ),
        "touch_help": _(
            "Tap a value to type it (a comma works as the decimal point), or drag a slider "
            "sideways. Tap the i beside a measurement for what it means."
        ),
        "info": _("What {label} means"),
        "not_number": _("Not a number: type digits, with a point or a comma for decimals."),
        "empty": _("Type a value."),
        "outside": _("Between {low} and {high} (real wines' range)."),
        "decimal": decimal(1.5, 1)[1],
    }


def _feature(key: str, bounds: FeatureRange) -> dict[str, Any]:
    feature = FEATURES_BY_KEY[key]
    return {
        "key": key,
        "label": Message(feature.label),
        "unit": Message(feature.unit) if feature.unit else "",
        "help": Message(
            N_("{description} Real wines: {low} to {high}."),
            description=Message(feature.description),
            low=float(bounds.low),
            high=float(bounds.high),
        ),
        "low": bounds.low,
        "high": bounds.high,
        "step": bounds.key_step,
        "resolution": bounds.step,
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
