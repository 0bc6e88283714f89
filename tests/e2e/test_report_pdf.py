"""The downloadable report in a real browser: offline, without scripts, and printed to A4.

Scenarios:
1. Chromium with JavaScript off opens the model report of every model kind (red) and of the
   default Ridge (white), draws its charts (inline SVG) and prints it with `page.pdf()` to at
   most three A4 pages;
2. on Predict, "Download the report" gives an HTML file whose predicted quality is core's
   for the wine on the sliders, and whose model part names the model in use;
3. on Train, "Download the report" gives the model report of the model on screen, its exact
   grade share the one core computes.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from core.data import load_wine
from core.features import median_wine
from core.models import KINDS, ModelSpec
from core.report import model_report
from core.scoring import predict_one
from core.store import ModelStore
from harness.server import RunningApp
from tests.core.test_report import _parse, _stored
from tests.e2e.app_page import WineLab
from tests.e2e.expected import trained
from ui.report import render_model_report

pytestmark = pytest.mark.e2e
A4_PAGES = 3


def _pages(pdf: Path) -> int:
    if shutil.which("pdfinfo") is None:
        pytest.fail("pdfinfo is missing: apt-get install -y poppler-utils")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    line = next(line for line in info.stdout.splitlines() if line.startswith("Pages:"))
    return int(line.split()[1])


@pytest.mark.parametrize(("wine", "kind"), [*(("red", kind) for kind in KINDS), ("white", "ridge")])
def test_model_report_prints_to_at_most_three_a4_pages(
    browser: Browser, tmp_path: Path, wine: str, kind: str
) -> None:
    """Check that the file opens without scripts, shows its charts and prints to ≤ 3 pages."""
    stored = _stored(ModelStore(tmp_path / "models"), wine, kind)
    html = tmp_path / "report.html"
    html.write_text(render_model_report(model_report(stored, load_wine(wine))), encoding="utf-8")
    context = browser.new_context(java_script_enabled=False, offline=True)
    page = context.new_page()
    page.goto(html.as_uri())
    assert page.locator("figure svg:not(.swatch)").count() == 2
    assert page.locator("figure svg:not(.swatch)").first.bounding_box()["height"] > 100
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(page.pdf(format="A4", print_background=True))
    context.close()
    assert 1 <= _pages(pdf) <= A4_PAGES


@pytest.fixture
def lab(page: Page, app_server: RunningApp) -> WineLab:
    return WineLab(page, app_server.url)


def _download(lab: WineLab, tmp_path: Path) -> str:
    button = lab.page.get_by_test_id("stDownloadButton").filter(has_text="Download the report")
    with lab.page.expect_download() as download_info:
        button.click()
    target = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(target)
    assert target.suffix == ".html"
    return target.read_text(encoding="utf-8")


def test_predict_report_holds_cores_prediction_for_the_wine(lab: WineLab, tmp_path: Path) -> None:
    """Check the Predict page's report: the median red wine scored by the default Ridge."""
    lab.open("/")
    page = _parse(_download(lab, tmp_path))
    expected = predict_one(trained("red"), median_wine(load_wine("red")))
    assert page.numbers["prediction"][0] == pytest.approx(expected.quality)
    assert "exact_share" in page.numbers


def test_train_report_is_the_model_on_screen(lab: WineLab, tmp_path: Path) -> None:
    """Check the Train page's report of the white default Ridge."""
    lab.open("/train", wine="white")
    page = _parse(_download(lab, tmp_path))
    stored = ModelStore(tmp_path / "models").get(ModelSpec.create("white"))
    facts = model_report(stored, load_wine("white")).accuracy
    assert page.numbers["exact_share"][0] == pytest.approx(facts.exact)
    assert "prediction" not in page.numbers
