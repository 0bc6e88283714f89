"""The schema check on CSV files, shipped or uploaded.

Behaviours checked:
- a good file (`;` or `,` separated, CSV names or keys) is accepted;
- each committed broken fixture fails with a `DataError` naming the file, column and row;
- a broken shipped file fails the same way through `load_wine`, never with a pandas traceback.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from core.data import load_wine, parse_csv_bytes
from core.errors import DataError
from core.features import FEATURE_KEYS
from tests.conftest import FIXTURES


def _parse(name: str, *, require_target: bool = True):
    path = FIXTURES / name
    return parse_csv_bytes(path.read_bytes(), path.name, require_target=require_target)


def test_parse_accepts_semicolon_file_with_quality() -> None:
    frame = _parse("good_two_rows.csv")
    assert frame.shape == (2, 12)
    assert frame.loc[1, "alcohol"] == pytest.approx(9.8)


def test_parse_accepts_comma_file_without_quality() -> None:
    frame = _parse("batch_comma.csv", require_target=False)
    assert list(frame.columns) == list(FEATURE_KEYS)
    assert len(frame) == 2


def test_parse_accepts_keys_as_column_names() -> None:
    header = ",".join(FEATURE_KEYS)
    content = f"{header}\n7.4,0.7,0,1.9,0.076,11,34,0.9978,3.51,0.56,9.4\n".encode()
    assert parse_csv_bytes(content, "keys.csv").shape == (1, 11)


@pytest.mark.parametrize(
    ("fixture", "match"),
    [
        ("missing_column.csv", r"missing_column\.csv: missing column\(s\) alcohol"),
        ("text_cell.csv", r"text_cell\.csv: column alcohol, row 2: 'strong' is not a number"),
        ("out_of_range.csv", r"out_of_range\.csv: column alcohol, row 3: 98 is outside"),
        ("missing_value.csv", r"missing_value\.csv: column citric_acid, row 2: value is missing"),
        ("header_only.csv", r"header_only\.csv: the file has a header but no rows"),
        ("empty.csv", r"empty\.csv: the file is empty"),
        ("fractional_quality.csv", r"column quality, row 1: quality must be a whole score"),
    ],
)
def test_parse_rejects_broken_fixture_naming_file_column_and_row(fixture: str, match: str) -> None:
    with pytest.raises(DataError, match=match):
        _parse(fixture)


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"\x00\x01\x02garbage\xff", "binary file"),
        ("fixed acidity;alcohol\n7;9\n".encode("utf-16"), "missing column"),
        (b"just some text\n", "missing column"),
        (b"\xff\xfea", "not text in a known encoding"),
        (b"\xfe\xff\xd8\x00", "not text in a known encoding"),
    ],
)
def test_parse_rejects_non_csv_content(content: bytes, match: str) -> None:
    with pytest.raises(DataError, match=match):
        parse_csv_bytes(content, "upload.csv")


def test_load_wine_rejects_broken_shipped_file(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "text_cell.csv", tmp_path / "winequality-red.csv")
    with pytest.raises(DataError, match=r"winequality-red\.csv: column alcohol, row 2"):
        load_wine("red", tmp_path)


def test_load_wine_reports_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"winequality-white\.csv: file not found"):
        load_wine("white", tmp_path)


def test_load_wine_rejects_unknown_wine() -> None:
    with pytest.raises(DataError, match="Unknown wine set 'rose'"):
        load_wine("rose")
