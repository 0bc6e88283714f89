"""Why a model predicts what it does: per-feature contributions, importances, similar wines."""

from __future__ import annotations

import functools
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
from core.messages import N_, Message
from core.progress import Progress
from core.scoring import predict_rows, wine_vector
from core.train import features_and_target
from core.train_result import TrainResult

# One line per attribution method, for the page beside the chart.
METHOD_DESCRIPTIONS = {
    "coefficient": N_(
        "Linear model: each part is the feature's coefficient times how far this "
        "wine's value lies from the training average (in standard deviations)."
    ),
    "shapley": N_(
        "Shapley values: each part is the feature's average effect on the prediction "
        "over every order in which the features could move from the average training wine to "
        "this one (exact, all 2,048 feature subsets)."
    ),
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
    def description(self) -> str:
        """What the parts are, in one line."""
        return Message(METHOD_DESCRIPTIONS[self.method])


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
    n = len(FEATURE_KEYS)
    total = 1 + repeats * n
    done = itertools.count(1)

    def scored(estimator: Any, x: np.ndarray, y: np.ndarray) -> float:
        score = rmse(estimator, x, y)
        if on_step is not None:
            step = next(done)
            shuffle = min((step - 2) // repeats + 1, n)
            what = (
                Message(N_("shuffling feature {index} of {count}"), index=shuffle, count=n)
                if step > 1
                else Message(N_("scoring"))
            )
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


# Real wines closer than this (in standard deviations over all eleven measurements) count as
# having (nearly) the same measurements: half the red wines have an exact duplicate, while
# the median distance to a wine's nearest other is about 0.8.
TWIN_DISTANCE = 0.1


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

    @property
    def scale(self) -> np.ndarray:
        """Each feature's standard deviation over the real wines: the unit of every distance."""
        return self._scale

    def _distances(self, wine: Mapping[str, Any]) -> np.ndarray:
        offsets = self._points - self._standardize(wine_vector(wine))
        return np.sqrt(np.einsum("ij,ij->i", offsets, offsets))

    def around(
        self, wine: Mapping[str, Any], k: int = 3, *, min_grade: int | None = None
    ) -> Neighbourhood:
        """The k most similar real wines (row, distance, quality, features), nearest first;
        with `min_grade`, only those tasters graded at least that (fewer if fewer exist)."""
        distances = self._distances(wine)
        nearest = float(distances.min())
        pool = np.arange(len(distances))
        if min_grade is not None:
            pool = pool[self._quality >= min_grade]
        k = min(k, len(pool))
        closest = pool[np.argpartition(distances[pool], k - 1)[:k]] if k else pool
        closest = closest[np.argsort(distances[closest], kind="stable")]
        columns = {"row": closest + 1, "distance": distances[closest]}
        columns[TARGET] = self._quality[closest]
        columns |= dict(zip(FEATURE_KEYS, self._features[closest].T, strict=True))
        similar = pd.DataFrame(columns)
        return Neighbourhood(similar, nearest, nearest > self.far_threshold)

    def near(self, rows: np.ndarray) -> np.ndarray:
        """Whether each row (raw values, feature order) lies near real wines: its nearest real
        wine no farther than `far_threshold`. One matrix product per 256 rows (64 rows of
        white wines: about 2 ms; a k-d tree takes ten times that in eleven dimensions)."""
        points = self._standardize(np.atleast_2d(rows))
        found = np.empty(len(points), dtype=bool)
        for start in range(0, len(points), 256):
            chunk = points[start : start + 256]
            squared = (
                np.einsum("ij,ij->i", chunk, chunk)[:, None]
                - 2 * chunk @ self._points.T
                + self._squared_norms[None, :]
            )
            found[start : start + 256] = squared.min(axis=1) <= self.far_threshold**2
        return found

    @functools.cached_property
    def _squared_norms(self) -> np.ndarray:
        return np.einsum("ij,ij->i", self._points, self._points)

    def real_values(self, index: int) -> np.ndarray:
        """One measurement's values over the real wines (feature order index)."""
        return self._features[:, index]

    def twin_grades(self, wine: Mapping[str, Any], within: float = TWIN_DISTANCE) -> np.ndarray:
        """The grades tasters gave the real wines with (nearly) this wine's measurements: each
        closer than `within` standard deviations over all eleven together."""
        return self._quality[self._distances(wine) <= within]


@dataclass(frozen=True)
class Twins:
    """Real wines with (nearly) a wine's measurements that tasters graded outside its grades."""

    count: int
    grades: tuple[int, ...]


def twins_outside(
    neighbours: WineNeighbours, wine: Mapping[str, Any], grades: tuple[int, ...]
) -> Twins | None:
    """The real near-twins of a wine graded otherwise than `grades` (the grades its interval
    spans), or None when every twin's grade is among them (or it has no twin)."""
    outside = [int(g) for g in neighbours.twin_grades(wine) if int(g) not in grades]
    if not outside:
        return None
    return Twins(len(outside), tuple(sorted(set(outside))))


def residuals(result: TrainResult) -> np.ndarray:
    """Actual minus predicted quality on the test part."""
    return result.y_test - result.y_pred
