"""A session's run history: the settings a person stopped on, each with its model's summary.

Moving a ladder control with the keyboard passes several stops in a second; a stop left
within `DWELL_SECONDS` was passed on the way, so its run gives way to the next one. A setting
already in the history is not added again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.models import ModelSpec

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
    before: Run | None = None

    def show(self, run: Run) -> Session:
        """After a setting is shown: recorded (see `record`), and what it is compared with."""
        before = self.shown if self.shown is not None and self.shown.spec != run.spec else None
        return Session(record(self.history, run), run, before or self.before)

    @property
    def previous(self) -> Run | None:
        """What "since your previous run" compares with: the setting on screen before this."""
        if self.before is None or self.shown is None or self.before.spec == self.shown.spec:
            return None
        return self.before


def visible_change(now: float, before: float, *, decimals: int = 3) -> str | None:
    """The change as it shows at `decimals` places ('+0.004'), or None when the two numbers
    look the same there (never '-0.000')."""
    change = round(now, decimals) - round(before, decimals)
    if round(change, decimals) == 0:
        return None
    return f"{change:+.{decimals}f}".replace("-", "−")
