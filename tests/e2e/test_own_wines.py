"""Your own wines in a real Chromium, at phone (390×844, touch) and desktop (1440×900) size.

Scenario, as a winemaker tries it with her own file: on Train she uploads her lab sheet, reads
which rows were left out and how her wines differ, sees how the model in use does on them,
trains on them, compares both models on her held-out wines, can download the report on the
new model, puts the better one in use, then picks a file without the alcohol column in its
place (refused with the column named, in a section that stays open: it closed while a file
replaced another), and
Predict then says it scores with the model trained on her wines. A second browser session
meanwhile sees nothing of hers. Screenshots of each step go to the screenshot folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from harness.server import RunningApp
from tests.conftest import FIXTURES
from tests.e2e.app_page import WineLab

pytestmark = pytest.mark.e2e

OWN = FIXTURES / "own_red_alcohol_plus_one.csv"
SECTION = "Your own wines: train on your winery's data"
SIZES = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1440, "height": 900}},
}


@pytest.fixture(params=sorted(SIZES))
def sized_page(request, browser: Browser) -> Iterator[Page]:
    context = browser.new_context(**SIZES[request.param])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


# Training a model and drawing Train take a while on a shared two-core machine.
SLOW = 180_000


def _idle(page: Page) -> None:
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=SLOW)


def _open_section(page: Page) -> None:
    expander = page.get_by_test_id("stExpander").filter(has_text=SECTION)
    expander.locator("summary").click(timeout=SLOW)


def _shot(page: Page, folder: Path, step: str) -> None:
    size = "phone" if page.viewport_size["width"] < 500 else "desktop"
    page.screenshot(path=str(folder / f"own-wines-{size}-{step}.png"), full_page=False)


def _no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1


@pytest.mark.timeout(1200)
def test_upload_train_compare_and_use_own_wines(
    sized_page: Page, browser: Browser, app_server: RunningApp, screenshot_dir: Path
) -> None:
    page = sized_page
    lab = WineLab(page, app_server.url)
    page.goto(app_server.url + "/train", timeout=SLOW)
    expect(page.get_by_text("Your runs in this session")).to_be_visible(timeout=SLOW)
    _idle(page)
    _open_section(page)
    uploader = page.get_by_test_id("stFileUploaderDropzoneInput").last
    uploader.set_input_files(OWN)
    expect(page.get_by_text(f"405 wines read from {OWN.name}.")).to_be_visible(timeout=SLOW)
    expect(page.get_by_text("5 rows were left out")).to_be_visible()
    _idle(page)
    sentence = page.get_by_text("Your typical wine has more alcohol than")
    sentence.scroll_into_view_if_needed()
    _shot(page, screenshot_dir, "1-differ")
    chart = page.get_by_test_id("stPlotlyChart").filter(has_text="Your wines")
    expect(chart).to_be_visible()
    chart.scroll_into_view_if_needed()
    _shot(page, screenshot_dir, "2-distributions")
    heading = page.get_by_role("heading", name="Does the shared model work for your wines?")
    heading.scroll_into_view_if_needed()
    expect(lab.metric_value("90% interval held")).to_be_visible()
    _shot(page, screenshot_dir, "3-model-in-use")
    page.get_by_role("button", name="Train on my wines").click()
    better = page.get_by_text("Better on your held-out wines")
    expect(better).to_be_visible(timeout=SLOW)
    _idle(page)
    better.scroll_into_view_if_needed()
    _shot(page, screenshot_dir, "4-compare")
    _no_sideways_scroll(page)
    expect(page.get_by_role("button", name="Download the report on this model")).to_be_visible()
    page.get_by_role("button", name="Use this model for predictions").last.click()
    expect(page.get_by_text("In use for predictions: the Predict page")).to_be_visible(timeout=SLOW)
    _idle(page)
    _shot(page, screenshot_dir, "5-in-use")
    uploader.set_input_files(FIXTURES / "missing_column.csv")
    expect(page.get_by_text("missing column(s) alcohol")).to_be_visible(timeout=SLOW)
    _idle(page)
    link = page.url
    page.get_by_test_id("stSidebarNavLink").filter(has_text="Predict").first.dispatch_event("click")
    expect(page.get_by_text("trained on your wines").first).to_be_visible(timeout=SLOW)
    _idle(page)
    _shot(page, screenshot_dir, "6-predict")
    _no_sideways_scroll(page)

    other = browser.new_context(**SIZES["desktop"]).new_page()
    try:
        other.goto(link, timeout=SLOW)
        expect(other.get_by_text("Your runs in this session")).to_be_visible(timeout=SLOW)
        _idle(other)
        expect(other.get_by_text("trained on your wines")).to_have_count(0)
        expect(other.get_by_text(OWN.name)).to_have_count(0)
        _open_section(other)
        expect(other.get_by_text("wines read from")).to_have_count(0)
    finally:
        other.context.close()
