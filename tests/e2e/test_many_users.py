"""Twenty people at once on one server, each with their own wine, model and sliders.

Real sessions (one browser context each, so one websocket session each) move sliders in
interleaved rounds, so their reruns overlap on the server; the sessions also start by asking
for eight different models at once, so the store trains and loads concurrently.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from core.models import get_kind
from tests.e2e.app_page import WineLab
from tests.e2e.conftest import VIEWPORT
from tests.e2e.expected import core_prediction, ranges, shown
from tests.e2e.server import RunningApp

pytestmark = pytest.mark.e2e

SESSIONS, ROUNDS = 20, 4
MEMORY_LIMIT_BYTES = 1 << 30  # Community Cloud stops an app above about 1 GB


def test_twenty_sessions_each_see_only_their_own_settings(
    browser: Browser, app_server: RunningApp
) -> None:
    """Check overlapping sessions: no error, own alpha and values only, memory under 1 GB."""
    ladder = get_kind("ridge").hyperparameter("alpha").ladder()
    plans = [("red" if i % 2 else "white", ladder[4 + i % 8]) for i in range(SESSIONS)]
    contexts = [browser.new_context(viewport=VIEWPORT) for _ in plans]
    labs = [WineLab(context.new_page(), app_server.url) for context in contexts]
    errors: list[str] = []
    for lab in labs:
        lab.page.on("pageerror", lambda error: errors.append(str(error)))
    for lab, (wine, alpha) in zip(labs, plans, strict=True):
        lab.page.goto(f"{app_server.url}/?wine={wine}&alpha={alpha:g}")
    for lab in labs:
        expect(lab.slider("alcohol")).to_be_visible()
        lab.wait_until_idle()
    for _ in range(ROUNDS):
        for lab in labs:  # one key each, without waiting: the reruns overlap on the server
            lab.slider("alcohol").press("ArrowRight")
    for lab, (wine, alpha) in zip(labs, plans, strict=True):
        bounds = ranges(wine)["alcohol"]
        alcohol = round(bounds.median + ROUNDS * bounds.key_step, 2)
        expect(lab.slider("alcohol")).to_have_value(f"{alcohol:g}")
        expected = core_prediction(wine, alpha, alcohol=alcohol)
        expect(lab.predicted_quality()).to_have_text(shown(expected))
        model = lab.sidebar().get_by_text(f"Ridge regression, alpha={alpha:g}", exact=True)
        expect(model).to_be_visible()
        query = f"wine={wine}&model=ridge&alpha={alpha:g}&alcohol={alcohol:g}"
        expect(lab.page).to_have_url(f"{app_server.url}/?{query}")
        expect(lab.exceptions()).to_have_count(0)
    for context in contexts:
        context.close()
    assert errors == []
    assert app_server.memory.peak_bytes < MEMORY_LIMIT_BYTES
