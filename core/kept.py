"""Results kept beside the model store: validation curves and evaluations, as small JSON files.

A validation curve of a slow kind takes tens of seconds and an evaluation up to half a
minute; kept here, the next visitor (and anyone opening a link to the same view) sees them at
once. Each entry's key is built from the model's id (spec, data checksum and scikit-learn
version, `ModelStore.model_id`) and what else decides the result, so a changed spec, data file
or library is a new key. A file that cannot be read or written is logged and treated as
absent: keeping results is a convenience, never a failure.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

KEPT_FOLDER = "kept"
TABLES = ("validation_curve", "evaluation")


class KeptResults:
    """A persisted table per kind of result: `save(table, key, data)`, `load(table, key)`."""

    def __init__(self, models_dir: Path) -> None:
        self.directory = Path(models_dir) / KEPT_FOLDER

    @staticmethod
    def key(*parts: object) -> str:
        """One key from the parts that decide a result (the model id first)."""
        return hashlib.sha256("\n".join(str(part) for part in parts).encode()).hexdigest()[:24]

    def path(self, table: str, key: str) -> Path:
        if table not in TABLES:
            raise ValueError(f"Unknown table {table!r}: use one of {', '.join(TABLES)}.")
        return self.directory / f"{table}-{key}.json"

    def load(self, table: str, key: str) -> dict[str, Any] | None:
        """The kept result, or None when there is none (or it cannot be read)."""
        path = self.path(table, key)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            log.warning("Kept result %s not read: %s", path.name, error)
            return None
        return data if isinstance(data, dict) else None

    def save(self, table: str, key: str, data: dict[str, Any]) -> bool:
        """Write atomically (a reader never sees half a file); False if it could not be."""
        path = self.path(table, key)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(dir=self.directory, prefix=f".{path.name}.")
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                json.dump(data, handle, sort_keys=True)
            os.replace(temporary, path)
        except OSError as error:
            log.warning("Kept result %s not written: %s", path.name, error)
            return False
        return True
