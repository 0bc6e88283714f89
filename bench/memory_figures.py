"""`python -m bench.memory_figures`: the server's memory in issue #22's scenario.

Every page of both wines, then links to eight different slow-kind models (six 150–200-tree
white forests of depth 20, a gradient boosting, a support vector machine: each trains behind
its progress bar), then every page again; one new visitor per view. Prints the server's RSS
after each step and its peak over the whole run, against the target of 450 MB. The memory
budget (core/memory_budget.py, `$WINE_LAB_MEMORY_MB`) is the server's default unless
`--budget-mb` says otherwise.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.measure import MB, Figure
from core.memory_budget import DEFAULT_LIMIT_MB, MEMORY_BUDGET_ENV
from harness.browser import chromium_path, launch_chromium
from harness.memory_scenario import every_page, open_links, slow_model_links
from harness.server import streamlit_server

TARGET_MB = 450
TREES = (200, 190, 180, 170, 160, 150)


def memory_scenario_figures(budget_mb: float = DEFAULT_LIMIT_MB) -> list[Figure]:
    executable = chromium_path()
    if executable is None:
        return [Figure("memory", "skipped: no Chromium at /usr/bin/chromium", 0, "")]
    os.environ[MEMORY_BUDGET_ENV] = f"{budget_mb:g}"
    samples: list[tuple[str, float]] = []
    with (
        tempfile.TemporaryDirectory() as folder,
        streamlit_server(Path(folder) / "models") as app,
        sync_playwright() as playwright,
    ):
        browser = launch_chromium(playwright, executable)

        def sample(step: str) -> None:
            samples.append((step, app.memory.current_bytes() / MB))
            print(f"  {step}: {samples[-1][1]:.0f} MB (peak {app.memory.peak_bytes / MB:.0f})")

        sample("start")
        every_page(browser, app.url, sample)
        after_pages = samples[-1][1]
        started = time.perf_counter()
        open_links(browser, app.url, slow_model_links(TREES), sample)
        links_seconds = time.perf_counter() - started
        after_links = samples[-1][1]
        every_page(browser, app.url, sample)
        browser.close()
        peak = app.memory.peak_bytes / MB
    return [
        Figure("memory", "scenario: RSS after start", samples[0][1], "MB"),
        Figure("memory", "scenario: RSS after every page, both wines", after_pages, "MB"),
        Figure("memory", "scenario: RSS after 8 slow models by links", after_links, "MB"),
        Figure("memory", "scenario: RSS after every page again", samples[-1][1], "MB"),
        Figure("memory", f"scenario: peak RSS (budget {budget_mb:g} MB)", peak, "MB",
               f"≤ {TARGET_MB} MB", peak <= TARGET_MB),
        Figure("memory", "scenario: 8 links opened (training included)", links_seconds, "s"),
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.memory_figures", description=__doc__)
    parser.add_argument("--budget-mb", type=float, default=DEFAULT_LIMIT_MB)
    arguments = parser.parse_args()
    for figure in memory_scenario_figures(arguments.budget_mb):
        verdict = "" if figure.passed is None else ("PASS" if figure.passed else "MISS")
        print(f"{figure.name}: {figure.value:.1f} {figure.unit} {figure.target} {verdict}")


if __name__ == "__main__":
    main()
