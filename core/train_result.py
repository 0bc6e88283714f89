"""What training a model gives: the fitted pipeline and everything the pages show about it.

Its own module because nearly every other one reads a `TrainResult`, while only a few train.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score
from sklearn.pipeline import Pipeline

from core.conformal import INTERVAL_CONFIDENCE, IntervalModel
from core.models import ModelSpec

# Folds of the cross-validation every result's CV figure is measured over.
CV_FOLDS = 5
# Train-versus-test gaps: above a fifth of the test RMSE is overfitting, below 0.02 none.
OVERFIT_GAP, VISIBLE_GAP = 0.2, 0.02


def fit_gap(train_rmse: float, test_rmse: float) -> str:
    """How much of the fit does not carry to new wines: 'overfit', 'some' or 'none'
    (the alpha panel's script applies the same two thresholds, sent in its payload)."""
    if test_rmse - train_rmse > OVERFIT_GAP * test_rmse:
        return "overfit"
    if test_rmse - train_rmse > VISIBLE_GAP:
        return "some"
    return "none"


@dataclass(frozen=True)
class Metrics:
    """Error of a model on a set of wines, in quality points (R² has no unit)."""

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
    # The same measures on the wines the model was fitted on: the gap to the test figures is
    # how much it memorised.
    train_metrics: Metrics
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
            "train_metrics": self.train_metrics.to_dict(),
            "baseline_metrics": self.baseline_metrics.to_dict(),
            "cv_rmse": {"mean": self.cv_rmse_mean, "std": self.cv_rmse_std, "folds": CV_FOLDS},
            "train_rows": self.train_rows,
            "test_rows": self.test_rows,
            "fit_seconds": self.fit_seconds,
            "train_seconds": self.train_seconds,
            "interval": self.interval.summary(),
            "interval_confidence": INTERVAL_CONFIDENCE,
        }
