"""Batch scoring of an uploaded CSV, returned as a CSV that is safe to open in a spreadsheet."""

from __future__ import annotations

import io

import pandas as pd

from core.data import parse_csv_bytes
from core.errors import DataError
from core.scoring import predict_frame
from core.train import TrainResult

MAX_ROWS = 100_000
PREDICTION_COLUMN = "predicted_quality"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def score_upload(result: TrainResult, content: bytes, name: str) -> pd.DataFrame:
    """The uploaded wines with a `predicted_quality` column; `DataError`/`ScoringError` if bad."""
    frame = parse_csv_bytes(content, name, require_target=False)
    if len(frame) > MAX_ROWS:
        raise DataError(f"{name}: {len(frame)} rows; at most {MAX_ROWS:,} can be scored at once.")
    scored = frame.copy()
    scored[PREDICTION_COLUMN] = predict_frame(result, frame).round(3)
    return scored


def to_safe_csv(frame: pd.DataFrame) -> bytes:
    """CSV bytes in which no text cell can run as a spreadsheet formula (prefixed with ')."""
    safe = frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(_defuse)
    safe.columns = [_defuse(str(column)) for column in safe.columns]
    buffer = io.StringIO()
    safe.to_csv(buffer, index=False)
    return buffer.getvalue().encode("utf-8")


def _defuse(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value
