"""A browser-less Streamlit session: the protobuf messages a browser tab sends and receives.

A tab opens `/_stcore/stream`, asks for a run (`BackMsg.rerun_script` with its URL's query
string), and receives the page as `ForwardMsg` deltas until `script_finished`. Moving a slider
sends the state of every slider with the new value, and the id of the fragment the slider
lives in, exactly as the frontend does. Predict's sliders live in a custom component (the slider
panel): the client reads them from its JSON payload, and a move sends the component's state
`{"sent": {"values": {...}, "n": ...}}`, as the panel's JavaScript does on release.
Twenty of these cost the server what twenty visitors do, without twenty Chromium tabs
competing with it for the same two cores.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.BidiComponent_pb2 import BidiComponent
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.Slider_pb2 import Slider
from websockets.asyncio.client import ClientConnection, connect

from core.features import FEATURES_BY_KEY

# The slider panel's registered name (`ui.slider_panel`); the page's other components (the
# copy-link button, the page-language marker) carry no sliders.
SLIDER_PANEL_NAME = "wine_lab.slider_panel"

FINISHED = {
    ForwardMsg.FINISHED_SUCCESSFULLY,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
}


class ScriptRunError(RuntimeError):
    """The server ended a run without finishing it, or drew an exception."""


@dataclass
class SliderState:
    """One slider: an `st.slider`, or (with its feature `key`) an input of the slider panel."""

    widget_id: str
    value: float
    fragment_id: str
    key: str = ""


@dataclass
class PageState:
    """What the runs drew that a client needs: sliders by label, the metric, markdown texts
    (by where they are drawn, so a rerun replaces them in place) and exceptions."""

    sliders: dict[str, SliderState] = field(default_factory=dict)
    metric: str | None = None
    texts: dict[tuple[int, ...], str] = field(default_factory=dict)
    exceptions: list[str] = field(default_factory=list)


class StreamlitSession:
    """One session on a running app; `async with` opens it and runs the page once."""

    def __init__(self, url: str, query: str = "") -> None:
        """`url`: the app's root, as `http://host:port`; `query`: a link's query string."""
        self._url = url.replace("http://", "ws://", 1).rstrip("/") + "/_stcore/stream"
        self._query = query
        self._page_hash = ""
        self._connection: ClientConnection | None = None
        self._panel_state: dict[str, str] = {}
        self._sent = 0
        self.page = PageState()

    async def __aenter__(self) -> StreamlitSession:
        self._connection = await connect(self._url, subprotocols=["streamlit"], max_size=None)
        await self._run(self._rerun_message())
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._connection is not None:
            await self._connection.close()

    @property
    def query(self) -> str:
        """The query string the page last wrote to its URL (the browser's address bar)."""
        return self._query

    async def move_slider(self, label: str, value: float) -> float:
        """Set one slider as a user would; seconds until the run it starts has finished.

        With `_slider_state` (reading) and `_rerun_message` (sending), the only code that
        knows how the Predict page draws its sliders; callers go through this method.
        """
        slider = self.page.sliders[label]
        slider.value = value
        if slider.key:
            self._send_panel(slider.widget_id)
        started = time.perf_counter()
        await self._run(self._rerun_message(fragment_id=slider.fragment_id))
        return time.perf_counter() - started

    def _rerun_message(self, fragment_id: str = "") -> BackMsg:
        message = BackMsg()
        state = message.rerun_script
        state.query_string = self._query
        state.page_script_hash = self._page_hash
        state.fragment_id = fragment_id
        for slider in self.page.sliders.values():
            if slider.key:
                continue
            widget = state.widget_states.widgets.add()
            widget.id = slider.widget_id
            widget.double_array_value.data.append(slider.value)
        for widget_id, value in self._panel_state.items():
            widget = state.widget_states.widgets.add()
            widget.id = widget_id
            widget.json_value = value
        return message

    def _send_panel(self, widget_id: str) -> None:
        """The panel's state after a release: every one of its sliders' values."""
        self._sent += 1
        values = {s.key: s.value for s in self.page.sliders.values() if s.widget_id == widget_id}
        self._panel_state[widget_id] = json.dumps({"sent": {"values": values, "n": self._sent}})

    async def _run(self, message: BackMsg) -> None:
        assert self._connection is not None, "use `async with StreamlitSession(...)`"
        await self._connection.send(message.SerializeToString())
        self.page.exceptions.clear()
        while True:
            reply = ForwardMsg()
            reply.ParseFromString(await self._connection.recv())
            kind = reply.WhichOneof("type")
            if kind == "new_session":
                self._page_hash = reply.new_session.page_script_hash
            elif kind == "page_info_changed":
                self._query = reply.page_info_changed.query_string
            elif kind == "delta":
                self._read_delta(reply)
            elif kind == "script_finished":
                if reply.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # the page asked for a rerun (`st.rerun`): it follows at once
                if reply.script_finished not in FINISHED:
                    raise ScriptRunError(f"run ended with status {reply.script_finished}")
                if self.page.exceptions:
                    raise ScriptRunError("; ".join(self.page.exceptions))
                return

    def _read_delta(self, reply: ForwardMsg) -> None:
        delta = reply.delta
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "slider":
            self.page.sliders[element.slider.label] = self._slider_state(
                element.slider, delta.fragment_id
            )
        elif kind == "bidi_component" and element.bidi_component.component_name.endswith(
            SLIDER_PANEL_NAME
        ):
            self._read_panel(element.bidi_component, delta.fragment_id)
        elif kind == "metric":
            self.page.metric = element.metric.body
        elif kind == "markdown":
            self.page.texts[tuple(reply.metadata.delta_path)] = element.markdown.body
        elif kind == "exception":
            self.page.exceptions.append(element.exception.message)

    def _read_panel(self, panel: BidiComponent, fragment_id: str) -> None:
        """The slider panel's sliders (the server's values) and its prediction, as shown."""
        data = json.loads(panel.json)
        for key, value in data["values"].items():
            label = FEATURES_BY_KEY[key].label_with_unit
            self.page.sliders[label] = SliderState(panel.id, value, fragment_id, key)
        self.page.metric = f"{data['prediction']['quality']:.2f}"

    def _slider_state(self, slider: Slider, fragment_id: str) -> SliderState:
        """The value a browser would hold: the server's if it set one, else the user's own."""
        known = self.page.sliders.get(slider.label)
        if slider.set_value:
            (value,) = slider.value
        elif known is not None and known.widget_id == slider.id:
            value = known.value
        else:
            (value,) = slider.default
        return SliderState(slider.id, value, fragment_id)


def run_on_own_thread(coroutine: Coroutine[Any, Any, Any]) -> Any:
    """`asyncio.run` on a thread of its own, for callers whose thread Playwright's sync API
    holds (it keeps an event loop running there, so `asyncio.run` would refuse)."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, coroutine).result()
