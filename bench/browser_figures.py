"""The app served for real: headless Chromium for what a visitor sees, the websocket for the rest.

Chromium is started before the server, so the cold start is the server's, not the browser's.
Every browser figure is paired with the floor page (bench/floor_app.py) served and measured
the same way in the same run; the websocket figures (bench/websocket_figures.py) run after
the browser has closed, so that its tabs do not compete with the server for the cores.
"""

from __future__ import annotations

import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

from bench.measure import MB, Figure, Timing
from bench.websocket_figures import ALCOHOL as ALCOHOL_LABEL
from bench.websocket_figures import load_figures, memory_figures, rerun_figures
from harness.browser import VIEWPORT, chromium_path, launch_chromium
from harness.server import RunningApp, streamlit_server

METRIC = '[data-testid="stMetricValue"]'
ALCOHOL = f'input[type="range"][aria-label="{ALCOHOL_LABEL}"]'
CHART = '[data-testid="stPlotlyChart"] .main-svg'
KEY_PRESSES = 30
# What each page shows once its first run has drawn it.
READY = {"predict": METRIC, "train": METRIC, "evaluate": CHART, "explore": CHART}

# True once the metric no longer shows the text it had before the key press.
METRIC_CHANGED = "([sel, old]) => document.querySelector(sel)?.innerText !== old"


def _arrow(index: int) -> str:
    """Right, left, right…: the slider stays near its start however many presses."""
    return "ArrowRight" if index % 2 == 0 else "ArrowLeft"


def _press_and_wait(page: Page, index: int) -> float:
    """One key press on the focused alcohol slider; seconds until the new metric is drawn."""
    before = page.inner_text(METRIC)
    started = time.perf_counter()
    page.locator(ALCOHOL).press(_arrow(index))
    page.wait_for_function(METRIC_CHANGED, arg=[METRIC, before], timeout=30_000)
    return time.perf_counter() - started


def _key_to_update(browser: Browser, url: str, warmup: int = 3) -> Timing:
    """Press → or ← on the alcohol slider; time until the metric shows a new value."""
    page = browser.new_page(viewport=VIEWPORT)
    page.goto(url)
    page.wait_for_selector(METRIC, timeout=60_000)
    page.locator(ALCOHOL).focus()
    seconds = [_press_and_wait(page, index) for index in range(KEY_PRESSES + warmup)]
    page.close()
    return Timing.of(seconds[warmup:])


def _first_render(browser: Browser, url: str, selector: str) -> float:
    """Seconds from a new visitor's navigation (empty cache) to the page drawn."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(selector, state="attached", timeout=60_000)
    seconds = time.perf_counter() - started
    context.close()
    return seconds


def _cold_start(browser: Browser, app: RunningApp) -> list[Figure]:
    navigation = _first_render(browser, app.url + "/", METRIC)
    total = app.seconds_to_health + navigation
    return [
        Figure("cold start", "process start to /_stcore/health", app.seconds_to_health, "s",
               "≤ 3 s", app.seconds_to_health <= 3),
        Figure("cold start", "process start to first Predict drawn", total, "s", "≤ 5 s",
               total <= 5),
        Figure("cold start", "of which: first visit, navigation to Predict drawn", navigation,
               "s"),
    ]  # fmt: skip


def _browser_reruns(browser: Browser, app: RunningApp, floor: RunningApp) -> list[Figure]:
    floor_keys = _key_to_update(browser, floor.url + "/")
    app_keys = _key_to_update(browser, app.url + "/")
    ratio = app_keys.median / floor_keys.median
    return [
        Figure("browser", "floor: key press to new metric", floor_keys.median * 1000, "ms",
               p95=floor_keys.p95 * 1000),
        Figure("browser", "Predict: key press to new prediction", app_keys.median * 1000, "ms",
               "≤ 1.3 × floor", ratio <= 1.3, ratio, app_keys.p95 * 1000),
    ]  # fmt: skip


def _first_renders(browser: Browser, app: RunningApp, floor: RunningApp) -> list[Figure]:
    """A new visitor's first view of each page, after the floor page's (the browser's share)."""
    floor_seconds = _first_render(browser, floor.url + "/", METRIC)
    figures = [Figure("browser", "first render: floor page", floor_seconds * 1000, "ms")]
    for wine in ("red", "white"):
        for page_name, selector in READY.items():
            path = "/" if page_name == "predict" else f"/{page_name}"
            seconds = _first_render(browser, f"{app.url}{path}?wine={wine}", selector)
            figures.append(
                Figure("browser", f"first render: {page_name}, {wine}", seconds * 1000, "ms")
            )
    return figures


def _settle() -> None:
    """Let the server finish what the last session left (closing, collecting) before reading."""
    time.sleep(1.0)


def browser_figures(load_sessions: int = 20, load_seconds: float = 30.0) -> list[Figure]:
    executable = chromium_path()
    if executable is None:
        return [Figure("browser", "skipped: no Chromium at /usr/bin/chromium", 0, "")]
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as folder, ExitStack() as servers:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright, executable)
            app = servers.enter_context(streamlit_server(Path(folder) / "models"))
            after_start = app.memory.current_bytes()
            figures += _cold_start(browser, app)
            floor = servers.enter_context(
                streamlit_server(Path(folder) / "floor-models", script="bench/floor_app.py")
            )
            figures += _browser_reruns(browser, app, floor)
            figures += _first_renders(browser, app, floor)
            browser.close()
        _settle()
        after_pages = app.memory.current_bytes()
        figures += [
            Figure("memory", "server RSS after start", after_start / MB, "MB"),
            Figure("memory", "server RSS after every page, both wines", after_pages / MB, "MB",
                   "≤ 300 MB", after_pages <= 300 * MB),
        ]  # fmt: skip
        figures += rerun_figures(app, floor)
        figures += memory_figures(app, _settle)
        figures += load_figures(app, load_sessions, load_seconds)
        figures.append(
            Figure("memory", "server peak RSS over the whole run", app.memory.peak_bytes / MB,
                   "MB")
        )  # fmt: skip
    return figures
