"""A winery's own labelled wines: an uploaded CSV checked row by row.

Unlike a shipped file (`core.data.load_wine`, which refuses a file at its first bad cell), a
person's own lab sheet is read leniently: every row is checked, a bad row is listed with its
line in the file and the reason and left out, and the rest are kept. Exact repeats of a wine
are counted (and kept together when a model is tested: `core.own_model`). A file with fewer
than `MIN_WINES` usable wines is refused with the reason; nothing of a refused file reaches a
model.

Reasons are message ids with named values (`BadRow.message`, `BadRow.values`), so the page
layer says them in the reader's language; `BadRow.text()` is the English line for the CLI.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from core.batch import MAX_ROWS, check_file_type
from core.data import column_key, csv_text, plausible_range
from core.errors import DataError
from core.features import FEATURE_KEYS, FEATURES, TARGET
from core.messages import N_, Message

# The fewest usable wines worth comparing with the UCI wines and scoring the model in use on.
# Training on them needs `core.train.fewest_wines(test_size)` different wines (71 with the
# default 20% held out, 29 with the most, 50%): the one minimum the split checks, which the
# Train page says at upload. Every file accepted here can be trained on at some held-out share
# unless its repeats leave fewer different wines (tests/core/test_labelled_upload.py).
MIN_WINES = 50
COLUMNS = (*FEATURE_KEYS, TARGET)
_NAMES = {feature.key: feature.column for feature in FEATURES} | {TARGET: TARGET}
MISSING = N_("{column} is missing")
NOT_A_NUMBER = N_("{column}: {value} is not a number")
OUTSIDE = N_("{column}: {value} is outside the plausible range {low} to {high}")
NOT_WHOLE = N_("quality: {value} is not a whole grade")
FIELDS = N_("{found} values where the header has {expected}")


@dataclass(frozen=True)
class BadRow:
    """A row left out: its line in the file (the header is line 1) and why."""

    line: int
    message: str
    values: dict[str, str] = field(default_factory=dict)

    def text(self) -> str:
        """The reason in English, e.g. 'line 7: alcohol: 'abc' is not a number'."""
        return f"line {self.line}: " + self.message.format(**self.values)


class TooFewWinesError(DataError):
    """Fewer usable wines than a model can be trained and tested on."""

    def __init__(self, source: str, usable: int, bad: int) -> None:
        self.usable, self.bad = usable, bad
        super().__init__(
            f"{source}: only {usable} usable wine(s) ({bad} row(s) left out); "
            f"at least {MIN_WINES} are needed to compare them and test a model on them."
        )


@dataclass(frozen=True, eq=False)
class LabelledWines:
    """The usable wines of an upload (feature keys and `quality`, file order) and what was
    left out. Private to the session that uploaded it: never stored or shared."""

    source: str
    frame: pd.DataFrame
    lines: np.ndarray  # each kept wine's line in the file
    bad_rows: tuple[BadRow, ...]
    duplicates: int  # kept wines whose eleven measurements repeat an earlier wine's

    @property
    def rows(self) -> int:
        return len(self.frame)

    @property
    def distinct(self) -> int:
        """Different wines: what a grouped split counts (`core.train.fewest_wines`)."""
        return self.rows - self.duplicates

    def summary(self) -> dict[str, object]:
        """JSON-ready: what was kept and what was left out, by line."""
        return {
            "source": self.source,
            "wines": self.rows,
            "duplicates": self.duplicates,
            "bad_rows": [{"line": row.line, "reason": row.text()} for row in self.bad_rows],
        }


def read_labelled(content: bytes, name: str) -> LabelledWines:
    """Check an uploaded labelled CSV (`;` or `,`, UCI names or keys) row by row.

    `DataError` for a file that cannot be used at all (not a CSV, a column missing, too many
    rows) and `TooFewWinesError` when fewer than `MIN_WINES` wines are usable.
    """
    check_file_type(name)
    text, separator = csv_text(content, name)
    records = _records(text, separator)
    _, header = next(records, (1, []))
    positions = _column_positions(header, name)
    kept: list[list[float]] = []
    lines: list[int] = []
    bad: list[BadRow] = []
    for line, cells in records:
        if len(kept) + len(bad) >= MAX_ROWS:
            raise DataError(f"{name}: more than {MAX_ROWS:,} rows; upload at most that many.")
        values, problem = _check_row(line, cells, positions, len(header))
        if problem is None:
            kept.append(values)
            lines.append(line)
        else:
            bad.append(problem)
    frame = pd.DataFrame(kept, columns=list(COLUMNS), dtype=float)
    frame[TARGET] = frame[TARGET].astype(int)
    if len(frame) < MIN_WINES:
        raise TooFewWinesError(name, len(frame), len(bad))
    duplicates = int(frame.duplicated(subset=list(FEATURE_KEYS)).sum())
    return LabelledWines(name, frame, np.array(lines), tuple(bad), duplicates)


def _records(text: str, separator: str) -> Iterator[tuple[int, list[str]]]:
    """Each non-blank record with the line it starts on (a quoted cell may span lines)."""
    reader = csv.reader(text.splitlines(keepends=True), delimiter=separator)
    start = 1
    for cells in reader:
        if any(cell.strip() for cell in cells):
            yield start, cells
        start = reader.line_num + 1


def _column_positions(header: list[str], name: str) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, column in enumerate(header):
        key = column_key(column)
        if key is None:
            continue
        if key in positions:
            raise DataError(
                Message(N_("{file}: column {column} appears twice."), file=name, column=_NAMES[key])
            )
        positions[key] = index
    # Named as in the UCI files ("pH", not the key "ph"), translated where shown.
    missing = tuple(_NAMES[key] for key in COLUMNS if key not in positions)
    if missing:
        raise DataError(
            Message(N_("{file}: missing column(s) {columns}."), file=name, columns=missing)
        )
    return positions


def _check_row(
    line: int, cells: list[str], positions: dict[str, int], width: int
) -> tuple[list[float], BadRow | None]:
    """The row's eleven measurements and grade, or the first reason it cannot be used."""
    if len(cells) != width:
        values = {"found": str(len(cells)), "expected": str(width)}
        return [], BadRow(line, FIELDS, values)
    numbers = []
    for key in COLUMNS:
        cell = cells[positions[key]].strip()
        problem = _check_cell(key, cell)
        if problem is not None:
            return [], BadRow(line, *problem)
        numbers.append(float(cell))
    return numbers, None


def _check_cell(key: str, cell: str) -> tuple[str, dict[str, str]] | None:
    column = _NAMES[key]
    if not cell:
        return MISSING, {"column": column}
    try:
        value = float(cell)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        return NOT_A_NUMBER, {"column": column, "value": repr(cell[:40])}
    low, high = plausible_range(key)
    if not low <= value <= high:
        bounds = {"low": f"{low:g}", "high": f"{high:g}"}
        return OUTSIDE, {"column": column, "value": f"{value:g}"} | bounds
    if key == TARGET and value != round(value):
        return NOT_WHOLE, {"value": f"{value:g}"}
    return None
