"""data/coverage.json: complete, made from the shipped data, reproducible, and keeping the promise.

Behaviours checked:
- one row per wine, protocol and (kind, method), plus one CQR row per wine and protocol, with
  the protocol and versions recorded;
- the data checksums recorded are those of data/*.csv;
- every row's groups add up: four distance quarters and the grades hold every scored wine;
- the held-out rows of one kind are recomputed exactly by `core.coverage.measure`;
- the split rows agree with split conformal done by hand with plain scikit-learn;
- the interval in use covers 90% of unseen wines within 2.5 points under leak-free folds, and
  at least 88% of the farthest quarter, for every wine and kind.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn.linear_model import Ridge
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from core.conformal import SHIPPED_METHOD
from core.coverage import (
    COVERAGE_REPEATS,
    MODEL_METHODS,
    PROTOCOLS,
    QUARTILES,
    load_coverage,
    measure,
)
from core.data import WINES, data_checksum
from core.features import FEATURE_KEYS
from core.models import KINDS


@pytest.fixture(scope="module")
def table() -> dict:
    return load_coverage()


def _row(table: dict, wine: str, protocol: str, kind: str, method: str) -> dict:
    return next(
        r
        for r in table["rows"]
        if (r["wine"], r["protocol"], r["kind"], r["method"]) == (wine, protocol, kind, method)
    )


def _flat(value: object, path: str = "") -> dict[str, object]:
    if isinstance(value, dict):
        return {
            k: v for key, item in value.items() for k, v in _flat(item, f"{path}/{key}").items()
        }
    return {path: value}


def _split_numbers(flat: dict[str, object]) -> tuple[dict[str, float], dict[str, object]]:
    """The numbers (compared within a tolerance) apart from the rest (compared exactly):
    pytest ≥ 9.2 refuses `approx` on a mapping that holds strings."""
    numbers = {
        key: value
        for key, value in flat.items()
        if isinstance(value, int | float) and not isinstance(value, bool)
    }
    return numbers, {key: value for key, value in flat.items() if key not in numbers}


def test_file_covers_every_wine_protocol_kind_and_method(table) -> None:
    keys = sorted((r["wine"], r["protocol"], r["kind"], r["method"]) for r in table["rows"])
    expected = [
        (w, p, k, m) for w in WINES for p in PROTOCOLS for k in KINDS for m in MODEL_METHODS
    ]
    expected += [(w, p, "any", "cqr") for w in WINES for p in PROTOCOLS]
    assert keys == sorted(expected)
    assert table["protocol"] == {"folds": 5, "repeats": COVERAGE_REPEATS, "seed": 0}
    assert table["confidence"] == 0.9
    assert {"python", "scikit-learn", "mapie", "numpy"} <= set(table["versions"])


def test_file_was_computed_from_the_shipped_data(table) -> None:
    assert table["data_sha256"] == {wine: data_checksum(wine) for wine in WINES}


def test_every_row_accounts_for_every_scored_wine(table) -> None:
    for row in table["rows"]:
        assert list(row["by_distance"]) == list(QUARTILES)
        assert sum(g["wines"] for g in row["by_distance"].values()) == row["scored"]
        assert sum(g["wines"] for g in row["by_grade"].values()) == row["scored"]


def test_held_out_rows_are_reproduced_by_measure(table, red) -> None:
    """Check one kind's held-out rows, recomputed now, equal the file's."""
    for row in measure(red, "red", "held_out", kinds=("ridge",)):
        stored = _flat(_row(table, "red", "held_out", row["kind"], row["method"]))
        numbers, others = _split_numbers(_flat(row))
        assert numbers == pytest.approx(_split_numbers(stored)[0], rel=1e-9)
        assert others == _split_numbers(stored)[1]


def test_split_rows_agree_with_split_conformal_by_hand(table, red) -> None:
    """Plain scikit-learn: the tutorial split; each held-out half calibrates the other."""
    x, y = red[list(FEATURE_KEYS)].to_numpy(), red["quality"].to_numpy()
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.2, random_state=0)
    model = make_pipeline(StandardScaler(), Ridge(alpha=0.5)).fit(x_train, y_train)
    errors = np.abs(y_test - model.predict(x_test))
    first, second = train_test_split(np.arange(len(y_test)), test_size=0.5, random_state=0)
    covered, widths = [], []
    for calibrating, scored in ((first, second), (second, first)):
        margin = np.sort(errors[calibrating])[math.ceil((len(calibrating) + 1) * 0.9) - 1]
        covered += list(errors[scored] <= margin)
        low = np.clip(model.predict(x_test[scored]) - margin, 0, 10)
        high = np.clip(model.predict(x_test[scored]) + margin, 0, 10)
        widths += list(high - low)
    row = _row(table, "red", "held_out", "ridge", "split")
    assert row["coverage"] == pytest.approx(np.mean(covered))
    assert row["mean_width"] == pytest.approx(np.mean(widths))


@pytest.mark.parametrize("wine", WINES)
@pytest.mark.parametrize("kind", KINDS)
def test_interval_in_use_keeps_its_promise_on_unseen_wines(table, wine, kind) -> None:
    row = _row(table, wine, "leak_free", kind, SHIPPED_METHOD)
    assert row["coverage"] == pytest.approx(0.9, abs=0.025)
    assert row["by_distance"]["farthest"]["coverage"] >= 0.88
    assert row["grade_set_coverage"] >= row["coverage"]
