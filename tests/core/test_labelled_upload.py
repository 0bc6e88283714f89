"""A winery's own labelled CSV, checked row by row.

Behaviours checked:
- the committed fixture is exactly what its documented generator writes;
- each of the fixture's bad rows is reported by its line and reason, and left out;
- the fixture's repeats are counted and its other wines all kept, alcohol shifted by +1;
- `;` files named by key are read like `,` files named as in UCI;
- every kind of bad cell is reported with its reason (a table of cases);
- a file with fewer than 50 usable wines, or without a needed column, is refused with why;
- the upload and training use one minimum (`core.train.fewest_wines`): every accepted file of
  different wines can be trained on at the smallest held-out share the upload names, and is
  refused at training with any smaller share.
"""

from __future__ import annotations

import pytest

from core.data import load_wine
from core.errors import DataError
from core.features import FEATURE_KEYS
from core.labelled_upload import MIN_WINES, TooFewWinesError, read_labelled
from core.models import TEST_SIZE
from core.train import enough_wines, fewest_wines, smallest_test_size, split_rows
from tests.conftest import FIXTURES
from tests.data import own_wines_fixture

OWN = FIXTURES / "own_red_alcohol_plus_one.csv"
HEADER = ";".join([*FEATURE_KEYS, "quality"])
GOOD_ROW = "7.4;0.7;0;1.9;0.076;11;34;0.9978;3.51;0.56;9.4;5"


def _own():
    return read_labelled(OWN.read_bytes(), OWN.name)


def _file(rows: list[str], header: str = HEADER) -> bytes:
    return "\n".join([header, *rows]).encode()


def test_fixture_is_what_its_generator_writes() -> None:
    """Check that the committed fixture can be remade from the shipped data as documented."""
    assert OWN.read_text() == own_wines_fixture.fixture_text()


def test_fixture_bad_rows_are_reported_by_line_and_left_out() -> None:
    """Check that every bad row is listed with its line in the file and the reason."""
    wines = _own()
    assert [row.text() for row in wines.bad_rows] == [
        "line 5: alcohol: 'twelve' is not a number",
        "line 40: pH is missing",
        "line 120: density: 5 is outside the plausible range 0.9 to 1.2",
        "line 200: quality: 5.5 is not a whole grade",
        "line 300: 13 values where the header has 12",
    ]
    assert [row.line for row in wines.bad_rows] == sorted(own_wines_fixture.BAD_LINES)
    assert not set(wines.lines) & set(own_wines_fixture.BAD_LINES)


def test_fixture_repeats_are_counted_and_every_good_wine_kept() -> None:
    """Check that the 400 wines and their 5 repeats are kept, with the known alcohol shift."""
    wines = _own()
    assert wines.rows == own_wines_fixture.WINES + own_wines_fixture.DUPLICATES
    assert wines.duplicates == own_wines_fixture.DUPLICATES
    source = load_wine("red").drop_duplicates().sample(400, random_state=29)
    shifted = wines.frame["alcohol"].head(400).to_numpy() - source["alcohol"].to_numpy()
    assert shifted == pytest.approx(1.0)


def test_semicolon_file_named_by_key_reads_like_the_uci_names() -> None:
    """Check that `;` with feature keys gives the same wines as `,` with UCI names."""
    semicolon = _file([GOOD_ROW] * MIN_WINES)
    comma = _file(
        [GOOD_ROW.replace(";", ",")] * MIN_WINES,
        header=OWN.read_text().splitlines()[0],
    )
    one, other = read_labelled(semicolon, "a.csv"), read_labelled(comma, "b.csv")
    assert one.frame.equals(other.frame)
    assert one.duplicates == MIN_WINES - 1


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("", "alcohol is missing"),
        ("abc", "alcohol: 'abc' is not a number"),
        ("inf", "alcohol: 'inf' is not a number"),
        ("99", "alcohol: 99 is outside the plausible range"),
    ],
)
def test_each_kind_of_bad_cell_is_reported(cell: str, reason: str) -> None:
    """Check that a bad alcohol cell on line 2 is left out with its reason."""
    bad = GOOD_ROW.rsplit(";", 2)
    bad_row = ";".join([bad[0], cell, bad[2]])
    wines = read_labelled(_file([bad_row] + [GOOD_ROW] * MIN_WINES), "w.csv")
    assert wines.rows == MIN_WINES
    (row,) = wines.bad_rows
    assert row.line == 2
    assert row.text().startswith(f"line 2: {reason}")


@pytest.mark.parametrize(
    ("content", "error", "match"),
    [
        (_file([GOOD_ROW] * (MIN_WINES - 1)), TooFewWinesError, "only 49 usable wine"),
        (_file([GOOD_ROW] * MIN_WINES, header=HEADER.replace(";quality", ";grade")),
         DataError, "missing column"),
        (b"", DataError, "empty"),
        (_file(["x;" * 11 + "5"] * 80), TooFewWinesError, r"only 0 usable wine\(s\) \(80 row"),
    ],
)  # fmt: skip
def test_unusable_files_are_refused_with_the_reason(content: bytes, error, match: str) -> None:
    """Check that nothing of an unusable file comes back, only a reason."""
    with pytest.raises(error, match=match):
        read_labelled(content, "w.csv")


@pytest.mark.parametrize("wines", [MIN_WINES, 60, 70, 71, 74, 75])
def test_upload_and_training_agree_on_the_fewest_wines(wines: int) -> None:
    """Check that a file of `wines` different red wines is accepted, that training splits it
    at the smallest held-out share named for it and refuses the share just below."""
    red = load_wine("red").drop_duplicates(subset=list(FEATURE_KEYS)).head(wines)
    upload = read_labelled(red.to_csv(index=False, sep=";").encode(), "mine.csv")
    assert upload.distinct == wines
    assert fewest_wines(TEST_SIZE.high) <= MIN_WINES
    share = smallest_test_size(wines)
    assert share is not None
    assert enough_wines(wines, share)
    train, test = split_rows(upload.frame, test_size=share, seed=0, split="grouped")
    assert len(train) + len(test) == wines
    assert wines >= fewest_wines(share)
    if share > TEST_SIZE.low:
        with pytest.raises(DataError, match="too few to train and test"):
            split_rows(upload.frame, test_size=round(share - TEST_SIZE.fixed_step, 10), seed=0)
