"""Conformal intervals that widen where the model knows less, and sets of whole grades.

Split conformal (the reference) adds the same margin to every prediction: the 90% quantile of
the held-out absolute errors. The adaptive method ("distance") divides each held-out error by a
predicted spread, `base + slope × distance`, where the distance is from the wine to its nearest
training wine in standard deviations of each measurement, and the slope is never below a floor
(see `DistanceSpread`). MAPIE calibrates both (`SplitConformalRegressor` with the absolute or
the `ResidualNormalisedScore`); the calibrated numbers are then kept in an `IntervalModel`, so
one wine's interval costs one distance pass over the training wines (about 15 µs), not a MAPIE
call. Which method ships was decided on data/coverage.json (core.coverage, README).

The model is fitted on the training part; the held-out part calibrates. The residual-normalised
score fits its spread on a quarter of the calibration wines and calibrates on the rest (MAPIE's
default), so the spread never sees the errors it is judged on.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Literal

import numpy as np
from mapie.conformity_scores import ResidualNormalisedScore
from mapie.regression import ConformalizedQuantileRegressor, SplitConformalRegressor
from sklearn.base import BaseEstimator, RegressorMixin, TransformerMixin
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.linear_model import LinearRegression
from sklearn.neighbors import KDTree, NearestNeighbors
from sklearn.pipeline import Pipeline

from core.features import TARGET_RANGE
from core.messages import N_, Message

INTERVAL_CONFIDENCE = 0.9

_FEW_ROWS = 64

MethodName = Literal["split", "normalised", "distance", "cqr"]
METHOD_LABELS: dict[str, str] = {
    "split": N_("Split conformal (same width for every wine)"),
    "normalised": N_("Residual-normalised, spread from the measurements"),
    "distance": N_("Residual-normalised, spread growing with the distance to the training wines"),
    "cqr": N_("Conformalized quantile regression (gradient-boosted quantiles)"),
}
# The same methods in a few words, for a table's rows.
METHOD_SHORT_LABELS: dict[str, str] = {
    "split": N_("Split (same width)"),
    "normalised": N_("Normalised by measurements"),
    "distance": N_("Adaptive: distance"),
    "cqr": N_("Quantile regression (CQR)"),
}
# The method every model ships with, chosen on data/coverage.json (see the README).
SHIPPED_METHOD: MethodName = "distance"
SHIPPED_DESCRIPTION = Message(
    N_(
        "adaptive split conformal (MAPIE, residual-normalised score): the held-out errors, "
        "divided by a spread that grows with the distance to the nearest training wine, "
        "set the 90% margin"
    )
)


class TrainingDistance(TransformerMixin, BaseEstimator):
    """Each row's distance to its nearest training wine, in training standard deviations.

    The training wines are given when made, not learnt in `fit`: MAPIE fits this on held-out
    wines, whose distances must still be measured to the training ones.
    """

    def __init__(self, training_rows: np.ndarray | None = None) -> None:
        self.training_rows = training_rows

    def fit(self, x: np.ndarray, y: np.ndarray | None = None) -> TrainingDistance:
        rows = np.asarray(self.training_rows, dtype=float)
        self.mean_ = rows.mean(axis=0)
        self.scale_ = np.where(rows.std(axis=0) > 0, rows.std(axis=0), 1.0)
        self.points_ = (rows - self.mean_) / self.scale_
        return self

    def transform(self, x: np.ndarray) -> np.ndarray:
        return nearest_distance(self.points_, (np.asarray(x, float) - self.mean_) / self.scale_)[
            :, None
        ]


def nearest_distance(
    points: np.ndarray, rows: np.ndarray, squared_points: np.ndarray | None = None, chunk: int = 256
) -> np.ndarray:
    """Euclidean distance from each row to the nearest of `points` (both standardised).

    |a − b|² = |a|² − 2 a·b + |b|²: one matrix product per chunk of rows; `squared_points`
    (the |b|²) can be given once for many calls.
    """
    if squared_points is None:
        squared_points = np.einsum("ij,ij->i", points, points)
    found = np.empty(len(rows))
    for start in range(0, len(rows), chunk):
        block = rows[start : start + chunk]
        squared = (
            np.einsum("ij,ij->i", block, block)[:, None]
            - 2 * block @ points.T
            + squared_points[None, :]
        )
        found[start : start + chunk] = np.sqrt(np.maximum(squared.min(axis=1), 0.0))
    return found


class DistanceSpread(RegressorMixin, BaseEstimator):
    """How large a model's error is expected to be, from the distance to the training wines.

    MAPIE's `ResidualNormalisedScore` fits its residual model on log |error| and divides each
    error by exp(prediction). This one fits `base + slope × distance` on |error| itself by
    least squares (so the spread grows in proportion to the distance, not exponentially) and
    returns its log. The slope is at least `base / far_distance`: a wine as far from the
    training wines as the page's far-from-data warning (the 99% quantile of the training wines'
    distances to their nearest neighbour) gets at least twice the spread of a training wine,
    even where the few held-out wines show no trend. The conformal guarantee holds for any
    spread fitted apart from the calibration wines, so this prior cannot cost coverage.
    """

    def __init__(self, training_rows: np.ndarray | None = None) -> None:
        self.training_rows = training_rows

    def fit(self, x: np.ndarray, log_error: np.ndarray) -> DistanceSpread:
        self.distance_ = TrainingDistance(self.training_rows).fit(self.training_rows)
        neighbours = NearestNeighbors().fit(self.distance_.points_)
        self.far_distance_ = float(np.quantile(neighbours.kneighbors(n_neighbors=1)[0], 0.99))
        error = np.exp(log_error)
        line = LinearRegression(positive=True).fit(self.distance_.transform(x), error)
        self.base_ = max(float(line.intercept_), 0.1 * float(error.mean()))
        self.slope_ = max(float(line.coef_[0]), self.base_ / self.far_distance_)
        return self

    def predict(self, x: np.ndarray) -> np.ndarray:
        return np.log(self.base_ + self.slope_ * self.distance_.transform(x)[:, 0])


@dataclass(frozen=True, eq=False)
class IntervalModel:
    """A calibrated 90% interval: prediction ± quantile × (base + slope × distance).

    Split conformal is the case base = 1, slope = 0. Shared between sessions: never mutate.
    """

    method: str
    quantile: float
    base: float
    slope: float
    mean: np.ndarray
    scale: np.ndarray
    points: np.ndarray
    calibration_rows: int
    squared_points: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "squared_points", np.einsum("ij,ij->i", self.points, self.points))

    def distance(self, rows: np.ndarray) -> np.ndarray:
        """Distance of each row to the nearest training wine (standard deviations).

        A few rows (a slider move): one matrix product, microseconds. Many (a batch): a k-d
        tree, built in 10 ms, answers 100 000 rows in under a second instead of 17.
        """
        standardised = (rows - self.mean) / self.scale
        if len(rows) <= _FEW_ROWS:
            return nearest_distance(self.points, standardised, self.squared_points)
        return KDTree(self.points).query(standardised, k=1)[0][:, 0]

    def half_width(self, rows: np.ndarray) -> np.ndarray:
        """Half the interval's width for each row, before clipping to the 0–10 scale."""
        if self.slope == 0.0:
            return np.full(len(rows), self.quantile * self.base)
        return self.quantile * (self.base + self.slope * self.distance(rows))

    def summary(self) -> dict[str, float | int | str]:
        return {
            "method": self.method,
            "quantile": self.quantile,
            "base": self.base,
            "slope": self.slope,
            "calibration_rows": self.calibration_rows,
        }


def _score(method: MethodName, x_train: np.ndarray, seed: int) -> str | ResidualNormalisedScore:
    if method == "split":
        return "absolute"
    if method == "normalised":
        return ResidualNormalisedScore(random_state=seed)
    return ResidualNormalisedScore(residual_estimator=DistanceSpread(x_train), random_state=seed)


def conformalize(
    method: MethodName,
    estimator: RegressorMixin | Pipeline,
    x_train: np.ndarray,
    x_calibration: np.ndarray,
    y_calibration: np.ndarray,
    *,
    seed: int = 0,
) -> SplitConformalRegressor:
    """MAPIE's split conformal regressor around a fitted model, with the method's score."""
    return SplitConformalRegressor(
        estimator,
        confidence_level=INTERVAL_CONFIDENCE,
        conformity_score=_score(method, x_train, seed),
        prefit=True,
    ).conformalize(x_calibration, y_calibration)


def calibrate(
    estimator: RegressorMixin | Pipeline,
    x_train: np.ndarray,
    x_calibration: np.ndarray,
    y_calibration: np.ndarray,
    *,
    method: MethodName = SHIPPED_METHOD,
    seed: int = 0,
) -> IntervalModel:
    """Calibrate a split or distance interval with MAPIE and keep its numbers."""
    if method not in ("split", "distance"):
        raise ValueError(f"Only split and distance intervals can be kept, not {method!r}.")
    conformal = conformalize(method, estimator, x_train, x_calibration, y_calibration, seed=seed)
    base, slope = 1.0, 0.0
    if method == "distance":
        # MAPIE 1.x keeps the fitted score on its inner regressor; no public accessor yet.
        spread = conformal._mapie_regressor.conformity_score_function_.residual_estimator_
        base, slope = spread.base_, spread.slope_
    fitted = TrainingDistance(x_train).fit(x_train)
    kept = partial(IntervalModel, method, base=base, slope=slope, mean=fitted.mean_)
    kept = partial(kept, scale=fitted.scale_, points=fitted.points_)
    _, bounds = conformal.predict_interval(x_calibration[:1])
    half = float(bounds[0, 1, 0] - bounds[0, 0, 0]) / 2
    unit = float(kept(1.0, calibration_rows=0).half_width(x_calibration[:1])[0])
    return kept(half / unit, calibration_rows=len(y_calibration))


def quantile_models(x_fit: np.ndarray, y_fit: np.ndarray, *, seed: int) -> list[Pipeline]:
    """The lower, upper and median gradient-boosted quantile models that CQR conformalizes."""
    alpha = 1 - INTERVAL_CONFIDENCE
    return [
        HistGradientBoostingRegressor(loss="quantile", quantile=q, random_state=seed).fit(
            x_fit, y_fit
        )
        for q in (alpha / 2, 1 - alpha / 2, 0.5)
    ]


def candidate_bounds(
    method: MethodName,
    estimator: RegressorMixin | Pipeline,
    x_train: np.ndarray,
    x_calibration: np.ndarray,
    y_calibration: np.ndarray,
    x_new: np.ndarray,
    *,
    quantiles: list[Pipeline] | None = None,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """The interval bounds a candidate method gives new wines (for measuring methods)."""
    if method == "cqr":
        cqr = ConformalizedQuantileRegressor(
            quantiles, confidence_level=INTERVAL_CONFIDENCE, prefit=True
        ).conformalize(x_calibration, y_calibration)
        _, bounds = cqr.predict_interval(x_new)
    else:
        conformal = conformalize(
            method, estimator, x_train, x_calibration, y_calibration, seed=seed
        )
        _, bounds = conformal.predict_interval(x_new)
    low, high = bounds[:, 0, 0], bounds[:, 1, 0]
    return np.clip(low, *TARGET_RANGE), np.clip(high, *TARGET_RANGE)


def grade_sets(
    quality: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    observed: Sequence[int] | None = None,
) -> tuple[tuple[int, ...], ...]:
    """The grades inside each interval that tasters ever gave: a 90% set, since a true grade
    is whole.

    A grade lies in the set exactly when it lies in the interval, so the set inherits the
    interval's calibration. `observed` (the grades of the training wines; every grade of the
    0–10 scale when None) leaves out grades no taster gave: a red wine's interval reaching 10
    lists no 9 or 10 when real reds were graded 3 to 8. That can only drop a true grade never
    seen in training. A set left empty gets the observed grade nearest the prediction (which
    can only raise coverage).
    """
    scale = range(TARGET_RANGE[0], TARGET_RANGE[1] + 1)
    grades = np.array(sorted(set(scale if observed is None else observed)))
    sets = []
    for q, lo, hi in zip(quality, low, high, strict=True):
        inside = grades[(grades >= lo - 1e-9) & (grades <= hi + 1e-9)]
        nearest = grades[np.argmin(np.abs(grades - np.clip(round(q), *TARGET_RANGE)))]
        sets.append(tuple(int(g) for g in inside) or (int(nearest),))
    return tuple(sets)


def shown_bounds(low: float, high: float, decimals: int = 1) -> tuple[float, float]:
    """An interval's bounds as printed, rounded inward to `decimals`: the printed interval
    holds exactly the whole grades the true one holds (5.004 – 6.996 reads 5.1 – 6.9, not
    5.0 – 7.0 beside "grade 6")."""
    step = 10**decimals
    inner_low = math.ceil(round(low * step, 6)) / step
    inner_high = math.floor(round(high * step, 6)) / step
    if inner_low > inner_high:  # narrower than one printed step: both ends at its middle
        inner_low = inner_high = round((low + high) / 2, decimals)
    return inner_low, inner_high
