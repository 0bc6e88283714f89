"""Shared fixtures: the real shipped data, and a model store in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from core.data import load_wine
from core.store import MODELS_DIR_ENV, ModelStore

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
