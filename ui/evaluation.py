"""The paper's table beside ours: rows for display, and how long an evaluation may take."""

from __future__ import annotations

import math

import pandas as pd

from core.evaluate import TOLERANCES, Evaluation
from core.models import KINDS
from core.paper import PublishedRow
from core.train import TIME_BUDGET_SECONDS

# A spread from fewer repeats than this says little, and is not shown.
MIN_REPEATS_FOR_SPREAD = 3
OWN_MODEL = "Your model"
_MODE_COLUMNS = {"plain": "shuffled", "leak_free": "leak-free"}
MODE_NAMES = tuple(_MODE_COLUMNS.values())


def _with_spread(text: str, spread: str, repeats: int) -> str:
    return f"{text} ± {spread}" if repeats >= MIN_REPEATS_FOR_SPREAD else text


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def _mode_cells(result: Evaluation) -> dict[str, str]:
    mode = _MODE_COLUMNS[result.mode]
    mad = _with_spread(f"{result.mad.mean:.3f}", f"{result.mad.std:.3f}", result.repeats)
    return {
        f"MAD, {mode}": mad,
        **{
            f"T={t}, {mode}": _with_spread(
                f"{result.accuracy[t].mean:.1%}", f"{result.accuracy[t].std:.1%}", result.repeats
            )
            for t in TOLERANCES
        },
    }


def comparison_table(
    published: list[PublishedRow],
    ours: list[tuple[str, Evaluation]],
    own: list[tuple[str, Evaluation]] | None = None,
) -> pd.DataFrame:
    """One row per method, each measure's shuffled and leak-free figures side by side; the
    user's model first.

    Each cell is the mean over the repeats, with the spread (standard deviation) only when
    there are at least `MIN_REPEATS_FOR_SPREAD` repeats; the Repeats column says how many.
    """
    empty = {f"{c}, {m}": "" for m in _MODE_COLUMNS.values() for c in ("MAD", *_tolerances())}
    rows: dict[str, dict[str, object]] = {}
    own = own or []
    for label, result in [*own, *ours]:
        row = rows.setdefault(label, {"Method": label, "Repeats": str(result.repeats)} | empty)
        row.update(_mode_cells(result))
    for paper in published:
        cells = {
            "MAD, shuffled": f"{paper.mad:.2f}" if paper.mad is not None else "—",
            **{f"T={t}, shuffled": _percent(paper.accuracy.get(t)) for t in TOLERANCES},
        }
        rows[paper.method] = {"Method": paper.method, "Repeats": "paper"} | empty | cells
    order = [label for label, _ in own] + [p.method for p in published]
    order += [label for label, _ in ours]
    columns = ["Method", "Repeats"] + [
        f"{measure}, {mode}" for measure in ("MAD", *_tolerances()) for mode in MODE_NAMES
    ]
    return pd.DataFrame([rows[label] for label in dict.fromkeys(order)], columns=columns)


def _tolerances() -> list[str]:
    return [f"T={t}" for t in TOLERANCES]


def default_curves(ours: list[tuple[str, Evaluation]], own: list[tuple[str, Evaluation]]) -> list:
    """The REC chart's curves at first: linear regression (the paper's kind of baseline), the
    best kind under leak-free folds, and the user's model when evaluated."""
    leak_free = [(label, r) for label, r in ours if r.mode == "leak_free"]
    best = max(leak_free, key=lambda item: item[1].accuracy[0.5].mean)[0] if leak_free else None
    chosen = [label for label, _ in own[:1]] + [KINDS["linear"].label] + ([best] if best else [])
    return list(dict.fromkeys(chosen))


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
