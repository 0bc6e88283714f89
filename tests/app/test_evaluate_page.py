"""The Evaluate page: the paper's rows, ours with both fold modes side by side, the user's model.

Behaviours checked:
- one row per method (the paper's two, then each kind), shuffled and leak-free side by side;
- the printed numbers are the precomputed file's, with the spread over its 20 repeats;
- "Evaluate it" puts the model in use first, with the same figures as the file's row;
- no spread is printed for fewer than three repeats, and the Repeats column says how many;
- the REC chart starts with a chosen few curves, and a method keeps its colour when the
  user's model is added;
- the fold mode comes from the link and goes back into it;
- the plain-language note on duplicates names the most flattered kind.
"""

from __future__ import annotations

import json

import pytest

from core.evaluate import evaluate
from core.models import KINDS, ModelSpec
from core.paper import load_benchmark, paper_rows
from tests.app.conftest import open_app
from ui.evaluation import comparison_table

MODES = ("shuffled", "leak-free")


def _table(at):
    """The page's first table, the benchmark's (AppTest does not expose a dataframe's key)."""
    return at.dataframe[0].value


def _rec(at) -> dict[str, dict]:
    (chart,) = at.get("plotly_chart")
    return {trace["name"]: trace for trace in json.loads(chart.proto.spec)["data"]}


@pytest.mark.parametrize("wine", ["red", "white"])
def test_table_has_one_row_per_method_with_both_fold_modes(wine: str) -> None:
    at = open_app("evaluate", wine=wine)
    assert not at.exception
    table = _table(at)
    assert table["Method"].tolist() == [
        "Multiple regression (paper)",
        "SVM (paper)",
        *(kind.label for kind in KINDS.values()),
    ]
    assert {f"MAD, {mode}" for mode in MODES} <= set(table.columns)


def test_table_numbers_are_the_precomputed_file_s() -> None:
    _, rows = load_benchmark()
    linear = {r.mode: r for r in rows if (r.spec.wine, r.spec.kind) == ("red", "linear")}
    table = _table(open_app("evaluate"))
    shown = table[table["Method"] == KINDS["linear"].label].iloc[0]
    for mode, column in (("plain", "MAD, shuffled"), ("leak_free", "MAD, leak-free")):
        assert shown[column] == f"{linear[mode].mad.mean:.3f} ± {linear[mode].mad.std:.3f}"
    assert shown["Repeats"] == "20"


def test_own_model_evaluated_on_demand_comes_first_with_the_file_s_figures() -> None:
    at = open_app("evaluate", alpha="0.5")
    at.button(key="evaluate_own").click().run()
    assert not at.exception
    own = _table(at).iloc[0]
    assert own["Method"] == "Your model: Ridge regression, alpha=0.5"
    _, rows = load_benchmark()
    ridge = {r.mode: r for r in rows if (r.spec.wine, r.spec.kind) == ("red", "ridge")}
    for mode, column in (("plain", "MAD, shuffled"), ("leak_free", "MAD, leak-free")):
        assert own[column] == f"{ridge[mode].mad.mean:.3f} ± {ridge[mode].mad.std:.3f}"


def test_no_spread_is_printed_for_fewer_than_three_repeats(red) -> None:
    spec = ModelSpec()
    two = [evaluate(spec, red, mode, repeats=2, n_jobs=1) for mode in ("plain", "leak_free")]
    table = comparison_table(paper_rows("red"), [], [("Your model", e) for e in two])
    own = table.iloc[0]
    assert own["Repeats"] == "2"
    assert own["MAD, shuffled"] == f"{two[0].mad.mean:.3f}"
    assert "±" not in "".join(own.astype(str))


def test_rec_chart_starts_with_a_few_curves_and_keeps_each_colour() -> None:
    at = open_app("evaluate")
    first = _rec(at)
    lines = {name for name, trace in first.items() if trace["mode"] == "lines"}
    assert lines == {KINDS["linear"].label, KINDS["random_forest"].label}
    assert {"Multiple regression (paper)", "SVM (paper)"} <= set(first)
    at.button(key="evaluate_own").click().run()
    after = _rec(at)
    assert "Your model" in after
    for name in lines:
        assert after[name]["line"]["color"] == first[name]["line"]["color"]


def test_fold_mode_comes_from_the_link_and_goes_back() -> None:
    at = open_app("evaluate", folds="plain")
    assert at.segmented_control(key="rec_mode").value == "plain"
    assert at.query_params["folds"] == "plain"
    at.segmented_control(key="rec_mode").set_value("leak_free").run()
    assert "folds" not in at.query_params


def test_duplicate_leak_note_names_the_most_flattered_kind() -> None:
    at = open_app("evaluate")
    note = next(info.value for info in at.info if "Duplicates leak" in info.value)
    assert "240 of the 1599 red wines" in note
    assert "with shuffled folds but" in note
