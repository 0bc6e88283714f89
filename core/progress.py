"""How long work tells a page how far it has got, and how much is left."""

from __future__ import annotations

import time
from collections.abc import Callable

Progress = Callable[[int, int, str], None]
"""Called as `on_step(done, total, what is being done next)`."""


def no_progress(done: int, total: int, what: str) -> None:
    return None


def seconds_left(started: float, done: int, total: int, now: float | None = None) -> float | None:
    """Time left if the remaining steps take as long as the finished ones took on average."""
    if done <= 0:
        return None
    elapsed = (time.perf_counter() if now is None else now) - started
    return elapsed / done * (total - done)
