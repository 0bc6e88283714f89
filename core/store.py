"""The on-disk model store: joblib files beside JSON metadata, written atomically, bounded.

A model's identity is a hash of its spec, the data file's checksum and the scikit-learn
version, so asking for the same spec again loads it instead of fitting it. Anything wrong with
a stored file (torn, corrupted, another version) is detected before unpickling, logged and
retrained. Only files this store wrote, whose checksum its own metadata vouches for, are ever
loaded.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import hashlib
import json
import logging
import os
import platform
import tempfile
import threading
import typing
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import pandas as pd
import sklearn
from filelock import FileLock

from core.data import DATA_DIR, data_checksum, file_sha256, load_wine
from core.errors import StoreError, WineLabError
from core.memory_budget import MemoryBudget, MemoryBudgetError, budget_from_env
from core.messages import N_, Message
from core.models import ModelSpec
from core.progress import Progress
from core.train import train_model
from core.train_result import TrainResult

log = logging.getLogger(__name__)

MODELS_DIR_ENV = "WINE_LAB_MODELS_DIR"


def _default_models_dir() -> Path:
    """`models/` beside the code in a checkout; a user cache folder for an installed copy."""
    package = Path(__file__).resolve().parent
    if (package / "shipped_data").is_dir():
        cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
        return Path(cache) / "wine-quality-lab" / "models"
    return package.parent / "models"


DEFAULT_MODELS_DIR = _default_models_dir()
DEFAULT_CAPACITY = 50
FORMAT_VERSION = 3  # 3: a spec without "split" holds out grouped wines, not train_test_split's
LOCK_TIMEOUT_SECONDS = 600


def models_dir_from_env() -> Path:
    """The store's folder: `$WINE_LAB_MODELS_DIR`, or `models/` beside the code (a cache
    folder for an installed copy)."""
    return Path(os.environ.get(MODELS_DIR_ENV) or DEFAULT_MODELS_DIR)


def stored_fields(root: type = TrainResult) -> tuple[str, ...]:
    """'path: type' of every field a stored model holds, nested dataclasses included
    ('linear_weights.bias: builtins.float')."""
    return tuple(_field_lines(root, "", ()))


def stored_format(root: type = TrainResult) -> str:
    """The format written into each model's metadata: `FORMAT_VERSION`, then a digest of
    `stored_fields`.

    A new, renamed or retyped field of `TrainResult` (or of a dataclass it holds) changes the
    digest, so files written before are retrained instead of loaded without it. Bump
    `FORMAT_VERSION` by hand only when a field keeps its name and type but changes meaning.
    """
    digest = hashlib.sha256("\n".join(stored_fields(root)).encode()).hexdigest()[:12]
    return f"{FORMAT_VERSION}-{digest}"


def _field_lines(cls: type, prefix: str, inside: tuple[type, ...]) -> list[str]:
    inside = (*inside, cls)  # a dataclass that holds itself is described once
    try:
        hints = typing.get_type_hints(cls)
    except NameError:  # an annotation only a type checker can resolve: keep its text
        hints = {}
    lines = []
    for field in dataclasses.fields(cls):
        hint = hints.get(field.name, field.type)
        path = prefix + field.name
        lines.append(f"{path}: {_type_name(hint)}")
        for inner in _dataclasses_in(hint):
            if inner not in inside:
                lines += _field_lines(inner, path + ".", inside)
    return lines


def _type_name(hint: object) -> str:
    return f"{hint.__module__}.{hint.__qualname__}" if isinstance(hint, type) else repr(hint)


def _dataclasses_in(hint: object) -> list[type]:
    """The dataclasses a type hint names: itself, or those inside `X | None`, `tuple[X, ...]`."""
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return [hint]
    return [inner for arg in typing.get_args(hint) for inner in _dataclasses_in(arg)]


STORE_FORMAT = stored_format()


@dataclass(frozen=True)
class StoredModel:
    """A model as the store hands it out: where it came from and anything that degraded."""

    model_id: str
    result: TrainResult
    source: str  # "disk", "trained" or "memory"
    data_sha256: str  # the SHA-256 of the data file the model was trained on
    notices: tuple[Message, ...] = ()


class _UnusableModelError(Exception):
    """A stored model that must not be loaded; the message says why."""


class ModelStore:
    """Loads a spec's model from disk, or trains and saves it; at most `capacity` kept.

    Models that cannot be written to disk are kept in memory instead, inside `budget` (the
    process's memory budget, shared with the page layer's caches; a store of its own when
    none is given): the least recently used leave first and are retrained when asked again.
    """

    def __init__(
        self,
        directory: Path | None = None,
        *,
        capacity: int = DEFAULT_CAPACITY,
        data_dir: Path = DATA_DIR,
        trainer: Callable[[ModelSpec, pd.DataFrame], TrainResult] = train_model,
        budget: MemoryBudget | None = None,
    ) -> None:
        if capacity < 1:
            raise StoreError("The store must keep at least one model.")
        self.directory = Path(directory) if directory is not None else models_dir_from_env()
        self.capacity = capacity
        self.data_dir = data_dir
        self.fits = 0
        self._trainer = trainer
        self._budget = budget if budget is not None else budget_from_env()
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()
        self._checksums: dict[str, str] = {}
        self._frames: dict[str, pd.DataFrame] = {}

    def model_id(self, spec: ModelSpec) -> str:
        """Hash of spec, data checksum and scikit-learn version."""
        identity = "\n".join([spec.to_json(), self._data_checksum(spec.wine), sklearn.__version__])
        return hashlib.sha256(identity.encode()).hexdigest()[:20]

    def get(self, spec: ModelSpec, *, on_step: Progress | None = None) -> StoredModel:
        """The model of a spec: from memory or disk if valid there, otherwise trained now
        (telling `on_step` how the training goes)."""
        model_id = self.model_id(spec)
        data_sha = self._data_checksum(spec.wine)
        with self._lock_for(model_id), self._file_lock(model_id):
            found, kept = self._budget.lookup(_memory_key(model_id))
            if found:
                return StoredModel(model_id, kept, "memory", data_sha)  # type: ignore[arg-type]
            notices: list[Message] = []
            try:
                return StoredModel(model_id, self._load(model_id, spec), "disk", data_sha)
            except FileNotFoundError:
                pass
            except _UnusableModelError as problem:
                log.warning("Model %s not loaded: %s. Retraining.", model_id, problem)
                notices.append(
                    Message(
                        N_("A stored model was not usable ({problem}); it was retrained."),
                        problem=str(problem),
                    )
                )
            result = self._train(spec, on_step)
            notices.extend(self._save(model_id, result))
            return StoredModel(model_id, result, "trained", data_sha, tuple(notices))

    def has(self, spec: ModelSpec) -> bool:
        """Whether a spec's model is kept (in memory, or on disk with its metadata), so `get`
        should load it rather than train it. Cheap: no file is read."""
        model_id = self.model_id(spec)
        if self._budget.lookup(_memory_key(model_id))[0]:
            return True
        return self.metadata_path(model_id).exists() and self.model_path(model_id).exists()

    def measured_seconds(self, wine: str, kind: str) -> list[tuple[ModelSpec, float]]:
        """Training times the store's metadata records for one kind on one wine (for estimates
        said before training starts)."""
        measured = []
        for model_id in self.stored_ids():
            try:
                metadata = self._read_metadata(model_id)
                spec = ModelSpec.from_dict(metadata["spec"])
                seconds = float(metadata["metrics"]["train_seconds"])
            except (OSError, _UnusableModelError, KeyError, TypeError, ValueError, WineLabError):
                continue
            if (spec.wine, spec.kind) == (wine, kind):
                measured.append((spec, seconds))
        return measured

    def stored_ids(self) -> list[str]:
        """Ids of the models on disk, least recently used first."""
        try:
            metadata = sorted(self.directory.glob("*.json"), key=lambda p: p.stat().st_mtime_ns)
        except OSError:
            return []
        return [path.stem for path in metadata]

    def model_path(self, model_id: str) -> Path:
        return self.directory / f"{model_id}.joblib"

    def metadata_path(self, model_id: str) -> Path:
        return self.directory / f"{model_id}.json"

    def _data_checksum(self, wine: str) -> str:
        """The data file's SHA-256, read once per store: the shipped files do not change."""
        if wine not in self._checksums:
            self._checksums[wine] = data_checksum(wine, self.data_dir)
        return self._checksums[wine]

    def _train(self, spec: ModelSpec, on_step: Progress | None) -> TrainResult:
        self.fits += 1
        frame = self._training_frame(spec.wine)
        if on_step is None:
            return self._trainer(spec, frame)
        return self._trainer(spec, frame, on_step=on_step)

    def _training_frame(self, wine: str) -> pd.DataFrame:
        """The validated data, read once per store (reading and checking it took 25 ms a fit)."""
        if wine not in self._frames:
            self._frames[wine] = load_wine(wine, self.data_dir)
        return self._frames[wine].copy()

    def _lock_for(self, model_id: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(model_id, threading.Lock())

    def _file_lock(self, model_id: str) -> FileLock | _NoLock:
        """A lock other processes see, so two of them do not train one model at once."""
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError:
            return _NoLock()
        if not os.access(self.directory, os.W_OK):
            return _NoLock()
        return FileLock(self.directory / f"{model_id}.lock", timeout=LOCK_TIMEOUT_SECONDS)

    def _load(self, model_id: str, spec: ModelSpec) -> TrainResult:
        metadata = self._read_metadata(model_id)
        expected = {
            "format": STORE_FORMAT,
            "sklearn": sklearn.__version__,
            "data_sha256": self._data_checksum(spec.wine),
            "spec": spec.to_dict(),
        }
        for field, value in expected.items():
            if metadata.get(field) != value:
                raise _UnusableModelError(
                    f"its {field} is {metadata.get(field)!r}, expected {value!r}"
                )
        path = self.model_path(model_id)
        if not path.exists():
            raise _UnusableModelError("its model file is missing")
        if file_sha256(path) != metadata.get("model_sha256"):
            raise _UnusableModelError("its model file does not match the checksum in its metadata")
        try:
            result = joblib.load(path)
        except Exception as error:
            raise _UnusableModelError(
                f"its model file cannot be read ({type(error).__name__})"
            ) from error
        if not isinstance(result, TrainResult) or result.spec != spec:
            raise _UnusableModelError("its model file holds something else")
        _touch(self.metadata_path(model_id))
        return result

    def _read_metadata(self, model_id: str) -> dict[str, Any]:
        path = self.metadata_path(model_id)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise
        except (OSError, UnicodeDecodeError) as error:
            raise _UnusableModelError(f"its metadata cannot be read ({error})") from error
        try:
            metadata = json.loads(text)
        except json.JSONDecodeError as error:
            raise _UnusableModelError("its metadata is not valid JSON") from error
        if not isinstance(metadata, dict):
            raise _UnusableModelError("its metadata is not a JSON object")
        return metadata

    def _save(self, model_id: str, result: TrainResult) -> list[Message]:
        """Write model then metadata atomically; on failure keep the model in memory."""
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            model_sha = _atomic_write(self.model_path(model_id), lambda f: joblib.dump(result, f))
            metadata = _metadata(model_id, result, model_sha, self._data_checksum(result.spec.wine))
            text = json.dumps(metadata, indent=2, sort_keys=True).encode()
            _atomic_write(self.metadata_path(model_id), lambda f: f.write(text))
        except OSError as error:
            log.warning("Model store %s not writable: %s", self.directory, error)
            full = error.errno == errno.ENOSPC
            reason = N_("the disk is full") if full else N_("it is not writable")
            try:
                self._budget.put(_memory_key(model_id), result)
            except MemoryBudgetError:
                return [
                    Message(
                        N_(
                            "The model folder {folder} cannot be written ({reason}) and the "
                            "server's memory for models is full: this model will be retrained "
                            "when asked for again."
                        ),
                        folder=str(self.directory),
                        reason=Message(reason),
                    )
                ]
            return [
                Message(
                    N_(
                        "The model folder {folder} cannot be written ({reason}): this model "
                        "is kept in memory only and will be retrained after a restart."
                    ),
                    folder=str(self.directory),
                    reason=Message(reason),
                )
            ]
        self._evict()
        return []

    def _evict(self) -> None:
        """Remove the least recently used models beyond the capacity."""
        stored = self.stored_ids()
        for model_id in stored[: max(0, len(stored) - self.capacity)]:
            lock = self.directory / f"{model_id}.lock"
            for path in (self.metadata_path(model_id), self.model_path(model_id), lock):
                try:
                    path.unlink(missing_ok=True)
                except OSError as error:
                    log.warning("Could not evict %s: %s", path, error)


def _memory_key(model_id: str) -> tuple[str, str]:
    return ("store: model kept in memory only", model_id)


class _NoLock:
    """Stands in for a file lock where the folder cannot hold one (read-only disk)."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _atomic_write(path: Path, write: Callable[[Any], Any]) -> str:
    """Write to a temporary file in the same folder, fsync, then `os.replace`; return SHA-256."""
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        digest = file_sha256(Path(temporary))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return digest


def _touch(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.utime(path)


def _metadata(model_id: str, result: TrainResult, model_sha: str, data_sha: str) -> dict:
    return {
        "format": STORE_FORMAT,
        "model_id": model_id,
        "spec": result.spec.to_dict(),
        "metrics": result.summary(),
        "data_sha256": data_sha,
        "python": platform.python_version(),
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "model_sha256": model_sha,
    }
