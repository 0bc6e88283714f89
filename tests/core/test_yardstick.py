"""The yardstick beside a predicted quality.

Behaviours checked:
- the range of real grades is the data's (red 3–8, white 3–9), counted by pandas;
- the share of real wines below a prediction is pandas' count, floored to whole percent;
- a prediction below every real grade, or above every one, is said so, not as 0% or 100%;
- what quality means is said: the median of at least three expert tasters' grades, 0–10.
"""

from __future__ import annotations

import math

import pytest

from core.yardstick import QUALITY_MEANING, RealGrades


@pytest.mark.parametrize(("wine", "lowest", "highest"), [("red", 3, 8), ("white", 3, 9)])
def test_grade_range_is_the_datas(wine: str, lowest: int, highest: int, request) -> None:
    frame = request.getfixturevalue(wine)
    grades = RealGrades.from_frame(wine, frame)
    assert (grades.lowest, grades.highest) == (frame["quality"].min(), frame["quality"].max())
    assert (grades.lowest, grades.highest) == (lowest, highest)
    assert grades.grade_range() == (
        f"The {len(frame):,} real {wine} wines were graded {lowest} to {highest}."
    )


@pytest.mark.parametrize("wine", ["red", "white"])
@pytest.mark.parametrize("quality", [4.2, 5.0, 5.57, 6.01, 7.5])
def test_place_is_the_share_of_real_grades_below(wine: str, quality: float, request) -> None:
    frame = request.getfixturevalue(wine)
    share = (frame["quality"] < quality).mean()
    place = RealGrades.from_frame(wine, frame).place(quality)
    assert place == (
        f"{quality:.2f} is higher than the grade of {math.floor(share * 100)}% of the real "
        f"{wine} wines."
    )


@pytest.mark.parametrize(
    ("quality", "said"),
    [
        (2.5, "2.50 is no higher than the grade of any real red wine."),
        (3.0, "3.00 is no higher than the grade of any real red wine."),
        (8.4, "8.40 is higher than the grade of every real red wine."),
        (3.5, "3.50 is higher than the grade of 0.6% of the real red wines."),
    ],
)
def test_extremes_are_said_in_words(quality: float, said: str, red) -> None:
    assert RealGrades.from_frame("red", red).place(quality) == said


def test_quality_is_explained_as_the_median_of_expert_grades() -> None:
    assert "median" in QUALITY_MEANING
    assert "at least three expert tasters" in QUALITY_MEANING
    assert "from 0 (very bad) to 10 (excellent)" in QUALITY_MEANING
