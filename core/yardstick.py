"""A yardstick for a predicted quality: what the scale means and where a number stands among
the real wines' grades."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.features import TARGET, TARGET_RANGE

QUALITY_MEANING = (
    f"Quality is the median of the grades at least three expert tasters gave a wine, from "
    f"{TARGET_RANGE[0]} (very bad) to {TARGET_RANGE[1]} (excellent)."
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

    def grade_range(self) -> str:
        """The range of grades the tasters actually gave, in words."""
        return (
            f"The {len(self.grades):,} real {self.wine} wines were graded {self.lowest} to "
            f"{self.highest}."
        )

    def place(self, quality: float) -> str:
        """Where a predicted quality stands among the real wines' grades, in words."""
        share = self.share_below(quality)
        if share == 0:
            return f"{quality:.2f} is no higher than the grade of any real {self.wine} wine."
        if share == 1:
            return f"{quality:.2f} is higher than the grade of every real {self.wine} wine."
        # Floored, so "higher than 100%" is never said of a wine some real wine beats.
        percent = f"{math.floor(share * 100)}%" if share >= 0.01 else f"{share:.1%}"
        return f"{quality:.2f} is higher than the grade of {percent} of the real {self.wine} wines."
