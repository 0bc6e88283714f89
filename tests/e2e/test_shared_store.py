"""Two `streamlit run app.py` servers on one model store, as behind a load balancer.

Behaviours checked:
- the same spec asked of both servers at once is trained once: one valid model file in the
  store, which both servers show;
- a model one server trained, the other serves from disk without training it again.

Sessions are browser-less (the websocket client), each opening the Train page with a link.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import joblib
import pytest

from core.data import file_sha256
from core.models import ModelSpec
from core.train_result import TrainResult
from harness.server import RunningApp, streamlit_server
from harness.streamlit_client import StreamlitSession, run_on_own_thread

pytestmark = pytest.mark.e2e


class _TrainPageSession(StreamlitSession):
    """A session on the Train page (`/train?…`) that keeps every metric the page draws."""

    def __init__(self, url: str, query: str) -> None:
        super().__init__(url, query)
        self.metrics: list[str] = []

    def _rerun_message(self, fragment_id: str = "") -> object:
        message = super()._rerun_message(fragment_id)
        message.rerun_script.page_name = "train"
        return message

    def _read_delta(self, reply: object) -> None:
        """Metrics and exceptions only: this page's sliders are not the Predict page's."""
        delta = reply.delta
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        if element.WhichOneof("type") == "metric":
            self.metrics.append(f"{element.metric.label}: {element.metric.body}")
        elif element.WhichOneof("type") == "bidi_component":
            # Ridge, Lasso and elastic net show their metrics in the alpha panel.
            python = json.loads(element.bidi_component.json).get("python", {})
            if "test" in python:
                self.metrics.append(f"Test RMSE: {python['test']['rmse']:.3f}")
        elif element.WhichOneof("type") == "exception":
            self.page.exceptions.append(element.exception.message)


def _visit(app: RunningApp, query: str) -> list[str]:
    """Open `/train?<query>` on a server; the metrics the page shows."""
    return run_on_own_thread(_visit_all([(app, query)]))[0]


async def _visit_all(visits: list[tuple[RunningApp, str]]) -> list[list[str]]:
    async def one(app: RunningApp, query: str) -> list[str]:
        async with _TrainPageSession(app.url, query) as session:
            return session.metrics

    return list(await asyncio.gather(*(one(app, query) for app, query in visits)))


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RunningApp, ...]]:
    store = tmp_path_factory.mktemp("shared") / "models"
    with streamlit_server(store) as first, streamlit_server(store) as second:
        yield first, second


def _store(app: RunningApp) -> Path:
    return app.log_path.parent / "models"


def _model_files(store: Path, spec: ModelSpec) -> list[Path]:
    """The model files in the store that hold `spec` (found through their metadata)."""
    found = []
    for metadata_path in store.glob("*.json"):
        metadata = json.loads(metadata_path.read_text())
        if metadata["spec"] == spec.to_dict():
            found.append(metadata_path.with_suffix(".joblib"))
    return found


def test_one_spec_trained_from_both_servers_at_once_gives_one_valid_model(
    two_servers: tuple[RunningApp, RunningApp],
) -> None:
    first, second = two_servers
    spec = ModelSpec.create("white", "ridge", alpha=3.0)
    query = "wine=white&model=ridge&alpha=3"
    shown = run_on_own_thread(_visit_all([(first, query), (second, query)]))
    store = _store(first)
    (model_path,) = _model_files(store, spec)
    # Beside it only the servers' warm-up models, each whole: no half-written temporary file.
    assert not list(store.glob(".*"))
    assert {p.stem for p in store.glob("*.joblib")} == {p.stem for p in store.glob("*.json")}
    metadata = json.loads(model_path.with_suffix(".json").read_text())
    assert file_sha256(model_path) == metadata["model_sha256"]
    result = joblib.load(model_path)
    assert isinstance(result, TrainResult)
    assert result.spec == spec
    assert any(metric.startswith("Test RMSE") for metric in shown[0]), shown[0]
    assert shown[0] == shown[1]


def test_a_model_one_server_trained_the_other_serves_from_disk(
    two_servers: tuple[RunningApp, RunningApp],
) -> None:
    first, second = two_servers
    spec = ModelSpec.create("red", "ridge", alpha=7.0)
    query = "wine=red&model=ridge&alpha=7"
    shown_by_first = _visit(first, query)
    (model_path,) = _model_files(_store(first), spec)
    metadata_path = model_path.with_suffix(".json")
    trained = model_path.stat()
    metadata_before = metadata_path.stat()
    shown_by_second = _visit(second, query)
    served = model_path.stat()
    assert (served.st_ino, served.st_mtime_ns) == (trained.st_ino, trained.st_mtime_ns), (
        "the second server wrote the model again: it retrained"
    )
    # Loading from disk marks the model as recently used; a memory hit or a fit would not.
    metadata_after = metadata_path.stat()
    assert metadata_after.st_ino == metadata_before.st_ino
    assert metadata_after.st_mtime_ns > metadata_before.st_mtime_ns
    assert shown_by_second == shown_by_first
