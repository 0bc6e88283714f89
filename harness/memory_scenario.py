"""The memory scenario of issue #22, as visitors would play it, for the benchmark and the e2e
test: every page of both wines, then links to many different slow-kind models (each trains
behind its progress bar on first use), then every page again.

Each visit is a new browser context (a new visitor, a new session) that waits until the page
has drawn what it exists for and fails if the page shows an exception.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from playwright.sync_api import Browser, expect

from harness.browser import VIEWPORT

PREDICTION = '[data-testid="panel-prediction"]'
CHART = '[data-testid="stPlotlyChart"] .main-svg'
TRAIN = '[data-testid="stMain"] h1'
PAGES = {"/": PREDICTION, "/train": TRAIN, "/evaluate": CHART, "/explore": CHART}
WINES = ("red", "white")


def slow_model_links(
    trees: tuple[int, ...], *, wine: str = "white", depth: int = 20, boosting_trees: int = 300
) -> list[str]:
    """Links to random forests that differ by their number of trees (one model each), then a
    gradient boosting and a support vector machine: `len(trees) + 2` different slow models."""
    links = [
        urlencode({"wine": wine, "model": "random_forest", "n_estimators": n, "max_depth": depth})
        for n in trees
    ]
    boosting = {"wine": wine, "model": "hist_gradient_boosting", "max_iter": boosting_trees}
    links.append(urlencode(boosting))
    links.append(urlencode({"wine": wine, "model": "svr", "C": 3}))
    return links


def visit(browser: Browser, url: str, ready: str, *, timeout_ms: float = 600_000) -> None:
    """Open `url` as a new visitor and wait until `ready` is drawn and the run has ended."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_selector(ready, state="attached", timeout=timeout_ms)
        expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=timeout_ms)
        expect(page.get_by_test_id("stException")).to_have_count(0)
    finally:
        context.close()


def every_page(browser: Browser, base_url: str, after: Callable[[str], None] | None = None) -> None:
    """Every page of both wines; `after(name)` is called after each (to sample memory)."""
    for wine in WINES:
        for path, ready in PAGES.items():
            visit(browser, f"{base_url}{path}?wine={wine}", ready)
            if after is not None:
                after(f"{path} {wine}")


def open_links(
    browser: Browser, base_url: str, links: list[str], after: Callable[[str], None] | None = None
) -> None:
    """Each link on Predict, as shared: trained behind its progress bar if new, then drawn."""
    for link in links:
        visit(browser, f"{base_url}/?{link}", PREDICTION)
        if after is not None:
            after(link)
