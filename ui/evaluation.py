"""The paper's table beside ours: rows for display, and how long an evaluation may take."""

from __future__ import annotations

import math

import pandas as pd

from core.evaluate import FOLD_MODE_SHORT, TOLERANCES, Evaluation
from core.models import KINDS
from core.paper_benchmark import PublishedRow
from core.time_budget import TIME_BUDGET_SECONDS
from i18n import _, decimal, percent

# A spread from fewer repeats than this says little, and is not shown.
MIN_REPEATS_FOR_SPREAD = 3
OWN_MODEL = "Your model"
_MODE_COLUMNS = FOLD_MODE_SHORT
MODE_NAMES = tuple(_MODE_COLUMNS.values())
_PAPER_MODE = _MODE_COLUMNS["plain"]  # the paper's folds were shuffled


def _with_spread(text: str, spread: str, repeats: int) -> str:
    return f"{text} ± {spread}" if repeats >= MIN_REPEATS_FOR_SPREAD else text


def _percent(value: float | None) -> str:
    return "—" if value is None else percent(value, 1)


def _mode_cells(result: Evaluation) -> dict[str, str]:
    """A result's cells, its numbers written the reader's way."""
    mode = _MODE_COLUMNS[result.mode]
    mad = _with_spread(decimal(result.mad.mean, 3), decimal(result.mad.std, 3), result.repeats)
    return {
        f"MAD, {mode}": mad,
        **{
            f"T={t}, {mode}": _with_spread(
                percent(result.accuracy[t].mean, 1),
                percent(result.accuracy[t].std, 1),
                result.repeats,
            )
            for t in TOLERANCES
        },
    }


def comparison_table(
    published: list[PublishedRow],
    ours: list[tuple[str, Evaluation]],
    own: list[tuple[str, Evaluation]] | None = None,
    *,
    measure: str | None = None,
) -> pd.DataFrame:
    """One row per method, each measure's shuffled and leak-free figures side by side; the
    user's model first.

    Each cell is the mean over the repeats, with the spread (standard deviation) only when
    there are at least `MIN_REPEATS_FOR_SPREAD` repeats; the Runs column says how many.
    With a `measure` ("mad" or a tolerance such as "0.5"), only that measure's two columns
    follow Method and Repeats, so the table fits a phone and a laptop without cut columns.
    """
    measures = ["MAD", *_tolerances()] if measure is None else [measure_column(measure)]
    empty = {f"{c}, {m}": "" for m in _MODE_COLUMNS.values() for c in ("MAD", *_tolerances())}
    rows: dict[str, dict[str, object]] = {}
    own = own or []
    for label, result in [*own, *ours]:
        row = rows.setdefault(label, {"Method": label, "Repeats": str(result.repeats)} | empty)
        row.update(_mode_cells(result))
    for paper in published:
        cells = {
            f"MAD, {_PAPER_MODE}": decimal(paper.mad, 2) if paper.mad is not None else "—",
            **{f"T={t}, {_PAPER_MODE}": _percent(paper.accuracy.get(t)) for t in TOLERANCES},
        }
        rows[paper.method] = {"Method": paper.method, "Repeats": "paper"} | empty | cells
    order = [label for label, _ in own] + [p.method for p in published]
    order += [label for label, _ in ours]
    columns = ["Method", "Repeats"] + [
        f"{measure}, {mode}" for measure in measures for mode in MODE_NAMES
    ]
    return pd.DataFrame([rows[label] for label in dict.fromkeys(order)], columns=columns)


def measure_column(measure: str) -> str:
    """The table's name of a measure: 'MAD' or 'T=0.5'."""
    return "MAD" if measure == "mad" else f"T={float(measure)}"


def _tolerances() -> list[str]:
    return [f"T={t}" for t in TOLERANCES]


def default_curves(
    ours: list[tuple[str, Evaluation]],
    own: list[tuple[str, Evaluation]],
    in_use_kind: str | None = None,
) -> list:
    """The REC chart's curves at first: the user's model when evaluated, the kind of the model
    in use, linear regression (the paper's kind of baseline) and the best kind under leak-free
    folds."""
    leak_free = [(label, r) for label, r in ours if r.mode == "leak_free"]
    best = max(leak_free, key=lambda item: item[1].accuracy[0.5].mean)[0] if leak_free else None
    in_use = [_(KINDS[in_use_kind].label)] if in_use_kind in KINDS else []
    chosen = [label for label, _result in own[:1]] + in_use + [_(KINDS["linear"].label)]
    return list(dict.fromkeys(chosen + ([best] if best else [])))


def affordable_repeats(fit_seconds: float, folds: int, modes: int, wanted: int) -> int:
    """How many repeats fit the time budget, given one fit's time (at least one)."""
    per_repeat = max(fit_seconds, 1e-3) * folds * modes
    return max(1, min(wanted, math.floor(TIME_BUDGET_SECONDS / per_repeat)))


def leak_gap(results: list[Evaluation], kind_labels: dict[str, str]) -> tuple[str, float, float]:
    """The kind whose accuracy at T=0.5 drops most from shuffled to leak-free folds."""
    by_kind: dict[str, dict[str, float]] = {}
    for result in results:
        by_kind.setdefault(result.spec.kind, {})[result.mode] = result.accuracy[0.5].mean
    kind, accuracies = max(
        ((k, a) for k, a in by_kind.items() if {"plain", "leak_free"} <= set(a)),
        key=lambda item: item[1]["plain"] - item[1]["leak_free"],
    )
    return kind_labels[kind], accuracies["plain"], accuracies["leak_free"]
