"""Training and evaluation: pure functions from a spec and a validated frame to numbers."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.metrics import (
    mean_absolute_error,
    mean_squared_error,
    r2_score,
    root_mean_squared_error,
)
from sklearn.model_selection import KFold, train_test_split, validation_curve
from sklearn.pipeline import Pipeline

from core.conformal import INTERVAL_CONFIDENCE, IntervalModel, calibrate
from core.errors import DataError, SpecError
from core.features import FEATURE_KEYS, TARGET
from core.models import Hyperparameter, ModelSpec, build_pipeline, get_kind

CV_FOLDS = 5
# Settings that count trees: a fit's time grows in proportion to them, and they teach little.
WORK_PARAMETERS = ("n_estimators", "max_iter")
# Long work started from a page must end while a person is still looking at it.
TIME_BUDGET_SECONDS = 30.0

Progress = Callable[[int, int, str], None]
"""Called as `on_step(done, total, what is being done next)`."""


def _no_progress(done: int, total: int, what: str) -> None:
    return None


# The fewest wines each part of a split may hold: two per cross-validation fold for training,
# and enough held-out wines for a 90% conformal interval: MAPIE wants more than 1/(1 − 0.9) = 10
# scores, and the adaptive score first fits its spread on a quarter of the wines (15 − 4 = 11).
MIN_TRAIN_ROWS = 2 * CV_FOLDS
MIN_TEST_ROWS = 15


@dataclass(frozen=True)
class Metrics:
    """Test-set error of a model, in quality points (R² has no unit)."""

    mse: float
    rmse: float
    mae: float
    r2: float

    @classmethod
    def of(cls, y_true: np.ndarray, y_pred: np.ndarray) -> Metrics:
        mse = float(mean_squared_error(y_true, y_pred))
        return cls(
            mse=mse,
            rmse=float(np.sqrt(mse)),
            mae=float(mean_absolute_error(y_true, y_pred)),
            r2=float(r2_score(y_true, y_pred)),
        )

    def to_dict(self) -> dict[str, float]:
        return {"mse": self.mse, "rmse": self.rmse, "mae": self.mae, "r2": self.r2}


@dataclass(frozen=True)
class LinearWeights:
    """A linear pipeline (scaled or not) folded into one weight vector and a bias on raw
    measurements, with the training features' standard deviations to express each weight per
    standard deviation.

    Scoring one wine is then a dot product (microseconds) instead of a pipeline call.
    """

    weights: np.ndarray
    bias: float
    feature_std: np.ndarray


@dataclass(frozen=True, eq=False)
class TrainResult:
    """A fitted model with everything the pages show about it. Shared between sessions:
    never mutate it."""

    spec: ModelSpec
    pipeline: Pipeline
    test_metrics: Metrics
    baseline_metrics: Metrics
    cv_rmse_mean: float
    cv_rmse_std: float
    x_test: np.ndarray
    y_test: np.ndarray
    y_pred: np.ndarray
    train_rows: int
    test_rows: int
    train_mean: float
    fit_seconds: float
    train_seconds: float
    interval: IntervalModel
    observed_low: np.ndarray
    observed_high: np.ndarray
    # The grades tasters gave the training wines: grade sets list only these (core.conformal).
    observed_grades: tuple[int, ...]
    train_feature_mean: np.ndarray
    linear_weights: LinearWeights | None

    def summary(self) -> dict[str, object]:
        """The one JSON-ready shape of a trained model: the CLI prints it, the store keeps it
        in its metadata and the Train page's run history holds it (labels come only when
        drawn)."""
        return {
            "spec": self.spec.to_dict(),
            "test_metrics": self.test_metrics.to_dict(),
            "baseline_metrics": self.baseline_metrics.to_dict(),
            "cv_rmse": {"mean": self.cv_rmse_mean, "std": self.cv_rmse_std, "folds": CV_FOLDS},
            "train_rows": self.train_rows,
            "test_rows": self.test_rows,
            "fit_seconds": self.fit_seconds,
            "train_seconds": self.train_seconds,
            "interval": self.interval.summary(),
            "interval_confidence": INTERVAL_CONFIDENCE,
        }


def features_and_target(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The feature matrix in `FEATURE_KEYS` order and the quality vector."""
    return frame[list(FEATURE_KEYS)].to_numpy(dtype=float), frame[TARGET].to_numpy(dtype=float)


def split_data(
    frame: pd.DataFrame, *, test_size: float, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """`train_test_split` in file order, as the classic tutorial does; `DataError` for a frame
    too small to split, cross-validate and calibrate an interval on."""
    check_enough_rows(len(frame), test_size=test_size)
    x, y = features_and_target(frame)
    return train_test_split(x, y, test_size=test_size, random_state=seed)


def check_enough_rows(rows: int, *, test_size: float) -> None:
    """Refuse, in words, a frame whose split leaves too few wines on either side."""
    test_rows = math.ceil(rows * test_size)
    if rows - test_rows >= MIN_TRAIN_ROWS and test_rows >= MIN_TEST_ROWS:
        return
    needed = max(
        math.ceil(MIN_TEST_ROWS / test_size), math.ceil(MIN_TRAIN_ROWS / (1 - test_size)) + 1
    )
    raise DataError(
        f"{rows} wine(s) are too few to train and test a model: with {test_size:.0%} held out, "
        f"at least {needed} are needed ({MIN_TRAIN_ROWS} to train with {CV_FOLDS}-fold "
        f"cross-validation, {MIN_TEST_ROWS} to test)."
    )


TRAIN_STEPS = 1 + CV_FOLDS + 1


def train_model(
    spec: ModelSpec, frame: pd.DataFrame, *, on_step: Progress = _no_progress
) -> TrainResult:
    """Fit a spec on its split, and measure it on the held-out part.

    `on_step` hears of each of the `TRAIN_STEPS` steps (the fit, each CV fold, the interval).
    """
    started = time.perf_counter()
    x_train, x_test, y_train, y_test = split_data(frame, test_size=spec.test_size, seed=spec.seed)
    pipeline = build_pipeline(spec)
    on_step(0, TRAIN_STEPS, f"Fitting on {len(y_train)} training wines")
    pipeline.fit(x_train, y_train)
    fit_seconds = time.perf_counter() - started
    y_pred = pipeline.predict(x_test)
    cv_rmse = np.array(
        [
            _fold_rmse(spec, x_train, y_train, fold, on_step)
            for fold in enumerate(KFold(CV_FOLDS).split(x_train))
        ]
    )
    on_step(TRAIN_STEPS - 1, TRAIN_STEPS, "Calibrating the 90% interval")
    x_all, _ = features_and_target(frame)
    return TrainResult(
        spec=spec,
        pipeline=pipeline,
        test_metrics=Metrics.of(y_test, y_pred),
        baseline_metrics=Metrics.of(y_test, np.full_like(y_test, y_train.mean())),
        cv_rmse_mean=float(cv_rmse.mean()),
        cv_rmse_std=float(cv_rmse.std()),
        x_test=x_test,
        y_test=y_test,
        y_pred=y_pred,
        train_rows=len(y_train),
        test_rows=len(y_test),
        train_mean=float(y_train.mean()),
        fit_seconds=fit_seconds,
        train_seconds=time.perf_counter() - started,
        # The held-out wines calibrate the interval; they were not used to fit the model, so
        # the test metrics stay honest (the interval's own coverage is measured on halves:
        # core.coverage).
        interval=calibrate(pipeline, x_train, x_test, y_test, seed=spec.seed),
        observed_low=x_all.min(axis=0),
        observed_high=x_all.max(axis=0),
        observed_grades=tuple(int(grade) for grade in np.unique(y_train)),
        train_feature_mean=x_train.mean(axis=0),
        linear_weights=(
            folded_linear_weights(pipeline, x_train) if get_kind(spec.kind).linear else None
        ),
    )


def _fold_rmse(
    spec: ModelSpec,
    x: np.ndarray,
    y: np.ndarray,
    fold: tuple[int, tuple[np.ndarray, np.ndarray]],
    on_step: Progress,
) -> float:
    """Test RMSE of one CV fold: `cross_val_score(cv=5)`'s folds, one at a time, to report."""
    index, (train, test) = fold
    on_step(1 + index, TRAIN_STEPS, f"Cross-validating: fold {index + 1} of {CV_FOLDS}")
    model = build_pipeline(spec).fit(x[train], y[train])
    return float(root_mean_squared_error(y[test], model.predict(x[test])))


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


def folded_linear_weights(pipeline: Pipeline, x_train: np.ndarray) -> LinearWeights:
    """Fold [StandardScaler →] linear model into `weights · x + bias` on raw measurements."""
    model = pipeline.named_steps["model"]
    weights = np.asarray(model.coef_, dtype=float)
    bias = float(model.intercept_)
    scaler = pipeline.named_steps.get("scale")
    if scaler is not None:
        weights = weights / scaler.scale_
        bias -= float(weights @ scaler.mean_)
    return LinearWeights(weights=weights, bias=bias, feature_std=x_train.std(axis=0))


@dataclass(frozen=True)
class ValidationCurve:
    """Train and cross-validated RMSE of one hyperparameter over a grid of values."""

    parameter: str
    values: tuple[float, ...]
    train_rmse: tuple[float, ...]
    cv_rmse: tuple[float, ...]
    cv_rmse_std: tuple[float, ...]


def parameter_grid(hyperparameter: Hyperparameter, points: int = 20) -> tuple[float, ...]:
    """Evenly spaced values over a hyperparameter's range (on a log scale where declared)."""
    low, high = hyperparameter.low, hyperparameter.high
    if hyperparameter.log:
        grid = np.geomspace(low if low > 0 else high * 1e-6, high, points)
    else:
        grid = np.linspace(low, high, points)
    if hyperparameter.type is int:
        return tuple(int(v) for v in np.unique(np.round(grid).astype(int)))
    return tuple(float(v) for v in grid)


def compute_validation_curve(
    spec: ModelSpec,
    frame: pd.DataFrame,
    parameter: str,
    values: tuple[float, ...] | None = None,
    *,
    folds: int = CV_FOLDS,
    n_jobs: int | None = -1,
    on_step: Progress | None = None,
) -> ValidationCurve:
    """RMSE over a grid of one hyperparameter, by K-fold CV on the spec's training part.

    Without `on_step` it runs through joblib: every core here, or a Dask/Ray cluster under
    `joblib.parallel_config(backend=...)`. With `on_step` it fits the same folds one by one in
    this process and reports each, so a page can show how far it has got.
    """
    hyperparameter = get_kind(spec.kind).hyperparameter(parameter)
    grid = values if values is not None else parameter_grid(hyperparameter)
    if not grid:
        raise SpecError("A validation curve needs at least one value.")
    if folds < 2:
        raise SpecError("A validation curve needs at least 2 folds.")
    grid = tuple(hyperparameter.coerce(value) for value in grid)
    x_train, _, y_train, _ = split_data(frame, test_size=spec.test_size, seed=spec.seed)
    if on_step is None:
        train_scores, cv_scores = validation_curve(
            build_pipeline(spec),
            x_train,
            y_train,
            param_name=f"model__{parameter}",
            param_range=list(grid),
            cv=folds,
            scoring="neg_root_mean_squared_error",
            n_jobs=n_jobs,
        )
    else:
        train_scores, cv_scores = _curve_step_by_step(
            build_pipeline(spec), x_train, y_train, parameter, grid, folds, on_step
        )
    return ValidationCurve(
        parameter=parameter,
        values=tuple(float(v) for v in grid),
        train_rmse=tuple(float(v) for v in -train_scores.mean(axis=1)),
        cv_rmse=tuple(float(v) for v in -cv_scores.mean(axis=1)),
        cv_rmse_std=tuple(float(v) for v in cv_scores.std(axis=1)),
    )


def _curve_step_by_step(
    pipeline: Pipeline,
    x: np.ndarray,
    y: np.ndarray,
    parameter: str,
    grid: tuple[float, ...],
    folds: int,
    on_step: Progress,
) -> tuple[np.ndarray, np.ndarray]:
    """`validation_curve`'s scores (negated RMSE, value × fold), one fit at a time."""
    splits = list(KFold(folds).split(x))
    train_scores, cv_scores = np.empty((len(grid), folds)), np.empty((len(grid), folds))
    total = len(grid) * folds
    for i, value in enumerate(grid):
        for j, (train, test) in enumerate(splits):
            on_step(
                i * folds + j,
                total,
                f"{parameter} = {value:g} (value {i + 1} of {len(grid)}), fold {j + 1} of {folds}",
            )
            model = clone(pipeline).set_params(**{f"model__{parameter}": value})
            model.fit(x[train], y[train])
            train_scores[i, j] = -root_mean_squared_error(y[train], model.predict(x[train]))
            cv_scores[i, j] = -root_mean_squared_error(y[test], model.predict(x[test]))
    on_step(total, total, "Done")
    return train_scores, cv_scores


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


def seconds_left(started: float, done: int, total: int, now: float | None = None) -> float | None:
    """Time left if the remaining steps take as long as the finished ones took on average."""
    if done <= 0:
        return None
    elapsed = (time.perf_counter() if now is None else now) - started
    return elapsed / done * (total - done)
