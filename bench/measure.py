"""Timing helpers and the figure type the report prints."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

import numpy as np

MB = 2**20


@dataclass(frozen=True)
class Figure:
    """One measured figure, its goal, and (for app figures) its ratio to the floor."""

    group: str
    name: str
    value: float
    unit: str
    target: str = ""
    passed: bool | None = None
    floor_ratio: float | None = None
    p95: float | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Timing:
    median: float
    p95: float
    samples: int

    @classmethod
    def of(cls, seconds: list[float]) -> Timing:
        return cls(float(np.median(seconds)), float(np.percentile(seconds, 95)), len(seconds))


def repeat(action: Callable[[], object], times: int, warmup: int = 3) -> Timing:
    """Median and p95 of `times` runs of `action`, after `warmup` unmeasured runs."""
    for _ in range(warmup):
        action()
    seconds = []
    for _ in range(times):
        started = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - started)
    return Timing.of(seconds)
