"""Shared fixtures: the real shipped data, and a model store in a temporary folder."""

from __future__ import annotations

# isort: off
# First, before anything imports numpy or scikit-learn: each xdist worker's native thread pools.
from tests import native_threads  # noqa: F401
# isort: on

from pathlib import Path

import pandas as pd
import pytest

from core.data import load_wine
from core.store import MODELS_DIR_ENV, ModelStore
from tests.run_report import REPORT, WORKER_OUTPUT_KEY, merged

FIXTURES = Path(__file__).parent / "data" / "fixtures"


@pytest.fixture(autouse=True)
def _isolated_model_store(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> None:
    """No test writes into the repository's models/ folder."""
    monkeypatch.setenv(MODELS_DIR_ENV, str(tmp_path_factory.mktemp("models")))


@pytest.fixture(scope="session")
def red() -> pd.DataFrame:
    return load_wine("red")


@pytest.fixture(scope="session")
def white() -> pd.DataFrame:
    return load_wine("white")


@pytest.fixture
def store(tmp_path: Path) -> ModelStore:
    return ModelStore(tmp_path / "models")


def pytest_sessionfinish(session: pytest.Session) -> None:
    """An xdist worker hands its report lines to the controller."""
    output = getattr(session.config, "workeroutput", None)
    if output is not None:
        output[WORKER_OUTPUT_KEY] = dict(REPORT)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    """The controller gathers a finished worker's report lines."""
    lines = getattr(node, "workeroutput", {}).get(WORKER_OUTPUT_KEY, {})
    REPORT.update(merged(REPORT, lines))


def pytest_terminal_summary(terminalreporter) -> None:
    if REPORT:
        terminalreporter.section("browser tests")
        for name, value in REPORT.items():
            terminalreporter.write_line(f"{name}: {value}")
