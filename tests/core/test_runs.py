"""A session's runs: recorded where a person stops, without repeats, compared visibly.

Behaviours checked:
- a setting already in the history is not added again;
- a run left within the dwell time gives way to the next (a stop passed with the keyboard);
- a run looked at for longer stays;
- "since your previous run" compares with the setting on screen before, even one passed;
- a change below the shown precision is "no visible change" (None), never "-0.000".
"""

from __future__ import annotations

import pytest

from core.models import ModelSpec
from core.runs import DWELL_SECONDS, Run, Session, record, visible_change


def _run(alpha: float, at: float) -> Run:
    return Run(ModelSpec.create(alpha=alpha), {"alpha": alpha}, at, "12:00")


def _alphas(history) -> list[float]:
    return [run.spec.hyperparameters["alpha"] for run in history]


def test_a_setting_already_in_the_history_is_not_added_again() -> None:
    history = record(record((), _run(0.5, 0.0)), _run(10.0, 10.0))
    assert _alphas(record(history, _run(0.5, 20.0))) == [0.5, 10.0]


def test_a_stop_passed_within_the_dwell_time_gives_way_to_the_next() -> None:
    history = record((), _run(0.5, 0.0))
    for step, alpha in enumerate((1.0, 2.0, 5.0, 10.0)):
        history = record(history, _run(alpha, 10.0 + 0.2 * step))
    assert _alphas(history) == [0.5, 10.0]


def test_a_setting_looked_at_stays() -> None:
    history = record(record((), _run(0.5, 0.0)), _run(1.0, DWELL_SECONDS + 0.1))
    assert _alphas(history) == [0.5, 1.0]


def test_previous_run_is_the_setting_shown_before_even_when_passed() -> None:
    runs = Session().show(_run(0.5, 0.0)).show(_run(1.0, 10.0)).show(_run(2.0, 10.1))
    assert runs.previous.spec.hyperparameters["alpha"] == 1.0
    assert runs.show(_run(2.0, 30.0)).previous.spec.hyperparameters["alpha"] == 1.0
    assert Session().show(_run(0.5, 0.0)).previous is None


@pytest.mark.parametrize(
    ("now", "before", "decimals", "shown"),
    [
        (0.62001, 0.62004, 3, None),
        (0.6204, 0.6196, 3, None),
        (0.6206, 0.6196, 3, "+0.001"),
        (0.617, 0.620, 3, "−0.003"),
        (5.574, 5.571, 2, None),
        (5.58, 5.56, 2, "+0.02"),
    ],
)
def test_visible_change_at_the_shown_precision(now, before, decimals, shown) -> None:
    assert visible_change(now, before, decimals=decimals) == shown
