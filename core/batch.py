"""Batch scoring of an uploaded CSV: the user's file given back, every column and header kept,
with the predictions added, as a CSV that is safe to open in a spreadsheet."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePath

import numpy as np
import pandas as pd

from core.conformal import INTERVAL_CONFIDENCE
from core.data import read_csv_bytes, validate_frame
from core.errors import DataError
from core.features import FEATURE_KEYS, FEATURES, TARGET, TARGET_RANGE
from core.messages import N_, Message, Number
from core.scoring import predict_with_intervals, wine_vector
from core.train_result import TrainResult

MAX_ROWS = 100_000
ACCEPTED_TYPES = (".csv", ".txt")
PREDICTION_COLUMN = "predicted_quality"
LOW_COLUMN = "interval_low"
HIGH_COLUMN = "interval_high"
GRADES_COLUMN = "likely_grades"
PREDICTION_COLUMNS = (PREDICTION_COLUMN, LOW_COLUMN, HIGH_COLUMN, GRADES_COLUMN)
# The added columns keep these English names in every language (programs and spreadsheets
# read them); their explanations are translated where the page shows them.
_CONFIDENCE = Number(INTERVAL_CONFIDENCE, percent=True)
COLUMN_HELP = {
    PREDICTION_COLUMN: Message(N_("The model's predicted quality (0–10).")),
    LOW_COLUMN: Message(
        N_("Lower end of the {confidence} prediction interval."), confidence=_CONFIDENCE
    ),
    HIGH_COLUMN: Message(
        N_("Upper end of the {confidence} prediction interval."), confidence=_CONFIDENCE
    ),
    GRADES_COLUMN: Message(
        N_("The whole grades a tasting panel could give this wine (space-separated).")
    ),
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
    accepted = ", ".join(ACCEPTED_TYPES)
    if suffix in (".xlsx", ".xls"):
        message = N_(
            "{file}: a {type} file cannot be scored. Accepted: {accepted} (comma- or "
            "semicolon-separated text). Save it from Excel as CSV and upload that."
        )
    elif suffix:
        message = N_(
            "{file}: a {type} file cannot be scored. Accepted: {accepted} (comma- or "
            "semicolon-separated text)."
        )
    else:
        message = N_(
            "{file}: a file without a type cannot be scored. Accepted: {accepted} (comma- or "
            "semicolon-separated text)."
        )
    raise DataError(Message(message, file=name, type=suffix, accepted=accepted))


def score_file(result: TrainResult, content: bytes, name: str) -> ScoredFile:
    """The uploaded wines given back with predictions; `DataError`/`ScoringError` if bad."""
    check_file_type(name)
    raw, separator = read_csv_bytes(content, name)
    frame = validate_frame(raw, source=name, require_target=False)
    if len(frame) > MAX_ROWS:
        raise DataError(
            Message(
                N_("{file}: {rows} rows; at most {limit} can be scored at once."),
                file=name,
                rows=len(frame),
                limit=Number(MAX_ROWS, 0),
            )
        )
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


def one_wine_csv(result: TrainResult, wine: Mapping[str, float], model_id: str) -> bytes:
    """One wine as a one-row CSV: its measurements (the UCI files' column names), the
    predicted quality, its interval, the likely grades, and the model that made them."""
    predicted = predict_with_intervals(result, wine_vector(wine)[None, :])
    row: dict[str, object] = {feature.column: wine[feature.key] for feature in FEATURES}
    row |= {
        PREDICTION_COLUMN: round(float(predicted.quality[0]), 3),
        LOW_COLUMN: round(float(predicted.low[0]), 3),
        HIGH_COLUMN: round(float(predicted.high[0]), 3),
        GRADES_COLUMN: " ".join(map(str, predicted.grades[0])),
        "wine_set": result.spec.wine,
        "model": result.spec.describe(),
        "model_id": model_id,
    }
    return to_safe_csv(pd.DataFrame([row]))
