"""Scoring a file of wines in the browser, and the Predict page's lower sections at 1440 px.

Scenarios:
1. a `;` file with an id column and a quality column comes back as a download with the same
   separator, every column and header kept, and core's predictions added; MAE and RMSE on
   its grades are shown beside a predicted-vs-true chart;
2. an .xlsx is refused with a visible message naming the accepted types;
3. at 1440 × 900 the similar-wines table fits its place without horizontal scrolling.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from playwright.sync_api import Page, expect
from sklearn.metrics import mean_absolute_error

from core.batch import PREDICTION_COLUMN, PREDICTION_COLUMNS
from core.features import FEATURES
from core.scoring import predict_with_intervals
from harness.server import RunningApp
from tests.conftest import FIXTURES
from tests.e2e.app_page import WineLab
from tests.e2e.expected import trained

pytestmark = pytest.mark.e2e

UPLOAD = FIXTURES / "batch_semicolon_id_quality.csv"
DESKTOP = {"width": 1440, "height": 900}


@pytest.fixture
def lab(page: Page, app_server: RunningApp) -> WineLab:
    page.set_viewport_size(DESKTOP)
    return WineLab(page, app_server.url)


def _upload(lab: WineLab, path: Path) -> None:
    lab.page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(path)


def test_semicolon_file_comes_back_whole_with_cores_predictions(
    lab: WineLab, tmp_path: Path, screenshot_dir: Path
) -> None:
    lab.open()
    _upload(lab, UPLOAD)
    expect(lab.page.get_by_text("Scored 6 wines")).to_be_visible()
    original = pd.read_csv(UPLOAD, sep=";", dtype=str, keep_default_na=False)
    rows = original[[feature.column for feature in FEATURES]].to_numpy(dtype=float)
    expected = predict_with_intervals(trained("red"), rows).quality
    mae = lab.metric_value("MAE")
    expect(mae).to_have_text(
        f"{mean_absolute_error(original['quality'].astype(int), expected):.3f}"
    )
    expect(lab.page.get_by_test_id("stPlotlyChart").last).to_be_visible()
    with lab.page.expect_download() as download_info:
        lab.page.get_by_role("button", name="Download scored CSV").click()
    saved = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(saved)
    assert saved.name == f"{UPLOAD.stem}_{PREDICTION_COLUMN}.csv"
    assert saved.read_text().splitlines()[0].count(";") == len(original.columns) + 3
    back = pd.read_csv(saved, sep=";", dtype=str, keep_default_na=False)
    assert list(back.columns) == [*original.columns, *PREDICTION_COLUMNS]
    assert back["Wine ID"].tolist()[:2] == ["A-17", "-5"]
    assert back["quality"].tolist() == original["quality"].tolist()
    np.testing.assert_allclose(back[PREDICTION_COLUMN].astype(float), expected.round(3))
    lab.full_page_screenshot(screenshot_dir / "predict-batch-desktop.png")


def test_xlsx_is_refused_with_a_visible_message(lab: WineLab, tmp_path: Path) -> None:
    workbook = tmp_path / "wines.xlsx"
    workbook.write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    lab.open()
    _upload(lab, workbook)
    message = lab.alerts().filter(has_text="wines.xlsx")
    expect(message).to_be_visible()
    expect(message).to_contain_text("Accepted: .csv, .txt")


def test_similar_wines_fit_without_horizontal_scrolling_at_1440(lab: WineLab) -> None:
    lab.open()
    table = lab.page.get_by_test_id("stTable").filter(has_text="Your wine")
    expect(table).to_be_visible()
    expect(table).to_contain_text(FEATURES[0].label_with_unit)
    overflow = table.evaluate(
        "element => [...element.querySelectorAll('*'), element]"
        ".map(node => node.scrollWidth - node.clientWidth).reduce((a, b) => Math.max(a, b), 0)"
    )
    assert overflow <= 1
