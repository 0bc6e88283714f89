"""How often the 90% intervals hold, measured leak-free, into data/coverage.json.

Two protocols, each for both wines, every model kind and every interval method:

- **held-out split**: the model of the Train page (fitted on the tutorial's training part).
  Its interval is calibrated on held-out wines, so coverage on those same wines would be
  circular: the held-out part is cut in two halves; each half calibrates, the other is scored.
- **leak-free folds**: `repeated_folds(mode="leak_free")`; in each fold the training wines are
  cut (by group of identical measurements) into a fitting part and a calibration part, as the
  shipped model is, and the fold's test wines, none of which has a twin in training, are scored.

Per row of the table: marginal coverage, mean width, coverage by quartile of the distance to
the nearest training wine (quartiles of each scored set) and by true grade, and the grade sets'
coverage and mean size. CQR does not use the model, so its row is the same for every kind; it
is computed once per wine and listed under the kind "any".
"""

from __future__ import annotations

import json
import platform
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import mapie
import numpy as np
import pandas as pd
import sklearn
from sklearn.model_selection import GroupShuffleSplit, train_test_split
from threadpoolctl import threadpool_limits

from core.conformal import (
    INTERVAL_CONFIDENCE,
    METHOD_LABELS,
    MethodName,
    TrainingDistance,
    candidate_bounds,
    grade_sets,
    quantile_models,
)
from core.data import DATA_DIR, WINES, data_checksum, load_wine
from core.errors import DataError
from core.evaluate import PAPER_FOLDS, repeated_folds, row_groups
from core.messages import N_
from core.models import KINDS, ModelSpec, build_pipeline
from core.train import features_and_target, split_data

COVERAGE_PATH = DATA_DIR / "coverage.json"
COVERAGE_FORMAT = 1
COVERAGE_REPEATS = 5
PROTOCOLS = ("held_out", "leak_free")
PROTOCOL_LABELS = {"held_out": N_("held-out split"), "leak_free": N_("leak-free folds")}
MODEL_METHODS: tuple[MethodName, ...] = ("split", "normalised", "distance")
QUARTILES = ("nearest", "second", "third", "farthest")


@dataclass
class Scored:
    """Per-wine outcomes of one method, pooled over calibrations."""

    covered: list[np.ndarray] = field(default_factory=list)
    width: list[np.ndarray] = field(default_factory=list)
    quartile: list[np.ndarray] = field(default_factory=list)
    grade: list[np.ndarray] = field(default_factory=list)
    grade_covered: list[np.ndarray] = field(default_factory=list)
    set_size: list[np.ndarray] = field(default_factory=list)

    def add(self, y: np.ndarray, low: np.ndarray, high: np.ndarray, distance: np.ndarray) -> None:
        sets = grade_sets((low + high) / 2, low, high)
        self.covered.append((y >= low - 1e-9) & (y <= high + 1e-9))
        self.width.append(high - low)
        self.quartile.append(distance_quartiles(distance))
        self.grade.append(y.astype(int))
        self.grade_covered.append(np.array([int(t) in s for t, s in zip(y, sets, strict=True)]))
        self.set_size.append(np.array([len(s) for s in sets]))

    def table(self) -> dict:
        covered, width = np.concatenate(self.covered), np.concatenate(self.width)
        quartile, grade = np.concatenate(self.quartile), np.concatenate(self.grade)
        return {
            "coverage": float(covered.mean()),
            "mean_width": float(width.mean()),
            "grade_set_coverage": float(np.concatenate(self.grade_covered).mean()),
            "mean_grade_set_size": float(np.concatenate(self.set_size).mean()),
            "scored": len(covered),
            "by_distance": {
                name: _group(covered, width, quartile == index)
                for index, name in enumerate(QUARTILES)
            },
            "by_grade": {
                str(g): _group(covered, width, grade == g) for g in sorted(set(grade.tolist()))
            },
        }


def _group(covered: np.ndarray, width: np.ndarray, mask: np.ndarray) -> dict:
    return {
        "coverage": float(covered[mask].mean()),
        "mean_width": float(width[mask].mean()),
        "wines": int(mask.sum()),
    }


def distance_quartiles(distance: np.ndarray) -> np.ndarray:
    """0 (nearest quarter) to 3 (farthest quarter) for each wine, by rank (ties kept apart)."""
    ranks = np.argsort(np.argsort(distance, kind="stable"), kind="stable")
    return (4 * ranks) // len(distance)


@dataclass(frozen=True)
class Calibration:
    """One model fitted on `x_fit`, calibrated on one set and scored on another."""

    x_fit: np.ndarray
    y_fit: np.ndarray
    x_calibration: np.ndarray
    y_calibration: np.ndarray
    x_scored: np.ndarray
    y_scored: np.ndarray


def held_out_calibrations(frame: pd.DataFrame, seed: int) -> Iterator[Calibration]:
    """The tutorial split; each half of its held-out wines calibrates for the other half."""
    spec = ModelSpec.create(seed=seed)
    x_train, x_test, y_train, y_test = split_data(
        frame, test_size=spec.test_size, seed=seed, split="tutorial"
    )
    first, second = train_test_split(np.arange(len(y_test)), test_size=0.5, random_state=seed)
    for calibrating, scored in ((first, second), (second, first)):
        yield Calibration(
            x_train,
            y_train,
            x_test[calibrating],
            y_test[calibrating],
            x_test[scored],
            y_test[scored],
        )


def leak_free_calibrations(frame: pd.DataFrame, repeats: int, seed: int) -> Iterator[Calibration]:
    """Leak-free folds; each fold's training wines split by group into fit and calibration."""
    x, y = features_and_target(frame)
    groups = row_groups(frame)
    for repeat, train, test in repeated_folds(frame, "leak_free", PAPER_FOLDS, repeats, seed):
        cut = GroupShuffleSplit(n_splits=1, test_size=0.2, random_state=seed + repeat)
        fit, calibrating = next(cut.split(train, groups=groups[train]))
        fit, calibrating = train[fit], train[calibrating]
        yield Calibration(x[fit], y[fit], x[calibrating], y[calibrating], x[test], y[test])


def _score_calibration(
    calibration: Calibration, kinds: tuple[str, ...], wine: str, seed: int, tables: dict
) -> None:
    c = calibration
    distance = TrainingDistance(c.x_fit).fit(c.x_fit).transform(c.x_scored)[:, 0]
    quantiles = quantile_models(c.x_fit, c.y_fit, seed=seed)
    low, high = candidate_bounds(
        "cqr", None, c.x_fit, c.x_calibration, c.y_calibration, c.x_scored, quantiles=quantiles
    )
    tables.setdefault(("any", "cqr"), Scored()).add(c.y_scored, low, high, distance)
    for kind in kinds:
        model = build_pipeline(ModelSpec.create(wine, kind, seed=seed)).fit(c.x_fit, c.y_fit)
        for method in MODEL_METHODS:
            low, high = candidate_bounds(
                method, model, c.x_fit, c.x_calibration, c.y_calibration, c.x_scored, seed=seed
            )
            tables.setdefault((kind, method), Scored()).add(c.y_scored, low, high, distance)


def measure(
    frame: pd.DataFrame,
    wine: str,
    protocol: str,
    *,
    kinds: tuple[str, ...] = tuple(KINDS),
    repeats: int = COVERAGE_REPEATS,
    seed: int = 0,
) -> list[dict]:
    """Rows of the coverage table for one wine and protocol."""
    if protocol == "held_out":
        calibrations = held_out_calibrations(frame, seed)
    else:
        calibrations = leak_free_calibrations(frame, repeats, seed)
    tables: dict[tuple[str, str], Scored] = {}
    # Many small fits: library thread pools only contend (50 times slower on 2 busy cores).
    with threadpool_limits(1):
        for calibration in calibrations:
            _score_calibration(calibration, kinds, wine, seed, tables)
    return [
        {"wine": wine, "kind": kind, "method": method, "protocol": protocol} | scored.table()
        for (kind, method), scored in tables.items()
    ]


def compute_coverage(
    *,
    repeats: int = COVERAGE_REPEATS,
    kinds: tuple[str, ...] = tuple(KINDS),
    progress: Callable[[str], None] | None = None,
) -> dict:
    """The whole table, with the protocol and the versions that made it."""
    rows = []
    for wine in WINES:
        frame = load_wine(wine)
        for protocol in PROTOCOLS:
            started = time.perf_counter()
            rows += measure(frame, wine, protocol, kinds=kinds, repeats=repeats)
            if progress is not None:
                progress(f"{wine:5} {protocol:9} {time.perf_counter() - started:.0f} s")
    return {
        "format": COVERAGE_FORMAT,
        "created": pd.Timestamp.now("UTC").isoformat(timespec="seconds"),
        "confidence": INTERVAL_CONFIDENCE,
        "protocol": {"folds": PAPER_FOLDS, "repeats": repeats, "seed": 0},
        "methods": METHOD_LABELS,
        "versions": {
            "python": platform.python_version(),
            "scikit-learn": sklearn.__version__,
            "mapie": mapie.__version__,
            "numpy": np.__version__,
        },
        "data_sha256": {wine: data_checksum(wine) for wine in WINES},
        "rows": rows,
    }


def write_coverage(table: dict, path: Path = COVERAGE_PATH) -> None:
    path.write_text(json.dumps(table, indent=1) + "\n")


def load_coverage(path: Path = COVERAGE_PATH) -> dict:
    """The precomputed table; `DataError` if missing or malformed."""
    try:
        table = json.loads(path.read_text())
        if table.get("format") != COVERAGE_FORMAT:
            raise DataError(f"{path.name}: format {table.get('format')!r}, expected 1.")
        if not isinstance(table["rows"], list):
            raise TypeError("rows is not a list")
        return table
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise DataError(
            f"{path.name} is missing or damaged ({error}); rebuild it with "
            "`python -m core coverage`."
        ) from error
