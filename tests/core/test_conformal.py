"""The 90% intervals and grade sets, checked against MAPIE and against the conformal guarantee.

Behaviours checked:
- the kept split interval's half-width is the ⌈(n+1)·0.9⌉-th smallest held-out |error| of an
  independently fitted pipeline;
- the kept adaptive interval equals MAPIE's own `predict_interval`, for held-out and far wines;
- on the held-out split (one half calibrates, the other is scored) the intervals cover within
  the finite-sample guarantee's band, for both wines, a linear and a tree kind;
- the grade set contains the true grade at least as often, within the same band;
- the adaptive interval is wider for a wine the page calls far from the data than for the
  median wine, and grows with the distance; split conformal's width does not move;
- a wine's interval is the same alone as in a batch of hundreds (the two distance paths);
- the spread's slope never falls below its floor (twice the spread at the far distance);
- a grade set is the whole grades inside the interval, or the nearest grade when none is;
  given the training wines' grades, it lists only those (a red interval reaching 10 lists no
  9 or 10), and the nearest of them when none is inside;
- an interval printed to one decimal is rounded inward: it holds exactly the whole grades the
  true interval holds.

The band: with n calibration wines and k = ⌈(n+1)·0.9⌉, the number of m exchangeable new wines
an interval covers is Beta-binomial(m, k, n+1−k) (Vovk 2012; Angelopoulos and Bates 2021,
section 3.2). The tests accept the central 99.9% of that distribution.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from mapie.conformity_scores import ResidualNormalisedScore
from mapie.regression import SplitConformalRegressor
from scipy.stats import betabinom
from sklearn.model_selection import train_test_split

from core.conformal import DistanceSpread, calibrate, grade_sets, shown_bounds
from core.data import WINES, load_wine
from core.explain import WineNeighbours
from core.features import FEATURE_KEYS, median_wine
from core.models import ModelSpec, build_pipeline
from core.scoring import predict_one, wine_vector
from core.train import split_data, train_model

# A combination every page flags "far from every real wine", each value inside the data.
FAR = {"alcohol": 14.0, "sulphates": 1.5, "chlorides": 0.3}


def _halves(wine: str, kind: str):
    """The tutorial split, the model fitted on its training part, and two held-out halves."""
    frame = load_wine(wine)
    x_train, x_test, y_train, y_test = split_data(frame, test_size=0.2, seed=0)
    model = build_pipeline(ModelSpec.create(wine, kind)).fit(x_train, y_train)
    first, second = train_test_split(np.arange(len(y_test)), test_size=0.5, random_state=0)
    return model, x_train, x_test, y_test, ((first, second), (second, first))


def _band(calibrated: int, scored: int) -> tuple[float, float]:
    """The central 99.9% of the covered count, as a share of the scored wines."""
    k = math.ceil((calibrated + 1) * 0.9)
    low, high = betabinom(scored, k, calibrated + 1 - k).ppf([0.0005, 0.9995])
    return low / scored, high / scored


def test_split_half_width_is_the_conformal_quantile_of_held_out_errors(red) -> None:
    """The reference method by hand: sorted |error|, the ⌈(n+1)·0.9⌉-th."""
    x_train, x_test, y_train, y_test = split_data(red, test_size=0.2, seed=0)
    model = build_pipeline(ModelSpec()).fit(x_train, y_train)
    kept = calibrate(model, x_train, x_test, y_test, method="split")
    errors = np.sort(np.abs(y_test - model.predict(x_test)))
    expected = errors[math.ceil((len(errors) + 1) * 0.9) - 1]
    np.testing.assert_allclose(kept.half_width(x_test[:3]), expected, rtol=1e-9)


@pytest.mark.parametrize("kind", ["ridge", "random_forest"])
def test_adaptive_interval_equals_mapies_own(red, kind: str) -> None:
    """Check the fast kept numbers against MAPIE's predict_interval on held-out and far wines."""
    x_train, x_test, y_train, y_test = split_data(red, test_size=0.2, seed=0)
    model = build_pipeline(ModelSpec.create("red", kind)).fit(x_train, y_train)
    kept = calibrate(model, x_train, x_test, y_test, seed=0)
    score = ResidualNormalisedScore(residual_estimator=DistanceSpread(x_train), random_state=0)
    mapie = SplitConformalRegressor(model, confidence_level=0.9, conformity_score=score)
    mapie.conformalize(x_test, y_test)
    far = wine_vector(median_wine(red) | FAR)[None, :]
    rows = np.vstack([x_test[:20], far])
    predicted, bounds = mapie.predict_interval(rows)
    half = kept.half_width(rows)
    np.testing.assert_allclose(predicted - half, bounds[:, 0, 0], rtol=1e-9)
    np.testing.assert_allclose(predicted + half, bounds[:, 1, 0], rtol=1e-9)


@pytest.mark.parametrize("wine", WINES)
@pytest.mark.parametrize("kind", ["ridge", "random_forest"])
@pytest.mark.parametrize("method", ["split", "distance"])
def test_held_out_coverage_is_within_the_finite_sample_band(wine, kind, method) -> None:
    """Each half calibrates; the other half's coverage must fall in the Beta-binomial band.

    The adaptive method calibrates on the 75% of its half that did not fit the spread.
    """
    model, x_train, x_test, y_test, halves = _halves(wine, kind)
    for calibrating, scored in halves:
        kept = calibrate(
            model, x_train, x_test[calibrating], y_test[calibrating], method=method, seed=0
        )
        predicted = model.predict(x_test[scored])
        half = kept.half_width(x_test[scored])
        covered = np.abs(y_test[scored] - predicted) <= half + 1e-9
        n = len(calibrating)
        used = n if method == "split" else n - math.ceil(0.25 * n)
        low, high = _band(used, len(scored))
        assert low <= covered.mean() <= high


@pytest.mark.parametrize("wine", WINES)
def test_grade_set_holds_the_true_grade_at_the_promised_rate(wine) -> None:
    """Check the grade sets of the shipped method on the other half, for a linear kind, listing
    only the grades of the training wines (as the pages do)."""
    model, x_train, x_test, y_test, halves = _halves(wine, "ridge")
    observed = np.unique(split_data(load_wine(wine), test_size=0.2, seed=0)[2]).tolist()
    for calibrating, scored in halves:
        kept = calibrate(model, x_train, x_test[calibrating], y_test[calibrating], seed=0)
        predicted = np.clip(model.predict(x_test[scored]), 0, 10)
        half = kept.half_width(x_test[scored])
        sets = grade_sets(predicted, predicted - half, predicted + half, observed)
        held = np.mean([int(g) in s for g, s in zip(y_test[scored], sets, strict=True)])
        n = len(calibrating)
        low, _ = _band(n - math.ceil(0.25 * n), len(scored))
        assert held >= low


@pytest.mark.parametrize("wine", WINES)
@pytest.mark.parametrize("kind", ["ridge", "random_forest"])
def test_adaptive_interval_is_wider_far_from_the_data(wine, kind) -> None:
    """The interval widens with the distance, in step with the far-from-data warning."""
    frame = load_wine(wine)
    result = train_model(ModelSpec.create(wine, kind), frame)
    median = median_wine(frame)
    far = median | FAR
    assert not WineNeighbours(frame).around(median).far
    assert WineNeighbours(frame).around(far).far
    widths = [
        predict_one(result, median | {"alcohol": alcohol}) for alcohol in (median["alcohol"], 13.0)
    ] + [predict_one(result, far)]
    spans = [p.high - p.low for p in widths]
    assert spans[0] < spans[1] < spans[2]


def test_split_interval_has_one_width_for_every_wine(red) -> None:
    x_train, x_test, y_train, y_test = split_data(red, test_size=0.2, seed=0)
    model = build_pipeline(ModelSpec()).fit(x_train, y_train)
    kept = calibrate(model, x_train, x_test, y_test, method="split")
    far = wine_vector(median_wine(red) | FAR)[None, :]
    assert kept.half_width(far)[0] == kept.half_width(x_test[:1])[0]


def test_interval_is_the_same_alone_and_in_a_batch(red) -> None:
    x_train, x_test, y_train, y_test = split_data(red, test_size=0.2, seed=0)
    model = build_pipeline(ModelSpec()).fit(x_train, y_train)
    kept = calibrate(model, x_train, x_test, y_test)
    alone = np.concatenate([kept.half_width(x_test[i : i + 1]) for i in range(len(x_test))])
    np.testing.assert_allclose(kept.half_width(x_test), alone, rtol=1e-6)


def test_spread_slope_never_falls_below_its_floor(red) -> None:
    """Errors with no trend in distance still give twice the spread at the far distance."""
    x_train, x_test, _, _ = split_data(red, test_size=0.2, seed=0)
    flat = np.full(len(x_test), math.log(0.5))
    spread = DistanceSpread(x_train).fit(x_test, flat)
    assert spread.base_ == pytest.approx(0.5)
    assert spread.slope_ * spread.far_distance_ == pytest.approx(spread.base_)


@pytest.mark.parametrize(
    ("quality", "low", "high", "expected"),
    [
        (5.6, 4.6, 6.6, (5, 6)),
        (5.0, 4.0, 6.0, (4, 5, 6)),
        (5.5, 5.2, 5.8, (6,)),
        (9.8, 8.9, 10.0, (9, 10)),
    ],
)
def test_grade_set_is_the_whole_grades_in_the_interval(quality, low, high, expected) -> None:
    assert grade_sets(np.array([quality]), np.array([low]), np.array([high])) == (expected,)


@pytest.mark.parametrize(
    ("quality", "low", "high", "expected"),
    [
        (8.6, 6.2, 10.0, (7, 8)),
        (9.5, 9.1, 9.9, (8,)),
        (2.4, 0.0, 3.6, (3,)),
        (5.6, 4.6, 6.6, (5, 6)),
    ],
)
def test_grade_set_lists_only_grades_tasters_gave(quality, low, high, expected) -> None:
    observed = (3, 4, 5, 6, 7, 8)  # the red wines' grades
    sets = grade_sets(np.array([quality]), np.array([low]), np.array([high]), observed)
    assert sets == (expected,)


def test_shipped_red_model_never_lists_a_grade_no_red_wine_got() -> None:
    frame = load_wine("red")
    result = train_model(ModelSpec.create("red", "ridge"), frame)
    wine = median_wine(frame) | {"alcohol": 14.9, "volatile_acidity": 0.12, "sulphates": 2.0}
    prediction = predict_one(result, wine)
    assert prediction.high == 10.0
    assert set(prediction.grades) <= set(frame["quality"].unique())
    assert max(prediction.grades) == frame["quality"].max()


@pytest.mark.parametrize(
    ("low", "high", "shown"),
    [
        (5.004, 6.996, (5.1, 6.9)),
        (5.0, 7.0, (5.0, 7.0)),
        (4.96, 7.04, (5.0, 7.0)),
        (6.18, 10.0, (6.2, 10.0)),
        (5.02, 5.07, (5.0, 5.0)),
    ],
)
def test_printed_interval_is_rounded_inward(low, high, shown) -> None:
    assert shown_bounds(low, high) == pytest.approx(shown)


def test_printed_interval_holds_exactly_the_grades_of_the_true_one() -> None:
    rng = np.random.default_rng(0)
    decimals = rng.integers(1, 5, 2000)  # some bounds fall on the printed steps exactly
    low = np.array(
        [round(v, int(d)) for v, d in zip(rng.uniform(0, 9, 2000), decimals, strict=True)]
    )
    high = np.minimum(low + rng.uniform(0.3, 3, 2000), 10)
    mid = (low + high) / 2
    printed = np.array([shown_bounds(lo, hi) for lo, hi in zip(low, high, strict=True)])
    assert grade_sets(mid, printed[:, 0], printed[:, 1]) == grade_sets(mid, low, high)


def test_feature_order_of_far_wine_is_the_declared_one() -> None:
    """The far wine names real features (a typo would silently test the median wine)."""
    assert set(FAR) <= set(FEATURE_KEYS)
