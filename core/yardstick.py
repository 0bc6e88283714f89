"""A yardstick for a predicted quality: what the scale means and where a number stands among
the real wines' grades."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.features import TARGET, TARGET_RANGE
from core.messages import N_, Message, Number

QUALITY_MEANING = Message(
    N_(
        "Quality is the median of the grades at least three expert tasters gave a wine, from "
        "{lowest} (very bad) to {highest} (excellent)."
    ),
    lowest=TARGET_RANGE[0],
    highest=TARGET_RANGE[1],
)


@dataclass(frozen=True)
class RealGrades:
    """The true grades of one wine set's real wines, sorted (shared, never mutated)."""

    wine: str
    grades: np.ndarray

    @classmethod
    def from_frame(cls, wine: str, frame: pd.DataFrame) -> RealGrades:
        grades = np.sort(frame[TARGET].to_numpy(dtype=float))
        grades.setflags(write=False)
        return cls(wine, grades)

    @property
    def lowest(self) -> int:
        return int(self.grades[0])

    @property
    def highest(self) -> int:
        return int(self.grades[-1])

    def share_below(self, quality: float) -> float:
        """The share of real wines whose grade is below `quality`."""
        return float(np.searchsorted(self.grades, quality, side="left") / len(self.grades))

    def grade_range(self) -> Message:
        """The range of grades the tasters actually gave, in words."""
        return Message(
            N_("The {count} real {wine} wines were graded {lowest} to {highest}."),
            count=Number(len(self.grades), 0),
            wine=Message(self.wine),
            lowest=self.lowest,
            highest=self.highest,
        )

    def place(self, quality: float) -> Message:
        """Where a predicted quality stands among the real wines' grades, in words."""
        share = self.share_below(quality)
        shown, wine = Number(quality, 2), Message(self.wine)
        if share == 0:
            text = N_("{quality} is no higher than the grade of any real {wine} wine.")
            return Message(text, quality=shown, wine=wine)
        if share == 1:
            text = N_("{quality} is higher than the grade of every real {wine} wine.")
            return Message(text, quality=shown, wine=wine)
        # Floored, so "higher than 100%" is never said of a wine some real wine beats.
        floored = Number(math.floor(share * 100) / 100, percent=True)
        percent = floored if share >= 0.01 else Number(share, 1, percent=True)
        return Message(
            N_("{quality} is higher than the grade of {share} of the real {wine} wines."),
            quality=shown,
            share=percent,
            wine=wine,
        )
