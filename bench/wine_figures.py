"""Your wine: "what would make it better?" in `core`, and typing a value in the browser.

`python -m bench.wine_figures` prints these figures alone (`python -m bench` includes them;
`--no-browser`: only the counterfactual's, measured in `core`).

- The smallest change the model sees, for the median red and white wine and every target
  from the next grade up to 9: ≤ 50 ms for the linear kinds (exact), ≤ 3 s for the others
  (their search's own budget, so a figure over it means the budget did not hold).
- The linear kinds' worst case: the slowest answer over 20 real wines of each colour and every
  target above their prediction (a far answer tries every size of change): ≤ 50 ms.
- Typing a value in a field → the panel's prediction shows the preview: measured in the page
  from the `input` event to the moment the shown number changed, and whether that happened
  before the next animation frame (one frame: the goal, for the linear kinds).
"""

from __future__ import annotations

import functools
import sys
import tempfile
from pathlib import Path

import numpy as np
from playwright.sync_api import sync_playwright

from bench.browser_figures import PANEL_JS
from bench.measure import Figure, repeat
from core.counterfactual import SEARCH_SECONDS, smallest_change, target_choices
from core.data import load_wine
from core.explain import WineNeighbours
from core.features import FEATURE_KEYS, feature_ranges, median_wine
from core.models import ModelSpec
from core.scoring import predict_one
from core.train import train_model
from harness.browser import chromium_path, launch_chromium
from harness.server import streamlit_server

LINEAR_MS = 50.0
KINDS = {"ridge": True, "lasso": True, "svr": False}
# In the page: type into the alcohol field many times; for each, how long until the shown
# prediction changed, and whether it changed before the next frame was drawn.
TYPE_AND_WATCH = f"""async (count) => {{
  const panel = {PANEL_JS};
  const field = panel.querySelector('input.slider-field[data-key=alcohol]');
  const shown = panel.querySelector('[data-testid=panel-prediction]');
  const delays = [];
  let inFrame = 0;
  for (let i = 0; i < count; i += 1) {{
    const before = shown.textContent;
    field.focus();
    field.value = (9 + (i % 50) / 10).toFixed(1);
    const started = performance.now();
    let changedAt = null;
    const watch = new MutationObserver(() => {{ changedAt ??= performance.now(); }});
    watch.observe(shown, {{childList: true, characterData: true, subtree: true}});
    const frame = new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())));
    field.dispatchEvent(new Event('input', {{bubbles: true}}));
    const drawn = await frame;
    await new Promise((resolve) => setTimeout(resolve, 0));
    watch.disconnect();
    const changed = shown.textContent !== before;
    if (changed && changedAt !== null && changedAt <= drawn) inFrame += 1;
    if (changed) delays.push((changedAt ?? performance.now()) - started);
  }}
  field.blur();
  return {{delays, inFrame}};
}}"""


def counterfactual_figures() -> list[Figure]:
    figures = []
    for wine in ("red", "white"):
        frame = load_wine(wine)
        ranges, neighbours = feature_ranges(frame), WineNeighbours(frame)
        start = median_wine(frame)
        for kind, linear in KINDS.items():
            result = train_model(ModelSpec.create(wine, kind), frame)
            targets = target_choices(predict_one(result, start).quality)[:-1]
            for target in targets:
                ask = functools.partial(
                    smallest_change, result, start, target, ranges=ranges, neighbours=neighbours
                )
                timing = repeat(
                    ask,
                    times=5 if linear else 1,
                    warmup=1 if linear else 0,
                )
                limit = LINEAR_MS if linear else SEARCH_SECONDS * 1000
                figures.append(
                    Figure(
                        "your wine",
                        f"smallest change, {kind}, median {wine} wine, grade {target}",
                        timing.median * 1000,
                        "ms",
                        target=f"≤ {limit:.0f} ms",
                        passed=timing.median * 1000 <= limit * 1.1,
                        p95=timing.p95 * 1000,
                    )
                )
    return figures + worst_linear_figures()


def worst_linear_figures(wines: int = 20) -> list[Figure]:
    """The slowest exact answer (median of 3 runs each) over real wines and targets."""
    figures = []
    for wine in ("red", "white"):
        frame = load_wine(wine)
        ranges, neighbours = feature_ranges(frame), WineNeighbours(frame)
        rows = np.random.default_rng(0).choice(len(frame), wines, replace=False)
        for kind in (k for k, linear in KINDS.items() if linear):
            result = train_model(ModelSpec.create(wine, kind), frame)
            slowest = 0.0
            for row in rows:
                start = {key: float(frame[key].iloc[row]) for key in FEATURE_KEYS}
                for target in target_choices(predict_one(result, start).quality):
                    ask = functools.partial(
                        smallest_change, result, start, target, ranges=ranges, neighbours=neighbours
                    )
                    slowest = max(slowest, repeat(ask, times=3, warmup=1).median)
            figures.append(
                Figure(
                    "your wine",
                    f"smallest change, {kind}, slowest of {wines} real {wine} wines × targets",
                    slowest * 1000,
                    "ms",
                    target=f"≤ {LINEAR_MS:.0f} ms",
                    passed=slowest * 1000 <= LINEAR_MS * 1.1,
                )
            )
    return figures


def typing_figures(count: int = 40) -> list[Figure]:
    """Typing → preview, on the default (Ridge) model, in headless Chromium."""
    with (
        tempfile.TemporaryDirectory() as models,
        streamlit_server(Path(models)) as app,
        sync_playwright() as playwright,
    ):
        browser = launch_chromium(playwright, chromium_path() or "chromium")
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(app.url)
        page.wait_for_function(f"() => {PANEL_JS}?.dataset.state === 'python'", timeout=120_000)
        measured = page.evaluate(TYPE_AND_WATCH, count)
        browser.close()
    delays = sorted(measured["delays"])
    median = delays[len(delays) // 2] if delays else float("nan")
    share = measured["inFrame"] / count
    return [
        Figure("your wine", "typing → preview shown (ridge)", median, "ms", p95=delays[-1]),
        Figure(
            "your wine",
            "typed values previewed before the next frame",
            100 * share,
            "%",
            target="100 %",
            passed=share == 1.0,
        ),
    ]


def wine_figures() -> list[Figure]:
    return counterfactual_figures() + typing_figures()


if __name__ == "__main__":
    shown = counterfactual_figures() if "--no-browser" in sys.argv else wine_figures()
    for figure in shown:
        p95 = f" (p95 {figure.p95:.1f})" if figure.p95 is not None else ""
        verdict = "" if figure.passed is None else (" PASS" if figure.passed else " MISS")
        print(f"{figure.name}: {figure.value:.2f} {figure.unit}{p95} {figure.target}{verdict}")
