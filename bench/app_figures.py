"""Reruns through Streamlit's AppTest: the floor page, Predict's slider, Train's alpha (a
release of the alpha panel, as the browser sends it)."""

from __future__ import annotations

import itertools
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

from streamlit.testing.v1 import AppTest

from bench.measure import Figure, Timing, repeat
from core.models import get_kind
from core.store import MODELS_DIR_ENV
from harness.apptest import release_alpha, release_panel
from harness.server import ROOT
from ui.cache import clear_caches

RERUNS = 30


def _slider_rerun(at: AppTest) -> Timing:
    values = itertools.cycle([9.0, 11.0])
    return repeat(lambda: at.slider(key="alcohol").set_value(next(values)).run(), RERUNS)


def _panel_release(at: AppTest) -> Timing:
    """Predict's sliders are a component: a move is its state sent on release."""
    values = itertools.cycle([9.0, 11.0])
    return repeat(lambda: release_panel(at, alcohol=next(values)), RERUNS)


@contextmanager
def empty_model_store() -> Iterator[None]:
    """An empty store for the app under test: a 'new alpha' must really be fitted."""
    before = os.environ.get(MODELS_DIR_ENV)
    with tempfile.TemporaryDirectory() as folder:
        os.environ[MODELS_DIR_ENV] = folder
        clear_caches()
        try:
            yield
        finally:
            if before is None:
                os.environ.pop(MODELS_DIR_ENV)
            else:
                os.environ[MODELS_DIR_ENV] = before
            clear_caches()


def app_figures() -> list[Figure]:
    with empty_model_store():
        return _figures()


def _figures() -> list[Figure]:
    floor_app = AppTest.from_file(str(ROOT / "bench" / "floor_app.py"), default_timeout=60).run()
    floor = _slider_rerun(floor_app)
    predict = _panel_release(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run())
    french_app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    french_app.query_params["lang"] = "fr"
    french = _panel_release(french_app.run())
    train = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    train.switch_page("pages/train.py").run()
    ladder = [v for v in get_kind("ridge").hyperparameter("alpha").ladder() if v != 0.5]
    misses = []
    for alpha in ladder[:12]:
        started = time.perf_counter()
        release_alpha(train, alpha=alpha)
        misses.append(time.perf_counter() - started)
    new_alpha = Timing.of(misses)
    seen = itertools.cycle(ladder[:2])
    cached = repeat(lambda: release_alpha(train, alpha=next(seen)), 20)
    floor_ms = floor.median * 1000
    return [
        Figure("AppTest", "floor: slider rerun of the 11-slider page", floor_ms, "ms",
               p95=floor.p95 * 1000),
        Figure("AppTest", "Predict: slider rerun", predict.median * 1000, "ms",
               "≤ 1.5 × floor", predict.median <= 1.5 * floor.median,
               predict.median / floor.median, predict.p95 * 1000),
        Figure("AppTest", "Predict: slider rerun in French (lang=fr)", french.median * 1000,
               "ms", "≤ 1.1 × English", french.median <= 1.1 * predict.median,
               french.median / floor.median, french.p95 * 1000),
        Figure("AppTest", "Train: new alpha (fit, CV, conformal, charts)", new_alpha.median * 1000,
               "ms", "≤ floor + 100 ms", new_alpha.median <= floor.median + 0.100,
               new_alpha.median / floor.median, new_alpha.p95 * 1000),
        Figure("AppTest", "Train: alpha already trained", cached.median * 1000, "ms",
               "≤ 1.2 × floor", cached.median <= 1.2 * floor.median,
               cached.median / floor.median, cached.p95 * 1000),
    ]  # fmt: skip
