"""The Evaluate page: the paper's rows, ours with both fold modes side by side, the user's model.

Behaviours checked:
- one row per method (the paper's two, then each kind), shuffled and leak-free side by side;
- the printed numbers are the precomputed file's, with the spread over its 20 repeats;
- "Evaluate it" puts the model in use first, with the same figures as the file's row;
- no spread is printed for fewer than three repeats, and the Repeats column says how many;
- the REC chart starts with a chosen few curves, and a method keeps its colour when the
  user's model is added;
- the fold mode comes from the link and goes back into it;
- the plain-language note on duplicates names the most flattered kind;
- with the session's own model in use, Evaluate shows it first, measured on the winery's
  held-out wines (plain scikit-learn on the same grouped split), says why the paper's protocol
  uses the UCI wines, and evaluates its kind and settings there.
"""

from __future__ import annotations

import json

import pytest

from core.evaluate import evaluate
from core.models import KINDS, ModelSpec
from core.paper_benchmark import load_benchmark, paper_rows
from harness.apptest import release_alpha
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
    _, rows = load_benchmark()
    benchmarked = dict.fromkeys(r.spec.kind for r in rows if r.spec.wine == wine)
    assert table["Method"].tolist() == [
        "Multiple regression (paper)",
        "SVM (paper)",
        *(KINDS[kind].label for kind in benchmarked),
    ]
    assert {f"MAD, {mode}" for mode in MODES} <= set(table.columns)


def test_table_numbers_are_the_precomputed_file_s() -> None:
    _, rows = load_benchmark()
    linear = {r.mode: r for r in rows if (r.spec.wine, r.spec.kind) == ("red", "linear")}
    at = open_app("evaluate")
    table = _table(at)
    shown = table[table["Method"] == KINDS["linear"].label].iloc[0]
    for mode, column in (("plain", "MAD, shuffled"), ("leak_free", "MAD, leak-free")):
        assert shown[column] == f"{linear[mode].mad.mean:.3f} ± {linear[mode].mad.std:.3f}"
    # Every row measured 20 times: the caption says so, and no Runs column takes the room.
    assert {r.repeats for r in rows} == {20}
    assert "Repeats" not in table.columns
    assert any("over 20 repeats of 5 folds" in caption.value for caption in at.caption)


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
    lines = {name for name, trace in first.items() if trace["mode"].startswith("lines")}
    in_use = KINDS["ridge"].label  # the kind of the model in use comes first
    # "Your model" is drawn at once when an earlier session's evaluation of it is kept.
    assert lines - {"Your model"} == {in_use, KINDS["linear"].label, KINDS["random_forest"].label}
    assert first[in_use]["line"]["dash"] != first[KINDS["linear"].label]["line"]["dash"]
    assert {"Multiple regression (paper)", "SVM (paper)"} <= set(first)
    if "Your model" not in first:
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
    assert "240 of the 1,599 red wines" in note
    assert "with shuffled folds but" in note


def test_own_model_in_use_is_shown_measured_on_your_wines_and_its_settings_evaluated() -> None:
    """Check Evaluate with the model trained on the fixture in use: its held-out MAE and share
    within one grade against plain scikit-learn, and "Your model" named by its settings."""
    from sklearn.metrics import mean_absolute_error

    from core.features import FEATURE_KEYS
    from core.labelled_upload import read_labelled
    from i18n import decimal, percent
    from tests.app.test_own_wines import OWN, _trained
    from tests.splits import grouped_rows
    from ui.session_keys import OWN_SHELF

    at = release_alpha(open_app("train"), alpha=2.0)
    _trained(at)
    at.button(key="own_use").click().run()
    private = at.session_state[OWN_SHELF].models[at.session_state[OWN_SHELF].in_use]
    at.switch_page("pages/evaluate.py").run()
    assert not at.exception, at.exception
    yours = read_labelled(OWN.read_bytes(), OWN.name).frame
    _, test = grouped_rows(yours)
    x, y = yours[list(FEATURE_KEYS)].to_numpy(), yours["quality"].to_numpy(dtype=float)
    predicted = private.stored.result.pipeline.predict(x[test])
    within = float((abs(predicted - y[test]) <= 1.0).mean())
    texts = [element.value for element in at.markdown]
    expected = (
        f"On {len(test)} of your wines it had never seen, it was on average "
        f"{decimal(mean_absolute_error(y[test], predicted), 2)} grade points from your grades, "
        f"and within one grade for {percent(within)} of them"
    )
    assert any(expected in text for text in texts)
    assert any("cannot use your wines" in info.value for info in at.info)
    assert any("**Ridge regression, alpha=2**" in text for text in texts)
