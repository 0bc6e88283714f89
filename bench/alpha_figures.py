"""`python -m bench.alpha_figures`: Train's alpha panel (issue 27) alone, beside the floor page.

The same figure functions as `python -m bench` (`bench/browser_figures.py`), with fewer
repeats, for a machine shared with other jobs: the floor page's key press, the alpha drag
(each input event to the test RMSE drawn, in the page), the distinct refits a one-second drag
shows, a key press on alpha to Python's trained numbers, and a new visitor's first render of
Train with the panel (Ridge) beside the floor page's and Train without it (linear regression,
today's controls). The load average is printed with the figures and kept in the JSON.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
from contextlib import ExitStack
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

from bench.__main__ import table, write_results
from bench.browser_figures import (
    METRIC,
    TRAIN_READY,
    alpha_figures,
    first_render,
    key_to_update,
)
from bench.measure import Figure
from harness.browser import chromium_path, launch_chromium
from harness.server import streamlit_server

RESULTS = Path(__file__).parent / "results" / "alpha.json"


# A loaded machine draws Train in more than the full run's 60 s now and then.
RENDER_TIMEOUT_MS = 240_000


def _renders(browser: Browser, url: str, selector: str, times: int) -> float:
    """Median seconds of `times` first renders by new visitors, after one unmeasured."""
    first_render(browser, url, selector, RENDER_TIMEOUT_MS)
    seconds = [first_render(browser, url, selector, RENDER_TIMEOUT_MS) for _ in range(times)]
    return statistics.median(seconds)


def _first_render_figures(browser: Browser, app_url: str, floor_url: str, times: int) -> list:
    floor = _renders(browser, floor_url + "/", METRIC, times)
    panel = _renders(browser, app_url + "/train?wine=red", TRAIN_READY, times)
    plain = _renders(browser, app_url + "/train?wine=red&model=linear", METRIC, times)
    return [
        Figure("browser", "first render: floor page", floor * 1000, "ms"),
        Figure("browser", "first render: train, red (Ridge: alpha panel)", panel * 1000, "ms",
               floor_ratio=panel / floor),
        Figure("browser", "first render: train, red (linear: no panel)", plain * 1000, "ms",
               floor_ratio=plain / floor),
    ]  # fmt: skip


def alpha_panel_figures(presses: int, renders: int) -> list[Figure]:
    executable = chromium_path()
    if executable is None:
        return [Figure("browser", "skipped: no Chromium at /usr/bin/chromium", 0, "")]
    with (
        tempfile.TemporaryDirectory() as folder,
        ExitStack() as servers,
        sync_playwright() as playwright,
    ):
        browser = launch_chromium(playwright, executable)
        app = servers.enter_context(streamlit_server(Path(folder) / "models"))
        floor = servers.enter_context(
            streamlit_server(Path(folder) / "floor-models", script="bench/floor_app.py")
        )
        floor_keys = key_to_update(browser, floor.url + "/", presses=presses)
        figures = [
            Figure("browser", "floor: key press to new metric", floor_keys.median * 1000,
                   "ms", p95=floor_keys.p95 * 1000),
            *alpha_figures(browser, app.url, floor_keys, presses=presses),
        ]  # fmt: skip
        print(table(figures), flush=True)  # kept, should the first renders time out
        figures += _first_render_figures(browser, app.url, floor.url, renders)
        browser.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.alpha_figures", description=__doc__)
    parser.add_argument("--presses", type=int, default=10, help="key presses per figure")
    parser.add_argument("--renders", type=int, default=3, help="first renders per page")
    parser.add_argument("--out", type=Path, default=RESULTS)
    arguments = parser.parse_args()
    load_before = os.getloadavg()
    figures = alpha_panel_figures(arguments.presses, arguments.renders)
    load_after = os.getloadavg()
    report = table(figures)
    print(report)
    print(f"\nload average (1, 5, 15 min): before {load_before}, after {load_after}")
    load = {"before": load_before, "after": load_after}
    write_results(arguments.out, figures, report, load_average=load)


if __name__ == "__main__":
    main()
