"""Training and evaluation, checked against plain scikit-learn on the same split.

Behaviours checked:
- the default Ridge's test metrics, baseline and CV RMSE equal an independent computation on a
  `GroupShuffleSplit` with the same groups and seed (identical wines on one side), its CV on
  `GroupKFold`;
- a forest's held-out and training metrics equal plain scikit-learn on the same grouped split;
- the tutorial split is `train_test_split`'s, its CV `KFold(5)`'s;
- no wine of the held-out part has a twin in the training part on the grouped split;
- training error is measured on the training wines;
- the folded linear path predicts what the pipeline predicts;
- the 90% interval is calibrated on the held-out part (its numbers: tests/core/test_conformal.py);
- the validation curve equals scikit-learn's own, value by value;
- the alpha grid follows the declared log scale;
- a curve computed step by step (to report progress) equals scikit-learn's `validation_curve`,
  and reports every fit;
- training reports each step and gives the same model as training without a listener;
- the training time covers the whole call, the interval's calibration included;
- a slow kind's curve is cut (folds, then values) to fit the time budget; a fast one is not;
- the forest's curve defaults to a setting that is not a count of trees;
- a training time estimate scales the nearest measurement by the number of trees.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn.ensemble import RandomForestRegressor
from sklearn.linear_model import Ridge
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score
from sklearn.model_selection import KFold, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import core.train
from core.features import FEATURE_KEYS
from core.models import ModelSpec, get_kind
from core.time_budget import (
    TIME_BUDGET_SECONDS,
    estimate_train_seconds,
    plan_validation_curve,
    teaching_parameter,
)
from core.train import TRAIN_STEPS, compute_validation_curve, parameter_grid, train_model
from tests.splits import grouped_folds, grouped_train_test_split


def _tutorial_split(frame, test_size=0.2, seed=0):
    x = frame[list(FEATURE_KEYS)].to_numpy()
    y = frame["quality"].to_numpy()
    return train_test_split(x, y, test_size=test_size, random_state=seed)


def _grouped_split(frame, test_size=0.2, seed=0):
    x = frame[list(FEATURE_KEYS)].to_numpy()
    y = frame["quality"].to_numpy()
    return grouped_train_test_split(x, y, frame, test_size, seed)


def _independent_rmse(y_true, y_pred) -> float:
    return math.sqrt(sum((a - b) ** 2 for a, b in zip(y_true, y_pred, strict=True)) / len(y_true))


@pytest.fixture(scope="module")
def ridge_result(red):
    return train_model(ModelSpec(), red)


def test_ridge_metrics_equal_plain_sklearn_on_the_same_split(red, ridge_result) -> None:
    x_train, x_test, y_train, y_test = _grouped_split(red)
    expected = make_pipeline(StandardScaler(), Ridge(alpha=0.5)).fit(x_train, y_train)
    y_pred = expected.predict(x_test)
    metrics = ridge_result.test_metrics
    assert metrics.mse == pytest.approx(mean_squared_error(y_test, y_pred), rel=1e-12)
    assert metrics.rmse == pytest.approx(_independent_rmse(y_test, y_pred), rel=1e-12)
    assert metrics.mae == pytest.approx(mean_absolute_error(y_test, y_pred), rel=1e-12)
    assert metrics.r2 == pytest.approx(r2_score(y_test, y_pred), rel=1e-12)
    assert (ridge_result.train_rows, ridge_result.test_rows) == (len(y_train), len(y_test))
    np.testing.assert_allclose(ridge_result.y_pred, y_pred)
    training = ridge_result.train_metrics
    assert training.rmse == pytest.approx(
        _independent_rmse(y_train, expected.predict(x_train)), rel=1e-12
    )


def test_grouped_split_keeps_identical_wines_on_one_side(red, ridge_result) -> None:
    """Check that no held-out wine is measured exactly like a training wine."""
    x_train, _, _, _ = _grouped_split(red)
    seen = {tuple(row) for row in x_train}
    assert not any(tuple(row) in seen for row in ridge_result.x_test)
    tutorial = train_model(ModelSpec.create(split="tutorial"), red)
    assert any(tuple(row) in {tuple(r) for r in _tutorial_split(red)[0]} for row in tutorial.x_test)


def test_forest_metrics_equal_plain_sklearn_on_the_same_grouped_split(red) -> None:
    spec = ModelSpec.create("red", "random_forest", n_estimators=20, seed=3)
    result = train_model(spec, red)
    x_train, x_test, y_train, y_test = _grouped_split(red, seed=3)
    forest = RandomForestRegressor(n_estimators=20, max_depth=20, random_state=3, n_jobs=1)
    forest.fit(x_train, y_train)
    assert result.test_metrics.rmse == pytest.approx(
        _independent_rmse(y_test, forest.predict(x_test)), rel=1e-12
    )
    assert result.train_metrics.rmse == pytest.approx(
        _independent_rmse(y_train, forest.predict(x_train)), rel=1e-12
    )
    assert result.train_metrics.rmse < result.test_metrics.rmse / 2


def test_tutorial_split_equals_train_test_split_and_its_cv_kfold(red) -> None:
    result = train_model(ModelSpec.create(split="tutorial"), red)
    x_train, x_test, y_train, y_test = _tutorial_split(red)
    expected = make_pipeline(StandardScaler(), Ridge(alpha=0.5)).fit(x_train, y_train)
    assert result.test_metrics.rmse == pytest.approx(
        _independent_rmse(y_test, expected.predict(x_test)), rel=1e-12
    )
    assert (result.train_rows, result.test_rows) == (1279, 320)
    scores = []
    for fit_rows, score_rows in KFold(5).split(x_train):
        model = make_pipeline(StandardScaler(), Ridge(alpha=0.5))
        model.fit(x_train[fit_rows], y_train[fit_rows])
        scores.append(_independent_rmse(y_train[score_rows], model.predict(x_train[score_rows])))
    assert result.cv_rmse_mean == pytest.approx(np.mean(scores), rel=1e-12)


def test_baseline_predicts_the_training_mean(red, ridge_result) -> None:
    _, _, y_train, y_test = _grouped_split(red)
    expected = _independent_rmse(y_test, [y_train.mean()] * len(y_test))
    assert ridge_result.baseline_metrics.rmse == pytest.approx(expected, rel=1e-12)
    assert ridge_result.test_metrics.rmse < ridge_result.baseline_metrics.rmse


def test_cv_rmse_is_five_grouped_folds_on_the_training_part(red, ridge_result) -> None:
    x_train, _, y_train, _ = _grouped_split(red)
    scores = []
    for fit_rows, score_rows in grouped_folds(red):
        model = make_pipeline(StandardScaler(), Ridge(alpha=0.5))
        model.fit(x_train[fit_rows], y_train[fit_rows])
        scores.append(_independent_rmse(y_train[score_rows], model.predict(x_train[score_rows])))
    assert ridge_result.cv_rmse_mean == pytest.approx(np.mean(scores), rel=1e-12)
    assert ridge_result.cv_rmse_std == pytest.approx(np.std(scores), rel=1e-9)


def test_folded_linear_path_predicts_like_the_pipeline(ridge_result) -> None:
    fold = ridge_result.linear_weights
    folded = ridge_result.x_test @ fold.weights + fold.bias
    np.testing.assert_allclose(folded, ridge_result.pipeline.predict(ridge_result.x_test))


def test_interval_is_calibrated_on_the_held_out_part(ridge_result) -> None:
    """Check the interval counts the held-out wines as its calibration set."""
    assert ridge_result.interval.calibration_rows == ridge_result.test_rows
    assert ridge_result.summary()["interval"]["method"] == "distance"


def test_validation_curve_equals_manual_cross_validation(red) -> None:
    curve = compute_validation_curve(ModelSpec(), red, "alpha", (0.5, 10000.0), n_jobs=1)
    x_train, _, y_train, _ = _grouped_split(red)
    for alpha, cv_rmse in zip(curve.values, curve.cv_rmse, strict=True):
        scores = []
        for fit_rows, score_rows in grouped_folds(red):
            model = make_pipeline(StandardScaler(), Ridge(alpha=alpha))
            model.fit(x_train[fit_rows], y_train[fit_rows])
            scores.append(
                _independent_rmse(y_train[score_rows], model.predict(x_train[score_rows]))
            )
        assert cv_rmse == pytest.approx(np.mean(scores), rel=1e-9)
    assert curve.cv_rmse[1] > curve.cv_rmse[0]


def test_alpha_grid_spans_the_declared_log_range() -> None:
    grid = parameter_grid(get_kind("ridge").hyperparameter("alpha"))
    assert len(grid) == 20
    assert grid[0] == pytest.approx(1e-3)
    assert grid[-1] == pytest.approx(1e5)
    ratios = np.diff(np.log10(grid))
    np.testing.assert_allclose(ratios, ratios[0])


def test_integer_grid_has_unique_whole_values() -> None:
    grid = parameter_grid(get_kind("random_forest").hyperparameter("max_depth"))
    assert all(isinstance(value, int) for value in grid)
    assert len(set(grid)) == len(grid)


def test_step_by_step_curve_equals_sklearn_validation_curve_and_reports_each_fit(red) -> None:
    spec = ModelSpec.create("red", "random_forest", n_estimators=10)
    heard = []
    stepped = compute_validation_curve(
        spec, red, "max_depth", (2, 8), folds=3, on_step=lambda *step: heard.append(step)
    )
    pooled = compute_validation_curve(spec, red, "max_depth", (2, 8), folds=3, n_jobs=1)
    assert stepped == pooled
    assert [done for done, _, _ in heard] == list(range(7))
    assert heard[3][2] == "max_depth = 8 (value 2 of 2), fold 1 of 3"


def test_training_reports_each_step_and_gives_the_same_model(red, ridge_result) -> None:
    heard = []
    result = train_model(ModelSpec(), red, on_step=lambda *step: heard.append(step))
    assert [done for done, _, _ in heard] == list(range(TRAIN_STEPS))
    assert {total for _, total, _ in heard} == {TRAIN_STEPS}
    assert result.test_metrics == ridge_result.test_metrics
    assert result.cv_rmse_mean == ridge_result.cv_rmse_mean


class _Clock:
    """A stopwatch that moves only when told, so timings are checked without waiting."""

    def __init__(self) -> None:
        self.now = 0.0

    def perf_counter(self) -> float:
        return self.now


def test_training_time_covers_every_step_including_the_interval_calibration(
    red, monkeypatch
) -> None:
    """Check that `train_seconds` is the whole call, calibration included (a clock that moves
    1 s at each reported step and 100 s inside the calibration)."""
    clock = _Clock()
    real_calibrate = core.train.calibrate

    def slow_calibrate(*args, **kwargs):
        clock.now += 100.0
        return real_calibrate(*args, **kwargs)

    def on_step(_done: int, _total: int, _message: str) -> None:
        clock.now += 1.0

    monkeypatch.setattr(core.train, "time", clock)
    monkeypatch.setattr(core.train, "calibrate", slow_calibrate)
    result = train_model(ModelSpec(), red, on_step=on_step)
    assert result.fit_seconds == 1.0
    assert result.train_seconds == TRAIN_STEPS + 100.0


def test_slow_curve_is_cut_to_the_budget_and_fast_one_is_not() -> None:
    slow = plan_validation_curve(2.0, points=8)
    assert slow.cut
    assert slow.folds == 3
    assert slow.points * slow.folds * 2.0 <= TIME_BUDGET_SECONDS
    fast = plan_validation_curve(0.005, points=20)
    assert (fast.points, fast.folds, fast.cut) == (20, 5, False)


@pytest.mark.parametrize(
    ("kind", "parameter"),
    [("random_forest", "max_depth"), ("hist_gradient_boosting", "learning_rate"),
     ("ridge", "alpha"), ("linear", None)],
)  # fmt: skip
def test_curve_defaults_to_a_setting_that_teaches(kind: str, parameter: str | None) -> None:
    assert teaching_parameter(kind) == parameter


def test_estimate_scales_the_nearest_measurement_by_the_trees() -> None:
    measured = [
        (ModelSpec.create("red", "random_forest", n_estimators=100), 12.0),
        (ModelSpec.create("white", "random_forest", n_estimators=200), 99.0),
    ]
    wanted = ModelSpec.create("red", "random_forest", n_estimators=200)
    assert estimate_train_seconds(wanted, measured) == pytest.approx(24.0)
    assert estimate_train_seconds(ModelSpec.create("red", "svr"), measured) is None
