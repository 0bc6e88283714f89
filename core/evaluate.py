"""The protocol of Cortez et al. (2009): repeated K-fold with MAD and accuracy within tolerance.

The paper scores each run's out-of-fold predictions (5 folds, so every wine is predicted
once per run) by the mean absolute deviation and by the share of wines predicted within a
tolerance T of their grade, then averages 20 runs. Both wine files hold exact duplicate rows;
under shuffled folds a copy lands in training and its twin in test, which flatters models
that memorise. The "leak-free" mode groups rows with identical measurements into one fold.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from typing import Literal

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from sklearn.model_selection import GroupKFold, KFold

from core.errors import SpecError
from core.messages import N_
from core.models import ModelSpec, build_pipeline
from core.train import features_and_target, row_groups

FoldMode = Literal["plain", "leak_free"]
FOLD_MODES: tuple[FoldMode, ...] = ("plain", "leak_free")
# Each fold mode in words: in full (the Folds control, progress), and short (table columns).
FOLD_MODE_LABELS = {"plain": N_("shuffled folds (paper)"), "leak_free": N_("leak-free folds")}
FOLD_MODE_SHORT = {"plain": N_("shuffled"), "leak_free": N_("leak-free")}
TOLERANCES = (0.25, 0.5, 1.0)
REC_TOLERANCES = tuple(float(t) for t in np.round(np.linspace(0.0, 2.0, 41), 2))
PAPER_FOLDS, PAPER_REPEATS = 5, 20


def mad(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """Mean absolute deviation between predicted and true grades."""
    return float(np.mean(np.abs(np.asarray(y_pred) - np.asarray(y_true))))


def accuracy_within(y_true: np.ndarray, y_pred: np.ndarray, tolerance: float) -> float:
    """Share of wines predicted within `tolerance` of their grade (|error| ≤ T)."""
    errors = np.abs(np.asarray(y_pred, dtype=float) - np.asarray(y_true, dtype=float))
    # A hair of slack so that an error of exactly T, computed in floating point, counts.
    return float(np.mean(errors <= tolerance + 1e-9))


def rec_curve(
    y_true: np.ndarray, y_pred: np.ndarray, tolerances: tuple[float, ...] = REC_TOLERANCES
) -> tuple[float, ...]:
    """Regression error characteristic: accuracy within T for each T (Bi and Bennett, 2003)."""
    return tuple(accuracy_within(y_true, y_pred, tolerance) for tolerance in tolerances)


def repeated_folds(
    frame: pd.DataFrame, mode: FoldMode, folds: int, repeats: int, seed: int
) -> Iterator[tuple[int, np.ndarray, np.ndarray]]:
    """(repeat, train rows, test rows) for every fold of every repeat."""
    if mode not in FOLD_MODES:
        raise SpecError(f"Unknown fold mode {mode!r}; use one of {', '.join(FOLD_MODES)}.")
    if folds < 2 or repeats < 1:
        raise SpecError("Use at least 2 folds and 1 repeat.")
    groups = row_groups(frame)
    for repeat in range(repeats):
        if mode == "plain":
            splitter = KFold(folds, shuffle=True, random_state=seed + repeat)
            splits = splitter.split(frame)
        else:
            splitter = GroupKFold(folds, shuffle=True, random_state=seed + repeat)
            splits = splitter.split(frame, groups=groups)
        for train, test in splits:
            yield repeat, train, test


@dataclass(frozen=True)
class Spread:
    """Mean and standard deviation over the repeats."""

    mean: float
    std: float

    @classmethod
    def of(cls, values: list[float]) -> Spread:
        return cls(float(np.mean(values)), float(np.std(values)))


@dataclass(frozen=True)
class Evaluation:
    """A model spec scored by the paper's protocol in one fold mode."""

    spec: ModelSpec
    mode: FoldMode
    folds: int
    repeats: int
    seed: int
    mad: Spread
    accuracy: dict[float, Spread]
    rec: tuple[float, ...]
    seconds: float

    def to_dict(self) -> dict:
        return {
            "wine": self.spec.wine,
            "kind": self.spec.kind,
            "spec": self.spec.to_dict(),
            "mode": self.mode,
            "folds": self.folds,
            "repeats": self.repeats,
            "seed": self.seed,
            "mad": asdict(self.mad),
            "accuracy": {str(t): asdict(spread) for t, spread in self.accuracy.items()},
            "rec": list(self.rec),
            "seconds": round(self.seconds, 2),
        }

    @classmethod
    def from_dict(cls, data: dict) -> Evaluation:
        return cls(
            spec=ModelSpec.from_dict(data["spec"]),
            mode=data["mode"],
            folds=int(data["folds"]),
            repeats=int(data["repeats"]),
            seed=int(data["seed"]),
            mad=Spread(**data["mad"]),
            accuracy={float(t): Spread(**s) for t, s in data["accuracy"].items()},
            rec=tuple(float(v) for v in data["rec"]),
            seconds=float(data["seconds"]),
        )


def _fit_predict(
    spec: ModelSpec, data: tuple[np.ndarray, np.ndarray], fold: tuple[np.ndarray, np.ndarray]
) -> np.ndarray:
    """One fold's fit and predictions.

    The arrays travel in tuples: joblib's Dask backend would scatter bare arrays to a single
    worker, and a run whose data lived on a worker that died would wait for it forever.
    """
    (x, y), (train, test) = data, fold
    return build_pipeline(spec).fit(x[train], y[train]).predict(x[test])


def evaluate(
    spec: ModelSpec,
    frame: pd.DataFrame,
    mode: FoldMode = "plain",
    *,
    folds: int = PAPER_FOLDS,
    repeats: int = PAPER_REPEATS,
    seed: int = 0,
    n_jobs: int | None = -1,
    on_repeat: Callable[[int, int], None] | None = None,
    on_fit: Callable[[], None] | None = None,
) -> Evaluation:
    """Score a spec by repeated K-fold on a whole wine file, as the paper did.

    Each repeat's out-of-fold predictions are scored together; the figures are the mean and
    spread over repeats. Every fit of every repeat goes to joblib at once (`n_jobs`, or the
    backend of an enclosing `joblib.parallel_config`, such as a Dask cluster's), so a cluster
    is kept busy; results come back in order. `on_repeat(done, repeats)` is called after each
    repeat and `on_fit()` after each fit, for progress.
    """
    started = time.perf_counter()
    x, y = features_and_target(frame)
    predictions = np.empty((repeats, len(y)))
    splits = list(repeated_folds(frame, mode, folds, repeats, seed))
    fitted = Parallel(n_jobs=n_jobs, return_as="generator")(
        delayed(_fit_predict)(spec, (x, y), (train, test)) for _, train, test in splits
    )
    for done, ((repeat, _, test), predicted) in enumerate(zip(splits, fitted, strict=True), 1):
        predictions[repeat, test] = predicted
        if on_fit is not None:
            on_fit()
        if on_repeat is not None and done % folds == 0:
            on_repeat(repeat + 1, repeats)
    per_repeat = [
        (mad(y, run), [accuracy_within(y, run, t) for t in TOLERANCES]) for run in predictions
    ]
    return Evaluation(
        spec=spec,
        mode=mode,
        folds=folds,
        repeats=repeats,
        seed=seed,
        mad=Spread.of([m for m, _ in per_repeat]),
        accuracy={
            t: Spread.of([accuracies[i] for _, accuracies in per_repeat])
            for i, t in enumerate(TOLERANCES)
        },
        rec=tuple(float(v) for v in np.mean([rec_curve(y, run) for run in predictions], axis=0)),
        seconds=time.perf_counter() - started,
    )
