"""The Predict page's sections around the sliders, through AppTest.

Behaviours checked:
- the yardstick says what quality means, the real grades' range and where the prediction
  stands among the real wines, as pandas counts them on the shipped data;
- "Random real wine" says which wine it picked and the grade its tasters gave, inside the
  slider panel's prediction box, and the sliders hold that wine;
- the real-wine note goes as soon as a slider holds another value;
- every preset button says what it does;
- the slider panel's bars say in one line what their parts are: coefficients, or Shapley
  values;
- similar wines: your wine first, then the real wines scikit-learn's NearestNeighbors finds,
  headed by the sliders' labels and units, with their true grades;
- a `;` file with an id and a quality column is scored with scikit-learn's predictions, its
  columns after the prediction columns, and MAE/RMSE as scikit-learn computes them;
- an .xlsx is refused with a message naming the accepted types;
- a file that cannot be decoded as text is refused with a message, never a traceback.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import mean_absolute_error, root_mean_squared_error
from sklearn.neighbors import NearestNeighbors
from sklearn.preprocessing import StandardScaler

from core.batch import PREDICTION_COLUMNS
from core.data import load_wine
from core.explain import METHOD_DESCRIPTIONS
from core.features import FEATURE_KEYS, FEATURES, median_wine
from harness.apptest import panel_data
from tests.app.conftest import open_app, reference_ridge
from tests.conftest import FIXTURES

UPLOAD = FIXTURES / "batch_semicolon_id_quality.csv"


def _texts(at) -> list[str]:
    return [element.value for element in [*at.markdown, *at.caption]]


def _real_wine_notes(at) -> list[str]:
    """The notes the page gives the slider panel (shown inside the pinned prediction box)."""
    return [note for note in panel_data(at)["notes"] if "Real red wine no." in note]


@pytest.mark.parametrize(("wine", "lowest", "highest"), [("red", 3, 8), ("white", 3, 9)])
def test_yardstick_numbers_are_pandas_counts_on_the_shipped_data(wine, lowest, highest) -> None:
    at = open_app(wine=wine)
    assert not at.exception
    frame = pd.read_csv(f"data/winequality-{wine}.csv", sep=";")
    model, _, _ = reference_ridge(wine, 0.5)
    row = np.array([[median_wine(load_wine(wine))[key] for key in FEATURE_KEYS]])
    quality = model.predict(row)[0]
    below = math.floor((frame["quality"] < quality).mean() * 100)
    texts = " ".join(_texts(at))
    assert f"{quality:.2f} is higher than the grade of {below}% of the real {wine} wines." in texts
    assert (frame["quality"].min(), frame["quality"].max()) == (lowest, highest)
    assert f"{len(frame):,} real {wine} wines were graded {lowest} to {highest}." in texts
    assert "median of the grades at least three expert tasters gave" in texts


def test_random_real_wine_says_which_wine_and_its_grade() -> None:
    at = open_app()
    at.button(key="preset_random").click().run()
    assert not at.exception
    (note,) = _real_wine_notes(at)
    number = int(re.search(r"Real red wine no\. ([\d,]+)", note).group(1).replace(",", ""))
    real = pd.read_csv("data/winequality-red.csv", sep=";").iloc[number - 1]
    assert f"its tasters graded it {int(real['quality'])}." in note
    for feature in FEATURES:
        assert at.session_state[feature.key] == pytest.approx(real[feature.column])


def test_real_wine_note_goes_when_a_slider_moves() -> None:
    at = open_app()
    at.button(key="preset_random").click().run()
    assert len(_real_wine_notes(at)) == 1
    alcohol = at.session_state["alcohol"]
    at.session_state["alcohol"] = alcohol + 0.1 if alcohol < 14 else alcohol - 0.1
    at.run()
    assert not at.exception
    assert _real_wine_notes(at) == []
    at.session_state["alcohol"] = alcohol
    at.run()
    assert len(_real_wine_notes(at)) == 1


@pytest.mark.parametrize("key", ["preset_median", "preset_random", "preset_reset"])
def test_every_preset_says_what_it_does(key: str) -> None:
    at = open_app()
    assert not at.exception
    assert len(at.button(key=key).help) > 30


@pytest.mark.parametrize(
    ("link", "method"),
    [
        ({"model": "ridge"}, "coefficient"),
        ({"model": "random_forest", "n_estimators": "10"}, "shapley"),
    ],
)
def test_waterfall_says_what_its_parts_are(link: dict[str, str], method: str) -> None:
    at = open_app(**link)
    assert not at.exception
    assert panel_data(at)["method_line"] == METHOD_DESCRIPTIONS[method]


def test_similar_wines_start_with_yours_then_scikit_learns_nearest() -> None:
    at = open_app()
    assert not at.exception
    table = at.table[0].value
    assert list(table.columns) == [
        "Wine",
        "Distance",
        "Grade (0–10)",
        *(feature.label_with_unit for feature in FEATURES),
    ]
    frame = load_wine("red")
    wine = median_wine(frame)
    assert table.iloc[0]["Wine"] == "Your wine"
    assert float(table.iloc[0][FEATURES[-1].label_with_unit]) == wine["alcohol"]
    features = frame[list(FEATURE_KEYS)].to_numpy()
    scaler = StandardScaler().fit(features)
    distances, _ = (
        NearestNeighbors(n_neighbors=3)
        .fit(scaler.transform(features))
        .kneighbors(scaler.transform([[wine[key] for key in FEATURE_KEYS]]))
    )
    assert table["Distance"].tolist() == ["0.00", *(f"{d:.2f}" for d in distances[0])]
    for _, shown in table.iloc[1:].iterrows():
        real = frame.iloc[int(shown["Wine"].removeprefix("No. ").replace(",", "")) - 1]
        assert shown["Grade (0–10)"] == str(int(real["quality"]))
        for feature in FEATURES:
            assert float(shown[feature.label_with_unit]) == pytest.approx(real[feature.key])


def test_semicolon_file_with_id_and_quality_is_scored_and_checked() -> None:
    at = open_app()
    upload = (UPLOAD.name, UPLOAD.read_bytes(), "text/csv")
    at.file_uploader(key="batch_upload").set_value(upload).run()
    assert not at.exception
    original = pd.read_csv(UPLOAD, sep=";", dtype=str, keep_default_na=False)
    preview = at.dataframe[0].value
    assert list(preview.columns) == [*PREDICTION_COLUMNS, *original.columns]
    assert preview["Wine ID"].tolist() == original["Wine ID"].tolist()
    model, _, _ = reference_ridge("red", 0.5)
    rows = original[[feature.column for feature in FEATURES]].to_numpy(dtype=float)
    predicted = model.predict(rows)
    np.testing.assert_allclose(preview["predicted_quality"], predicted.round(3), atol=1e-9)
    true = original["quality"].astype(int)
    metrics = {metric.label: metric.value for metric in at.metric}
    assert metrics["MAE"] == f"{mean_absolute_error(true, predicted):.3f}"
    assert metrics["RMSE"] == f"{root_mean_squared_error(true, predicted):.3f}"


def test_xlsx_upload_is_refused_with_the_accepted_types() -> None:
    at = open_app()
    workbook = b"PK\x03\x04" + b"\x00" * 64
    at.file_uploader(key="batch_upload").set_value(("wines.xlsx", workbook, "application/zip"))
    at.run()
    assert not at.exception
    (error,) = [error.value for error in at.error]
    assert "wines.xlsx: a .xlsx file cannot be scored. Accepted: .csv, .txt" in error
    assert "Save it from Excel as CSV" in error


def test_undecodable_upload_is_refused_with_a_message() -> None:
    """Check that a file starting with a UTF-16 byte-order mark that is not UTF-16 text gets
    the data error's message on the page."""
    at = open_app()
    at.file_uploader(key="batch_upload").set_value(("w.csv", b"\xff\xfea", "text/csv")).run()
    assert not at.exception
    (error,) = [error.value for error in at.error]
    assert "w.csv: not text in a known encoding" in error
