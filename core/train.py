"""Training and evaluation: pure functions from a spec and a validated frame to numbers."""

from __future__ import annotations

import dataclasses
import math
import time
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.metrics import (
    root_mean_squared_error,
)
from sklearn.model_selection import (
    GroupKFold,
    GroupShuffleSplit,
    KFold,
    train_test_split,
    validation_curve,
)
from sklearn.pipeline import Pipeline

from core import network
from core.conformal import calibrate
from core.errors import DataError, SpecError
from core.features import FEATURE_KEYS, TARGET
from core.messages import N_, Message
from core.models import (
    DEFAULT_SPLIT,
    TEST_SIZE,
    Hyperparameter,
    ModelSpec,
    build_pipeline,
    get_kind,
)
from core.progress import Progress, no_progress
from core.train_result import CV_FOLDS, LinearWeights, Metrics, TrainResult

# The fewest wines each part of a split may hold: two per cross-validation fold for training,
# and enough held-out wines for a 90% conformal interval: MAPIE wants more than 1/(1 − 0.9) = 10
# scores, and the adaptive score first fits its spread on a quarter of the wines (15 − 4 = 11).
MIN_TRAIN_ROWS = 2 * CV_FOLDS
MIN_TEST_ROWS = 15


def features_and_target(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The feature matrix in `FEATURE_KEYS` order and the quality vector."""
    return frame[list(FEATURE_KEYS)].to_numpy(dtype=float), frame[TARGET].to_numpy(dtype=float)


def row_groups(frame: pd.DataFrame) -> np.ndarray:
    """One group id per distinct set of measurements: identical wines share a group."""
    hashes = pd.util.hash_pandas_object(frame[list(FEATURE_KEYS)], index=False).to_numpy()
    return np.unique(hashes, return_inverse=True)[1]


def split_rows(
    frame: pd.DataFrame, *, test_size: float, seed: int, split: str = DEFAULT_SPLIT
) -> tuple[np.ndarray, np.ndarray]:
    """Row numbers of the training and held-out parts; `DataError` for a frame too small to
    split, cross-validate and calibrate an interval on.

    "grouped" is `GroupShuffleSplit` over `row_groups` (identical wines on one side, as in
    Evaluate's leak-free folds); "tutorial" is `train_test_split` in file order.
    """
    distinct = None if split == "tutorial" else distinct_wines(frame)
    check_enough_rows(len(frame), test_size=test_size, distinct=distinct)
    rows = np.arange(len(frame))
    if split == "tutorial":
        train, test = train_test_split(rows, test_size=test_size, random_state=seed)
    else:
        splitter = GroupShuffleSplit(n_splits=1, test_size=test_size, random_state=seed)
        train, test = next(splitter.split(rows, groups=row_groups(frame)))
    if len(train) < MIN_TRAIN_ROWS or len(test) < MIN_TEST_ROWS:
        raise DataError(
            f"Keeping identical wines together leaves {len(train)} training and {len(test)} "
            f"held-out wines; at least {MIN_TRAIN_ROWS} and {MIN_TEST_ROWS} are needed."
        )
    return train, test


def split_data(
    frame: pd.DataFrame, *, test_size: float, seed: int, split: str = DEFAULT_SPLIT
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """x_train, x_test, y_train, y_test of `split_rows`' parts (`train_test_split`'s order)."""
    train, test = split_rows(frame, test_size=test_size, seed=seed, split=split)
    x, y = features_and_target(frame)
    return x[train], x[test], y[train], y[test]


def spec_split(
    spec: ModelSpec, frame: pd.DataFrame
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A spec's own split of a frame."""
    return split_data(frame, test_size=spec.test_size, seed=spec.seed, split=spec.split)


def training_folds(
    spec: ModelSpec, frame: pd.DataFrame, folds: int = CV_FOLDS
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Cross-validation folds of a spec's training part, as positions within it.

    The grouped split's folds keep identical wines together too (`GroupKFold`); the
    tutorial's are `KFold(folds)`, as `cross_val_score(cv=folds)` makes them.
    """
    train, _ = split_rows(frame, test_size=spec.test_size, seed=spec.seed, split=spec.split)
    if spec.split == "tutorial":
        return list(KFold(folds).split(train))
    return list(GroupKFold(folds).split(train, groups=row_groups(frame)[train]))


def enough_wines(wines: int, test_size: float) -> bool:
    """Whether a split of `wines` (different wines, for the grouped split) leaves enough on
    both sides; the held-out part counted as `train_test_split` and `GroupShuffleSplit` do."""
    held_out = math.ceil(wines * test_size)
    return wines - held_out >= MIN_TRAIN_ROWS and held_out >= MIN_TEST_ROWS


def fewest_wines(test_size: float) -> int:
    """The fewest different wines a model can be trained, cross-validated and tested on with
    `test_size` held out: the one minimum that training checks and an upload is told about."""
    wines = MIN_TRAIN_ROWS + MIN_TEST_ROWS
    while not enough_wines(wines, test_size):
        wines += 1
    return wines


def smallest_test_size(wines: int) -> float | None:
    """The smallest held-out share of the Train page's choices that lets `wines` different
    wines be trained and tested on (None: no share does)."""
    steps = round((TEST_SIZE.high - TEST_SIZE.low) / TEST_SIZE.fixed_step)
    shares = (round(TEST_SIZE.low + step * TEST_SIZE.fixed_step, 10) for step in range(steps + 1))
    return next((share for share in shares if enough_wines(wines, share)), None)


def distinct_wines(frame: pd.DataFrame) -> int:
    """How many different wines (sets of the eleven measurements) a frame holds."""
    return len(np.unique(row_groups(frame)))


def check_enough_rows(rows: int, *, test_size: float, distinct: int | None = None) -> None:
    """Refuse, in words, a frame whose split leaves too few wines on either side (`distinct`:
    its different wines, which the grouped split counts, when they are fewer)."""
    wines = rows if distinct is None else distinct
    if enough_wines(wines, test_size):
        return
    different = "" if distinct is None else f"; these are {distinct} different wines"
    raise DataError(
        f"{rows} wine(s) are too few to train and test a model: with {test_size:.0%} held out, "
        f"at least {fewest_wines(test_size)} different wines are needed ({MIN_TRAIN_ROWS} to "
        f"train with {CV_FOLDS}-fold cross-validation, {MIN_TEST_ROWS} to test){different}."
    )


TRAIN_STEPS = 1 + CV_FOLDS + 1


def train_model(
    spec: ModelSpec, frame: pd.DataFrame, *, on_step: Progress = no_progress
) -> TrainResult:
    """Fit a spec on its split, and measure it on the held-out part.

    `on_step` hears of each of the `TRAIN_STEPS` steps (the fit, each CV fold, the interval).
    """
    started = time.perf_counter()
    x_train, x_test, y_train, y_test = spec_split(spec, frame)
    pipeline = build_pipeline(spec)
    on_step(0, TRAIN_STEPS, Message(N_("Fitting on {count} training wines"), count=len(y_train)))
    network.fit(pipeline, x_train, y_train)
    fit_seconds = time.perf_counter() - started
    cv_rmse = np.array(
        [
            _fold_rmse(spec, x_train, y_train, fold, on_step)
            for fold in enumerate(training_folds(spec, frame))
        ]
    )
    x_all, _ = features_and_target(frame)
    return measured_result(
        spec,
        pipeline,
        (x_train, y_train),
        (x_test, y_test),
        cv_rmse=cv_rmse,
        x_all=x_all,
        started=started,
        fit_seconds=fit_seconds,
        on_step=on_step,
    )


def measured_result(
    spec: ModelSpec,
    pipeline: Pipeline,
    train: tuple[np.ndarray, np.ndarray],
    test: tuple[np.ndarray, np.ndarray],
    *,
    cv_rmse: np.ndarray,
    x_all: np.ndarray,
    started: float,
    fit_seconds: float,
    on_step: Progress = no_progress,
) -> TrainResult:
    """The last step of every training (the shared split's and an own model's): calibrate the
    interval on the held-out wines and measure the fitted pipeline, so both report the same
    figures the same way."""
    x_train, y_train = train
    x_test, y_test = test
    y_pred = pipeline.predict(x_test)
    on_step(TRAIN_STEPS - 1, TRAIN_STEPS, Message(N_("Calibrating the 90% interval")))
    # The held-out wines calibrate the interval; they were not used to fit the model, so the
    # test metrics stay honest (the interval's own coverage is measured on halves:
    # core.coverage). The calibration is part of training, so it is inside the timing.
    interval = calibrate(pipeline, x_train, x_test, y_test, seed=spec.seed)
    train_seconds = time.perf_counter() - started
    return TrainResult(
        spec=spec,
        pipeline=pipeline,
        test_metrics=Metrics.of(y_test, y_pred),
        train_metrics=Metrics.of(y_train, pipeline.predict(x_train)),
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
        train_seconds=train_seconds,
        interval=interval,
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
    """Test RMSE of one CV fold (`training_folds`), one at a time, to report."""
    index, (train, test) = fold
    on_step(
        1 + index,
        TRAIN_STEPS,
        Message(N_("Cross-validating: fold {fold} of {folds}"), fold=index + 1, folds=CV_FOLDS),
    )
    model = build_pipeline(spec).fit(x[train], y[train])
    return float(root_mean_squared_error(y[test], model.predict(x[test])))


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


def with_value(spec: ModelSpec, parameter: str, value: float) -> ModelSpec:
    """The spec with one hyperparameter changed."""
    params = {**spec.hyperparameters, parameter: value}
    return dataclasses.replace(spec, params=tuple(params.items()))


@dataclass(frozen=True)
class ValidationCurve:
    """Train and cross-validated RMSE of one hyperparameter over a grid of values."""

    parameter: str
    values: tuple[float, ...]
    train_rmse: tuple[float, ...]
    cv_rmse: tuple[float, ...]
    cv_rmse_std: tuple[float, ...]

    def to_dict(self) -> dict[str, object]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> ValidationCurve:
        """The curve `to_dict` wrote; `KeyError`/`TypeError`/`ValueError` for anything else."""
        series = ("values", "train_rmse", "cv_rmse", "cv_rmse_std")
        curve = cls(str(data["parameter"]), *(tuple(float(v) for v in data[n]) for n in series))
        if len({len(curve.values), *(len(getattr(curve, n)) for n in series)}) != 1:
            raise ValueError("A kept validation curve's series differ in length.")
        return curve


def parameter_grid(hyperparameter: Hyperparameter, points: int = 20) -> tuple[float, ...]:
    """Evenly spaced values over a hyperparameter's range (on a log scale where declared)."""
    low, high = hyperparameter.low, hyperparameter.high
    # A log-scale range starts above 0 (checked where Hyperparameter is declared).
    spread = np.geomspace if hyperparameter.log else np.linspace
    grid = spread(low, high, points)
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
    """RMSE over a grid of one hyperparameter, by K-fold CV on the spec's training part (the
    spec's `training_folds`, so a grouped split's folds keep identical wines together).

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
    x_train, _, y_train, _ = spec_split(spec, frame)
    splits = training_folds(spec, frame, folds)
    if on_step is None and get_kind(spec.kind).estimator_params is None:
        train_scores, cv_scores = validation_curve(
            build_pipeline(spec),
            x_train,
            y_train,
            param_name=f"model__{parameter}",
            param_range=list(grid),
            cv=splits,
            scoring="neg_root_mean_squared_error",
            n_jobs=n_jobs,
        )
    else:
        train_scores, cv_scores = _curve_step_by_step(
            spec, x_train, y_train, parameter, grid, splits, on_step or no_progress
        )
    return ValidationCurve(
        parameter=parameter,
        values=tuple(float(v) for v in grid),
        train_rmse=tuple(float(v) for v in -train_scores.mean(axis=1)),
        cv_rmse=tuple(float(v) for v in -cv_scores.mean(axis=1)),
        cv_rmse_std=tuple(float(v) for v in cv_scores.std(axis=1)),
    )


def _curve_step_by_step(
    spec: ModelSpec,
    x: np.ndarray,
    y: np.ndarray,
    parameter: str,
    grid: tuple[float, ...],
    splits: list[tuple[np.ndarray, np.ndarray]],
    on_step: Progress,
) -> tuple[np.ndarray, np.ndarray]:
    """`validation_curve`'s scores (negated RMSE, value × fold), one fit at a time (also for
    kinds whose settings are not the estimator's own keywords)."""
    folds = len(splits)
    train_scores, cv_scores = np.empty((len(grid), folds)), np.empty((len(grid), folds))
    total = len(grid) * folds
    for i, value in enumerate(grid):
        for j, (train, test) in enumerate(splits):
            on_step(
                i * folds + j,
                total,
                Message(
                    N_("{name} = {value} (value {index} of {values}), fold {fold} of {folds}"),
                    name=parameter,
                    value=float(value),
                    index=i + 1,
                    values=len(grid),
                    fold=j + 1,
                    folds=folds,
                ),
            )
            model = build_pipeline(with_value(spec, parameter, value))
            model.fit(x[train], y[train])
            train_scores[i, j] = -root_mean_squared_error(y[train], model.predict(x[train]))
            cv_scores[i, j] = -root_mean_squared_error(y[test], model.predict(x[test]))
    on_step(total, total, Message(N_("Done")))
    return train_scores, cv_scores
