"""What would make this wine a better grade: real wines first, then the smallest change the
model sees.

Two answers, each honest about what it is:

- `better_real_wines`: no model at all. The real wines most similar to this one that tasters
  graded at least the target, and for each the few measurements in which it differs most.
- `smallest_change`: a change of as few measurements as possible, each kept inside the range
  of real wines, for which the model predicts at least `target − 0.5` (grades are whole), the
  new wine staying near real wines (not farther from its nearest real wine than 99% of real
  wines are from theirs: `WineNeighbours.far_threshold`). Sizes are standardised: a change of
  one standard deviation of the real wines counts 1 in every measurement.

  For the linear kinds the answer is exact. The prediction is `bias + Σ wᵢxᵢ`, so for a set S
  of measurements the smallest change (Euclidean, standardised) that reaches the goal is a
  small convex problem, min Σ dᵢ² subject to Σ aᵢdᵢ ≥ gap and the real range: its KKT
  conditions give dᵢ = sign(aᵢ)·min(λ|aᵢ|, capᵢ), and λ is found from the sorted breakpoints.
  Sets are tried by size, one measurement first; in a size, the smallest change that stays
  near real wines wins. Values are then rounded to the data's precision away from the start,
  which keeps the goal reached.

  For the other kinds, a search within a time budget: every measurement over a grid of real
  values, then pairs, then a beam that adds one measurement at a time; the smallest change that
  reaches the goal is then pulled back towards the start as far as the goal allows.

Correlation, not recipe: the model links measurements and grades in these data; changing a
wine's chemistry need not change its taste the same way (`HONEST_LINE`).
"""

from __future__ import annotations

import functools
import itertools
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from core.explain import WineNeighbours
from core.features import FEATURE_KEYS, TARGET_RANGE, FeatureRange
from core.messages import N_
from core.progress import Progress
from core.scoring import predict_rows, wine_vector
from core.train_result import TrainResult

# The model must predict at least the target minus this (a grade is a whole number).
GOAL_MARGIN = 0.5
# Measurements shown for each similar better wine, and how many such wines.
DIFFERENCES_SHOWN = 3
BETTER_WINES = 3
# In each size, the smallest changes that reach the goal tried for staying near real wines
# (each costs a pass over the real wines; thousands of them took half a second).
_NEAR_TRIED = 16
# What the search for the kinds that are not linear may take, and the budget it plans with
# (what follows its last prediction, pulling the change back, takes the rest).
SEARCH_SECONDS = 3.0
_SEARCH_BUDGET = 0.85 * SEARCH_SECONDS
# The search's grids: real values at these many quantiles for one measurement, fewer for pairs.
_SINGLE_GRID, _PAIR_GRID, _BEAM_GRID, _BEAM_WIDTH, _PULL_BACK = 41, 11, 15, 12, 21

HONEST_LINE = N_(
    "These are correlations in the data, not a recipe: the model links measurements and "
    "grades of these wines; changing a wine's chemistry need not change its taste the same way."
)


@dataclass(frozen=True)
class Difference:
    """One measurement in which two wines differ (values in the sliders' units)."""

    key: str
    this: float
    other: float

    @property
    def change(self) -> float:
        return self.other - self.this


@dataclass(frozen=True)
class BetterWine:
    """A real wine graded at least the target, its distance and where it differs most."""

    row: int
    grade: int
    distance: float
    differences: tuple[Difference, ...]


@dataclass(frozen=True)
class SmallestChange:
    """The smallest change found (`wine` None: the goal is out of reach in the real ranges).

    `exact`: found by the exact method of the linear kinds, not a search. `near`: the new wine
    stays near real wines. `complete`: the search covered everything it meant to (a budgeted
    search can stop early)."""

    target: int
    goal: float
    wine: dict[str, float] | None
    changes: tuple[Difference, ...]
    size: float
    near: bool
    exact: bool
    complete: bool = True

    @property
    def reachable(self) -> bool:
        return self.wine is not None


def default_target(quality: float) -> int:
    """The next whole grade above the one this prediction rounds to (at most 10)."""
    return int(min(round(quality) + 1, TARGET_RANGE[1]))


def target_choices(quality: float) -> list[int]:
    """The grades one may ask for: from the next one up to the top of the scale."""
    return list(range(default_target(quality), TARGET_RANGE[1] + 1))


def better_real_wines(
    neighbours: WineNeighbours,
    wine: Mapping[str, float],
    target: int,
    *,
    count: int = BETTER_WINES,
    shown: int = DIFFERENCES_SHOWN,
) -> tuple[BetterWine, ...]:
    """The `count` real wines nearest to `wine` graded at least `target`, each with the `shown`
    measurements in which it differs most (counted in standard deviations, shown in units)."""
    similar = neighbours.around(wine, count, min_grade=target).similar
    scale = dict(zip(FEATURE_KEYS, neighbours.scale, strict=True))
    found = []
    for _, real in similar.iterrows():
        apart = sorted(FEATURE_KEYS, key=lambda k: -abs(real[k] - wine[k]) / scale[k])
        differences = tuple(
            Difference(key, float(wine[key]), float(real[key]))
            for key in apart[:shown]
            if real[key] != wine[key]
        )
        found.append(
            BetterWine(int(real["row"]), int(real["quality"]), real["distance"], differences)
        )
    return tuple(found)


def smallest_change(
    result: TrainResult,
    wine: Mapping[str, float],
    target: int,
    *,
    ranges: Mapping[str, FeatureRange],
    neighbours: WineNeighbours,
    budget_seconds: float = _SEARCH_BUDGET,
    on_step: Progress | None = None,
    clock: Callable[[], float] = time.perf_counter,
) -> SmallestChange:
    """The smallest change of this wine the model predicts at least `target − 0.5` for."""
    problem = _Problem(result, wine_vector(wine), target, ranges, neighbours)
    if problem.reached(problem.start[None, :])[0]:
        return problem.answer(problem.start, exact=result.linear_weights is not None)
    if result.linear_weights is not None:
        return _linear(problem)
    return _search(problem, budget_seconds, on_step, clock)


class _Problem:
    """One question: the start, the goal, the real ranges and the units of change."""

    def __init__(
        self,
        result: TrainResult,
        start: np.ndarray,
        target: int,
        ranges: Mapping[str, FeatureRange],
        neighbours: WineNeighbours,
    ) -> None:
        self.result, self.target, self.neighbours = result, target, neighbours
        self.goal = target - GOAL_MARGIN
        self.bounds = [ranges[key] for key in FEATURE_KEYS]
        self.low = np.array([b.low for b in self.bounds])
        self.high = np.array([b.high for b in self.bounds])
        self.step = np.array([b.step for b in self.bounds])
        # np.round(x, d) is rint(x·10ᵈ)/10ᵈ: one factor per measurement rounds them all at once
        self.tens = 10.0 ** np.array([b.decimals for b in self.bounds])
        self.start = np.clip(start, self.low, self.high)
        self.scale = neighbours.scale
        self._grids: dict[tuple[int, int], np.ndarray] = {}

    def predict(self, rows: np.ndarray) -> np.ndarray:
        return predict_rows(self.result, rows)

    def reached(self, rows: np.ndarray) -> np.ndarray:
        return self.predict(rows) >= self.goal - 1e-9

    def near(self, row: np.ndarray) -> bool:
        return bool(self.neighbours.near(row)[0])

    def size(self, row: np.ndarray) -> float:
        return float(np.linalg.norm((row - self.start) / self.scale))

    def answer(
        self, row: np.ndarray | None, *, exact: bool, near: bool = True, complete: bool = True
    ) -> SmallestChange:
        if row is None:
            return SmallestChange(
                self.target, self.goal, None, (), math.inf, False, exact, complete
            )
        changes = tuple(
            Difference(key, float(self.start[i]), float(row[i]))
            for i, key in enumerate(FEATURE_KEYS)
            if row[i] != self.start[i]
        )
        values = {key: float(row[i]) for i, key in enumerate(FEATURE_KEYS)}
        return SmallestChange(
            self.target, self.goal, values, changes, self.size(row), near, exact, complete
        )

    def on_grid(self, rows: np.ndarray, away: np.ndarray) -> np.ndarray:
        """Each value rounded to its slider's step, away from the start where `away` says
        which way (+1 up, −1 down, 0 nearest), and kept in the range (rows or one row). A
        value still at the start stays as it is: a real wine's value off the slider's steps
        (free sulfur dioxide 40.5) is not a change."""
        steps = (rows - self.low) / self.step
        whole = np.where(
            away > 0,
            np.ceil(steps - 1e-7),
            np.where(away < 0, np.floor(steps + 1e-7), np.round(steps)),
        )
        snapped = np.clip(self.low + whole * self.step, self.low, self.high)
        return np.where(rows == self.start, rows, np.rint(snapped * self.tens) / self.tens)

    def reachers(self, rows: np.ndarray, predicted: np.ndarray) -> np.ndarray:
        """The rows that reach the goal, smallest change first (ties in row order): the first
        `_NEAR_TRIED` of them, the ones tried for staying near real wines."""
        good = np.flatnonzero(predicted >= self.goal - 1e-9)
        sizes = np.linalg.norm((rows[good] - self.start) / self.scale, axis=1)
        return good[np.argsort(sizes, kind="stable")][:_NEAR_TRIED]

    def first_near(self, rows: np.ndarray, predicted: np.ndarray | None = None) -> int | None:
        """Of the rows that reach the goal, in order of size: the first that stays near real
        wines (its index), else the first that reaches it (as −1 − index); None if none does."""
        predicted = self.predict(rows) if predicted is None else predicted
        good = self.reachers(rows, predicted)
        if not len(good):
            return None
        near = self.neighbours.near(rows[good])
        return int(good[np.argmax(near)]) if near.any() else -1 - int(good[0])

    def grid(self, index: int, points: int) -> np.ndarray:
        """Real values of one measurement at `points` quantiles, on the slider's steps, other
        than the start's (worked out once per question)."""
        if (index, points) not in self._grids:
            levels = np.quantile(self.neighbours.real_values(index), np.linspace(0, 1, points))
            rows = np.repeat(self.start[None, :], points, axis=0)
            rows[:, index] = levels
            values = np.unique(self.on_grid(rows, np.zeros(rows.shape))[:, index])
            self._grids[index, points] = values[values != self.start[index]]
        return self._grids[index, points]


def minimal_steps(effect: np.ndarray, cap: np.ndarray, gap: float) -> np.ndarray:
    """For each row (a set of measurements): the smallest Euclidean `d` with dᵢ of the sign of
    effectᵢ, |dᵢ| ≤ capᵢ and Σ effectᵢdᵢ ≥ gap (> 0); NaN where even every cap falls short.

    KKT: dᵢ = sign(eᵢ)·min(λ|eᵢ|, capᵢ) with the smallest λ ≥ 0 that reaches the gap. The reach
    g(λ) = Σ |eᵢ|·min(λ|eᵢ|, capᵢ) is piecewise linear with breakpoints capᵢ/|eᵢ|, so λ comes
    from the first breakpoint where g passes the gap. Every |eᵢ| and capᵢ must be > 0.
    """
    size = np.abs(effect)
    steps = np.full(effect.shape, np.nan)
    feasible = (size * cap).sum(axis=1) >= gap - 1e-12
    size, cap = size[feasible], cap[feasible]  # only these are solved (each row on its own)
    breaks = cap / size
    at = np.arange(len(size))[:, None]
    order = np.argsort(breaks, axis=1)
    s, c, b = size[at, order], cap[at, order], breaks[at, order]
    saturated = np.cumsum(s * c, axis=1) - s * c  # reach of those capped before each piece
    free = np.cumsum((s**2)[:, ::-1], axis=1)[:, ::-1]  # slope of g on each piece
    piece = np.argmax(saturated + b * free >= gap, axis=1)[:, None]
    lam = (gap - saturated[at, piece]) / free[at, piece]
    steps[feasible] = np.sign(effect[feasible]) * np.minimum(lam * size, cap)
    return steps


def _linear(problem: _Problem) -> SmallestChange:
    """Exact: every set of measurements by size; in the first size with a change that stays
    near real wines, the smallest such change (a far one is the answer only if no size has
    a near one)."""
    folded = problem.result.linear_weights
    assert folded is not None
    effect = folded.weights * problem.scale  # quality points per standard deviation
    gap = problem.goal - float(folded.bias + folded.weights @ problem.start)
    up = (problem.high - problem.start) / problem.scale
    down = (problem.start - problem.low) / problem.scale
    cap = np.where(effect > 0, up, down)
    usable = np.flatnonzero((effect != 0) & (cap > 0))
    ranked = np.sort(np.abs(effect[usable]) * cap[usable])[::-1]
    far_one: np.ndarray | None = None
    for count in range(1, len(usable) + 1):
        if ranked[:count].sum() < gap - 1e-12:
            continue
        tried = _linear_tried(problem, usable, count, effect, cap, gap)
        if not len(tried):
            continue
        near = problem.neighbours.near(tried)
        if near.any():
            return problem.answer(tried[np.argmax(near)], exact=True)
        far_one = tried[0] if far_one is None else far_one
    return problem.answer(far_one, exact=True, near=False)


def _linear_tried(
    problem: _Problem,
    usable: np.ndarray,
    count: int,
    effect: np.ndarray,
    cap: np.ndarray,
    gap: float,
) -> np.ndarray:
    """The smallest changes of `count` measurements that reach the goal, on the sliders'
    steps, smallest first: the `_NEAR_TRIED` tried for staying near real wines."""
    subsets = usable[_combinations(len(usable), count)]
    steps = minimal_steps(effect[subsets], cap[subsets], gap)
    subsets, steps = subsets[~np.isnan(steps[:, 0])], steps[~np.isnan(steps[:, 0])]
    rows = np.repeat(problem.start[None, :], len(subsets), axis=0)
    at = np.arange(len(subsets))[:, None]
    rows[at, subsets] += steps * problem.scale[subsets]
    rows = problem.on_grid(rows, np.sign(effect) * (rows != problem.start))
    return rows[problem.reachers(rows, problem.predict(rows))]


@functools.cache
def _combinations(n: int, count: int) -> np.ndarray:
    """Every set of `count` of n indices, in itertools' order (kept: the same few each time)."""
    chosen = np.array(list(itertools.combinations(range(n), count)), dtype=np.intp)
    chosen.flags.writeable = False
    return chosen


class _Budget:
    """The search's time: predictions are made in chunks, and stop when it is spent."""

    CHUNK = 500

    def __init__(self, seconds: float, clock: Callable[[], float]) -> None:
        self.clock, self.ends = clock, clock() + seconds
        self.chunk_seconds = 0.0

    def over(self) -> bool:
        """Spent, or too little left for one more chunk of predictions."""
        return self.clock() + self.chunk_seconds > self.ends

    def predict(self, problem: _Problem, rows: np.ndarray) -> np.ndarray | None:
        """Predictions of every row, or None if the time ran out first."""
        parts = []
        for start in range(0, len(rows), self.CHUNK):
            if self.over():
                return None
            began = self.clock()
            parts.append(problem.predict(rows[start : start + self.CHUNK]))
            self.chunk_seconds = max(self.chunk_seconds, self.clock() - began)
        return np.concatenate(parts) if parts else np.empty(0)


def _candidates(problem: _Problem, count: int, beam: np.ndarray) -> np.ndarray:
    """Changes of `count` measurements, as rows: every one over its grid, every pair over a
    coarser grid, then each of the beam's best changes with one more measurement."""
    n = len(FEATURE_KEYS)
    if count == 1:
        return _with_changes(
            problem.start[None, :], [(i, problem.grid(i, _SINGLE_GRID)) for i in range(n)]
        )
    if count == 2:
        return np.concatenate(
            [_pairs(problem, i, j) for i, j in itertools.combinations(range(n), 2)]
            or [np.empty((0, n))]
        )
    parts = [
        _with_changes(
            row[None, :],
            [(k, problem.grid(k, _BEAM_GRID)) for k in range(n) if row[k] == problem.start[k]],
        )
        for row in beam
    ]
    return np.concatenate(parts) if parts else np.empty((0, n))


def _with_changes(row: np.ndarray, changes: list[tuple[int, np.ndarray]]) -> np.ndarray:
    """The row with one measurement set to one value: each measurement, each of its values."""
    parts = []
    for index, values in changes:
        rows = np.repeat(row, len(values), axis=0)
        rows[:, index] = values
        parts.append(rows)
    return np.concatenate(parts) if parts else np.empty((0, row.shape[1]))


def _pairs(problem: _Problem, i: int, j: int) -> np.ndarray:
    """The start with measurements i and j over their pair grids (j varying fastest)."""
    first, second = problem.grid(i, _PAIR_GRID), problem.grid(j, _PAIR_GRID)
    rows = np.repeat(problem.start[None, :], len(first) * len(second), axis=0)
    rows[:, i] = np.repeat(first, len(second))
    rows[:, j] = np.tile(second, len(first))
    return rows


def _search(
    problem: _Problem, seconds: float, on_step: Progress | None, clock: Callable[[], float]
) -> SmallestChange:
    """Budgeted search for the other kinds: the first size with a change that reaches the goal
    and stays near real wines wins, the smallest such change of that size."""
    budget = _Budget(seconds, clock)
    n = len(FEATURE_KEYS)
    beam = np.empty((0, n))
    far_one = None
    for count in range(1, n + 1):
        if on_step is not None:
            on_step(count - 1, n, f"changing {count} of {n} measurements")
        rows = _candidates(problem, count, beam)
        predicted = _predict_once(problem, budget, rows)
        if predicted is None:
            return problem.answer(far_one, exact=False, near=False, complete=False)
        found = problem.first_near(rows, predicted)
        if found is not None and found >= 0:
            pulled = _pull_back(problem, rows[found])
            return problem.answer(
                pulled if problem.near(pulled[None, :]) else rows[found], exact=False
            )
        if found is not None and far_one is None:
            far_one = _pull_back(problem, rows[-1 - found])
        beam = rows[np.argsort(-predicted, kind="stable")[:_BEAM_WIDTH]]
    return problem.answer(far_one, exact=False, near=False)


def _predict_once(problem: _Problem, budget: _Budget, rows: np.ndarray) -> np.ndarray | None:
    """The predictions of every row, each distinct row predicted once (the beam's changes
    meet: the same measurements reached in another order), in order of first appearance."""
    if not len(rows):
        return np.empty(0)
    _, first, inverse = np.unique(rows, axis=0, return_index=True, return_inverse=True)
    order = np.argsort(first)
    predicted = budget.predict(problem, rows[first[order]])
    if predicted is None:
        return None
    distinct = np.empty(len(first))
    distinct[order] = predicted
    return distinct[inverse.reshape(-1)]


def _pull_back(problem: _Problem, row: np.ndarray) -> np.ndarray:
    """Each changed value moved back towards the start as far as the goal still allows."""
    row = row.copy()
    for i in np.flatnonzero(row != problem.start):
        tries = np.repeat(row[None, :], _PULL_BACK - 1, axis=0)
        tries[:, i] = np.linspace(problem.start[i], row[i], _PULL_BACK)[1:]
        away = np.zeros(tries.shape)
        away[:, i] = np.sign(row[i] - problem.start[i])
        tries = problem.on_grid(tries, away)
        reached = np.flatnonzero(problem.reached(tries))
        if len(reached):
            row = tries[reached[0]]
    return row
