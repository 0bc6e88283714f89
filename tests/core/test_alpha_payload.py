"""The alpha panel's payload (core.alpha_payload), checked against plain scikit-learn.

Behaviours checked:
- the payload of every regularised kind, on both wines, is at most 60 KB of JSON;
- it is built on core's own split and folds (`core.train.spec_split`, `training_folds`):
  the test rows it sends are core's test part, bit for bit, for both kinds of split;
- Ridge's SVD reproduces scikit-learn's Ridge coefficients, on every fold;
- the Gram matrix and Xᵀy are those of the standardised, centred training part;
- each fold's quadratic form gives the fold's held-out squared error of any β;
- the training part's reduction and ‖y − ȳ‖² give scikit-learn's training RMSE (both solvers),
  and Python's numbers carry core's training RMSE and the gap thresholds;
- the settings the panel owns: alpha (and l1_ratio) of Ridge, Lasso and elastic net only;
- values from the browser are clamped to the declared range, non-numbers ignored.
"""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest
from sklearn.linear_model import Ridge
from sklearn.metrics import root_mean_squared_error
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from core.alpha_payload import alpha_payload, factorise, panel_parameters, received_params
from core.data import load_wine
from core.features import median_wine
from core.models import ModelSpec
from core.train import spec_split, train_model, training_folds
from core.train_result import OVERFIT_GAP, VISIBLE_GAP

LIMIT_BYTES = 60_000


def _f64(text: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype="<f8")


def _column(column: dict) -> np.ndarray:
    """The browser's decoding of a test column, written again in NumPy."""
    if column["type"] == "f64":
        return _f64(column["data"])
    dtype = "<u2" if column["type"] == "u16" else "<u4"
    codes = np.frombuffer(base64.b64decode(column["data"]), dtype=dtype).astype(np.int64)
    return (column["base"] + codes) / 10 ** column["decimals"]


def _upper(packed: np.ndarray, size: int = 11) -> np.ndarray:
    full = np.zeros((size, size))
    full[np.triu_indices(size)] = packed
    return full + np.triu(full, 1).T


@pytest.fixture(scope="module", params=["red", "white"])
def wine(request: pytest.FixtureRequest) -> str:
    return request.param


def _payload(wine: str, kind: str) -> dict:
    spec = ModelSpec.create(wine, kind)
    frame = load_wine(wine)
    result = train_model(spec, frame)
    return alpha_payload(factorise(spec, frame), result, median_wine(frame), 5.0)


@pytest.mark.parametrize("kind", ["ridge", "lasso", "elasticnet"])
def test_payload_is_at_most_60_kb_per_wine_and_kind(wine: str, kind: str) -> None:
    text = json.dumps(_payload(wine, kind), separators=(",", ":"))
    assert len(text.encode()) <= LIMIT_BYTES


@pytest.mark.parametrize("split", ["grouped", "tutorial"])
def test_test_rows_are_cores_test_part_bit_for_bit(wine: str, split: str) -> None:
    spec = ModelSpec.create(wine, "ridge", split=split)
    frame = load_wine(wine)
    result = train_model(spec, frame)
    payload = alpha_payload(factorise(spec, frame), result, median_wine(frame), 5.0)
    _, x_test, _, y_test = spec_split(spec, frame)
    rows = np.column_stack([_column(c) for c in payload["test"]["columns"]])
    assert np.array_equal(rows, x_test)
    assert np.array_equal(_column(payload["test"]["quality"]), y_test)


def test_ridge_svd_gives_sklearns_coefficients_on_every_fold() -> None:
    payload = _payload("red", "ridge")
    spec, frame = ModelSpec.create("red", "ridge"), load_wine("red")
    x_train, _, y_train, _ = spec_split(spec, frame)
    folds = training_folds(spec, frame)
    parts = [(x_train, y_train)] + [(x_train[t], y_train[t]) for t, _ in folds]
    for fit, (x, y) in zip(payload["fits"], parts, strict=True):
        s, vt, uty = _f64(fit["s"]), _f64(fit["vt"]).reshape(11, 11), _f64(fit["uty"])
        for alpha in (1e-3, 0.5, 40.0, 1e5):
            beta = vt.T @ (s / (s**2 + alpha) * uty)
            expected = Ridge(alpha=alpha).fit(StandardScaler().fit_transform(x), y).coef_
            np.testing.assert_allclose(beta, expected, rtol=1e-9)


def test_gram_and_xty_are_the_centred_standardised_training_parts() -> None:
    payload = _payload("red", "lasso")
    x_train, _, y_train, _ = spec_split(ModelSpec.create("red", "lasso"), load_wine("red"))
    design = StandardScaler().fit_transform(x_train)
    design -= design.mean(axis=0)
    main = payload["fits"][0]
    np.testing.assert_allclose(_upper(_f64(main["gram"])), design.T @ design, rtol=1e-12)
    np.testing.assert_allclose(_f64(main["xty"]), design.T @ (y_train - y_train.mean()))


def test_fold_quadratic_forms_give_the_held_out_squared_error() -> None:
    payload = _payload("red", "lasso")
    spec, frame = ModelSpec.create("red", "lasso"), load_wine("red")
    x_train, _, y_train, _ = spec_split(spec, frame)
    beta = np.random.default_rng(0).normal(size=11) * 0.1
    folds = training_folds(spec, frame)
    for fit, (train, held_out) in zip(payload["fits"][1:], folds, strict=True):
        scaler = StandardScaler().fit(x_train[train])
        offset = scaler.transform(x_train[train]).mean(axis=0)
        predicted = y_train[train].mean() + (scaler.transform(x_train[held_out]) - offset) @ beta
        expected = float(np.sum((y_train[held_out] - predicted) ** 2))
        form = fit["held_out"]
        ata, atb = _upper(_f64(form["ata"])), _f64(form["atb"])
        assert form["btb"] - 2 * atb @ beta + beta @ ata @ beta == pytest.approx(expected)


@pytest.mark.parametrize("kind", ["ridge", "lasso"])
def test_training_part_gives_sklearns_training_rmse(kind: str) -> None:
    """Check the arithmetic the panel's script does for the training RMSE, on both reductions."""
    payload = _payload("red", kind)
    spec, frame = ModelSpec.create("red", kind), load_wine("red")
    x_train, _, y_train, _ = spec_split(spec, frame)
    main = payload["fits"][0]
    for alpha in (1e-3, 0.5, 40.0):
        model = make_pipeline(StandardScaler(), Ridge(alpha=alpha)).fit(x_train, y_train)
        beta = model[-1].coef_
        if kind == "ridge":
            s, vt, uty = _f64(main["s"]), _f64(main["vt"]).reshape(11, 11), _f64(main["uty"])
            squares = main["yy"] - uty @ uty + np.sum((uty - s * (vt @ beta)) ** 2)
        else:
            gram, xty = _upper(_f64(main["gram"])), _f64(main["xty"])
            squares = main["yy"] - 2 * xty @ beta + beta @ gram @ beta
        expected = root_mean_squared_error(y_train, model.predict(x_train))
        assert np.sqrt(squares / main["n"]) == pytest.approx(expected, rel=1e-12)


def test_python_numbers_carry_cores_training_rmse_and_the_gap_thresholds() -> None:
    spec, frame = ModelSpec.create("red", "ridge"), load_wine("red")
    result = train_model(spec, frame)
    payload = alpha_payload(factorise(spec, frame), result, median_wine(frame), 5.0)
    assert payload["python"]["train"] == {"rmse": result.train_metrics.rmse}
    assert payload["gap"] == {"overfit_share": OVERFIT_GAP, "visible": VISIBLE_GAP}


@pytest.mark.parametrize(
    ("kind", "owned"),
    [
        ("ridge", ("alpha",)),
        ("lasso", ("alpha",)),
        ("elasticnet", ("alpha", "l1_ratio")),
        ("linear", ()),
        ("svr", ()),
    ],
)
def test_panel_owns_alpha_and_l1_ratio_of_the_regularised_kinds(kind: str, owned) -> None:
    assert panel_parameters(kind) == owned


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"alpha": 2.5, "l1_ratio": 0.3}, {"alpha": 2.5, "l1_ratio": 0.3}),
        ({"alpha": 1e9, "l1_ratio": 7}, {"alpha": 10.0, "l1_ratio": 1.0}),
        ({"alpha": float("nan"), "l1_ratio": "x"}, {"alpha": 0.01, "l1_ratio": 0.5}),
        ({}, {"alpha": 0.01, "l1_ratio": 0.5}),
    ],
)
def test_values_from_the_browser_are_clamped(raw: dict, expected: dict) -> None:
    current = {"alpha": 0.01, "l1_ratio": 0.5}
    assert received_params(raw, "elasticnet", current) == expected
