"""Why a model predicts what it does: per-feature contributions, importances, similar wines."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from math import factorial
from typing import Any

import numpy as np
import pandas as pd
from sklearn.inspection import permutation_importance
from sklearn.metrics import get_scorer
from sklearn.neighbors import NearestNeighbors
from threadpoolctl import ThreadpoolController

from core.features import FEATURE_KEYS, TARGET
from core.scoring import predict_rows, wine_vector
from core.train import Progress, TrainResult, features_and_target

# One line per attribution method, for the page beside the chart.
METHOD_DESCRIPTIONS = {
    "coefficient": "Linear model: each part is the feature's coefficient times how far this "
    "wine's value lies from the training average (in standard deviations).",
    "shapley": "Shapley values: each part is the feature's average effect on the prediction "
    "over every order in which the features could move from the average training wine to "
    "this one (exact, all 2,048 feature subsets).",
}


@dataclass(frozen=True)
class Contributions:
    """A prediction split into a base and one additive part per feature (base + parts =
    prediction).

    For linear kinds: base = the prediction for the average training wine, part = weight ×
    deviation from the training mean (the same for scaled and unscaled pipelines). For other
    kinds: exact Shapley values against the average training wine, so the parts do not depend
    on the order of the features.
    """

    base: float
    parts: dict[str, float]
    method: str

    @property
    def total(self) -> float:
        return self.base + sum(self.parts.values())

    @property
    def description(self) -> str:
        """What the parts are, in one line."""
        return METHOD_DESCRIPTIONS[self.method]


def contributions(result: TrainResult, wine: Mapping[str, Any]) -> Contributions:
    row = wine_vector(wine)
    folded = result.linear_weights
    if folded is not None:
        mean = result.train_feature_mean
        parts = folded.weights * (row - mean)
        return Contributions(
            folded.bias + float(folded.weights @ mean), _by_key(parts), "coefficient"
        )
    background = result.train_feature_mean[None, :]
    # One OpenMP thread: on a busy two-core server, boosting's threads waiting for each other
    # turned a 15 ms call into up to 900 ms (measured under load, bench attribution_figures).
    with _threads().limit(limits=1, user_api="openmp"):
        base, parts = shapley_values(lambda rows: predict_rows(result, rows), row, background)
    return Contributions(base, _by_key(parts), "shapley")


@cache
def _threads() -> ThreadpoolController:
    """The native thread pools loaded in this process (found once: a scan costs ~5 ms)."""
    return ThreadpoolController()


def shapley_values(
    predict: Callable[[np.ndarray], np.ndarray], row: np.ndarray, background: np.ndarray
) -> tuple[float, np.ndarray]:
    """Exact interventional Shapley values of one row: (base, one value per feature).

    The value of a subset S of features is the mean prediction over the background rows
    with the features in S set to this row's values; feature i's part is the weighted mean of
    what adding i to each subset changes, weight |S|!(n-|S|-1)!/n!. The parts add up to the
    prediction minus the base (the background's mean prediction) and do not depend on the
    order of the features. Costs 2^n × len(background) predictions in one call (n = 11:
    2,048 per background row).
    """
    n = row.size
    subsets = np.arange(2**n)
    masks = ((subsets[:, None] >> np.arange(n)) & 1).astype(bool)
    rows = np.where(masks[:, None, :], row, background[None, :, :]).reshape(-1, n)
    value = np.asarray(predict(rows), dtype=float).reshape(2**n, len(background)).mean(axis=1)
    weight_by_size = np.array(
        [factorial(s) * factorial(n - s - 1) / factorial(n) for s in range(n)] + [0.0]
    )
    weights = weight_by_size[masks.sum(axis=1)]
    parts = np.empty(n)
    for index in range(n):
        without = subsets[~masks[:, index]]
        gains = value[without | (1 << index)] - value[without]
        parts[index] = float(np.dot(weights[without], gains))
    return float(value[0]), parts


def _by_key(values: np.ndarray) -> dict[str, float]:
    return {key: float(value) for key, value in zip(FEATURE_KEYS, values, strict=True)}


def standardized_coefficients(result: TrainResult) -> dict[str, float] | None:
    """Coefficients per standard deviation of each feature, for linear kinds; else None."""
    folded = result.linear_weights
    if folded is None:
        return None
    return _by_key(folded.weights * folded.feature_std)


def permutation_importances(
    result: TrainResult, *, repeats: int = 5, on_step: Progress | None = None
) -> pd.DataFrame:
    """Mean rise in test RMSE when each feature is shuffled (any kind of model).

    `on_step(done, total, what)` is told after every scoring (the baseline, then each feature ×
    repeat), through the scorer scikit-learn calls, so the numbers are scikit-learn's own.
    """
    rmse = get_scorer("neg_root_mean_squared_error")
    total = 1 + repeats * len(FEATURE_KEYS)
    done = itertools.count(1)

    def scored(estimator: Any, x: np.ndarray, y: np.ndarray) -> float:
        score = rmse(estimator, x, y)
        if on_step is not None:
            step = next(done)
            shuffle = min((step - 2) // repeats + 1, len(FEATURE_KEYS))
            what = f"shuffling feature {shuffle} of {len(FEATURE_KEYS)}" if step > 1 else "scoring"
            on_step(step, total, what)
        return score

    found = permutation_importance(
        result.pipeline,
        result.x_test,
        result.y_test,
        scoring=scored,
        n_repeats=repeats,
        random_state=result.spec.seed,
    )
    return pd.DataFrame(
        {
            "feature": FEATURE_KEYS,
            "importance": found.importances_mean,
            "std": found.importances_std,
        }
    )


@dataclass(frozen=True)
class Neighbourhood:
    """The real wines most similar to one wine, and whether that wine is far from all of them."""

    similar: pd.DataFrame
    distance: float
    far: bool


class WineNeighbours:
    """The real wines nearest to a given one, in standardised feature space.

    A wine counts as far from the data when its nearest real wine is farther than 99% of the
    real wines are from their own nearest neighbour. A lookup is one vectorised pass over the
    few thousand wines (about 0.1 ms): a tree index costs more per call than it saves here.
    """

    def __init__(self, frame: pd.DataFrame) -> None:
        features, _ = features_and_target(frame)
        self._quality = frame[TARGET].to_numpy()
        self._features = features
        self._mean = features.mean(axis=0)
        self._scale = features.std(axis=0)
        self._points = self._standardize(features)
        distances, _ = NearestNeighbors().fit(self._points).kneighbors(n_neighbors=1)
        self.far_threshold = float(np.quantile(distances[:, 0], 0.99))

    def _standardize(self, rows: np.ndarray) -> np.ndarray:
        return (rows - self._mean) / self._scale

    def around(self, wine: Mapping[str, Any], k: int = 3) -> Neighbourhood:
        """The k most similar real wines (row, distance, quality, features), nearest first."""
        offsets = self._points - self._standardize(wine_vector(wine))
        distances = np.sqrt(np.einsum("ij,ij->i", offsets, offsets))
        closest = np.argpartition(distances, k)[:k]
        closest = closest[np.argsort(distances[closest], kind="stable")]
        columns = {"row": closest + 1, "distance": distances[closest]}
        columns[TARGET] = self._quality[closest]
        columns |= dict(zip(FEATURE_KEYS, self._features[closest].T, strict=True))
        similar = pd.DataFrame(columns)
        nearest = float(distances[closest[0]])
        return Neighbourhood(similar, nearest, nearest > self.far_threshold)


def residuals(result: TrainResult) -> np.ndarray:
    """Actual minus predicted quality on the test part."""
    return result.y_test - result.y_pred
