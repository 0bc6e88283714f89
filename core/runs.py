"""A session's run history: the settings a person stopped on, each with its model's summary.

Moving a ladder control with the keyboard passes several stops in a second; a stop left
within `DWELL_SECONDS` was passed on the way, so its run gives way to the next one. A setting
already in the history is not added again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.models import ModelSpec
from core.train_result import TrainResult

DWELL_SECONDS = 1.5


@dataclass(frozen=True)
class Run:
    """One trained setting: its spec, `TrainResult.summary()`, and when it was shown."""

    spec: ModelSpec
    summary: dict[str, Any]
    at: float
    at_clock: str


def record(history: tuple[Run, ...], run: Run, *, dwell: float = DWELL_SECONDS) -> tuple[Run, ...]:
    """The history with a run added, unless its setting is already there; the last run is
    replaced when it was left within `dwell` seconds of being recorded."""
    if any(earlier.spec == run.spec for earlier in history):
        return history
    if history and run.at - history[-1].at < dwell:
        return (*history[:-1], run)
    return (*history, run)


@dataclass(frozen=True)
class Session:
    """A session's runs: the history, the setting on screen, and the one shown before it."""

    history: tuple[Run, ...] = ()
    shown: Run | None = None
    last_other: Run | None = None

    def show(self, run: Run) -> Session:
        """After a setting is shown: recorded (see `record`), and what it is compared with."""
        last_other = self.shown if self.shown is not None and self.shown.spec != run.spec else None
        return Session(record(self.history, run), run, last_other or self.last_other)

    @property
    def previous(self) -> Run | None:
        """What "since your previous run" compares with: the setting on screen before this."""
        if self.last_other is None or self.shown is None or self.last_other.spec == self.shown.spec:
            return None
        return self.last_other


def visible_change(now: float, before: float, *, decimals: int = 3) -> str | None:
    """The change as it shows at `decimals` places ('+0.004'), or None when the two numbers
    look the same there (never '-0.000')."""
    change = round(now, decimals) - round(before, decimals)
    if round(change, decimals) == 0:
        return None
    return f"{change:+.{decimals}f}".replace("-", "−")


def duration(seconds: float) -> str:
    """A training time as people read it: milliseconds under a second, else seconds."""
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.1f} s"


def changes_since(result: TrainResult, previous: Run) -> dict[str, float | None]:
    """The test metrics' changes since the previous run, rounded to the 3 decimals shown
    (None where the two agree there): keys 'rmse', 'mae', 'r2'."""
    before = previous.summary["test_metrics"]
    now = result.test_metrics
    return {
        name: _rounded_change(getattr(now, name), before[name], decimals=3)
        for name in ("rmse", "mae", "r2")
    }


def _rounded_change(now: float, before: float, *, decimals: int) -> float | None:
    change = round(round(now, decimals) - round(before, decimals), decimals)
    return None if change == 0 else change
