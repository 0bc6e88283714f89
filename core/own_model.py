"""A model trained on a winery's own wines, measured leak-free against the model in use.

The winery's wines are cut once, by group of identical measurements (`core.train.split_rows`,
so a wine and its exact repeat are never on both sides), into a training part and a held-out
part. The new model learns from the training part (alone, or with the UCI wines of the same
colour, minus any UCI wine identical to a held-out one); both it and the model in use are then
scored on the same held-out wines. The new model is worth using only if its RMSE there is lower.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from sklearn.metrics import root_mean_squared_error
from sklearn.model_selection import GroupKFold

from core.evaluate import accuracy_within
from core.features import FEATURE_KEYS
from core.messages import N_, Message
from core.models import ModelSpec, build_pipeline
from core.progress import Progress, no_progress
from core.scoring import predict_with_intervals
from core.train import (
    TRAIN_STEPS,
    features_and_target,
    measured_result,
    row_groups,
    split_rows,
)
from core.train_result import CV_FOLDS, TrainResult

Source = Literal["yours", "both"]
SOURCES: dict[str, str] = {
    "yours": N_("Your wines only"),
    "both": N_("The UCI wines and yours together"),
}
Verdict = Literal["better", "as good", "worse"]


@dataclass(frozen=True)
class Score:
    """A model's error on some wines, in quality points, and how often its 90% interval held."""

    wines: int
    mae: float
    rmse: float
    right_grade: float  # share predicted within half a grade (|error| ≤ 0.5): the right grade
    within_one: float  # share predicted within one grade (|error| ≤ 1)
    interval_held: float  # share whose true grade lay inside the 90% interval

    def to_dict(self) -> dict[str, float | int]:
        return {
            "wines": self.wines,
            "mae": self.mae,
            "rmse": self.rmse,
            "right_grade": self.right_grade,
            "within_one_grade": self.within_one,
            "interval_held": self.interval_held,
        }


def score_model(result: TrainResult, frame: pd.DataFrame) -> Score:
    """The model's predictions and 90% intervals on labelled wines, measured."""
    x, y = features_and_target(frame)
    predicted = predict_with_intervals(result, x)
    held = (y >= predicted.low - 1e-9) & (y <= predicted.high + 1e-9)
    return Score(
        wines=len(y),
        mae=float(np.mean(np.abs(predicted.quality - y))),
        rmse=float(root_mean_squared_error(y, predicted.quality)),
        right_grade=accuracy_within(y, predicted.quality, 0.5),
        within_one=accuracy_within(y, predicted.quality, 1.0),
        interval_held=float(np.mean(held)),
    )


def grouped_split(frame: pd.DataFrame, *, test_size: float, seed: int) -> tuple[np.ndarray, ...]:
    """Training and held-out row numbers; identical wines always fall on the same side
    (Train's grouped split, whatever split the spec names)."""
    return split_rows(frame, test_size=test_size, seed=seed, split="grouped")


@dataclass(frozen=True, eq=False)
class OwnComparison:
    """The new model and the model in use, on the same held-out wines of the winery."""

    source: str
    result: TrainResult
    new: Score
    current: Score
    train_rows: int
    uci_rows: int  # UCI wines among the training rows (0 for "yours")

    @property
    def verdict(self) -> Verdict:
        """By RMSE on the held-out wines: the figure the Train page leads with."""
        if math.isclose(self.new.rmse, self.current.rmse, rel_tol=1e-9, abs_tol=1e-12):
            return "as good"
        return "better" if self.new.rmse < self.current.rmse else "worse"

    @property
    def better(self) -> bool:
        return self.verdict == "better"

    def to_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "spec": self.result.spec.to_dict(),
            "train_rows": self.train_rows,
            "uci_train_rows": self.uci_rows,
            "held_out_rows": self.new.wines,
            "new": self.new.to_dict(),
            "current": self.current.to_dict(),
            "verdict": self.verdict,
        }


def training_frame(
    yours: pd.DataFrame, held_out: pd.DataFrame, uci: pd.DataFrame | None
) -> pd.DataFrame:
    """Your training wines, with the UCI wines first when given, minus any UCI wine identical to
    a held-out one (it would let the model see a held-out wine)."""
    if uci is None:
        return yours.reset_index(drop=True)
    seen = pd.util.hash_pandas_object(held_out[list(FEATURE_KEYS)], index=False)
    hashes = pd.util.hash_pandas_object(uci[list(FEATURE_KEYS)], index=False)
    unseen = uci[~hashes.isin(set(seen)).to_numpy()]
    return pd.concat([unseen[list(yours.columns)], yours], ignore_index=True)


def compare_own(
    spec: ModelSpec,
    yours: pd.DataFrame,
    current: TrainResult,
    *,
    uci: pd.DataFrame | None = None,
    on_step: Progress = no_progress,
) -> OwnComparison:
    """Train `spec` on the winery's training part (with `uci` when given) and score it and
    `current` on the held-out part. `spec.test_size` and `spec.seed` decide the cut."""
    fitting, held_out = own_parts(spec, yours, uci)
    result = fit_own(spec, fitting, held_out, on_step=on_step)
    return OwnComparison(
        source="yours" if uci is None else "both",
        result=result,
        new=score_model(result, held_out),
        current=score_model(current, held_out),
        train_rows=len(fitting),
        uci_rows=len(fitting) - (len(yours) - len(held_out)),
    )


def own_parts(
    spec: ModelSpec, yours: pd.DataFrame, uci: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The wines a model of `compare_own` learnt from and the winery's held-out wines it was
    tested on: the same cut again (the report reads its training part from it)."""
    train, test = grouped_split(yours, test_size=spec.test_size, seed=spec.seed)
    held_out = yours.iloc[test].reset_index(drop=True)
    return training_frame(yours.iloc[train], held_out, uci), held_out


def fit_own(
    spec: ModelSpec, train: pd.DataFrame, test: pd.DataFrame, *, on_step: Progress = no_progress
) -> TrainResult:
    """A `TrainResult` like `core.train.train_model`'s, on a split made elsewhere; the CV figure
    over grouped folds of the training part."""
    started = time.perf_counter()
    x_train, y_train = features_and_target(train)
    x_test, y_test = features_and_target(test)
    on_step(0, TRAIN_STEPS, Message(N_("Fitting on {count} training wines"), count=len(y_train)))
    pipeline = build_pipeline(spec).fit(x_train, y_train)
    fit_seconds = time.perf_counter() - started
    cv_rmse = _grouped_cv_rmse(spec, train, on_step)
    return measured_result(
        spec,
        pipeline,
        (x_train, y_train),
        (x_test, y_test),
        cv_rmse=cv_rmse,
        x_all=np.vstack([x_train, x_test]),
        started=started,
        fit_seconds=fit_seconds,
        on_step=on_step,
    )


def _grouped_cv_rmse(spec: ModelSpec, train: pd.DataFrame, on_step: Progress) -> np.ndarray:
    x, y = features_and_target(train)
    folds = GroupKFold(CV_FOLDS).split(x, groups=row_groups(train))
    scores = []
    for index, (fit, check) in enumerate(folds):
        on_step(
            1 + index,
            TRAIN_STEPS,
            Message(N_("Cross-validating: fold {fold} of {folds}"), fold=index + 1, folds=CV_FOLDS),
        )
        model = build_pipeline(spec).fit(x[fit], y[fit])
        scores.append(root_mean_squared_error(y[check], model.predict(x[check])))
    return np.array(scores)
