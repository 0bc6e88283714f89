"""Faults in the model store: damage, a vanished folder, many processes and threads at once.

(Single damaged files, version mismatches, a read-only folder and a full disk are in
tests/core/test_store.py; these are the cases of a running, shared, long-lived server.)
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import random
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import joblib
import numpy as np
import pytest

from core.batch import score_file
from core.data import DATA_DIR, load_wine
from core.errors import DataError
from core.features import median_wine
from core.models import ModelSpec
from core.scoring import predict_one
from core.store import ModelStore
from tests.conftest import FIXTURES

SPECS = [ModelSpec.create(wine, alpha=alpha) for wine in ("red", "white") for alpha in (1, 2, 5)]
PROCESSES, THREADS, CALLS_PER_THREAD = 8, 16, 6


def test_metadata_disagreeing_with_the_file_is_retrained_not_loaded(
    tmp_path: Path, monkeypatch
) -> None:
    store = ModelStore(tmp_path)
    model_id = store.get(SPECS[0]).model_id
    metadata_path = store.metadata_path(model_id)
    metadata = json.loads(metadata_path.read_text())
    metadata["model_sha256"] = hashlib.sha256(b"another file").hexdigest()
    metadata_path.write_text(json.dumps(metadata))
    monkeypatch.setattr(joblib, "load", _never)
    stored = ModelStore(tmp_path).get(SPECS[0])
    assert stored.source == "trained"
    assert stored.notices


def _never(*args, **kwargs):
    raise AssertionError("a model file that fails its checksum must never be unpickled")


def test_folder_deleted_while_running_still_serves_correct_models(tmp_path: Path) -> None:
    folder = tmp_path / "models"
    store = ModelStore(folder)
    before = store.get(SPECS[0]).result
    shutil.rmtree(folder)
    again = store.get(SPECS[0])
    fresh = store.get(SPECS[1])
    wine = median_wine(load_wine("red"))
    assert predict_one(again.result, wine).quality == pytest.approx(
        predict_one(before, wine).quality
    )
    assert fresh.source == "trained"
    assert store.model_path(fresh.model_id).exists()
    assert ModelStore(folder).get(SPECS[1]).source == "disk"


def test_uploaded_model_files_are_refused_without_unpickling(tmp_path: Path, monkeypatch) -> None:
    store = ModelStore(tmp_path)
    result = store.get(SPECS[0]).result
    content = store.model_path(store.get(SPECS[0]).model_id).read_bytes()
    monkeypatch.setattr(joblib, "load", _never)
    monkeypatch.setattr("pickle.loads", _never)
    for name, reason in [
        ("model.joblib", "a .joblib file cannot be scored"),
        ("model.pkl", "a .pkl file cannot be scored"),
        ("model.csv", "binary file"),
    ]:
        with pytest.raises(DataError, match=reason):
            score_file(result, content, name)


def _hammer(directory: str, capacity: int, seed: int) -> tuple[dict[str, str], list[str]]:
    """One process: sixteen threads getting the specs in random order; ids seen, errors."""
    store = ModelStore(Path(directory), capacity=capacity)

    def work(thread: int) -> tuple[list[tuple[str, str]], list[str]]:
        rng = random.Random(seed * 100 + thread)
        seen, errors = [], []
        for _ in range(CALLS_PER_THREAD):
            spec = rng.choice(SPECS)
            try:
                stored = store.get(spec)
                assert np.isfinite(stored.result.test_metrics.rmse)
                seen.append((spec.to_json(), stored.model_id))
            except Exception as error:  # noqa: BLE001 - the test reports every failure
                errors.append(f"{type(error).__name__}: {error}")
        return seen, errors

    with ThreadPoolExecutor(THREADS) as pool:
        outcomes = list(pool.map(work, range(THREADS)))
    ids = {spec: model_id for seen, _ in outcomes for spec, model_id in seen}
    return ids, [error for _, errors in outcomes for error in errors]


def _run_processes(directory: Path, capacity: int) -> tuple[dict[str, set[str]], list[str]]:
    context = multiprocessing.get_context("spawn")
    with context.Pool(PROCESSES) as pool:
        outcomes = pool.starmap(_hammer, [(str(directory), capacity, s) for s in range(PROCESSES)])
    ids: dict[str, set[str]] = {}
    for seen, _ in outcomes:
        for spec, model_id in seen.items():
            ids.setdefault(spec, set()).add(model_id)
    return ids, [error for _, errors in outcomes for error in errors]


def _assert_every_file_valid(directory: Path) -> list[str]:
    """Each model has its metadata, the recorded checksum, and loads; no temp file is left."""
    ids = sorted(path.stem for path in directory.glob("*.joblib"))
    assert ids == sorted(path.stem for path in directory.glob("*.json"))
    for model_id in ids:
        metadata = json.loads((directory / f"{model_id}.json").read_text())
        content = (directory / f"{model_id}.joblib").read_bytes()
        assert hashlib.sha256(content).hexdigest() == metadata["model_sha256"]
        assert joblib.load(directory / f"{model_id}.joblib").spec.to_dict() == metadata["spec"]
    assert [p.name for p in directory.iterdir() if p.name.startswith(".")] == []
    return ids


@pytest.mark.slow
def test_eight_processes_of_sixteen_threads_leave_one_valid_model_per_spec(tmp_path: Path) -> None:
    ids, errors = _run_processes(tmp_path, capacity=50)
    assert errors == []
    assert all(len(model_ids) == 1 for model_ids in ids.values())
    assert len(ids) == len(SPECS)
    assert len(_assert_every_file_valid(tmp_path)) == len(SPECS)


@pytest.mark.slow
def test_lru_bound_holds_under_the_same_load(tmp_path: Path) -> None:
    ids, errors = _run_processes(tmp_path, capacity=3)
    assert errors == []
    assert all(len(model_ids) == 1 for model_ids in ids.values())
    assert len(_assert_every_file_valid(tmp_path)) <= 3


@pytest.mark.parametrize(
    ("fixture", "match"),
    [
        ("missing_column.csv", r"winequality-red\.csv: missing column\(s\) alcohol"),
        ("text_cell.csv", r"winequality-red\.csv: column alcohol, row 2: 'strong'"),
        ("out_of_range.csv", r"winequality-red\.csv: column alcohol, row 3: 98 is outside"),
    ],
)
def test_broken_shipped_file_names_file_column_and_row(
    tmp_path: Path, fixture: str, match: str
) -> None:
    shutil.copy(FIXTURES / fixture, tmp_path / "winequality-red.csv")
    with pytest.raises(DataError, match=match):
        load_wine("red", tmp_path)


def test_changed_shipped_data_is_never_served_an_old_model(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    old = ModelStore(tmp_path / "models", data_dir=data).get(SPECS[0])
    path = data / "winequality-red.csv"
    lines = path.read_text().splitlines()
    lines[1] = lines[1].replace("9.4", "9.5", 1)
    path.write_text("\n".join(lines) + "\n")
    store = ModelStore(tmp_path / "models", data_dir=data)
    new = store.get(SPECS[0])
    assert new.model_id != old.model_id
    assert new.source == "trained"
    assert store.fits == 1
