"""data/benchmark.json: complete, made from the shipped data, right where we can recompute it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import GroupKFold, KFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from core.data import WINES, data_checksum
from core.evaluate import FOLD_MODES, TOLERANCES
from core.features import FEATURE_KEYS
from core.models import KINDS, ModelSpec
from core.paper_benchmark import load_benchmark


def test_file_covers_every_kind_wine_and_fold_mode_with_the_paper_protocol() -> None:
    header, rows = load_benchmark()
    keys = [(r.spec.wine, r.spec.kind, r.mode) for r in rows]
    assert sorted(keys) == sorted((w, k, m) for w in WINES for k in KINDS for m in FOLD_MODES)
    assert all(r.spec == ModelSpec.create(r.spec.wine, r.spec.kind) for r in rows)
    assert header["protocol"] == {"folds": 5, "repeats": 20, "seed": 0}
    assert all((r.folds, r.repeats) == (5, 20) for r in rows)
    assert {"python", "scikit-learn", "numpy", "pandas", "joblib"} <= set(header["versions"])


def test_file_was_computed_from_the_shipped_data() -> None:
    header, _ = load_benchmark()
    assert header["data_sha256"] == {wine: data_checksum(wine) for wine in WINES}


def _independent_linear(frame: pd.DataFrame, leak_free: bool) -> tuple[float, dict[float, float]]:
    """Plain scikit-learn: 20 repeats of 5 folds, out-of-fold predictions scored per repeat."""
    x, y = frame[list(FEATURE_KEYS)].to_numpy(), frame["quality"].to_numpy()
    groups = frame.groupby(list(FEATURE_KEYS)).ngroup().to_numpy()
    mads, accuracies = [], {t: [] for t in TOLERANCES}
    for repeat in range(20):
        if leak_free:
            splits = GroupKFold(5, shuffle=True, random_state=repeat).split(x, y, groups)
        else:
            splits = KFold(5, shuffle=True, random_state=repeat).split(x)
        predicted = np.empty(len(y))
        for train, test in splits:
            model = make_pipeline(StandardScaler(), LinearRegression()).fit(x[train], y[train])
            predicted[test] = model.predict(x[test])
        errors = np.abs(predicted - y)
        mads.append(errors.mean())
        for t in TOLERANCES:
            accuracies[t].append(np.mean(errors <= t + 1e-9))
    return float(np.mean(mads)), {t: float(np.mean(a)) for t, a in accuracies.items()}


@pytest.mark.parametrize("wine", WINES)
@pytest.mark.parametrize("mode", FOLD_MODES)
def test_linear_rows_match_an_independent_computation(wine: str, mode: str, request) -> None:
    """Check the linear regression rows against scikit-learn run by hand.

    Shuffled folds are drawn identically, so the figures agree to rounding. Leak-free folds
    here number the groups differently (pandas' groupby, not a row hash), so the folds differ
    and only the estimate must agree: within 0.005 MAD and 0.5 percentage points.
    """
    _, rows = load_benchmark()
    row = next(r for r in rows if (r.spec.wine, r.spec.kind, r.mode) == (wine, "linear", mode))
    expected_mad, expected_accuracy = _independent_linear(
        request.getfixturevalue(wine), leak_free=mode == "leak_free"
    )
    tolerance = 1e-9 if mode == "plain" else 0.005
    assert row.mad.mean == pytest.approx(expected_mad, abs=tolerance)
    for t in TOLERANCES:
        assert row.accuracy[t].mean == pytest.approx(expected_accuracy[t], abs=tolerance)
