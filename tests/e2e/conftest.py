"""Browser fixtures: Debian's Chromium driven by Playwright, and the app served for real.

Both come from `harness`, shared with the benchmark. Without Chromium the tests skip on a
laptop and fail in CI (`CI` set).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect, sync_playwright

from harness.browser import VIEWPORT, chromium_path, launch_chromium
from harness.server import RunningApp, streamlit_server
from tests.run_report import REPORT

SCREENSHOTS_ENV = "WINE_LAB_SCREENSHOTS"


expect.set_options(timeout=30_000)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = chromium_path()
    if executable is None:
        message = "no Chromium: install it with `apt-get install -y chromium`"
        if os.environ.get("CI"):
            pytest.fail(message + " (required in CI)")
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright, executable)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    """One server for the browser scenarios; each test opens its own browser session."""
    with streamlit_server(tmp_path_factory.mktemp("e2e") / "models") as app:
        yield app
        REPORT["Server peak RSS during the browser scenarios"] = (
            f"{app.memory.peak_bytes / 2**20:.0f} MB (Community Cloud allows about 1 GB)"
        )


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`$WINE_LAB_SCREENSHOTS` (e.g. docs/screenshots to refresh the README's), else a temp dir."""
    configured = os.environ.get(SCREENSHOTS_ENV)
    folder = Path(configured) if configured else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    REPORT["Screenshots"] = str(folder.resolve())
    return folder


def _is_base_path_probe(message: ConsoleMessage) -> bool:
    """Streamlit's client, opened on /train, first looks for its server under /train/_stcore/.

    Those two 404s (health, host-config) are how it finds the base path, not an app error.
    """
    url = message.location.get("url", "")
    return "404" in message.text and url.endswith(("/_stcore/health", "/_stcore/host-config"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Keep each phase's report on the test, so fixtures can see whether it failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest, screenshot_dir: Path) -> Iterator[Page]:
    """A fresh browser session; the test fails if the page logged an error or threw.

    When a test fails, what the browser showed is saved next to the screenshots.
    """
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on(
        "console",
        lambda message: (
            errors.append(f"console: {message.text} ({message.location.get('url')})")
            if message.type == "error" and not _is_base_path_probe(message)
            else None
        ),
    )
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed and not page.is_closed():
        failure = screenshot_dir / f"failed-{request.node.name}.png"
        page.screenshot(path=str(failure), full_page=True)
    context.close()
    assert errors == [], "\n".join(errors)


# Browser tests that failed in the session-5 run on this machine and were not fixed before it
# ended: listed here, by name and reason, so the run says xfail/xpass for each instead of
# hiding it; each is an open item of its issue's note. Remove a line when its test is fixed.
KNOWN_FAILURES: dict[str, str] = {}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        name = item.nodeid.split("tests/e2e/", 1)[-1]
        for known, reason in KNOWN_FAILURES.items():
            if name == known or name.startswith(known + "["):
                item.add_marker(pytest.mark.xfail(reason=reason, strict=False))
