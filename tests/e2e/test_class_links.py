"""Evaluate and Train as a class uses them, in the browser, at phone and desktop size.

Behaviours checked:
- Evaluate's table has no clipped column at 390×844 and 1440×900 (its grid does not scroll
  sideways);
- the REC chart draws the model in use's kind by default;
- an Evaluate link opens in a fresh browser context with its measure and curves as sent, and
  leaves the recipient's model in use alone;
- a Train link opens with its model, chart and curve hyperparameter as sent, and the
  recipient's model in use stays theirs until they press "Use this model for predictions".
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from harness.server import RunningApp
from tests.e2e.app_page import WineLab

SIZES = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1440, "height": 900}},
}
DEFAULT_MODEL = "Ridge regression, alpha=0.5"


@pytest.fixture(params=sorted(SIZES))
def sized_page(request, browser: Browser) -> Iterator[Page]:
    context = browser.new_context(**SIZES[request.param])
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def fresh_page(browser: Browser) -> Iterator[Page]:
    """A browser context of its own: a recipient who never opened the app."""
    context = browser.new_context(**SIZES["desktop"])
    yield context.new_page()
    context.close()


def _rec_trace_names(page: Page) -> list[str]:
    """The curves of the REC chart (the plot whose x axis is the tolerance)."""
    page.get_by_role("heading", name="Accuracy as the tolerance grows").scroll_into_view_if_needed()
    chart = page.locator(".js-plotly-plot").filter(has_text="Tolerance T")
    expect(chart).to_have_count(1)
    return chart.evaluate("plot => plot.data.map(trace => trace.name)")


def _model_in_use(lab: WineLab) -> str:
    return lab.model_in_use().inner_text()


def test_evaluate_table_has_no_clipped_column(app_server: RunningApp, sized_page: Page) -> None:
    lab = WineLab(sized_page, app_server.url).open("/evaluate")
    # The comparison table itself, not whichever grid is first in the page at the moment
    # (the interval tables further down are wide by design and scroll).
    table = sized_page.locator(".st-key-evaluation_table_slot").get_by_test_id("stDataFrame")
    table.scroll_into_view_if_needed()
    grid = table.locator(".dvn-scroller")
    expect(grid).to_have_count(1)
    width = grid.evaluate("grid => [grid.scrollWidth, grid.clientWidth]")
    assert width[0] <= width[1] + 1, f"the table scrolls sideways: {width}"
    assert lab.exceptions().count() == 0


def test_rec_chart_draws_the_model_in_use(app_server: RunningApp, fresh_page: Page) -> None:
    WineLab(fresh_page, app_server.url).open("/evaluate")
    assert "Ridge regression" in _rec_trace_names(fresh_page)


def test_evaluate_link_opens_as_sent_and_leaves_the_model_in_use(
    app_server: RunningApp, fresh_page: Page
) -> None:
    sent = {"wine": "red", "model": "lasso", "folds": "plain", "curves": "svr,random_forest"}
    lab = WineLab(fresh_page, app_server.url).open("/evaluate", **sent, measure="1")
    names = _rec_trace_names(fresh_page)
    assert {"Support vector regression", "Random forest"} <= set(names)
    assert "Linear regression" not in names
    expect(fresh_page.get_by_text("The model: Lasso, alpha=0.01")).to_be_visible()
    assert _model_in_use(lab) == DEFAULT_MODEL
    for key, value in (sent | {"measure": "1"}).items():
        assert f"{key}={value.replace(',', '%2C')}" in fresh_page.url


def test_train_link_opens_as_sent_and_leaves_the_model_in_use_alone(
    app_server: RunningApp, fresh_page: Page
) -> None:
    sent = {"wine": "red", "model": "lasso", "alpha": "0.1", "chart": "curve", "curve": "alpha"}
    lab = WineLab(fresh_page, app_server.url).open("/train", **sent)
    expect(fresh_page.get_by_role("tab", name="Validation curve", selected=True)).to_be_visible()
    expect(fresh_page.get_by_text("Regularisation strength (alpha)").first).to_be_visible()
    assert "lasso" in fresh_page.url
    assert "curve=alpha" in fresh_page.url
    assert _model_in_use(lab) == DEFAULT_MODEL
    lab.sidebar().get_by_role("button", name="Use this model for predictions").click()
    expect(lab.model_in_use()).to_have_text("Lasso, alpha=0.1")
