"""The paper's protocol: its metrics, its folds, ours without the duplicate leak, its table."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import KFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from core.errors import SpecError
from core.evaluate import (
    REC_TOLERANCES,
    Evaluation,
    accuracy_within,
    evaluate,
    mad,
    rec_curve,
    repeated_folds,
    row_groups,
)
from core.features import FEATURE_KEYS
from core.models import ModelSpec
from core.paper_benchmark import paper_rows


def test_mad_is_the_mean_absolute_deviation() -> None:
    assert mad(np.array([5, 6, 7]), np.array([5.5, 6.0, 6.0])) == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("tolerance", "expected"),
    [(0.0, 1 / 4), (0.25, 2 / 4), (0.5, 3 / 4), (1.0, 4 / 4)],
)
def test_accuracy_counts_errors_up_to_the_tolerance(tolerance: float, expected: float) -> None:
    y_true = np.array([5, 6, 7, 8])
    y_pred = np.array([5.0, 6.2, 6.5, 9.0])
    assert accuracy_within(y_true, y_pred, tolerance) == pytest.approx(expected)


def test_rec_curve_rises_from_exact_hits_to_everything() -> None:
    y_true = np.array([5, 6, 7, 8])
    y_pred = np.array([5.0, 6.2, 6.5, 9.0])
    curve = rec_curve(y_true, y_pred)
    assert curve[0] == pytest.approx(0.25)
    assert all(later >= earlier for earlier, later in itertools.pairwise(curve))
    assert curve[REC_TOLERANCES.index(1.0)] == 1.0


def _fold_of_each_row(frame: pd.DataFrame, mode: str) -> dict[int, np.ndarray]:
    """Per repeat, the test fold every row fell in."""
    folds: dict[int, np.ndarray] = {}
    counters: dict[int, int] = {}
    for repeat, _, test in repeated_folds(frame, mode, folds=5, repeats=3, seed=0):
        assigned = folds.setdefault(repeat, np.full(len(frame), -1))
        assert (assigned[test] == -1).all(), "a row was tested twice in one repeat"
        assigned[test] = counters.get(repeat, 0)
        counters[repeat] = counters.get(repeat, 0) + 1
    return folds


@pytest.mark.parametrize("wine", ["red", "white"])
def test_leak_free_folds_never_split_identical_wines(wine: str, request) -> None:
    frame = request.getfixturevalue(wine)
    groups = row_groups(frame)
    for assigned in _fold_of_each_row(frame, "leak_free").values():
        assert (assigned >= 0).all()
        folds_per_group = pd.Series(assigned).groupby(groups).nunique()
        assert folds_per_group.max() == 1


@pytest.mark.parametrize("wine", ["red", "white"])
def test_plain_folds_do_split_identical_wines(wine: str, request) -> None:
    """Check the leak exists under the paper's shuffled folds (what the other mode prevents)."""
    frame = request.getfixturevalue(wine)
    groups = row_groups(frame)
    assigned = _fold_of_each_row(frame, "plain")[0]
    assert (assigned >= 0).all()
    assert pd.Series(assigned).groupby(groups).nunique().max() > 1


def test_row_groups_match_duplicated_measurements(red: pd.DataFrame) -> None:
    distinct = len(red) - int(red[list(FEATURE_KEYS)].duplicated().sum())
    assert len(np.unique(row_groups(red))) == distinct


def test_evaluation_agrees_with_plain_scikit_learn(red: pd.DataFrame) -> None:
    x, y = red[list(FEATURE_KEYS)].to_numpy(), red["quality"].to_numpy()
    folds = KFold(5, shuffle=True, random_state=0)
    predicted = cross_val_predict(
        make_pipeline(StandardScaler(), LinearRegression()), x, y, cv=folds
    )
    result = evaluate(ModelSpec.create("red", "linear"), red, "plain", repeats=1, n_jobs=1)
    assert result.mad.mean == pytest.approx(np.mean(np.abs(predicted - y)))
    assert result.accuracy[0.5].mean == pytest.approx(np.mean(np.abs(predicted - y) <= 0.5))
    assert result.mad.std == 0.0


@pytest.mark.parametrize("wine", ["red", "white"])
def test_multiple_regression_reproduces_the_paper(wine: str, request) -> None:
    """Check our linear regression against the paper's multiple regression row.

    Tolerance 0.01 for MAD and 1 percentage point for accuracies: the paper's fold draws are
    not ours (over 20 repeats our spread of the mean is about 0.05 pp), it selected input
    variables by sensitivity analysis where we keep all 11, and it prints two decimals of
    MAD and one of a percentage. We measured differences of at most 0.2 pp.
    """
    frame = request.getfixturevalue(wine)
    result = evaluate(ModelSpec.create(wine, "linear"), frame, "plain", n_jobs=1)
    published = next(row for row in paper_rows(wine) if row.method.startswith("Multiple"))
    assert result.repeats == 20
    assert result.mad.mean == pytest.approx(published.mad, abs=0.01)
    for tolerance, accuracy in published.accuracy.items():
        assert result.accuracy[tolerance].mean == pytest.approx(accuracy, abs=0.01)


def test_evaluation_survives_json(red: pd.DataFrame) -> None:
    result = evaluate(ModelSpec.create("red", "ridge"), red, "leak_free", repeats=2, n_jobs=1)
    assert Evaluation.from_dict(result.to_dict()) == result.__class__(
        **(vars(result) | {"seconds": round(result.seconds, 2)})
    )


def test_progress_is_reported_after_each_repeat(red: pd.DataFrame) -> None:
    seen: list[tuple[int, int]] = []
    evaluate(
        ModelSpec.create("red", "linear"),
        red,
        repeats=3,
        n_jobs=1,
        on_repeat=lambda d, t: seen.append((d, t)),
    )
    assert seen == [(1, 3), (2, 3), (3, 3)]


@pytest.mark.parametrize(
    ("mode", "folds", "repeats"), [("stratified", 5, 1), ("plain", 1, 1), ("plain", 5, 0)]
)
def test_bad_protocol_is_refused(red: pd.DataFrame, mode: str, folds: int, repeats: int) -> None:
    with pytest.raises(SpecError):
        evaluate(ModelSpec(), red, mode, folds=folds, repeats=repeats, n_jobs=1)
