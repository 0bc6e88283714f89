"""Page-time policy: how long work started from a page may take, and what it is expected to take.

Apart from training itself, so a change of budget is one edit and training stays pure.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from core.models import ModelSpec, get_kind
from core.train_result import CV_FOLDS

# Settings that count trees: a fit's time grows in proportion to them, and they teach little.
WORK_PARAMETERS = ("n_estimators", "max_iter")
# Long work started from a page must end while a person is still looking at it.
TIME_BUDGET_SECONDS = 30.0


def estimate_train_seconds(
    spec: ModelSpec, measured: Sequence[tuple[ModelSpec, float]]
) -> float | None:
    """How long training a spec should take, from measured training times of its kind on its
    wine (the store keeps them): the closest measurement, scaled by the number of trees."""
    same = [(m, s) for m, s in measured if (m.wine, m.kind) == (spec.wine, spec.kind)]
    if not same:
        return None

    def work(of: ModelSpec) -> float:
        return math.prod(float(of.hyperparameters.get(name, 1)) for name in WORK_PARAMETERS)

    closest, seconds = min(same, key=lambda item: abs(math.log(work(item[0]) / work(spec))))
    return seconds * work(spec) / work(closest)


@dataclass(frozen=True)
class CurvePlan:
    """How many values and folds a validation curve gets, and whether the budget cut them."""

    points: int
    folds: int
    seconds: float
    cut: bool


def plan_validation_curve(
    fit_seconds: float,
    *,
    points: int,
    folds: int = CV_FOLDS,
    budget: float = TIME_BUDGET_SECONDS,
    min_points: int = 4,
    min_folds: int = 3,
) -> CurvePlan:
    """Cut folds (down to `min_folds`), then values (down to `min_points`), until the
    expected time (one fit per value and fold, each about as long as the model's own fit)
    fits the budget."""
    fit = max(fit_seconds, 1e-3)
    wanted_points, wanted_folds = points, folds
    while folds > min_folds and points * folds * fit > budget:
        folds -= 1
    while points > min_points and points * folds * fit > budget:
        points -= 1
    cut = (points, folds) != (wanted_points, wanted_folds)
    return CurvePlan(points=points, folds=folds, seconds=points * folds * fit, cut=cut)


def teaching_parameter(kind: str) -> str | None:
    """The hyperparameter whose validation curve teaches most: the first that does not count
    trees (more trees cost time and move the error little; depth or leaf size show
    over- and underfitting)."""
    names = [h.name for h in get_kind(kind).hyperparameters]
    teaching = [name for name in names if name not in WORK_PARAMETERS]
    return (teaching or names or [None])[0]
