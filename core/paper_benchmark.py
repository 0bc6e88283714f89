"""The published table, and ours under the same protocol, precomputed into one JSON file.

Cortez et al. (2009), "Modeling wine preferences by data mining from physicochemical
properties", Decision Support Systems 47(4):547-553, Table 3 (5-fold CV repeated 20 times).
Only the cells we could check are here: the multiple regression row (which our plain linear
regression reproduces within 0.2 percentage points) and the SVM's MAD and accuracy at T = 0.5.
"""

from __future__ import annotations

import json
import platform
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import pandas as pd
import sklearn

from core.cluster import local_info
from core.data import DATA_DIR, WINES, data_checksum, load_wine
from core.errors import DataError
from core.evaluate import FOLD_MODES, PAPER_FOLDS, PAPER_REPEATS, Evaluation, evaluate
from core.messages import N_
from core.models import KINDS, ModelSpec

BENCHMARK_PATH = DATA_DIR / "benchmark.json"
BENCHMARK_FORMAT = 1


@dataclass(frozen=True)
class PublishedRow:
    """One method's row of the paper's table for one wine; None where we do not quote it."""

    method: str
    wine: str
    mad: float | None
    accuracy: dict[float, float | None]


_MR, _SVM = N_("Multiple regression (paper)"), N_("SVM (paper)")
PAPER_ROWS: tuple[PublishedRow, ...] = (
    PublishedRow(_MR, "red", 0.50, {0.25: 0.312, 0.5: 0.591, 1.0: 0.886}),
    PublishedRow(_MR, "white", 0.59, {0.25: 0.256, 0.5: 0.517, 1.0: 0.843}),
    PublishedRow(_SVM, "red", 0.46, {0.25: None, 0.5: 0.624, 1.0: None}),
    PublishedRow(_SVM, "white", 0.45, {0.25: None, 0.5: 0.646, 1.0: None}),
)


def paper_rows(wine: str) -> list[PublishedRow]:
    return [row for row in PAPER_ROWS if row.wine == wine]


def compute_benchmark(
    *,
    folds: int = PAPER_FOLDS,
    repeats: int = PAPER_REPEATS,
    n_jobs: int | None = -1,
    kinds: tuple[str, ...] = tuple(KINDS),
    progress: Callable[[str], None] | None = None,
    on_fit: Callable[[], None] | None = None,
    where: dict[str, Any] | None = None,
) -> dict:
    """Every model kind with its defaults, both wines, both fold modes, with the versions.

    `where` records where the fits ran (see core.cluster); by default joblib on this machine.
    """
    rows = []
    checksums = {}
    for wine in WINES:
        frame = load_wine(wine)
        checksums[wine] = data_checksum(wine)
        for kind in kinds:
            for mode in FOLD_MODES:
                spec = ModelSpec.create(wine, kind)
                result = evaluate(
                    spec, frame, mode, folds=folds, repeats=repeats, n_jobs=n_jobs, on_fit=on_fit
                )
                rows.append(result.to_dict())
                if progress is not None:
                    progress(
                        f"{wine:5} {kind:22} {mode:9} MAD {result.mad.mean:.3f} "
                        f"acc@0.5 {result.accuracy[0.5].mean:.1%} ({result.seconds:.0f} s)"
                    )
    return {
        "format": BENCHMARK_FORMAT,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "protocol": {"folds": folds, "repeats": repeats, "seed": 0},
        "versions": {
            "python": platform.python_version(),
            "scikit-learn": sklearn.__version__,
            "numpy": np.__version__,
            "pandas": pd.__version__,
            "joblib": joblib.__version__,
        },
        "data_sha256": checksums,
        "ran_on": where if where is not None else local_info(n_jobs),
        "rows": rows,
    }


_MUST_AGREE = ("format", "protocol", "versions", "data_sha256")


def merge_benchmark(earlier: dict, update: dict) -> dict:
    """`earlier` with `update`'s kinds replaced: one table, as if measured in one run.

    Rows of different protocols, library versions or data are not comparable, so those must
    agree; a `DataError` says which does not.
    """
    for key in _MUST_AGREE:
        if earlier.get(key) != update.get(key):
            raise DataError(
                f"the existing table's {key} ({earlier.get(key)}) differs from this run's "
                f"({update.get(key)}); rebuild the whole table with `python -m core benchmark`."
            )
    kinds = {row["kind"] for row in update["rows"]}
    kept = [row for row in earlier["rows"] if row["kind"] not in kinds]
    order = {kind: index for index, kind in enumerate(KINDS)}
    rows = sorted(
        kept + update["rows"],
        key=lambda row: (
            WINES.index(row["wine"]),
            order[row["kind"]],
            FOLD_MODES.index(row["mode"]),
        ),
    )
    return earlier | {"rows": rows, "updated": update["created"], "updated_kinds": sorted(kinds)}


def computed_dates(header: dict) -> str:
    """When the table's rows were measured: one date, or the first and the last when some
    kinds' rows were measured later (`merge_benchmark`)."""
    created, updated = header["created"][:10], header.get("updated", "")[:10]
    return created if updated in ("", created) else f"{created} – {updated}"


def write_benchmark(table: dict, path: Path = BENCHMARK_PATH) -> None:
    path.write_text(json.dumps(table, indent=1) + "\n")


def load_benchmark(path: Path = BENCHMARK_PATH) -> tuple[dict, list[Evaluation]]:
    """The precomputed table: its header and its rows; `DataError` if missing or malformed."""
    try:
        table = json.loads(path.read_text())
        if table.get("format") != BENCHMARK_FORMAT:
            raise DataError(f"{path.name}: format {table.get('format')!r}, expected 1.")
        return table, [Evaluation.from_dict(row) for row in table["rows"]]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise DataError(
            f"{path.name} is missing or damaged ({error}); rebuild it with "
            "`python -m core benchmark`."
        ) from error
