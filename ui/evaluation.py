"""The paper's table beside ours: rows for display, and how long an evaluation may take."""

from __future__ import annotations

import math

import pandas as pd

from core.evaluate import FOLD_MODE_LABELS, TOLERANCES, Evaluation
from core.paper import PublishedRow

# An evaluation started from the page must end while the user is still looking at it.
TIME_BUDGET_SECONDS = 30.0


def _percent(value: float | None, spread: float | None = None) -> str:
    if value is None:
        return "—"
    return f"{value:.1%}" + (f" ± {spread:.1%}" if spread is not None else "")


def comparison_table(
    published: list[PublishedRow], ours: list[tuple[str, Evaluation]]
) -> pd.DataFrame:
    """One row per method and fold mode: MAD and accuracy within each tolerance."""
    rows = [
        {
            "Method": row.method,
            "Folds": FOLD_MODE_LABELS["plain"],
            "MAD": f"{row.mad:.2f}" if row.mad is not None else "—",
            **{f"Accuracy T={t}": _percent(row.accuracy.get(t)) for t in TOLERANCES},
        }
        for row in published
    ]
    rows += [
        {
            "Method": label,
            "Folds": FOLD_MODE_LABELS[result.mode],
            "MAD": f"{result.mad.mean:.3f} ± {result.mad.std:.3f}",
            **{
                f"Accuracy T={t}": _percent(result.accuracy[t].mean, result.accuracy[t].std)
                for t in TOLERANCES
            },
        }
        for label, result in ours
    ]
    return pd.DataFrame(rows)


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
