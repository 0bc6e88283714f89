"""Scoring one wine, many wines and the JSON contract.

Behaviours checked:
- predictions equal plain scikit-learn's for the same fitted split, on every path;
- the interval is the prediction ± the wine's conformal half-width, inside 0–10;
- the JSON answer carries an interval and a grade set per wine, in input order;
- a JSON wine may name its measurements by key ('ph') or by the UCI file's column ('pH',
  'fixed acidity'), as an uploaded file may, but not one measurement twice;
- values outside the observed range are scored and reported as extrapolation;
- every kind of bad input raises `ScoringError` with a message naming the problem.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from core.data import DATA_DIR
from core.errors import ScoringError
from core.features import FEATURE_KEYS, median_wine
from core.models import ModelSpec
from core.scoring import predict_frame, predict_one, score_json
from core.train import train_model
from tests.splits import grouped_train_test_split

FIRST_RED = [7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4]


@pytest.fixture(scope="module")
def result(red):
    return train_model(ModelSpec(), red)


@pytest.fixture(scope="module")
def reference(red):
    """The classic tutorial's model, fitted independently."""
    x = red[list(FEATURE_KEYS)].to_numpy()
    x_train, _, y_train, _ = grouped_train_test_split(x, red["quality"], red)
    return make_pipeline(StandardScaler(), Ridge(alpha=0.5)).fit(x_train, y_train)


def test_predict_one_equals_sklearn_for_the_median_wine(result, reference, red) -> None:
    wine = median_wine(red)
    expected = reference.predict(np.array([[wine[key] for key in FEATURE_KEYS]]))[0]
    prediction = predict_one(result, wine)
    assert prediction.quality == pytest.approx(expected, rel=1e-12)
    assert prediction.nearest_score == round(expected)
    assert prediction.extrapolated == ()


def test_interval_is_prediction_plus_minus_half_width(result, red) -> None:
    """Check the 90% interval's bounds and its grades."""
    wine = median_wine(red)
    prediction = predict_one(result, wine)
    half = result.interval.half_width(np.array([[wine[key] for key in FEATURE_KEYS]]))[0]
    assert prediction.low == pytest.approx(prediction.quality - half)
    assert prediction.high == pytest.approx(prediction.quality + half)
    assert prediction.grades == tuple(
        g for g in range(11) if prediction.low <= g <= prediction.high
    )


def test_interval_stays_on_the_quality_scale(result, red) -> None:
    far = median_wine(red) | {"alcohol": 14.9, "sulphates": 2.0, "chlorides": 0.6}
    prediction = predict_one(result, far)
    assert 0 <= prediction.low < prediction.quality < prediction.high <= 10


def test_score_json_follows_the_classic_contract(result, reference) -> None:
    """Check {"data": [[...]]} in; {"result", "interval", "grades"} out, one entry per wine in
    input order, with sklearn's numbers."""
    rows = [FIRST_RED, [7.8, 0.88, 0, 2.6, 0.098, 25, 67, 0.9968, 3.2, 0.68, 9.8]]
    output = score_json(result, json.dumps({"data": rows}))
    assert list(output) == ["result", "interval", "grades"]
    np.testing.assert_allclose(output["result"], reference.predict(np.array(rows)))
    for row, quality, interval, grades in zip(rows, *output.values(), strict=True):
        single = predict_one(result, dict(zip(FEATURE_KEYS, row, strict=True)))
        assert [quality, *interval] == pytest.approx([single.quality, single.low, single.high])
        assert grades == list(single.grades)


def test_score_json_accepts_rows_as_mappings(result) -> None:
    row = dict(zip(FEATURE_KEYS, FIRST_RED, strict=True))
    by_name = score_json(result, json.dumps({"data": [row]}))
    assert by_name == score_json(result, json.dumps({"data": [FIRST_RED]}))


def test_score_json_reads_the_uci_column_names_like_an_upload(result) -> None:
    """Check that rows keyed by the CSV's header ('fixed acidity', 'pH') score as by keys."""
    frame = pd.read_csv(DATA_DIR / "winequality-red.csv", sep=";", nrows=3)
    rows = frame.drop(columns="quality").to_dict(orient="records")
    assert "fixed acidity" in rows[0]
    assert "pH" in rows[0]
    by_column = score_json(result, json.dumps({"data": rows}))
    positional = frame.drop(columns="quality").to_numpy().tolist()
    assert by_column == score_json(result, json.dumps({"data": positional}))


def test_predict_frame_equals_sklearn_on_the_whole_file(result, reference, red) -> None:
    expected = reference.predict(red[list(FEATURE_KEYS)].to_numpy())
    np.testing.assert_allclose(predict_frame(result, red), expected)


def test_value_outside_observed_range_is_scored_as_extrapolation(result, red) -> None:
    """Check that 16 % alcohol (red's maximum is 14.9) is predicted and flagged."""
    wine = median_wine(red) | {"alcohol": 16.0}
    prediction = predict_one(result, wine)
    assert prediction.extrapolated == ("alcohol",)
    assert np.isfinite(prediction.quality)


def _wine(**changes):
    return dict(zip(FEATURE_KEYS, FIRST_RED, strict=True)) | changes


@pytest.mark.parametrize(
    ("wine", "match"),
    [
        ({k: v for k, v in _wine().items() if k != "ph"}, r"Missing feature\(s\): ph"),
        (_wine(colour=1.0), r"Unknown feature\(s\): colour"),
        (_wine(alcohol="strong"), "alcohol must be a number, not str 'strong'"),
        (_wine(alcohol=None), "alcohol must be a number, not NoneType"),
        (_wine(alcohol=True), "alcohol must be a number, not bool"),
        (_wine(alcohol=float("nan")), "alcohol must be a finite number"),
        (_wine(alcohol=float("inf")), "alcohol must be a finite number"),
        (_wine(alcohol=10**400), "alcohol must be a finite number"),
        (_wine(alcohol=1e300), "alcohol = 1e\\+300 is not a plausible value"),
        (_wine(density=-1.0), "density = -1 is not a plausible value"),
        ([1, 2, 3], "must be a mapping of the 11 feature keys"),
    ],
)
def test_predict_one_rejects_bad_wines(result, wine, match: str) -> None:
    with pytest.raises(ScoringError, match=match):
        predict_one(result, wine)


@pytest.mark.parametrize(
    ("payload", "match"),
    [
        ("{", "not valid JSON"),
        (b"\xff\xfe", "not valid JSON"),
        ("[]", 'must be an object with a "data" list'),
        ('{"rows": []}', 'must be an object with a "data" list'),
        ('{"data": []}', "non-empty list"),
        ('{"data": [[1, 2]]}', "Wine 1 has 2 values; 11 are needed"),
        ('{"data": [' + json.dumps([*FIRST_RED, 1]) + "]}", "Wine 1 has 12 values"),
        ('{"data": ["7.4;0.7"]}', "Wine 1 must be a list of 11 numbers"),
        ('{"data": [' + json.dumps([*FIRST_RED[:10], "x"]) + "]}", "alcohol must be a number"),
        ('{"data": [' + json.dumps(FIRST_RED[:10])[:-1] + ", NaN]]}", "NaN is not a number"),
        ('{"data": [' + json.dumps(FIRST_RED[:10])[:-1] + ", Infinity]]}", "Infinity is not"),
        ('{"data": [{"alcohol": 9}]}', r"Wine 1: Missing feature\(s\)"),
        ('{"data": [{"ph": 3, "pH": 3}]}', "Wine 1: ph is given twice, as 'ph' and as 'pH'"),
        (None, "must be JSON text"),
    ],
)
def test_score_json_rejects_bad_payloads(result, payload, match: str) -> None:
    with pytest.raises(ScoringError, match=match):
        score_json(result, payload)
