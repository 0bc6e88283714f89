"""The app served for real and used in headless Chromium: key to update, cold start, memory, load.

Every browser figure is paired with the floor page (bench/floor_app.py) served and measured
the same way in the same run.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

import numpy as np
from playwright.async_api import async_playwright
from playwright.sync_api import Page, sync_playwright

from bench.measure import Figure, Timing
from tests.e2e.conftest import CHROMIUM_ARGS, VIEWPORT, chromium_path
from tests.e2e.server import RunningApp, streamlit_server

METRIC = '[data-testid="stMetricValue"]'
ALCOHOL = 'input[type="range"][aria-label="Alcohol (% vol.)"]'
KEY_PRESSES = 30
MB = 2**20


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


def _key_to_update(page: Page, presses: int = KEY_PRESSES, warmup: int = 3) -> Timing:
    """Press → or ← on the alcohol slider; time until the metric shows a new value."""
    page.locator(ALCOHOL).focus()
    seconds = [_press_and_wait(page, index) for index in range(presses + warmup)]
    return Timing.of(seconds[warmup:])


def _open(page: Page, url: str) -> float:
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(METRIC, timeout=60_000)
    return time.perf_counter() - started


def _first_renders(browser, app: RunningApp) -> list[Figure]:
    figures = []
    chart = '[data-testid="stPlotlyChart"] .main-svg'
    ready = {"predict": METRIC, "train": METRIC, "evaluate": chart, "explore": chart}
    for wine in ("red", "white"):
        for page_name, selector in ready.items():
            context = browser.new_context(viewport=VIEWPORT)
            page = context.new_page()
            path = "/" if page_name == "predict" else f"/{page_name}"
            started = time.perf_counter()
            page.goto(f"{app.url}{path}?wine={wine}")
            page.wait_for_selector(selector, state="attached", timeout=60_000)
            seconds = time.perf_counter() - started
            context.close()
            figures.append(
                Figure("browser", f"first render: {page_name}, {wine}", seconds * 1000, "ms")
            )
    return figures


def _memory_figures(browser, app: RunningApp, after_start: int) -> list[Figure]:
    after_pages = app.memory.current_bytes()
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    _open(page, app.url + "/")
    page.locator(ALCOHOL).focus()
    before_reruns = app.memory.current_bytes()
    for index in range(500):
        _press_and_wait(page, index)
    after_reruns = app.memory.current_bytes()
    context.close()
    for _ in range(20):
        session = browser.new_context(viewport=VIEWPORT)
        _open(session.new_page(), app.url + "/?wine=white")
        session.close()
    time.sleep(2)
    after_sessions = app.memory.current_bytes()
    return [
        Figure("memory", "server RSS after start", after_start / MB, "MB"),
        Figure("memory", "server RSS after every page, both wines", after_pages / MB, "MB",
               "≤ 300 MB", after_pages <= 300 * MB),
        Figure("memory", "growth after 500 slider reruns", (after_reruns - before_reruns) / MB,
               "MB", "≤ 20 MB", after_reruns - before_reruns <= 20 * MB),
        Figure("memory", "growth after 20 sessions opened and closed",
               (after_sessions - after_reruns) / MB, "MB", "≤ 30 MB",
               after_sessions - after_reruns <= 30 * MB),
    ]  # fmt: skip


async def _load(url: str, sessions: int, seconds: float) -> tuple[float, float]:
    """`sessions` browser sessions moving sliders for `seconds`: reruns per second, p95."""
    latencies: list[float] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_ARGS
        )
        pages = []
        for _ in range(sessions):
            context = await browser.new_context(viewport={"width": 1200, "height": 900})
            page = await context.new_page()
            await page.goto(url)
            await page.wait_for_selector(METRIC, timeout=120_000)
            pages.append(page)

        async def user(page) -> None:
            slider = page.locator(ALCOHOL)
            await slider.focus()
            deadline = time.perf_counter() + seconds
            index = 0
            while time.perf_counter() < deadline:
                before = await page.inner_text(METRIC)
                started = time.perf_counter()
                await slider.press(_arrow(index))
                await page.wait_for_function(METRIC_CHANGED, arg=[METRIC, before], timeout=60_000)
                latencies.append(time.perf_counter() - started)
                index += 1

        started = time.perf_counter()
        await asyncio.gather(*(user(page) for page in pages))
        elapsed = time.perf_counter() - started
        await browser.close()
    return len(latencies) / elapsed, float(np.percentile(latencies, 95))


def _sync_figures(playwright, app: RunningApp, started: float) -> list[Figure]:
    after_start = app.memory.current_bytes()
    browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
    page = browser.new_page(viewport=VIEWPORT)
    page.goto(app.url + "/")
    page.wait_for_selector(METRIC, timeout=60_000)
    to_first_render = time.perf_counter() - started
    figures = [
        Figure("cold start", "process start to /_stcore/health", app.seconds_to_health, "s",
               "≤ 3 s", app.seconds_to_health <= 3),
        Figure("cold start", "process start to first Predict drawn", to_first_render, "s",
               "≤ 5 s", to_first_render <= 5),
    ]  # fmt: skip
    app_keys = _key_to_update(page)
    with streamlit_server(
        app.log_path.parent / "floor-models", script="bench/floor_app.py"
    ) as floor:
        floor_page = browser.new_page(viewport=VIEWPORT)
        _open(floor_page, floor.url + "/")
        floor_keys = _key_to_update(floor_page)
    ratio = app_keys.median / floor_keys.median
    figures += [
        Figure("browser", "floor: key press to new metric", floor_keys.median * 1000, "ms",
               p95=floor_keys.p95 * 1000),
        Figure("browser", "Predict: key press to new prediction", app_keys.median * 1000, "ms",
               "≤ 1.3 × floor", ratio <= 1.3, ratio, app_keys.p95 * 1000),
    ]  # fmt: skip
    figures += _first_renders(browser, app)
    figures += _memory_figures(browser, app, after_start)
    browser.close()
    return figures


def browser_figures(load_sessions: int = 20, load_seconds: float = 30.0) -> list[Figure]:
    if chromium_path() is None:
        return [Figure("browser", "skipped: no Chromium at /usr/bin/chromium", 0, "")]
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as folder:
        models = Path(folder) / "models"
        started = time.perf_counter()
        with streamlit_server(models) as app:
            with sync_playwright() as playwright:
                figures += _sync_figures(playwright, app, started)
            rate, p95 = asyncio.run(_load(app.url + "/", load_sessions, load_seconds))
            figures += [
                Figure("load", f"{load_sessions} sessions moving sliders: reruns per second",
                       rate, "/s"),
                Figure("load", f"{load_sessions} sessions: p95 key-to-update", p95 * 1000, "ms",
                       "≤ 300 ms", p95 <= 0.300),
                Figure("memory", "server peak RSS over the whole browser run",
                       app.memory.peak_bytes / MB, "MB"),
            ]  # fmt: skip
    return figures
