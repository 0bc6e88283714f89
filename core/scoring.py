"""Scoring: one wine, many wines, and the JSON contract of the classic scoring script.

Every bad input raises `ScoringError` with a message a person understands; every prediction
is a finite number on the 0–10 quality scale.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from core.conformal import SHIPPED_DESCRIPTION, grade_sets
from core.errors import ScoringError
from core.features import FEATURE_KEYS, FEATURES, TARGET_RANGE, key_of_name
from core.train_result import TrainResult

_PLAUSIBLE_LOW = np.array([feature.plausible[0] for feature in FEATURES])
_PLAUSIBLE_HIGH = np.array([feature.plausible[1] for feature in FEATURES])


# How the interval is made, in one line for the page's help text and the API's answer.
INTERVAL_METHOD = SHIPPED_DESCRIPTION


@dataclass(frozen=True)
class Prediction:
    """A predicted quality with its 90% conformal interval, the whole grades a panel could
    give it, and any extrapolated features."""

    quality: float
    low: float
    high: float
    extrapolated: tuple[str, ...]
    grades: tuple[int, ...] = ()

    @property
    def nearest_score(self) -> int:
        """The whole score an expert panel would most likely give."""
        return int(np.clip(round(self.quality), *TARGET_RANGE))


def wine_vector(wine: Mapping[str, Any]) -> np.ndarray:
    """The 11 values of a wine mapping in feature order, checked."""
    if not isinstance(wine, Mapping):
        raise ScoringError(
            f"A wine must be a mapping of the 11 feature keys, not {_describe_value(wine)}."
        )
    missing = [key for key in FEATURE_KEYS if key not in wine]
    unknown = sorted(str(key) for key in wine if key not in FEATURE_KEYS)
    if missing:
        raise ScoringError(f"Missing feature(s): {', '.join(missing)}.")
    if unknown:
        raise ScoringError(f"Unknown feature(s): {', '.join(unknown[:5])}.")
    return _checked_row([wine[key] for key in FEATURE_KEYS], "The wine")


def _checked_row(values: Sequence[Any], where: str) -> np.ndarray:
    if isinstance(values, str | bytes) or not isinstance(values, Sequence):
        raise ScoringError(f"{where} must be a list of 11 numbers, not {_describe_value(values)}.")
    if len(values) != len(FEATURE_KEYS):
        raise ScoringError(
            f"{where} has {len(values)} values; 11 are needed, in this order: "
            f"{', '.join(FEATURE_KEYS)}."
        )
    row = np.empty(len(FEATURE_KEYS))
    for index, (key, value) in enumerate(zip(FEATURE_KEYS, values, strict=True)):
        if isinstance(value, bool) or not isinstance(value, int | float | np.number):
            raise ScoringError(f"{where}: {key} must be a number, not {_describe_value(value)}.")
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            raise ScoringError(f"{where}: {key} must be a finite number, not {number}.")
        row[index] = number
    _check_plausible(row[None, :], where)
    return row


def _check_plausible(rows: np.ndarray, where: str) -> None:
    outside = (rows < _PLAUSIBLE_LOW) | (rows > _PLAUSIBLE_HIGH)
    if outside.any():
        row, column = (int(i) for i in np.argwhere(outside)[0])
        feature = FEATURES[column]
        at = f" (row {row + 1})" if len(rows) > 1 else ""
        raise ScoringError(
            f"{where}{at}: {feature.key} = {rows[row, column]:g} is not a plausible value "
            f"for wine ({feature.plausible[0]:g} to {feature.plausible[1]:g} {feature.unit})."
        )


def _describe_value(value: Any) -> str:
    text = repr(value)
    return f"{type(value).__name__} {text[:30]}" + ("…" if len(text) > 30 else "")


def predict_rows(result: TrainResult, rows: np.ndarray) -> np.ndarray:
    """Predictions for checked rows, on the quality scale; the folded path for linear kinds."""
    if result.linear_weights is not None:
        raw = rows @ result.linear_weights.weights + result.linear_weights.bias
    else:
        raw = result.pipeline.predict(rows)
    return np.clip(raw, *TARGET_RANGE)


@dataclass(frozen=True)
class RowPredictions:
    """Predictions for many rows: quality, interval bounds and grade sets, in input order."""

    quality: np.ndarray
    low: np.ndarray
    high: np.ndarray
    grades: tuple[tuple[int, ...], ...]


def predict_with_intervals(result: TrainResult, rows: np.ndarray) -> RowPredictions:
    """Predictions of checked rows with their 90% intervals and sets of whole grades.

    The interval is wider the farther a wine lies from the training wines (core.conformal);
    the grade sets hold only grades the training wines were given.
    """
    quality = predict_rows(result, rows)
    half = result.interval.half_width(rows)
    low = np.maximum(quality - half, TARGET_RANGE[0])
    high = np.minimum(quality + half, TARGET_RANGE[1])
    grades = grade_sets(quality, low, high, result.observed_grades)
    return RowPredictions(quality, low, high, grades)


def predict_one(result: TrainResult, wine: Mapping[str, Any]) -> Prediction:
    """Predict one wine from a mapping of the 11 keys, with interval and extrapolation flags."""
    row = wine_vector(wine)
    predicted = predict_with_intervals(result, row[None, :])
    outside = (row < result.observed_low) | (row > result.observed_high)
    return Prediction(
        quality=float(predicted.quality[0]),
        low=float(predicted.low[0]),
        high=float(predicted.high[0]),
        extrapolated=tuple(key for key, out in zip(FEATURE_KEYS, outside, strict=True) if out),
        grades=predicted.grades[0],
    )


def predict_frame(result: TrainResult, frame: pd.DataFrame) -> np.ndarray:
    """Predict every row of a validated frame (columns named by feature key)."""
    missing = [key for key in FEATURE_KEYS if key not in frame.columns]
    if missing:
        raise ScoringError(f"Missing column(s): {', '.join(missing)}.")
    try:
        rows = frame[list(FEATURE_KEYS)].to_numpy(dtype=float)
    except (TypeError, ValueError) as error:
        raise ScoringError(f"Every feature must be numeric ({error}).") from error
    if not np.isfinite(rows).all():
        row, column = (int(i) for i in np.argwhere(~np.isfinite(rows))[0])
        raise ScoringError(f"Row {row + 1}: {FEATURE_KEYS[column]} is missing or not finite.")
    _check_plausible(rows, "The data")
    return predict_rows(result, rows)


def score_json(result: TrainResult, payload: str | bytes) -> dict[str, list]:
    """`{"data": [[11 numbers], ...]}` in; out, one entry per wine in input order:
    `{"result": [quality], "interval": [[low, high]], "grades": [[whole grades]]}`."""
    return scored_rows(result, rows_from_json(payload))


def scored_rows(result: TrainResult, rows: np.ndarray) -> dict[str, list]:
    """The one JSON shape of predictions (the CLI's and the HTTP API's): per wine its
    quality, its interval as a `[low, high]` pair and its whole grades."""
    predicted = predict_with_intervals(result, rows)
    return {
        "result": [float(v) for v in predicted.quality],
        "interval": [
            [float(lo), float(hi)] for lo, hi in zip(predicted.low, predicted.high, strict=True)
        ],
        "grades": [list(grades) for grades in predicted.grades],
    }


def rows_from_json(payload: str | bytes, *, max_rows: int | None = None) -> np.ndarray:
    """The checked rows of `{"data": [...]}`: each wine a list of the 11 numbers in the CSV's
    column order, or an object of the 11 feature keys in any order."""
    document = _parse_json(payload)
    if not isinstance(document, dict) or "data" not in document:
        raise ScoringError('The JSON must be an object with a "data" list: {"data": [[...]]}.')
    data = document["data"]
    if not isinstance(data, list) or not data:
        raise ScoringError('"data" must be a non-empty list of wines.')
    if max_rows is not None and len(data) > max_rows:
        raise ScoringError(f"{len(data)} wines in one request; at most {max_rows} at a time.")
    return np.vstack([_json_row(item, index) for index, item in enumerate(data, start=1)])


def _json_row(item: Any, index: int) -> np.ndarray:
    if isinstance(item, dict):
        try:
            return wine_vector(_by_key(item))
        except ScoringError as error:
            raise ScoringError(f"Wine {index}: {error}") from None
    return _checked_row(item, f"Wine {index}")


def _by_key(item: Mapping[str, Any]) -> dict[str, Any]:
    """A request's wine with the UCI column names ('fixed acidity', 'pH') read as the keys,
    as an uploaded file's header is; other names are kept, to be refused by name."""
    wine: dict[str, Any] = {}
    named: dict[str, str] = {}
    for name, value in item.items():
        key = key_of_name(name) or str(name)
        if key in wine:
            raise ScoringError(
                f"{key} is given twice, as {named[key]!r} and as {str(name)[:40]!r}."
            )
        wine[key], named[key] = value, str(name)[:40]
    return wine


def _parse_json(payload: str | bytes) -> Any:
    def reject_constant(name: str) -> None:
        raise ScoringError(f"{name} is not a number a wine can have.")

    try:
        return json.loads(payload, parse_constant=reject_constant)
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as error:
        raise ScoringError(f"The input is not valid JSON ({error}).") from None
    except TypeError:
        raise ScoringError("The input must be JSON text.") from None
