"""Many people at once on one server, each with their own wine, model and sliders.

Behaviours checked:
- twenty sessions that ask for eight models at once and move a slider at the same time each
  get their own model, values and `core`'s prediction, and the server stays under 1 GB;
- three browser tabs pressing keys at the same time each show only their own settings, with
  no error in any of them.

Twenty sessions are a load test: they go through the browser-less websocket client (the
benchmark's), since twenty Chromium tabs on two cores would measure the browser, not the
server. Three tabs are enough to show in the browser that sessions do not mix.
"""

from __future__ import annotations

import asyncio

import pytest
from playwright.sync_api import Browser, expect

from core.features import FEATURES_BY_KEY
from core.models import ModelSpec, get_kind
from harness.browser import VIEWPORT
from harness.server import RunningApp
from harness.streamlit_client import StreamlitSession, run_on_own_thread
from tests.e2e.app_page import WineLab
from tests.e2e.expected import core_prediction, ranges, shown

pytestmark = pytest.mark.e2e

SESSIONS, TABS, PRESSES = 20, 3, 4
ALCOHOL = FEATURES_BY_KEY["alcohol"].label_with_unit
MEMORY_LIMIT_BYTES = 1 << 30  # Community Cloud stops an app above about 1 GB
# The twenty sessions take about 4 s on a 2-core machine: room for one many times slower.
CROWD_SECONDS = 120


def _plans(count: int) -> list[tuple[str, float]]:
    """Wine and alpha of each session: both wines, eight different models among them."""
    ladder = get_kind("ridge").hyperparameter("alpha").ladder()
    return [("red" if i % 2 else "white", ladder[4 + i % 8]) for i in range(count)]


def _alcohol_after(wine: str, presses: int) -> float:
    """The alcohol slider's value after `presses` presses of → from the median wine (one step of
    the data each, as the README says; Shift+→ moves by `key_step`)."""
    bounds = ranges(wine)["alcohol"]
    return round(bounds.median + presses * bounds.step, 2)


def _query(wine: str, alpha: float, alcohol: float) -> str:
    return f"wine={wine}&model=ridge&alpha={alpha:g}&alcohol={alcohol:g}"


def test_twenty_sessions_at_once_each_get_their_own_model_and_prediction(
    app_server: RunningApp,
) -> None:
    async def user(wine: str, alpha: float) -> tuple[str | None, str, set[str]]:
        async with StreamlitSession(app_server.url, f"wine={wine}&alpha={alpha:g}") as session:
            for presses in range(1, PRESSES + 1):
                await session.move_slider(ALCOHOL, _alcohol_after(wine, presses))
            return session.page.metric, session.query, set(session.page.texts.values())

    async def crowd() -> list[tuple[str | None, str, set[str]]]:
        async with asyncio.timeout(CROWD_SECONDS):
            return await asyncio.gather(*(user(wine, alpha) for wine, alpha in _plans(SESSIONS)))

    seen = run_on_own_thread(crowd())
    for (wine, alpha), (metric, query, texts) in zip(_plans(SESSIONS), seen, strict=True):
        alcohol = _alcohol_after(wine, PRESSES)
        assert metric == shown(core_prediction(wine, alpha, alcohol=alcohol)), (wine, alpha)
        assert query == _query(wine, alpha, alcohol)
        assert ModelSpec.create(wine, "ridge", alpha=alpha).describe() in texts, texts
    assert app_server.memory.peak_bytes < MEMORY_LIMIT_BYTES


def test_three_tabs_pressing_at_once_each_show_only_their_own_settings(
    browser: Browser, app_server: RunningApp
) -> None:
    plans = _plans(TABS)
    contexts = [browser.new_context(viewport=VIEWPORT) for _ in plans]
    try:
        labs = [WineLab(context.new_page(), app_server.url) for context in contexts]
        errors: list[str] = []
        for lab in labs:
            lab.page.on("pageerror", lambda error: errors.append(str(error)))
        for lab, (wine, alpha) in zip(labs, plans, strict=True):
            lab.page.goto(f"{app_server.url}/?wine={wine}&alpha={alpha:g}")
        for lab in labs:
            expect(lab.slider("alcohol")).to_be_visible()
            lab.wait_until_idle()
        for _ in range(PRESSES):
            for lab in labs:  # one key each, without waiting: the reruns overlap on the server
                lab.slider("alcohol").press("ArrowRight")
        for lab, (wine, alpha) in zip(labs, plans, strict=True):
            alcohol = _alcohol_after(wine, PRESSES)
            expect(lab.slider("alcohol")).to_have_value(f"{alcohol:g}")
            expected = core_prediction(wine, alpha, alcohol=alcohol)
            expect(lab.predicted_quality()).to_have_text(shown(expected))
            model = ModelSpec.create(wine, "ridge", alpha=alpha).describe()
            expect(lab.model_in_use()).to_have_text(model)
            expect(lab.page).to_have_url(f"{app_server.url}/?{_query(wine, alpha, alcohol)}")
            expect(lab.exceptions()).to_have_count(0)
        assert errors == []
    finally:
        for context in contexts:
            context.close()
