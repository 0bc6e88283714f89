"""Batch scoring gives the user's file back.

Behaviours checked:
- every uploaded column is kept, in order, with its original header and its cells' text;
- the predictions added are plain scikit-learn's for those wines, with core's interval bounds
  and grade sets;
- the download uses the upload's separator (`;` and `,`);
- with a `quality` column, MAE and RMSE are scikit-learn's; rows without a grade are left out;
- the preview shows the prediction columns first;
- a column already named like ours is kept, ours gets a suffix;
- a file of another type is refused with the accepted types named;
- a plain negative number in a text column is left as it is, a formula is still defused.
"""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import mean_absolute_error, root_mean_squared_error

from core.batch import (
    GRADES_COLUMN,
    HIGH_COLUMN,
    LOW_COLUMN,
    PREDICTION_COLUMN,
    PREDICTION_COLUMNS,
    score_file,
)
from core.errors import DataError
from core.features import FEATURES
from core.models import ModelSpec
from core.scoring import predict_with_intervals
from core.train import train_model
from tests.app.conftest import reference_ridge
from tests.conftest import FIXTURES

UPLOAD = FIXTURES / "batch_semicolon_id_quality.csv"
UCI_COLUMNS = [feature.column for feature in FEATURES]


@pytest.fixture(scope="module")
def ridge(red):
    return train_model(ModelSpec(), red)


def _download(content: bytes, separator: str) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(content), sep=separator, dtype=str, keep_default_na=False)


def test_scored_file_keeps_every_column_header_and_cell_in_order(ridge) -> None:
    scored = score_file(ridge, UPLOAD.read_bytes(), UPLOAD.name)
    original = pd.read_csv(UPLOAD, sep=";", dtype=str, keep_default_na=False)
    back = _download(scored.to_csv(), ";")
    assert list(back.columns) == [*original.columns, *PREDICTION_COLUMNS]
    assert list(original.columns) == ["Wine ID", *UCI_COLUMNS, "quality", "note"]
    kept = back[original.columns].drop(columns="Wine ID")
    pd.testing.assert_frame_equal(kept, original.drop(columns="Wine ID"))
    assert back["Wine ID"].tolist() == ["A-17", "-5", '\'=HYPERLINK("x")', "B 2", "0042", "C9"]


def test_added_predictions_are_scikit_learns_with_cores_intervals(ridge) -> None:
    scored = score_file(ridge, UPLOAD.read_bytes(), UPLOAD.name)
    back = _download(scored.to_csv(), ";")
    rows = back[UCI_COLUMNS].to_numpy(dtype=float)
    model, _, _ = reference_ridge("red", 0.5)
    predicted = back[PREDICTION_COLUMN].astype(float).to_numpy()
    np.testing.assert_allclose(predicted, model.predict(rows).round(3), atol=1e-9)
    intervals = predict_with_intervals(ridge, rows)
    np.testing.assert_allclose(back[LOW_COLUMN].astype(float), intervals.low.round(3))
    np.testing.assert_allclose(back[HIGH_COLUMN].astype(float), intervals.high.round(3))
    assert back[GRADES_COLUMN].tolist() == [
        " ".join(map(str, grades)) for grades in intervals.grades
    ]


@pytest.mark.parametrize(("name", "separator"), [(UPLOAD.name, ";"), ("batch_comma.csv", ",")])
def test_download_uses_the_uploads_separator(ridge, name: str, separator: str) -> None:
    scored = score_file(ridge, (FIXTURES / name).read_bytes(), name)
    assert scored.separator == separator
    header = next(csv.reader(io.StringIO(scored.to_csv().decode()), delimiter=separator))
    assert header[-len(PREDICTION_COLUMNS) :] == list(PREDICTION_COLUMNS)


def test_quality_column_gives_scikit_learns_mae_and_rmse(ridge) -> None:
    scored = score_file(ridge, UPLOAD.read_bytes(), UPLOAD.name)
    original = pd.read_csv(UPLOAD, sep=";")
    model, _, _ = reference_ridge("red", 0.5)
    predicted = model.predict(original[UCI_COLUMNS].to_numpy())
    assert scored.check is not None
    assert scored.check.rows == len(original)
    assert scored.check.mae == pytest.approx(mean_absolute_error(original["quality"], predicted))
    assert scored.check.rmse == pytest.approx(
        root_mean_squared_error(original["quality"], predicted)
    )


def test_rows_without_a_grade_are_left_out_of_the_check(ridge) -> None:
    text = UPLOAD.read_text().splitlines()
    text[2] = text[2].replace(";5;cellar 2", ";;cellar 2")
    scored = score_file(ridge, "\n".join(text).encode(), "partly graded.csv")
    assert scored.check is not None
    assert scored.check.rows == 5
    assert len(scored.frame) == 6


def test_file_without_quality_column_has_no_check(ridge) -> None:
    scored = score_file(ridge, (FIXTURES / "batch_comma.csv").read_bytes(), "batch_comma.csv")
    assert scored.check is None


def test_preview_shows_prediction_columns_first(ridge) -> None:
    scored = score_file(ridge, UPLOAD.read_bytes(), UPLOAD.name)
    preview = scored.preview()
    assert list(preview.columns[:4]) == list(PREDICTION_COLUMNS)
    assert list(preview.columns[4:]) == list(scored.frame.columns[:-4])


def test_a_column_named_like_ours_is_kept_and_ours_gets_a_suffix(ridge) -> None:
    first = score_file(ridge, UPLOAD.read_bytes(), UPLOAD.name)
    again = score_file(ridge, first.to_csv(), "scored.csv")
    assert list(again.frame.columns[-4:]) == [f"{name}_2" for name in PREDICTION_COLUMNS]
    assert list(again.frame.columns[:-4]) == list(first.frame.columns)


@pytest.mark.parametrize(
    ("name", "match"),
    [
        ("wines.xlsx", r"wines.xlsx: a \.xlsx file cannot be scored\. Accepted: \.csv, \.txt"),
        ("wines.xls", "Save it from Excel as CSV"),
        ("model.joblib", r"a \.joblib file cannot be scored"),
        ("wines", "a file without a type cannot be scored"),
    ],
)
def test_other_file_types_are_refused_with_the_accepted_types(ridge, name, match) -> None:
    with pytest.raises(DataError, match=match):
        score_file(ridge, UPLOAD.read_bytes(), name)


def test_upper_case_csv_suffix_is_accepted(ridge) -> None:
    assert len(score_file(ridge, UPLOAD.read_bytes(), "WINES.CSV").frame) == 6
