"""The Evaluate page: the paper's rows, ours under both fold modes, and the user's own model."""

from __future__ import annotations

import pytest

from core.evaluate import FOLD_MODE_LABELS
from core.models import KINDS
from core.paper import load_benchmark
from tests.app.conftest import open_app


def _table(at):
    """The page's first table, the benchmark's (AppTest does not expose a dataframe's key)."""
    return at.dataframe[0].value


@pytest.mark.parametrize("wine", ["red", "white"])
def test_table_shows_paper_rows_and_every_kind_in_both_fold_modes(wine: str) -> None:
    at = open_app("evaluate", wine=wine)
    table = _table(at)
    assert table["Method"].tolist()[:2] == ["Multiple regression (paper)", "SVM (paper)"]
    ours = table.iloc[2:]
    assert len(ours) == 2 * len(KINDS)
    assert set(ours["Method"]) == {kind.label for kind in KINDS.values()}
    assert set(ours["Folds"]) == set(FOLD_MODE_LABELS.values())


def test_table_numbers_are_the_precomputed_file_s() -> None:
    _, rows = load_benchmark()
    key = ("red", "linear", "plain")
    linear = next(r for r in rows if (r.spec.wine, r.spec.kind, r.mode) == key)
    table = _table(open_app("evaluate"))
    is_linear = table["Method"] == KINDS["linear"].label
    shown = table[is_linear & (table["Folds"] == FOLD_MODE_LABELS["plain"])]
    assert shown["MAD"].item() == f"{linear.mad.mean:.3f} ± {linear.mad.std:.3f}"


def test_own_model_evaluated_on_demand_matches_the_precomputed_row() -> None:
    at = open_app("evaluate", alpha="0.5")
    at.button(key="evaluate_own").click().run()
    assert not at.exception
    table = _table(at)
    own = table[table["Method"].str.startswith("Your model")]
    assert len(own) == 2
    _, rows = load_benchmark()
    ridge = {r.mode: r for r in rows if (r.spec.wine, r.spec.kind) == ("red", "ridge")}
    for mode, label in FOLD_MODE_LABELS.items():
        row = own[own["Folds"] == label]
        assert row["MAD"].item() == f"{ridge[mode].mad.mean:.3f} ± {ridge[mode].mad.std:.3f}"
    assert len(at.get("plotly_chart")) == 1


def test_duplicate_leak_note_names_the_most_flattered_kind() -> None:
    at = open_app("evaluate")
    note = next(info.value for info in at.info if "Duplicates leak" in info.value)
    assert "240 of the 1599 red wines" in note
    assert "with shuffled folds but" in note
