"""Pasting a whole wine.

Behaviours checked:
- eleven numbers, separated by `,`, `;`, tabs or spaces, fill the eleven measurements in the
  UCI files' order; a twelfth (the quality) is ignored;
- a decimal comma is read where `,` does not separate the values;
- a UCI CSV row with its header (quoted, `;`), or a header of keys or labels in any order,
  fills the measurements by name; a quality column is skipped silently;
- values are rounded to the data's decimals;
- a bad part (not a number, empty, outside the real range) is named with its reason and the
  others still apply;
- a wrong count of values without a header, nothing pasted, a header without a row or a
  too-long text change nothing and say why;
- unknown columns, missing columns and extra rows are said.
"""

from __future__ import annotations

import pytest

from core import paste
from core.features import FEATURE_KEYS, feature_ranges
from core.paste import parse_wine

FIRST_RED = [7.4, 0.7, 0.0, 1.9, 0.076, 11.0, 34.0, 0.9978, 3.51, 0.56, 9.4]
FIRST_VALUES = dict(zip(FEATURE_KEYS, FIRST_RED, strict=True))
UCI_HEADER = (
    '"fixed acidity";"volatile acidity";"citric acid";"residual sugar";"chlorides";'
    '"free sulfur dioxide";"total sulfur dioxide";"density";"pH";"sulphates";"alcohol";"quality"'
)


@pytest.fixture(scope="module")
def ranges(red):
    return feature_ranges(red)


@pytest.mark.parametrize(
    "text",
    [
        "7.4,0.7,0,1.9,0.076,11,34,0.9978,3.51,0.56,9.4",
        "7.4;0.7;0;1.9;0.076;11;34;0.9978;3.51;0.56;9.4;5",
        "7,4;0,7;0;1,9;0,076;11;34;0,9978;3,51;0,56;9,4",
        "7.4\t0.7\t0\t1.9\t0.076\t11\t34\t0.9978\t3.51\t0.56\t9.4",
        "  7.4 0.7 0 1.9 0.076 11 34 0.9978 3.51 0.56 9.4  \n",
        "7,4 0,7 0 1,9 0,076 11 34 0,9978 3,51 0,56 9,4",
        "7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4, 5",
        UCI_HEADER + "\n7.4;0.7;0;1.9;0.076;11;34;0.9978;3.51;0.56;9.4;5",
        ",".join(FEATURE_KEYS) + "\n" + ",".join(f"{v:g}" for v in FIRST_RED),
    ],
)
def test_a_pasted_wine_fills_every_measurement(ranges, text) -> None:
    """Check that the common shapes of one wine all read as the first red wine of the file."""
    pasted = parse_wine(text, ranges)
    assert pasted.problems == ()
    assert pasted.values == FIRST_VALUES


def test_a_header_in_another_order_fills_by_name(ranges) -> None:
    """Check that a header of labels and keys, in reverse order, puts each value in place."""
    header = ["Alcohol", "sulphates", "PH", *reversed(FEATURE_KEYS[:8])]
    row = [f"{v:g}" for v in reversed(FIRST_RED)]
    pasted = parse_wine(",".join(header) + "\n" + ",".join(row), ranges)
    assert pasted.problems == ()
    assert pasted.values == FIRST_VALUES


def test_values_are_rounded_to_the_datas_decimals(ranges) -> None:
    """Check that 0.38049 reads as the 0.380 the volatile acidity slider holds."""
    text = "7.4,0.38049,0,2.1,0.076,11,34,0.9978,3.51,0.56,9.4"
    values = parse_wine(text, ranges).values
    assert values["volatile_acidity"] == 0.38
    assert values["residual_sugar"] == 2.1


@pytest.mark.parametrize(
    ("text", "message", "key", "named"),
    [
        ("7.4,abc,0,1.9,0.076,11,34,0.9978,3.51,0.56,9.4", paste.NOT_A_NUMBER, "volatile_acidity",
         {"text": "abc"}),
        ("7.4,0.7,,1.9,0.076,11,34,0.9978,3.51,0.56,9.4", paste.EMPTY, "citric_acid", {}),
        ("7.4,0.7,0,1.9,0.076,11,34,0.9978,3.51,0.56,99", paste.OUTSIDE, "alcohol",
         {"value": 99.0, "low": 8.4, "high": 14.9}),
        ("7.4,0.7,0,1.9,0.076,11,34,0.9978,3.51,0.56,nan", paste.NOT_A_NUMBER, "alcohol",
         {"text": "nan"}),
    ],
)  # fmt: skip
def test_a_bad_part_is_named_and_the_others_still_apply(ranges, text, message, key, named) -> None:
    """Check that one bad value gives one problem naming it, and the ten others apply."""
    pasted = parse_wine(text, ranges)
    assert len(pasted.problems) == 1
    problem = pasted.problems[0]
    assert (problem.message, problem.key) == (message, key)
    assert named.items() <= problem.values.items()
    assert pasted.values == {k: v for k, v in FIRST_VALUES.items() if k != key}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", paste.NOTHING),
        ("   \n ", paste.NOTHING),
        ("7.4,0.7,0,1.9", paste.COUNT),
        ("7.4;0.7;0;1.9;0.076;11;34;0.9978;3.51;0.56;9.4;5;6", paste.COUNT),
        ("hello world", paste.COUNT),
        (UCI_HEADER, paste.NO_ROW),
        ("1," * 20_000, paste.TOO_LONG),
    ],
)
def test_an_unreadable_paste_changes_nothing_and_says_why(ranges, text, message) -> None:
    """Check that a paste nothing can be read from applies no value and says why."""
    pasted = parse_wine(text, ranges)
    assert pasted.values == {}
    assert [problem.message for problem in pasted.problems][-1] == message


def test_unknown_and_missing_columns_and_extra_rows_are_said(ranges) -> None:
    """Check that a header without alcohol but with a colour column, over two rows, applies the
    ten it names from the first row and says the rest."""
    header = ["colour", *FEATURE_KEYS[:10]]
    row = ",".join(["red", *(f"{v:g}" for v in FIRST_RED[:10])])
    pasted = parse_wine(",".join(header) + "\n" + row + "\n" + row, ranges)
    messages = {(p.message, p.key) for p in pasted.problems}
    assert messages == {
        (paste.UNKNOWN_COLUMN, None),
        (paste.MISSING_COLUMN, "alcohol"),
        (paste.MORE_ROWS, None),
    }
    assert pasted.values == {k: v for k, v in FIRST_VALUES.items() if k != "alcohol"}
