"""The on-disk model store.

Behaviours checked:
- the same spec is a store hit: loaded, not fitted again (fits counted), also by a new store;
- a model's metadata records spec, metrics, data checksum, versions, time and file checksum;
- a truncated, random-bytes, zero-byte or checksum-mismatched model file is retrained, not loaded;
- metadata that is not JSON, or from another scikit-learn version, is retrained;
- a read-only folder and a full disk still serve models, from memory, with a notice;
- at most `capacity` models are kept, least recently used evicted;
- two processes saving the same model at once leave one valid model;
- the folder comes from WINE_LAB_MODELS_DIR and is created when first written;
- the store says whether it has a spec's model without training it;
- it reports the training times it recorded, per kind and wine (for estimates).
"""

from __future__ import annotations

import errno
import json
import multiprocessing
import os
from pathlib import Path

import joblib
import pytest

from core.models import ModelSpec
from core.store import MODELS_DIR_ENV, ModelStore

SPEC = ModelSpec()


def test_same_spec_is_a_store_hit_without_a_second_fit(store: ModelStore) -> None:
    first = store.get(SPEC)
    second = store.get(SPEC)
    assert (first.source, second.source) == ("trained", "disk")
    assert store.fits == 1
    reopened = ModelStore(store.directory)
    assert reopened.get(SPEC).source == "disk"
    assert reopened.fits == 0
    assert second.result.test_metrics == first.result.test_metrics


def test_different_specs_get_different_ids(store: ModelStore) -> None:
    assert store.model_id(SPEC) != store.model_id(ModelSpec.create(alpha=2.0))
    assert store.model_id(SPEC) != store.model_id(ModelSpec(wine="white"))


def test_metadata_records_what_made_the_model(store: ModelStore) -> None:
    stored = store.get(SPEC)
    metadata = json.loads(store.metadata_path(stored.model_id).read_text())
    assert metadata["spec"] == SPEC.to_dict()
    assert metadata["metrics"]["test_metrics"]["rmse"] == stored.result.test_metrics.rmse
    assert len(metadata["data_sha256"]) == 64
    assert len(metadata["model_sha256"]) == 64
    assert {"python", "sklearn", "numpy", "created"} <= set(metadata)


def _damage_truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:100])


def _damage_random(path: Path) -> None:
    path.write_bytes(os.urandom(4096))


def _damage_empty(path: Path) -> None:
    path.write_bytes(b"")


@pytest.mark.parametrize("damage", [_damage_truncate, _damage_random, _damage_empty])
def test_damaged_model_file_is_retrained_not_loaded(store: ModelStore, damage, monkeypatch) -> None:
    """Check that a torn or corrupted file is caught by its checksum before unpickling."""
    model_id = store.get(SPEC).model_id
    damage(store.model_path(model_id))
    monkeypatch.setattr(joblib, "load", _fail_if_called)
    fresh = ModelStore(store.directory)
    stored = fresh.get(SPEC)
    assert stored.source == "trained"
    assert fresh.fits == 1
    assert "was not usable" in stored.notices[0]


def _fail_if_called(*args, **kwargs):
    raise AssertionError("a damaged model file must never be unpickled")


def test_model_file_that_joblib_cannot_read_is_retrained(store: ModelStore) -> None:
    model_id = store.get(SPEC).model_id
    model_path, metadata_path = store.model_path(model_id), store.metadata_path(model_id)
    model_path.write_bytes(b"not a pickle")
    metadata = json.loads(metadata_path.read_text())
    metadata["model_sha256"] = __import__("hashlib").sha256(b"not a pickle").hexdigest()
    metadata_path.write_text(json.dumps(metadata))
    fresh = ModelStore(store.directory)
    assert fresh.get(SPEC).source == "trained"


@pytest.mark.parametrize(
    ("field", "value"),
    [("sklearn", "0.24.2"), ("data_sha256", "0" * 64), ("format", 0)],
)
def test_model_from_another_version_is_retrained(store: ModelStore, field: str, value) -> None:
    model_id = store.get(SPEC).model_id
    path = store.metadata_path(model_id)
    metadata = json.loads(path.read_text())
    metadata[field] = value
    path.write_text(json.dumps(metadata))
    fresh = ModelStore(store.directory)
    stored = fresh.get(SPEC)
    assert stored.source == "trained"
    assert field in stored.notices[0]
    assert json.loads(path.read_text())[field] != value


def test_metadata_that_is_not_json_is_retrained(store: ModelStore) -> None:
    model_id = store.get(SPEC).model_id
    store.metadata_path(model_id).write_text("{not json")
    fresh = ModelStore(store.directory)
    assert fresh.get(SPEC).source == "trained"
    assert ModelStore(store.directory).get(SPEC).source == "disk"


def test_read_only_folder_serves_models_from_memory(tmp_path: Path, monkeypatch) -> None:
    """Check that a folder that cannot be written still serves, with a notice (root ignores
    file modes, so the failing write is simulated at os.replace)."""
    store = ModelStore(tmp_path / "models")
    monkeypatch.setattr(os, "replace", _raise_oserror(errno.EROFS))
    first = store.get(SPEC)
    assert first.source == "trained"
    assert "cannot be written" in first.notices[0]
    assert store.get(SPEC).source == "memory"
    assert store.fits == 1
    assert list(store.directory.glob("*.joblib")) == []
    assert list(store.directory.glob(".*")) == []


def test_full_disk_serves_models_from_memory_and_says_so(tmp_path: Path, monkeypatch) -> None:
    store = ModelStore(tmp_path / "models")
    monkeypatch.setattr(os, "fsync", _raise_oserror(errno.ENOSPC))
    stored = store.get(SPEC)
    assert "the disk is full" in stored.notices[0]
    assert [p.name for p in store.directory.iterdir() if not p.name.endswith(".lock")] == []


def test_unwritable_folder_location_serves_models(tmp_path: Path) -> None:
    """Check a store whose folder cannot even be created (a file stands in its way)."""
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder")
    store = ModelStore(blocker / "models")
    assert store.get(SPEC).source == "trained"
    assert store.get(SPEC).source == "memory"


def _raise_oserror(code: int):
    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    return fail


def test_store_keeps_at_most_capacity_models_lru_evicted(tmp_path: Path) -> None:
    store = ModelStore(tmp_path, capacity=2)
    specs = [ModelSpec.create(alpha=a) for a in (1.0, 2.0, 3.0)]
    ids = [store.get(spec).model_id for spec in specs[:2]]
    os.utime(store.metadata_path(ids[0]), ns=(1, 1))
    os.utime(store.metadata_path(ids[1]), ns=(2, 2))
    store.get(specs[0])  # a hit refreshes the first model
    store.get(specs[2])
    assert set(store.stored_ids()) == {ids[0], store.model_id(specs[2])}
    assert not store.model_path(ids[1]).exists()


def test_folder_comes_from_environment_and_is_created_on_first_write(
    tmp_path: Path, monkeypatch
) -> None:
    target = tmp_path / "elsewhere" / "models"
    monkeypatch.setenv(MODELS_DIR_ENV, str(target))
    store = ModelStore()
    assert store.directory == target
    assert not target.exists()
    store.get(SPEC)
    assert len(list(target.glob("*.joblib"))) == 1


def _train_in_process(directory: str) -> str:
    return ModelStore(Path(directory)).get(SPEC).model_id


def test_two_processes_saving_one_model_leave_one_valid_file(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    with context.Pool(2) as pool:
        ids = pool.map(_train_in_process, [str(tmp_path)] * 4)
    assert len(set(ids)) == 1
    assert len(list(tmp_path.glob("*.joblib"))) == 1
    assert list(tmp_path.glob(".*")) == []
    fresh = ModelStore(tmp_path)
    assert fresh.get(SPEC).source == "disk"
    assert fresh.fits == 0


def test_store_says_whether_it_has_a_model_without_training(store: ModelStore) -> None:
    """The Train page shows a kept model at once instead of asking for the Train button."""
    assert not store.has(SPEC)
    store.get(SPEC)
    assert store.has(SPEC)
    assert ModelStore(store.directory).has(SPEC)
    assert store.fits == 1


def test_store_reports_measured_training_times_of_a_kind_on_a_wine(store: ModelStore) -> None:
    stored = store.get(SPEC)
    store.get(ModelSpec(wine="white"))
    assert store.measured_seconds("red", "ridge") == [(SPEC, stored.result.train_seconds)]
    assert store.measured_seconds("red", "lasso") == []
