"""What would make a wine a better grade.

Behaviours checked:
- the default target is the next whole grade up, and the choices run from it to 10;
- the similar better wines are the nearest real wines graded at least the target, with the
  measurements in which each differs most: the same as a plain pandas computation;
- the smallest change's wine reaches target − 0.5 according to `core`, keeps every value in
  the real range and on the sliders' steps, and changes only what it lists;
- for the linear kinds it is minimal: every set of fewer measurements either cannot reach the
  goal at all (its best corner falls short) or only far from real wines; and no set of as many
  measurements reaches it with a smaller standardised change that stays near real wines (an
  independent solver, SciPy's SLSQP, on every set; and a brute force on a grid for one);
- the fast exact path (every size's sets solved at once, the infeasible ones pruned) gives
  exactly what a brute force gives that solves one set of measurements at a time, rounds each
  value on its own and asks nearness of one wine at a time: on many real wines and targets
  (hypothesis), which also checks the nearness property: the answer is the smallest change
  that stays near real wines in the first size that has one, else the smallest far one; and
  a measurement it does not change keeps its value even off the slider's steps;
- a target beyond what the real ranges allow is said to be out of reach, exactly when the
  best corner of the range falls short;
- a wine already at the goal needs no change;
- for another kind the search finds a change that reaches the goal, and stops when its time
  budget is spent (said as an incomplete search);
- a real wine whose exact twin in the data was graded outside its interval's grades has its
  twin reported; the median wine has none.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize

from core.counterfactual import (
    _NEAR_TRIED,
    GOAL_MARGIN,
    better_real_wines,
    default_target,
    minimal_steps,
    smallest_change,
    target_choices,
)
from core.explain import WineNeighbours, twins_outside
from core.features import FEATURE_KEYS, feature_ranges, median_wine
from core.models import ModelSpec
from core.scoring import predict_one, predict_rows, wine_vector
from core.train import train_model


@pytest.fixture(scope="module")
def neighbours(red) -> WineNeighbours:
    return WineNeighbours(red)


@pytest.fixture(scope="module")
def ranges(red):
    return feature_ranges(red)


@pytest.fixture(scope="module", params=["ridge", "lasso"])
def linear(request, red):
    return train_model(ModelSpec.create("red", request.param), red)


def _wines(red) -> dict[str, dict[str, float]]:
    """The median wine and three real red wines (rows 1, 100 and 1000 of the file)."""
    real = {
        f"row {row + 1}": {key: float(red[key].iloc[row]) for key in FEATURE_KEYS}
        for row in (0, 99, 999)
    }
    return {"median": median_wine(red)} | real


@pytest.fixture(scope="module")
def ridge(red):
    return train_model(ModelSpec(), red)


def _on_step(value: float, start: float, bounds, away: float) -> float:
    """One value on its slider's steps: away from the start in the direction `away` (the
    start itself stays, on the steps or not)."""
    if value == start:
        return start
    steps = (value - bounds.low) / bounds.step
    whole = math.ceil(steps - 1e-7) if away > 0 else math.floor(steps + 1e-7)
    snapped = min(max(bounds.low + whole * bounds.step, bounds.low), bounds.high)
    return float(np.round(snapped, bounds.decimals))


def _brute_force(result, wine, target, ranges, neighbours) -> dict[str, float] | None:
    """The documented answer, one set of measurements and one wine at a time: in the first
    size with a change that stays near real wines, the first such among that size's
    `_NEAR_TRIED` smallest changes that reach the goal; else the smallest far one."""
    x, scale, low, high, effect, gap = _problem(result, wine, target, ranges, neighbours)
    goal = target - GOAL_MARGIN
    cap = np.where(effect > 0, high, -low)
    usable = [i for i in range(len(FEATURE_KEYS)) if effect[i] != 0 and cap[i] > 0]
    far = None
    for count in range(1, len(usable) + 1):
        reaching = []
        for subset in itertools.combinations(usable, count):
            step = minimal_steps(effect[None, list(subset)], cap[None, list(subset)], gap)[0]
            if np.isnan(step[0]):
                continue
            row = x.copy()
            for i, d in zip(subset, step, strict=True):
                value = x[i] + d * scale[i]
                row[i] = _on_step(value, x[i], ranges[FEATURE_KEYS[i]], effect[i])
            if predict_rows(result, row[None, :])[0] >= goal - 1e-9:
                reaching.append((float(np.linalg.norm((row - x) / scale)), row))
        tried = [row for _, row in sorted(reaching, key=lambda pair: pair[0])][:_NEAR_TRIED]
        for row in tried:
            if neighbours.near(row)[0]:
                return dict(zip(FEATURE_KEYS, map(float, row), strict=True))
        far = tried[0] if far is None and tried else far
    return None if far is None else dict(zip(FEATURE_KEYS, map(float, far), strict=True))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(row=st.integers(0, 1598), step=st.integers(0, 3))
def test_the_fast_exact_path_gives_what_a_brute_force_gives(
    red, ridge, neighbours, ranges, row, step
) -> None:
    """Check the exact path against one set and one wine at a time, on real red wines."""
    wine = {key: float(red[key].iloc[row]) for key in FEATURE_KEYS}
    target = min(default_target(predict_one(ridge, wine).quality) + step, 10)
    found = smallest_change(ridge, wine, target, ranges=ranges, neighbours=neighbours)
    expected = _brute_force(ridge, wine, target, ranges, neighbours)
    assert found.wine == expected
    if found.reachable:
        assert found.near == bool(neighbours.near(wine_vector(found.wine))[0])


@pytest.mark.parametrize(("quality", "target"), [(5.4, 6), (5.6, 7), (9.7, 10), (10.0, 10)])
def test_the_default_target_is_the_next_grade_up(quality, target) -> None:
    """Check that the target starts one grade above the one the prediction rounds to."""
    assert default_target(quality) == target
    assert target_choices(quality)[0] == target
    assert target_choices(quality)[-1] == 10


def test_similar_better_wines_equal_a_pandas_computation(red, neighbours) -> None:
    """Check the better wines against distances and differences computed with pandas."""
    wine = median_wine(red)
    found = better_real_wines(neighbours, wine, 7)
    features = red[list(FEATURE_KEYS)]
    scale = features.std(ddof=0)
    apart = (features - pd.Series(wine)) / scale
    distance = np.sqrt((apart**2).sum(axis=1))
    better = distance[red["quality"] >= 7].sort_values(kind="stable").head(3)
    assert [w.row for w in found] == [index + 1 for index in better.index]
    assert [w.distance for w in found] == pytest.approx(better.to_list())
    for shown, index in zip(found, better.index, strict=True):
        assert shown.grade == red["quality"].loc[index] >= 7
        most = apart.loc[index].abs().sort_values(ascending=False, kind="stable").head(3)
        assert [d.key for d in shown.differences] == list(most.index)
        assert [d.other for d in shown.differences] == list(features.loc[index, most.index])


@pytest.mark.parametrize("name", ["median", "row 1", "row 100", "row 1000"])
@pytest.mark.parametrize("step", [1, 2])
def test_the_smallest_change_reaches_the_target_inside_the_ranges(
    red, linear, neighbours, ranges, name, step
) -> None:
    """Check that the new wine reaches target − 0.5 per core, inside every range, on the steps."""
    wine = _wines(red)[name]
    target = default_target(predict_one(linear, wine).quality) + step - 1
    found = smallest_change(linear, wine, target, ranges=ranges, neighbours=neighbours)
    assert found.reachable
    assert found.exact
    assert predict_one(linear, found.wine).quality >= target - GOAL_MARGIN
    for key, value in found.wine.items():
        assert ranges[key].low <= value <= ranges[key].high
        assert round(value, ranges[key].decimals) == value
    assert {d.key for d in found.changes} == {k for k in FEATURE_KEYS if found.wine[k] != wine[k]}


def _problem(result, wine, target, ranges, neighbours):
    """The goal in standardised units, solved independently of core.counterfactual."""
    scale = neighbours.scale
    x = np.array([wine[k] for k in FEATURE_KEYS])
    low = (np.array([ranges[k].low for k in FEATURE_KEYS]) - x) / scale
    high = (np.array([ranges[k].high for k in FEATURE_KEYS]) - x) / scale
    effect = result.linear_weights.weights * scale
    gap = target - GOAL_MARGIN - predict_one(result, wine).quality
    return x, scale, low, high, effect, gap


def _slsqp(effect, low, high, gap, subset) -> np.ndarray | None:
    """Min Σd² with Σ effect·d ≥ gap and the box, over one set of measurements (SLSQP)."""
    chosen = list(subset)
    corner = np.where(effect[chosen] > 0, high[chosen], low[chosen])
    if effect[chosen] @ corner < gap - 1e-9:
        return None
    solved = minimize(
        lambda d: d @ d,
        corner,
        jac=lambda d: 2 * d,
        bounds=list(zip(low[chosen], high[chosen], strict=True)),
        constraints=[{"type": "ineq", "fun": lambda d: effect[chosen] @ d - gap}],
        method="SLSQP",
        options={"ftol": 1e-12, "maxiter": 500},
    )
    return solved.x if solved.success else None


@pytest.mark.parametrize("name", ["median", "row 1", "row 100"])
def test_no_change_of_fewer_measurements_or_smaller_size_reaches_it(
    red, linear, neighbours, ranges, name
) -> None:
    """Check minimality for the linear kinds with SciPy's SLSQP on every set of measurements."""
    wine = _wines(red)[name]
    target = default_target(predict_one(linear, wine).quality)
    found = smallest_change(linear, wine, target, ranges=ranges, neighbours=neighbours)
    assert found.near
    x, scale, low, high, effect, gap = _problem(linear, wine, target, ranges, neighbours)
    count = len(found.changes)
    best_near = np.inf
    for size in range(1, count + 1):
        for subset in itertools.combinations(range(len(FEATURE_KEYS)), size):
            step = _slsqp(effect, low, high, gap, subset)
            if step is None:
                continue
            row = x.copy()
            row[list(subset)] += step * scale[list(subset)]
            near = bool(neighbours.near(row)[0])
            assert size == count or not near, f"{subset} reaches it with fewer measurements"
            if near:
                best_near = min(best_near, float(np.linalg.norm(step)))
    # ours is rounded to the sliders' steps, away from the start: at most one step more
    rounding = float(np.linalg.norm([ranges[d.key].step / scale[FEATURE_KEYS.index(d.key)]
                                     for d in found.changes]))  # fmt: skip
    assert best_near - 1e-6 <= found.size <= best_near + rounding + 1e-6


def test_one_measurement_changes_agree_with_a_brute_force_on_a_grid(
    red, neighbours, ranges
) -> None:
    """Check a one-measurement answer against every slider position of every measurement."""
    result = train_model(ModelSpec(), red)
    wine = median_wine(red)
    found = smallest_change(result, wine, 7, ranges=ranges, neighbours=neighbours)
    assert len(found.changes) == 1
    best = (np.inf, None)
    for key in FEATURE_KEYS:
        bounds = ranges[key]
        positions = np.round(np.arange(bounds.low, bounds.high + bounds.step / 2, bounds.step), 6)
        rows = [wine | {key: float(v)} for v in positions]
        for row, value in zip(rows, positions, strict=True):
            size = abs(value - wine[key]) / neighbours.scale[FEATURE_KEYS.index(key)]
            reaches = size < best[0] and predict_one(result, row).quality >= 7 - GOAL_MARGIN
            if reaches and neighbours.near(np.array([row[k] for k in FEATURE_KEYS]))[0]:
                best = (size, (key, float(value)))
    assert (found.changes[0].key, found.changes[0].other) == best[1]
    assert found.size == pytest.approx(best[0])


@pytest.mark.parametrize("target", [9, 10])
def test_an_unreachable_target_is_said_exactly_when_the_best_corner_falls_short(
    red, linear, neighbours, ranges, target
) -> None:
    """Check reachability against the best corner of the real ranges."""
    wine = median_wine(red)
    _, _, low, high, effect, gap = _problem(linear, wine, target, ranges, neighbours)
    best = float(effect @ np.where(effect > 0, high, low))
    found = smallest_change(linear, wine, target, ranges=ranges, neighbours=neighbours)
    assert found.reachable == (best >= gap)
    if not found.reachable:
        assert found.wine is None
        assert found.changes == ()


def test_a_wine_already_at_the_goal_needs_no_change(red, neighbours, ranges) -> None:
    """Check that asking for the grade a wine already has changes nothing."""
    result = train_model(ModelSpec(), red)
    wine = median_wine(red)
    found = smallest_change(result, wine, 6, ranges=ranges, neighbours=neighbours)
    assert found.reachable
    assert found.changes == ()
    assert found.size == 0


@pytest.fixture(scope="module")
def svr(red):
    return train_model(ModelSpec.create("red", "svr"), red)


def test_the_search_for_other_kinds_reaches_the_goal(red, svr, neighbours, ranges) -> None:
    """Check that the budgeted search's wine reaches the goal per core inside the ranges."""
    wine = median_wine(red)
    steps = []
    found = smallest_change(
        svr,
        wine,
        7,
        ranges=ranges,
        neighbours=neighbours,
        budget_seconds=600,  # the test is about what is found, not how fast (bench/ is)
        on_step=lambda *a: steps.append(a),
    )
    assert found.reachable
    assert not found.exact
    assert found.near
    assert predict_one(svr, found.wine).quality >= 7 - GOAL_MARGIN
    assert all(ranges[k].low <= v <= ranges[k].high for k, v in found.wine.items())
    assert steps
    assert steps[0][:2] == (0, len(FEATURE_KEYS))


def test_the_search_stops_when_its_budget_is_spent(red, svr, neighbours, ranges) -> None:
    """Check that a clock past the budget ends the search, said as incomplete."""
    ticks = iter(range(1_000))
    found = smallest_change(
        svr,
        median_wine(red),
        9,
        ranges=ranges,
        neighbours=neighbours,
        budget_seconds=2,
        clock=lambda: float(next(ticks)),
    )
    assert not found.complete


def test_a_twin_graded_otherwise_is_reported(red, neighbours) -> None:
    """Check that real wine no. 8 (graded 7; its exact twin no. 9 too) is reported when its
    interval spans 5 and 6, and that the median wine has no such twin."""
    result = train_model(ModelSpec(), red)
    wine = {key: float(red[key].iloc[7]) for key in FEATURE_KEYS}
    grades = predict_one(result, wine).grades
    assert 7 not in grades
    twins = twins_outside(neighbours, wine, grades)
    assert twins is not None
    assert 7 in twins.grades
    assert twins.count >= 1
    median = median_wine(red)
    assert twins_outside(neighbours, median, predict_one(result, median).grades) is None
