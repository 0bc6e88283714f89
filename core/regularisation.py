"""What alpha does to a linear model: its regularisation path and its error along alpha.

Computed once per wine, kind and split (every setting but alpha), so that moving alpha on the
Train page only moves a marker along curves that are already drawn.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.model_selection import cross_val_score

from core.features import FEATURE_KEYS
from core.messages import N_, Message, Number
from core.models import ModelSpec, build_pipeline, get_kind
from core.train import spec_split, training_folds

PARAMETER = "alpha"
POINTS_PER_DECADE = 4
# A change in test RMSE below this is invisible where the page shows three decimals.
VISIBLE_RMSE = 0.001


@dataclass(frozen=True)
class RegularisationPath:
    """Standardised coefficients, test RMSE and CV RMSE at each alpha of a grid."""

    spec: ModelSpec
    alphas: tuple[float, ...]
    coefficients: dict[str, tuple[float, ...]]
    test_rmse: tuple[float, ...]
    cv_rmse: tuple[float, ...]
    baseline_rmse: float


def has_path(kind: str) -> bool:
    """Whether a kind is linear and has an alpha to move."""
    declared = get_kind(kind)
    return declared.linear and any(h.name == PARAMETER for h in declared.hyperparameters)


def path_spec(spec: ModelSpec) -> ModelSpec:
    """The spec with alpha at its default: one key for every alpha of one path."""
    default = get_kind(spec.kind).hyperparameter(PARAMETER).default
    params = {**spec.hyperparameters, PARAMETER: default}
    return dataclasses.replace(spec, params=tuple(params.items()))


def alpha_grid(kind: str) -> tuple[float, ...]:
    """Alphas evenly spaced on a log scale over the declared range, four per decade."""
    hyperparameter = get_kind(kind).hyperparameter(PARAMETER)
    decades = math.log10(hyperparameter.high / hyperparameter.low)
    points = round(decades * POINTS_PER_DECADE) + 1
    return tuple(float(v) for v in np.geomspace(hyperparameter.low, hyperparameter.high, points))


def regularisation_path(spec: ModelSpec, frame: pd.DataFrame) -> RegularisationPath:
    """Fit the spec's pipeline at every alpha of the grid, on the spec's own split."""
    if not has_path(spec.kind):
        raise ValueError(f"{spec.kind} has no regularisation path.")
    x_train, x_test, y_train, y_test = spec_split(spec, frame)
    folds = training_folds(spec, frame)
    alphas = alpha_grid(spec.kind)
    coefficients, test_rmse, cv_rmse = [], [], []
    for alpha in alphas:
        at_alpha = _with_alpha(spec, alpha)
        pipeline = build_pipeline(at_alpha).fit(x_train, y_train)
        coefficient = np.asarray(pipeline.named_steps["model"].coef_, dtype=float)
        if "scale" not in pipeline.named_steps:  # raw units: per standard deviation instead
            coefficient = coefficient * x_train.std(axis=0)
        coefficients.append(coefficient)
        test_rmse.append(float(np.sqrt(np.mean((pipeline.predict(x_test) - y_test) ** 2))))
        scores = cross_val_score(
            build_pipeline(at_alpha),
            x_train,
            y_train,
            cv=folds,
            scoring="neg_root_mean_squared_error",
        )
        cv_rmse.append(float(-scores.mean()))
    table = np.vstack(coefficients)
    return RegularisationPath(
        spec=path_spec(spec),
        alphas=alphas,
        coefficients={key: tuple(table[:, i].tolist()) for i, key in enumerate(FEATURE_KEYS)},
        test_rmse=tuple(test_rmse),
        cv_rmse=tuple(cv_rmse),
        baseline_rmse=float(np.sqrt(np.mean((y_test - y_train.mean()) ** 2))),
    )


def _with_alpha(spec: ModelSpec, alpha: float) -> ModelSpec:
    params = {**spec.hyperparameters, PARAMETER: alpha}
    return dataclasses.replace(spec, params=tuple(params.items()))


def rounded_for_people(value: float) -> float:
    """1, 2 or 5 times a power of ten, the nearest on a log scale: 177.8 → 200."""
    exponent = math.floor(math.log10(value))
    mantissa = min((1, 2, 5, 10), key=lambda m: abs(math.log10(value / (m * 10.0**exponent))))
    return mantissa * 10.0**exponent


def round_for_people(value: float) -> str:
    """`rounded_for_people`, written with thousands separators: 'about 1,000'."""
    rounded = rounded_for_people(value)
    return f"{rounded:,.0f}" if rounded >= 1 else f"{rounded:g}"


def people_number(value: float) -> Number:
    """`rounded_for_people` inside a `Message`: whole numbers grouped, small ones as `{:g}`."""
    rounded = rounded_for_people(value)
    return Number(rounded, 0) if rounded >= 1 else Number(rounded)


def matters_from(path: RegularisationPath) -> float | None:
    """The first alpha of the grid where test RMSE has moved visibly from the smallest
    alpha's (None if it never does)."""
    rmse = np.asarray(path.test_rmse)
    moved = np.flatnonzero(np.abs(rmse - rmse[0]) >= VISIBLE_RMSE)
    return float(path.alphas[int(moved[0])]) if moved.size else None


def where_alpha_matters(path: RegularisationPath) -> str:
    """Where moving alpha changes the error, in English sentences (`alpha_sentences`)."""
    return " ".join(alpha_sentences(path))


def alpha_sentences(path: RegularisationPath) -> tuple[Message, ...]:
    """Whole sentences, read from the computed curves, on where moving alpha changes the
    error: where it hardly matters, where the model falls back to the mean, where CV is best."""
    rmse = np.asarray(path.test_rmse)
    flat = np.abs(rmse - rmse[0]) < VISIBLE_RMSE
    flat_until = int(np.argmin(flat)) if not flat.all() else len(rmse)
    visible = Number(VISIBLE_RMSE)
    if flat_until == len(rmse):
        return (
            Message(
                N_(
                    "Over the whole range, test RMSE changes by less than {visible}: on this "
                    "split, alpha hardly matters."
                ),
                visible=visible,
            ),
        )
    sentences = []
    if flat_until > 0:
        sentences.append(
            Message(
                N_("Below about {alpha}, test RMSE changes by less than {visible}."),
                alpha=people_number(path.alphas[flat_until - 1]),
                visible=visible,
            )
        )
    gap = path.baseline_rmse - rmse.min()
    towards_mean = np.flatnonzero(rmse >= rmse.min() + gap / 2)
    if gap > VISIBLE_RMSE and towards_mean.size:
        sentences.append(
            Message(
                N_(
                    "From about {alpha} the model falls back towards the average wine (test "
                    "RMSE {largest} at the largest alpha, {baseline} for always predicting "
                    "the mean)."
                ),
                alpha=people_number(path.alphas[int(towards_mean[0])]),
                largest=Number(float(rmse[-1]), 3),
                baseline=Number(float(path.baseline_rmse), 3),
            )
        )
    sentences.append(_best_cv_sentence(path))
    return tuple(sentences)


def _best_cv_sentence(path: RegularisationPath) -> Message:
    best = int(np.argmin(path.cv_rmse))
    if best == 0:
        return Message(N_("Cross-validation is lowest at the smallest alpha tried."))
    return Message(
        N_("Cross-validation is lowest near alpha = {alpha}."),
        alpha=people_number(path.alphas[best]),
    )
