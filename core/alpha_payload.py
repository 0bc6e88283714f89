"""What the Train page's alpha panel receives: one JSON-ready payload, built here only.

The panel (a browser component) refits Ridge, Lasso or elastic net at every alpha the finger
passes, on the spec's own split and cross-validation folds (`core.train`). For that it needs
each fit's training part reduced to what the arithmetic reads, once per wine, kind and split
(`core.train.spec_split` and `training_folds`, the very parts `train_model` uses):

- Ridge: the SVD `D = U S Vᵀ` of the centred design matrix (standardised features, or raw
  ones when scaling is off) and `Uᵀ(y − ȳ)`, so `β(α) = V diag(s / (s² + α)) Uᵀ(y − ȳ)`;
- Lasso and elastic net: the Gram matrix `DᵀD` and `Dᵀ(y − ȳ)`, on which the browser runs
  scikit-learn's coordinate descent (`precompute=True`'s arithmetic), warm-started.

Each cross-validation fold's held-out part enters only through its squared error, a quadratic
form in `β` (`AᵀA`, `Aᵀb`, `bᵀb`), and so does the training part's own (through `‖y − ȳ‖²`
beside the reduction); the test part goes as its rows, for the MAE. The numbers
`core` trained for the value last released (`python`) stay the authority and replace the
preview when they arrive.
"""

from __future__ import annotations

import base64
import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from core.explain import standardized_coefficients
from core.features import FEATURE_KEYS, TARGET_RANGE
from core.models import ModelSpec, ParamValue, get_kind
from core.regularisation import alpha_grid, has_path
from core.train import spec_split, training_folds
from core.train_result import OVERFIT_GAP, VISIBLE_GAP, TrainResult

# The settings the panel moves in the browser (only those a kind declares).
PANEL_PARAMETERS = ("alpha", "l1_ratio")
# Steps of the keyboard along the log scale: an arrow is 1/20 of a decade, PageUp/Down ten.
STEPS_PER_DECADE = 20
# The most decimals a measurement is sent with as a whole-number code (alcohol has seven).
_MOST_DECIMALS = 8


@dataclass(frozen=True)
class Factors:
    """A kind's training parts reduced for the browser (every setting but the panel's)."""

    spec: ModelSpec
    fits: tuple[dict[str, Any], ...]
    test_rows: np.ndarray
    test_quality: np.ndarray
    train_std: np.ndarray


def panel_parameters(kind: str) -> tuple[str, ...]:
    """The settings of a kind that the alpha panel owns (none for a kind without alpha)."""
    if not has_path(kind):
        return ()
    return tuple(h.name for h in get_kind(kind).hyperparameters if h.name in PANEL_PARAMETERS)


def factor_spec(spec: ModelSpec) -> ModelSpec:
    """The spec with the panel's settings at their defaults: one key for every value of them."""
    kind = get_kind(spec.kind)
    params = {
        name: kind.hyperparameter(name).default if name in PANEL_PARAMETERS else value
        for name, value in spec.params
    }
    return dataclasses.replace(spec, params=tuple(params.items()))


def factorise(spec: ModelSpec, frame: pd.DataFrame) -> Factors:
    """The training part and each fold's training part, reduced for the spec's kind."""
    if not has_path(spec.kind):
        raise ValueError(f"{spec.kind} has no alpha to move.")
    x_train, x_test, y_train, y_test = spec_split(spec, frame)
    gram = spec.kind != "ridge"
    # 11 columns: threads only wait on each other (200 ms instead of 2 on a busy machine).
    with threadpool_limits(limits=1):
        fits = [_fit_part(x_train, y_train, scale=spec.scale, gram=gram)]
        for train, held_out in training_folds(spec, frame):
            part = _fit_part(x_train[train], y_train[train], scale=spec.scale, gram=gram)
            part["held_out"] = _held_out(part, x_train[held_out], y_train[held_out])
            fits.append(part)
    return Factors(
        spec=factor_spec(spec),
        fits=tuple(fits),
        test_rows=x_test,
        test_quality=y_test,
        train_std=x_train.std(axis=0),
    )


def _design(x: np.ndarray, *, scale: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """StandardScaler's transform (population SD, 1 where a feature is constant), or none."""
    if not scale:
        return x, np.zeros(x.shape[1]), np.ones(x.shape[1])
    mean, std = x.mean(axis=0), x.std(axis=0)
    std = np.where(std == 0, 1.0, std)
    return (x - mean) / std, mean, std


def _fit_part(x: np.ndarray, y: np.ndarray, *, scale: bool, gram: bool) -> dict[str, Any]:
    """One training part: its scaling, its centre and the solver's reduction."""
    design, mean, std = _design(x, scale=scale)
    offset, y_mean = design.mean(axis=0), float(y.mean())
    centred, target = design - offset, y - y_mean
    part: dict[str, Any] = {
        "mean": mean,
        "scale": std,
        "offset": offset,
        "y_mean": y_mean,
        "n": len(y),
    }
    if gram:
        return part | {
            "gram": _upper(centred.T @ centred),
            "xty": centred.T @ target,
            "yy": float(target @ target),
        }
    u, s, vt = np.linalg.svd(centred, full_matrices=False)
    return part | {"s": s, "vt": vt, "uty": u.T @ target, "yy": float(target @ target)}


def _held_out(part: dict[str, Any], x: np.ndarray, y: np.ndarray) -> dict[str, Any]:
    """A fold's held-out wines as the quadratic form of their squared error in β:
    ‖b − Aβ‖² = bᵀb − 2 (Aᵀb)ᵀβ + βᵀ(AᵀA)β, in the fold's own scaling and centre."""
    a = (x - part["mean"]) / part["scale"] - part["offset"]
    b = y - part["y_mean"]
    return {"ata": _upper(a.T @ a), "atb": a.T @ b, "btb": float(b @ b), "n": len(y)}


def _upper(symmetric: np.ndarray) -> np.ndarray:
    """A symmetric matrix's upper triangle, row by row (66 numbers instead of 121)."""
    return symmetric[np.triu_indices(len(symmetric))]


def float64(values: np.ndarray) -> str:
    """Doubles, little-endian, in base64: every bit kept, in 10.7 characters instead of 19."""
    return base64.b64encode(np.ascontiguousarray(values, dtype="<f8").tobytes()).decode("ascii")


def _encoded(part: Mapping[str, Any]) -> dict[str, Any]:
    """A fit's arrays as `float64` strings (matrices row by row), its counts as numbers."""
    return {
        name: _encoded(value)
        if isinstance(value, Mapping)
        else float64(value)
        if isinstance(value, np.ndarray)
        else value
        for name, value in part.items()
    }


def _exact(column: np.ndarray, decimals: int) -> bool:
    return bool(np.all(np.round(column * 10**decimals) / 10**decimals == column))


def encoded_rows(rows: np.ndarray) -> list[dict[str, Any]]:
    """The test wines column by column: each measurement as a whole number of its column's
    last decimal place, from the column's smallest (so `(base + code) / 10**decimals` gives
    back the very double the CSV parsed to), in the fewest bytes that hold the codes."""
    columns = []
    for column in rows.T:
        decimals = next((d for d in range(_MOST_DECIMALS) if _exact(column, d)), None)
        if decimals is None:
            columns.append({"type": "f64", "data": float64(column)})
            continue
        codes = np.round(column * 10**decimals).astype(np.int64)
        base, span = int(codes.min()), int(codes.max() - codes.min())
        dtype = "<u2" if span < 2**16 else "<u4" if span < 2**32 else None
        if dtype is None:
            columns.append({"type": "f64", "data": float64(column)})
            continue
        data = base64.b64encode((codes - base).astype(dtype).tobytes()).decode("ascii")
        columns.append(
            {"type": "u16" if dtype == "<u2" else "u32", "decimals": decimals, "base": base,
             "data": data}
        )  # fmt: skip
    return columns


def received_params(
    raw: Mapping[str, Any], kind: str, current: Mapping[str, ParamValue]
) -> dict[str, ParamValue]:
    """The panel's settings sent by the browser, each clamped to its declared range; a
    missing or non-numeric value keeps the current one."""
    values = {}
    for name in panel_parameters(kind):
        number = raw.get(name)
        finite = isinstance(number, int | float) and not isinstance(number, bool)
        if not finite or not math.isfinite(number):
            values[name] = current[name]
            continue
        values[name] = get_kind(kind).hyperparameter(name).clamp(float(number))
    return values


def alpha_payload(
    factors: Factors, result: TrainResult, wine: Mapping[str, float], quality: float
) -> dict[str, Any]:
    """Everything the panel computes with, as plain JSON types.

    `result` is what `core` trained for the spec shown (its numbers are the authority) and
    `quality` its prediction for `wine`, the Predict page's wine.
    """
    spec = result.spec
    kind = get_kind(spec.kind)
    return {
        "signature": factors.spec.to_json(),
        "kind": spec.kind,
        "solver": "svd" if spec.kind == "ridge" else "gram",
        "settings": [
            _setting(kind.hyperparameter(name), spec) for name in panel_parameters(spec.kind)
        ],
        "grid": list(alpha_grid(spec.kind)),
        "fits": [_encoded(part) for part in factors.fits],
        "test": {
            "rows": len(factors.test_quality),
            "columns": encoded_rows(factors.test_rows),
            "quality": encoded_rows(factors.test_quality[:, None])[0],
        },
        "baseline": result.baseline_metrics.to_dict(),
        # `core.train_result.fit_gap`'s thresholds, for the gap sentence under the numbers.
        "gap": {"overfit_share": OVERFIT_GAP, "visible": VISIBLE_GAP},
        "per_sd": None if spec.scale else factors.train_std.tolist(),
        "wine": [float(wine[key]) for key in FEATURE_KEYS],
        "quality_range": [float(TARGET_RANGE[0]), float(TARGET_RANGE[1])],
        "python": _python_numbers(result, quality),
    }


def _setting(hyperparameter: Any, spec: ModelSpec) -> dict[str, Any]:
    return {
        "name": hyperparameter.name,
        "low": float(hyperparameter.low),
        "high": float(hyperparameter.high),
        "log": hyperparameter.log,
        "steps": (
            round(math.log10(hyperparameter.high / hyperparameter.low) * STEPS_PER_DECADE)
            if hyperparameter.log
            else 100
        ),
        "value": float(spec.hyperparameters[hyperparameter.name]),
    }


def _python_numbers(result: TrainResult, quality: float) -> dict[str, Any]:
    """What scikit-learn gave for the spec shown: the numbers the preview gives way to."""
    coefficients = standardized_coefficients(result) or {}
    return {
        "params": dict(result.spec.hyperparameters),
        "test": result.test_metrics.to_dict(),
        "train": {"rmse": result.train_metrics.rmse},
        "cv": {"mean": result.cv_rmse_mean, "std": result.cv_rmse_std},
        "coefficients": [float(coefficients[key]) for key in FEATURE_KEYS],
        "wine": float(quality),
    }
