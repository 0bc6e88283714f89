"""The served app driven through Streamlit's websocket, without a browser.

What the server costs, apart from drawing: slider reruns against the floor page served the
same way, a new session's first run, memory after many reruns and sessions, and load from
twenty sessions at once (one process of asyncio clients, so the two cores stay the server's).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from contextlib import AsyncExitStack

from bench.measure import MB, Figure, Timing
from core.features import FEATURES_BY_KEY
from harness.server import RunningApp
from harness.streamlit_client import StreamlitSession

ALCOHOL = FEATURES_BY_KEY["alcohol"].label_with_unit
RERUNS = 60
WARMUP = 5
# A person pressing an arrow key on a slider: about four presses a second.
THINK_SECONDS = 0.25


async def _move(session: StreamlitSession, index: int) -> float:
    """Alcohol one step up, then back down: the slider stays near its start."""
    slider = session.page.sliders[ALCOHOL]
    step = 0.1 if index % 2 == 0 else -0.1
    return await session.move_slider(ALCOHOL, round(slider.value + step, 1))


async def _reruns(url: str, count: int) -> Timing:
    async with StreamlitSession(url) as session:
        seconds = [await _move(session, index) for index in range(count + WARMUP)]
    return Timing.of(seconds[WARMUP:])


async def _first_runs(url: str, count: int, query: str) -> Timing:
    """Sessions opened one after another: seconds from connecting to the page drawn."""
    seconds = []
    for _ in range(count):
        started = time.perf_counter()
        async with StreamlitSession(url, query):
            seconds.append(time.perf_counter() - started)
    return Timing.of(seconds)


async def _load(url: str, sessions: int, seconds: float, think: float) -> tuple[float, Timing]:
    """`sessions` users moving the alcohol slider for `seconds`: reruns per second, latency."""
    latencies: list[float] = []

    async def user(session: StreamlitSession, deadline: float) -> None:
        index = 0
        while time.perf_counter() < deadline:
            latencies.append(await _move(session, index))
            index += 1
            await asyncio.sleep(think)

    async with AsyncExitStack() as stack:
        opened = [await stack.enter_async_context(StreamlitSession(url)) for _ in range(sessions)]
        started = time.perf_counter()
        await asyncio.gather(*(user(s, started + seconds) for s in opened))
        elapsed = time.perf_counter() - started
    return len(latencies) / elapsed, Timing.of(latencies)


def _ms(timing: Timing) -> tuple[float, float]:
    return timing.median * 1000, timing.p95 * 1000


def rerun_figures(app: RunningApp, floor: RunningApp) -> list[Figure]:
    floor_timing = asyncio.run(_reruns(floor.url, RERUNS))
    app_timing = asyncio.run(_reruns(app.url, RERUNS))
    first = asyncio.run(_first_runs(app.url, 10, "wine=white"))
    ratio = app_timing.median / floor_timing.median
    floor_ms, floor_p95 = _ms(floor_timing)
    app_ms, app_p95 = _ms(app_timing)
    first_ms, first_p95 = _ms(first)
    return [
        Figure("websocket", "floor: slider rerun", floor_ms, "ms", p95=floor_p95),
        Figure("websocket", "Predict: slider rerun (fragment)", app_ms, "ms", "≤ 1.5 × floor",
               ratio <= 1.5, ratio, app_p95),
        Figure("websocket", "new session: first Predict run, white", first_ms, "ms",
               p95=first_p95),
    ]  # fmt: skip


def memory_figures(app: RunningApp, settle: Callable[[], None]) -> list[Figure]:
    """RSS growth after 500 reruns in one session, then after 20 sessions opened and closed."""
    settle()
    before = app.memory.current_bytes()
    asyncio.run(_reruns(app.url, 500 - WARMUP))
    settle()
    after_reruns = app.memory.current_bytes()
    asyncio.run(_first_runs(app.url, 20, "wine=white"))
    settle()
    after_sessions = app.memory.current_bytes()
    reruns, sessions = after_reruns - before, after_sessions - after_reruns
    return [
        Figure("memory", "growth after 500 slider reruns", reruns / MB, "MB", "≤ 20 MB",
               reruns <= 20 * MB),
        Figure("memory", "growth after 20 sessions opened and closed", sessions / MB, "MB",
               "≤ 30 MB", sessions <= 30 * MB),
    ]  # fmt: skip


def load_figures(app: RunningApp, sessions: int, seconds: float) -> list[Figure]:
    paced_rate, paced = asyncio.run(_load(app.url, sessions, seconds, THINK_SECONDS))
    flat_rate, flat = asyncio.run(_load(app.url, sessions, seconds / 3, 0.0))
    paced_ms, paced_p95 = _ms(paced)
    flat_ms, flat_p95 = _ms(flat)
    return [
        Figure("load", f"{sessions} sessions, a key press each per {THINK_SECONDS} s: reruns/s",
               paced_rate, "/s"),
        Figure("load", f"{sessions} sessions, a key press each per {THINK_SECONDS} s: latency",
               paced_ms, "ms", "p95 ≤ 300 ms", paced.p95 <= 0.300, p95=paced_p95),
        Figure("load", f"{sessions} sessions pressing without pause: reruns/s", flat_rate, "/s"),
        Figure("load", f"{sessions} sessions pressing without pause: latency", flat_ms, "ms",
               p95=flat_p95),
    ]  # fmt: skip
