"""Train and Evaluate in the browser, at phone (390×844) and desktop (1440×900) size.

Behaviours checked:
- Evaluate's REC chart is drawn inside the page's width, its legend clear of both axis titles;
- a link to a slow model nobody has trained trains it behind a progress bar, then predicts;
- training a slow kind shows a progress bar whose text changes as the work goes on (the fit,
  then each fold), and the metrics come when it is done.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from core.models import ModelSpec
from harness.server import RunningApp
from tests.e2e.app_page import WineLab
from tests.e2e.expected import training_wines

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


def _overlap(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def test_rec_chart_fits_the_page_with_its_legend_clear_of_the_axes(
    sized_page: Page, app_server: RunningApp
) -> None:
    WineLab(sized_page, app_server.url).open("/evaluate")
    chart = sized_page.get_by_test_id("stPlotlyChart")
    chart.scroll_into_view_if_needed()
    legend = chart.locator(".legend")
    expect(legend).to_contain_text("Linear regression")
    boxes = {
        name: chart.locator(selector).first.bounding_box()
        for name, selector in (("legend", ".legend"), ("x", ".g-xtitle"), ("y", ".g-ytitle"))
    }
    assert not _overlap(boxes["legend"], boxes["x"])
    assert not _overlap(boxes["legend"], boxes["y"])
    width = sized_page.viewport_size["width"]
    drawn = chart.bounding_box()
    assert drawn["x"] >= 0
    assert drawn["x"] + drawn["width"] <= width


def test_slow_training_shows_a_progress_bar_whose_text_changes(
    sized_page: Page, app_server: RunningApp
) -> None:
    lab = WineLab(sized_page, app_server.url)
    # A model per size, big enough that each step lasts long enough to be seen.
    fewer = 0 if sized_page.viewport_size["width"] < 500 else 5
    lab.open("/train")
    # The whole first view drawn (its last section), so no rerun closes the list under the click.
    expect(sized_page.get_by_text("Your runs in this session")).to_be_visible()
    lab.wait_until_idle()
    sized_page.get_by_role("combobox", name="Model").click()
    option = sized_page.get_by_role("option", name="Random forest", exact=True)
    expect(option).to_be_visible()
    option.click()
    expect(sized_page.get_by_text("Average of many decision trees")).to_be_visible()
    slider = lab.slider_labelled("Trees (n_estimators)")
    expect(slider).to_be_visible()
    lab.wait_until_idle()
    lab.move_slider(slider, "End")
    lab.move_slider(slider, "ArrowLeft", presses=fewer)
    expect(slider).to_have_attribute("aria-valuetext", str(200 - fewer))
    lab.wait_until_idle()
    train = sized_page.get_by_role("button", name="Train", exact=True)
    expect(train).to_be_visible()
    train.click()
    bar = sized_page.get_by_test_id("stProgress")
    # The default split keeps identical wines together, so the count is the split's, not 80%
    # (written with a thousands comma, as every count in English).
    forest = ModelSpec.create("red", "random_forest", n_estimators=200 - fewer)
    expect(bar).to_contain_text(f"Fitting on {training_wines(forest):,} training wines")
    expect(bar).to_contain_text("Cross-validating: fold")
    expect(lab.metric_value("Test RMSE")).to_be_visible(timeout=120_000)
    expect(bar).to_have_count(0)
    expect(sized_page.get_by_text("Previous settings")).to_have_count(0)


def test_a_link_to_an_untrained_slow_model_trains_it_behind_a_progress_bar(
    page: Page, app_server: RunningApp
) -> None:
    """A shared link to a random forest nobody has trained: the page says what it is doing,
    step by step, then predicts with that forest (it never sits blank)."""
    lab = WineLab(page, app_server.url)
    # Not `lab.open`: it waits for the sidebar, which comes after the training.
    page.goto(f"{app_server.url}/?wine=white&model=random_forest&n_estimators=150&max_depth=30")
    bar = page.get_by_test_id("stProgress")
    expect(bar).to_contain_text("Training Random forest, n_estimators=150", timeout=60_000)
    expect(bar).to_contain_text("Cross-validating: fold", timeout=60_000)
    expect(bar).to_have_count(0, timeout=120_000)
    expect(page.get_by_text("n_estimators=150, max_depth=30").first).to_be_visible()
    expect(lab.predicted_quality()).to_be_visible()
