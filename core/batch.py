"""Batch scoring of an uploaded CSV: the user's file given back, every column and header kept,
with the predictions added, as a CSV that is safe to open in a spreadsheet."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import PurePath

import numpy as np
import pandas as pd

from core.data import read_csv_bytes, validate_frame
from core.errors import DataError
from core.features import FEATURE_KEYS, TARGET, TARGET_RANGE
from core.scoring import predict_with_intervals
from core.train import INTERVAL_CONFIDENCE, TrainResult

MAX_ROWS = 100_000
ACCEPTED_TYPES = (".csv", ".txt")
PREDICTION_COLUMN = "predicted_quality"
LOW_COLUMN = "interval_low"
HIGH_COLUMN = "interval_high"
GRADES_COLUMN = "likely_grades"
PREDICTION_COLUMNS = (PREDICTION_COLUMN, LOW_COLUMN, HIGH_COLUMN, GRADES_COLUMN)
COLUMN_HELP = {
    PREDICTION_COLUMN: "The model's predicted quality (0–10).",
    LOW_COLUMN: f"Lower end of the {INTERVAL_CONFIDENCE:.0%} prediction interval.",
    HIGH_COLUMN: f"Upper end of the {INTERVAL_CONFIDENCE:.0%} prediction interval.",
    GRADES_COLUMN: "The whole grades a tasting panel could give this wine (space-separated).",
}
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")


@dataclass(frozen=True)
class ScoreCheck:
    """How the predictions compare with the upload's own `quality` column."""

    rows: int
    mae: float
    rmse: float
    true: np.ndarray
    predicted: np.ndarray


@dataclass(frozen=True)
class ScoredFile:
    """The upload, every column as it was (text, original headers, same order), with the
    prediction columns after them; its separator; and the check against its grades, if any."""

    frame: pd.DataFrame
    separator: str
    prediction_columns: tuple[str, ...]
    check: ScoreCheck | None

    def preview(self, rows: int = 100) -> pd.DataFrame:
        """The first rows with the prediction columns first, for a screen."""
        columns = [*self.prediction_columns]
        columns += [c for c in self.frame.columns if c not in self.prediction_columns]
        return self.frame.head(rows)[columns]

    def to_csv(self) -> bytes:
        """The scored file with the upload's separator, safe to open in a spreadsheet."""
        return to_safe_csv(self.frame, separator=self.separator)


def check_file_type(name: str) -> None:
    """`DataError` naming the accepted types, for a file that is not a CSV or text file."""
    suffix = PurePath(name).suffix.lower()
    if suffix in ACCEPTED_TYPES:
        return
    hint = " Save it from Excel as CSV and upload that." if suffix in (".xlsx", ".xls") else ""
    kind = f"a {suffix} file" if suffix else "a file without a type"
    raise DataError(
        f"{name}: {kind} cannot be scored. Accepted: {', '.join(ACCEPTED_TYPES)} "
        f"(comma- or semicolon-separated text).{hint}"
    )


def score_file(result: TrainResult, content: bytes, name: str) -> ScoredFile:
    """The uploaded wines given back with predictions; `DataError`/`ScoringError` if bad."""
    check_file_type(name)
    raw, separator = read_csv_bytes(content, name)
    frame = validate_frame(raw, source=name, require_target=False)
    if len(frame) > MAX_ROWS:
        raise DataError(f"{name}: {len(frame)} rows; at most {MAX_ROWS:,} can be scored at once.")
    predicted = predict_with_intervals(result, frame[list(FEATURE_KEYS)].to_numpy(dtype=float))
    names = _free_names(raw.columns)
    added = {
        names[PREDICTION_COLUMN]: predicted.quality.round(3),
        names[LOW_COLUMN]: predicted.low.round(3),
        names[HIGH_COLUMN]: predicted.high.round(3),
        names[GRADES_COLUMN]: [" ".join(map(str, grades)) for grades in predicted.grades],
    }
    scored = pd.concat([raw, pd.DataFrame(added, index=raw.index)], axis=1)
    check = _check(raw, predicted.quality)
    return ScoredFile(scored, separator, tuple(added), check)


def _free_names(taken: pd.Index) -> dict[str, str]:
    """Our column names, with a suffix where the upload already has one of them."""
    names = {}
    for name in PREDICTION_COLUMNS:
        free, number = name, 1
        while free in taken:
            number += 1
            free = f"{name}_{number}"
        names[name] = free
    return names


def _check(raw: pd.DataFrame, predicted: np.ndarray) -> ScoreCheck | None:
    """MAE and RMSE on the rows whose `quality` cell holds a grade (others are left out)."""
    column = next((c for c in raw.columns if str(c).strip().strip('"').lower() == TARGET), None)
    if column is None:
        return None
    true = pd.to_numeric(raw[column].str.strip(), errors="coerce").to_numpy(dtype=float)
    graded = np.isfinite(true) & (true >= TARGET_RANGE[0]) & (true <= TARGET_RANGE[1])
    if not graded.any():
        return None
    errors = predicted[graded] - true[graded]
    return ScoreCheck(
        rows=int(graded.sum()),
        mae=float(np.mean(np.abs(errors))),
        rmse=float(np.sqrt(np.mean(errors**2))),
        true=true[graded],
        predicted=predicted[graded],
    )


def to_safe_csv(frame: pd.DataFrame, *, separator: str = ",") -> bytes:
    """CSV bytes in which no text cell can run as a spreadsheet formula (prefixed with ').

    Text that is a plain number ("-0.5") is left alone: a spreadsheet reads it as a number.
    """
    safe = frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = _defuse_column(safe[column])
    safe.columns = [_defuse(str(column)) for column in safe.columns]
    buffer = io.StringIO()
    safe.to_csv(buffer, index=False, sep=separator)
    return buffer.getvalue().encode("utf-8")


def _defuse_column(column: pd.Series) -> pd.Series:
    """Only the cells that start like a formula are looked at closely (fast on 100,000 rows)."""
    try:
        risky = column.str.startswith(_FORMULA_STARTS, na=False).to_numpy(dtype=bool)
    except AttributeError:  # no text in the column at all
        return column
    if not risky.any():
        return column
    column = column.astype(object)
    column[risky] = column[risky].map(_defuse)
    return column


def _defuse(value: object) -> object:
    if (
        isinstance(value, str)
        and value.startswith(_FORMULA_STARTS)
        and not _PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value
