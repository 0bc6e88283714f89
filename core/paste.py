"""A whole wine pasted in one go: eleven numbers, or a CSV row with or without its header.

The text may be separated by `,`, `;`, tabs or spaces; a header may name the columns as the
UCI files do (`fixed acidity`), by key (`fixed_acidity`) or by the page's label. With `;`, a
tab or spaces between values, a decimal comma (`0,38`) is read as the reader wrote it. Every
part is checked on its own: a bad part gets a problem saying which value and why, and the
good parts still apply. Problems are message ids with named values (`N_`-marked English), so
the page layer says them in the reader's words.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from core.features import FEATURE_KEYS, FEATURES, FEATURES_BY_KEY, TARGET, FeatureRange
from core.messages import N_

# Longest paste read (a CSV row with its header is about 250 characters).
MAX_PASTE_CHARS = 20_000
_SEPARATORS = (";", "\t", ",")
_SPACES = re.compile(r"\s+")

NOTHING = N_("Nothing to read: paste eleven numbers or a CSV row of a wine.")
COUNT = N_(
    "{count} values found; a wine without a header needs 11 (12 with quality), in this "
    "order: {order}. Nothing was changed."
)
NOT_A_NUMBER = N_("{label}: “{text}” is not a number; not applied.")
EMPTY = N_("{label}: no value; not applied.")
OUTSIDE = N_(
    "{label}: {value} is outside the range of real wines ({low} to {high} {unit}); not applied."
)
UNKNOWN_COLUMN = N_("Column “{name}” is not a measurement; ignored.")
MISSING_COLUMN = N_("{label}: not in the pasted header; left as it was.")
NO_ROW = N_("The header has no row of values under it; nothing was changed.")
MORE_ROWS = N_("{count} rows of values pasted; only the first wine was used.")
TOO_LONG = N_("The pasted text is too long ({count} characters); paste one wine.")


@dataclass(frozen=True)
class PasteProblem:
    """Why one part of a paste was not applied: an `N_` message and its named values
    (numbers as numbers, so the page writes them the reader's way)."""

    message: str
    values: dict[str, str | float | int] = field(default_factory=dict)
    key: str | None = None


@dataclass(frozen=True)
class PastedWine:
    """The values that apply (by feature key, rounded to the data's decimals) and the problems."""

    values: dict[str, float]
    problems: tuple[PasteProblem, ...]


def _normal(name: str) -> str:
    return _SPACES.sub(" ", name.replace("_", " ")).strip().strip('"').lower()


# Every name a header may give a measurement: UCI column, key, label.
_NAMES: dict[str, str] = {
    _normal(name): feature.key
    for feature in FEATURES
    for name in (feature.column, feature.key, feature.label)
}


def _rows(text: str) -> list[list[str]]:
    """The non-empty rows of the text, split on the separator that fits it best."""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    separator = _separator(lines[0])
    if separator is None:
        return [_SPACES.split(line.strip()) for line in lines]
    rows = csv.reader(lines, delimiter=separator, skipinitialspace=True)
    return [[cell.strip() for cell in row] for row in rows]


def _separator(line: str) -> str | None:
    """`;`, a tab or `,` (the first that splits the line into 11 or 12 parts, else the first
    present); None for values separated by spaces only."""
    present = [s for s in _SEPARATORS if s in line]
    for separator in present:
        if len(next(csv.reader([line], delimiter=separator))) in (11, 12):
            return separator
    if len(_SPACES.split(line.strip())) in (11, 12):
        return None
    return present[0] if present else None


def _number(text: str, decimal_comma: bool) -> float | None:
    if decimal_comma:
        text = text.replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _header(row: list[str]) -> bool:
    """A header names at least one measurement and holds a cell that is not a number."""
    known = any(_normal(cell) in _NAMES for cell in row)
    return known and any(_number(cell, True) is None for cell in row)


def parse_wine(text: str, ranges: Mapping[str, FeatureRange]) -> PastedWine:
    """Read one pasted wine; never raises (every fault is a problem)."""
    if len(text) > MAX_PASTE_CHARS:
        return PastedWine({}, (PasteProblem(TOO_LONG, {"count": len(text)}),))
    if not text.strip():
        return PastedWine({}, (PasteProblem(NOTHING),))
    rows = _rows(text)
    decimal_comma = _separator(text.strip().splitlines()[0]) != ","
    problems: list[PasteProblem] = []
    if _header(rows[0]):
        columns = _columns(rows[0], problems)
        data = rows[1:]
        if not data:
            return PastedWine({}, (*problems, PasteProblem(NO_ROW)))
        missing = [key for key in FEATURE_KEYS if key not in columns.values()]
        problems += [_problem(MISSING_COLUMN, key) for key in missing]
    else:
        data = rows
        if len(data[0]) not in (11, 12):
            order = ", ".join(feature.column for feature in FEATURES)
            return PastedWine({}, (PasteProblem(COUNT, {"count": len(data[0]), "order": order}),))
        columns = dict(enumerate(FEATURE_KEYS))
    if len(data) > 1:
        problems.append(PasteProblem(MORE_ROWS, {"count": len(data)}))
    values = _values(data[0], columns, ranges, decimal_comma, problems)
    return PastedWine(values, tuple(problems))


def _columns(header: list[str], problems: list[PasteProblem]) -> dict[int, str]:
    """Column position → feature key; a quality column is skipped, others reported."""
    columns = {}
    for position, name in enumerate(header):
        key = _NAMES.get(_normal(name))
        if key is not None and key not in columns.values():
            columns[position] = key
        elif _normal(name) != TARGET and name.strip():
            problems.append(PasteProblem(UNKNOWN_COLUMN, {"name": name.strip()[:40]}))
    return columns


def _values(
    row: list[str],
    columns: Mapping[int, str],
    ranges: Mapping[str, FeatureRange],
    decimal_comma: bool,
    problems: list[PasteProblem],
) -> dict[str, float]:
    values = {}
    for position, key in columns.items():
        text = row[position] if position < len(row) else ""
        if not text:
            problems.append(_problem(EMPTY, key))
            continue
        number = _number(text, decimal_comma)
        if number is None:
            problems.append(_problem(NOT_A_NUMBER, key, text=text[:20]))
            continue
        bounds = ranges[key]
        rounded = round(number, bounds.decimals)
        if not bounds.contains(rounded):
            extra = {"value": number, "low": bounds.low, "high": bounds.high}
            problems.append(_problem(OUTSIDE, key, **extra))
            continue
        values[key] = rounded
    return values


def _problem(message: str, key: str, **values: str | float) -> PasteProblem:
    feature = FEATURES_BY_KEY[key]
    return PasteProblem(message, {"label": feature.label, "unit": feature.unit, **values}, key)
