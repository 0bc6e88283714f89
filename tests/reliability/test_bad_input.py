"""Whatever a stranger sends, `core` answers with a result or its own clear error.

Property-based (hypothesis): scoring payloads, wines as mappings, uploaded bytes and CSVs,
and shared-link parameters are generated at random, including NaN, infinities, huge and tiny
numbers, wrong types, missing and extra keys, random bytes and formula-like cells.
"""

from __future__ import annotations

import csv
import io
import json
import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.batch import score_file, to_safe_csv
from core.data import WINES, load_wine, parse_csv_bytes
from core.errors import DataError, ScoringError, WineLabError
from core.features import FEATURE_KEYS, FEATURES, feature_ranges
from core.links import MAX_VALUE_LENGTH, parse_link
from core.models import ModelSpec
from core.scoring import predict_one, score_json
from core.train import train_model
from core.train_result import TrainResult

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FORMULA_STARTS = ("=", "+", "-", "@")
COLUMNS = [feature.column for feature in FEATURES]

numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-1e-300, max_value=1e-300),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([0, 0.0, -0.0, 1e308, -1e308, 5e-324]),
)
json_values = st.recursive(
    st.none() | st.booleans() | numbers | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=14) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=40,
)


@pytest.fixture(scope="module")
def result() -> TrainResult:
    return train_model(ModelSpec(), load_wine("red"))


def outcome(call, *args):
    """The call's value, or the `WineLabError` it raised (any other exception propagates)."""
    try:
        return call(*args)
    except WineLabError as error:
        return error


def _finite(values) -> bool:
    return all(isinstance(v, float) and math.isfinite(v) for v in values)


@PROPERTY
@given(document=json_values)
def test_any_json_document_is_scored_or_refused_clearly(result, document) -> None:
    output = outcome(score_json, result, json.dumps(document, allow_nan=True))
    if isinstance(output, WineLabError):
        assert isinstance(output, ScoringError)
        assert str(output)
    else:
        assert _finite(output["result"])


@PROPERTY
@given(rows=st.lists(st.lists(numbers | st.text(max_size=5) | st.none(), max_size=13), max_size=5))
def test_any_list_of_rows_is_scored_or_refused_clearly(result, rows) -> None:
    output = outcome(score_json, result, json.dumps({"data": rows}, allow_nan=True))
    if isinstance(output, WineLabError):
        assert isinstance(output, ScoringError)
    else:
        assert len(output["result"]) == len(rows)
        assert _finite(output["result"])


@PROPERTY
@given(
    wine=st.dictionaries(
        st.sampled_from(FEATURE_KEYS) | st.text(max_size=10),
        numbers | st.text(max_size=8) | st.none(),
        max_size=14,
    )
)
def test_any_mapping_is_a_prediction_or_a_scoring_error(result, wine) -> None:
    prediction = outcome(predict_one, result, wine)
    if isinstance(prediction, WineLabError):
        assert isinstance(prediction, ScoringError)
        assert str(prediction)
    else:
        assert _finite([prediction.quality, prediction.low, prediction.high])
        assert 0.0 <= prediction.quality <= 10.0


@PROPERTY
@given(content=st.binary(max_size=2000))
def test_any_bytes_parse_or_give_a_data_error(content: bytes) -> None:
    frame = outcome(parse_csv_bytes, content, "upload.csv")
    if isinstance(frame, WineLabError):
        assert isinstance(frame, DataError)
        assert "upload.csv" in str(frame)
    else:
        assert list(frame.columns) == list(FEATURE_KEYS)


cells = st.one_of(
    numbers.map(str),
    st.text(max_size=12),
    st.sampled_from(["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", '=HYPERLINK("x")']),
)


@PROPERTY
@given(
    header=st.lists(
        st.sampled_from([f.column for f in FEATURES]) | st.text(max_size=8), max_size=14
    ),
    rows=st.lists(st.lists(cells, min_size=0, max_size=14), max_size=6),
    separator=st.sampled_from([",", ";", "\t", "|"]),
    encoding=st.sampled_from(["utf-8", "latin-1", "utf-16"]),
)
def test_any_csv_is_scored_safely_or_refused(result, header, rows, separator, encoding) -> None:
    """Check generated CSVs: scored, with no spreadsheet formula in the download, or refused."""
    lines = [separator.join(header)] + [separator.join(row) for row in rows]
    try:
        content = "\n".join(lines).encode(encoding)
    except UnicodeEncodeError:
        return
    scored = outcome(score_file, result, content, "wines.csv")
    if isinstance(scored, WineLabError):
        assert isinstance(scored, DataError)
        assert "wines.csv" in str(scored)
        return
    for row in csv.reader(io.StringIO(scored.to_csv().decode()), delimiter=scored.separator):
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS) or _is_number(cell), cell


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_formula_like_text_is_defused_in_downloads() -> None:

    frame = pd.DataFrame(
        {"name": ["=cmd|' /C calc'!A0", "+1", "-x", "@SUM(A1)", "ok"], "v": [1.0, -2.0, 3, 4, 5]}
    )
    rows = list(csv.reader(io.StringIO(to_safe_csv(frame).decode())))
    assert [row[0] for row in rows[1:]] == ["'=cmd|' /C calc'!A0", "'+1", "'-x", "'@SUM(A1)", "ok"]
    assert rows[2][1] == "-2.0"


def test_a_hundred_thousand_columns_are_refused_clearly(result) -> None:
    content = (
        ",".join(f"c{i}" for i in range(100_000)).encode() + b"\n" + b",".join([b"1"] * 100_000)
    )
    with pytest.raises(DataError, match="missing column"):
        score_file(result, content, "wide.csv")


ranges = {wine: feature_ranges(load_wine(wine)) for wine in WINES}
link_keys = st.sampled_from(["wine", "model", "alpha", "l1_ratio", *FEATURE_KEYS]) | st.text(
    max_size=30
)
link_values = st.text(max_size=200) | numbers.map(str)


@PROPERTY
@given(
    params=st.dictionaries(link_keys, st.lists(link_values, min_size=1, max_size=3) | link_values)
)
def test_any_link_is_parsed_into_valid_state(params) -> None:
    link = parse_link(params, ranges)
    assert link.wine in (None, *WINES)
    bounds = ranges[link.wine or "red"]
    for key, value in link.features.items():
        assert bounds[key].low <= value <= bounds[key].high
    for notice in link.notices:
        assert len(notice) < 300 + MAX_VALUE_LENGTH
