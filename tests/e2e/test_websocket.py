"""The served app through Streamlit's websocket, as the benchmark's browser-less users drive it.

Behaviours checked:
- a new session draws Predict with `core`'s prediction for the median red wine;
- moving a slider reruns the prediction panel alone (a fragment run) with `core`'s prediction;
- a session opened with a link's query string gets the link's wine and value;
- twenty sessions moving sliders at once each get their own wine's prediction, none another's.
"""

from __future__ import annotations

import asyncio

from core.features import FEATURES_BY_KEY
from harness.server import RunningApp
from harness.streamlit_client import StreamlitSession
from harness.streamlit_client import run_on_own_thread as run
from tests.e2e.expected import core_prediction, shown

ALCOHOL = FEATURES_BY_KEY["alcohol"].label_with_unit


def test_new_session_shows_cores_prediction_for_the_median_wine(app_server: RunningApp) -> None:
    async def visit() -> str | None:
        async with StreamlitSession(app_server.url) as session:
            return session.page.metric

    assert run(visit()) == shown(core_prediction("red"))


def test_moving_a_slider_reruns_the_panel_with_cores_prediction(app_server: RunningApp) -> None:
    async def move() -> tuple[str, str | None]:
        async with StreamlitSession(app_server.url) as session:
            fragment = session.page.sliders[ALCOHOL].fragment_id
            await session.move_slider(ALCOHOL, 12.0)
            return fragment, session.page.metric

    fragment, metric = run(move())
    assert fragment, "the sliders live in a fragment, so a move reruns only the panel"
    assert metric == shown(core_prediction("red", alcohol=12.0))


def test_a_link_gives_its_wine_and_values(app_server: RunningApp) -> None:
    async def follow() -> tuple[float, str | None]:
        async with StreamlitSession(app_server.url, "wine=white&alcohol=12.5") as session:
            return session.page.sliders[ALCOHOL].value, session.page.metric

    assert run(follow()) == (12.5, shown(core_prediction("white", alcohol=12.5)))


def test_twenty_sessions_at_once_each_get_their_own_prediction(app_server: RunningApp) -> None:
    wines = ["red", "white"] * 10
    values = [round(9.0 + 0.2 * index, 1) for index in range(20)]

    async def user(wine: str, alcohol: float) -> str | None:
        async with StreamlitSession(app_server.url, f"wine={wine}") as session:
            for step in (0.1, -0.1, 0.0):
                await session.move_slider(ALCOHOL, round(alcohol + step, 1))
            return session.page.metric

    async def crowd() -> list[str | None]:
        return await asyncio.gather(*(user(w, v) for w, v in zip(wines, values, strict=True)))

    expected = [shown(core_prediction(w, alcohol=v)) for w, v in zip(wines, values, strict=True)]
    assert run(crowd()) == expected
