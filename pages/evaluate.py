"""Evaluate: the published benchmark, our kinds under its protocol, and the user's own model."""

import pandas as pd
import streamlit as st

from core.errors import WineLabError
from core.evaluate import (
    FOLD_MODE_LABELS,
    FOLD_MODES,
    PAPER_FOLDS,
    PAPER_REPEATS,
    REC_TOLERANCES,
    TOLERANCES,
    Evaluation,
    evaluate,
)
from core.explore import data_facts
from core.models import KINDS, ModelSpec
from core.paper_benchmark import computed_dates, paper_rows
from i18n import N_, _, current_language, decimal, integer, percent, say_error
from ui import palette, private_models
from ui.cache import benchmark_table, keep_evaluations, kept_evaluations, stored_model, wine_frame
from ui.charts import rec_chart
from ui.coverage_ui import coverage_ui
from ui.evaluation import (
    MIN_REPEATS_FOR_SPREAD,
    TIME_BUDGET_SECONDS,
    affordable_repeats,
    comparison_table,
    default_curves,
    leak_gap,
)
from ui.own_wines import in_use_ui
from ui.routing import ensure_shell
from ui.session_keys import (
    LINK_VIEW,
    OWN_RESULTS,
    REC_CURVES,
    REC_MODE,
    REC_OWN_SEEN,
    TABLE_MEASURE,
)
from ui.state import active_spec, current_wine, shown_spec, view_choice, write_link
from ui.theme import theme_type, themed
from ui.training import progress_bar
from ui.words import WINE_ADJECTIVES, describe_spec, kind_label, named


def kind_labels() -> dict[str, str]:
    """Each kind's name in the reader's words (the table's and the chart's method names)."""
    return {name: kind_label(name) for name in KINDS}


def highlight_first(row: pd.Series) -> list[str]:
    """The user's model's row (the table's first, when there is one) stands out."""
    mine = row.name == 0
    background = palette.on_theme(palette.OWN_ROW_BACKGROUND, theme_type())
    return [f"background-color: {background}; font-weight: 600" if mine else ""] * len(row)


def protocol_ui() -> None:
    st.markdown(
        _(
            "Cortez et al. (2009), who published these wines, scored each method by training "
            "it on four fifths of the wines and testing it on the other fifth, five times so "
            "that every wine is tested once, and all of it 20 times over. They report how far "
            "predictions are from the tasters' grade on average (**average error**) and the "
            "share of wines given the **right grade** (at most half a grade off) or a grade "
            "**within one grade**. Our model kinds, with their default settings, were scored "
            "the same way."
        ),
        help=_(
            "In the paper's terms: 5-fold cross-validation repeated 20 times; the MAD (mean "
            "absolute deviation) and the accuracy within a tolerance T (T = 0.5 and T = 1.0). "
            "The table was computed ahead of time (about 13 minutes on two cores), not while "
            "you wait."
        ),
    )


def leak_note(wine: str, results: list[Evaluation]) -> None:
    facts = data_facts(wine_frame(wine))
    label, plain, leak_free = leak_gap(results, kind_labels())
    st.info(
        _(
            "**Duplicates leak.** {duplicates} of the {rows} {wine} wines repeat another row "
            "exactly. Shuffled folds (the paper's) put one copy in training and its twin in "
            "test, so a model that memorises is graded on wines it has seen. Leak-free folds "
            "keep wines with identical measurements in the same fold. The biggest difference "
            "here: **{model}** gets the right grade for {plain} of the wines with shuffled folds "
            "but for {leak_free} with leak-free ones.",
            duplicates=integer(facts.duplicate_rows),
            rows=integer(facts.rows),
            wine=_(WINE_ADJECTIVES[wine]),
            model=label,
            plain=percent(plain, 1),
            leak_free=percent(leak_free, 1),
        )
    )


def own_model_ui(spec: ModelSpec) -> list[tuple[str, Evaluation]]:
    """Evaluate the model in use on demand, within the time budget, or show the evaluation any
    session kept of it; return its rows."""
    results: dict = st.session_state.setdefault(OWN_RESULTS, {})
    fit_seconds = stored_model(spec).result.fit_seconds
    repeats = affordable_repeats(fit_seconds, PAPER_FOLDS, len(FOLD_MODES), PAPER_REPEATS)
    st.header(_("Your model"))
    st.markdown(
        _(
            "The model: **{model}** on the {wine} wines.",
            model=describe_spec(spec),
            wine=_(WINE_ADJECTIVES[spec.wine]),
        )
    )
    kept = kept_evaluations(spec)
    if kept and min(e.repeats for e in kept) >= repeats:
        held = min(e.repeats for e in kept)
        st.caption(
            _(
                "Evaluated before, here or in another session: these figures hold {repeats} "
                "repeats of {folds} folds in each fold mode (the paper used {paper}).",
                repeats=integer(held),
                folds=integer(PAPER_FOLDS),
                paper=integer(PAPER_REPEATS),
            )
        )
        return [(_("Your model: {model}", model=describe_spec(spec)), result) for result in kept]
    if repeats < PAPER_REPEATS:
        st.caption(
            _(
                "One fit takes about {seconds} s, so {repeats} repeats (of the paper's "
                "{paper}) keep this under {budget} s.",
                seconds=decimal(fit_seconds, 1),
                repeats=integer(repeats),
                paper=integer(PAPER_REPEATS),
                budget=decimal(TIME_BUDGET_SECONDS, 0),
            )
        )
    key = (spec, repeats)
    button = st.empty()
    if key not in results and button.button(
        _(
            "Evaluate it ({folds} folds × {repeats} repeats, both fold modes)",
            folds=integer(PAPER_FOLDS),
            repeats=integer(repeats),
        ),
        type="primary",
        key="evaluate_own",
    ):
        button.empty()  # the button goes while its work is done, not one run later
        results[key] = _run_evaluation(spec, repeats)
        keep_evaluations(spec, results[key])
    if key not in results:
        return []
    label = _("Your model: {model}", model=describe_spec(spec))
    return [(label, result) for result in results[key]]


def own_label(own: list[tuple[str, Evaluation]]) -> str | None:
    return own[0][0] if own else None


def _run_evaluation(spec: ModelSpec, repeats: int) -> list[Evaluation]:
    frame = wine_frame(spec.wine)
    evaluations = []
    with progress_bar(_("Evaluating")) as on_step:
        for index, mode in enumerate(FOLD_MODES):

            def advance(done: int, total: int, index: int = index, mode: str = mode) -> None:
                what = _(
                    "{folds}: repeat {done} of {total}",
                    folds=_(FOLD_MODE_LABELS[mode]), done=integer(done), total=integer(total),
                )  # fmt: skip
                on_step(index * total + done, len(FOLD_MODES) * total, what)

            # One core: a process pool would double the server's memory (see ui.cache).
            evaluations.append(
                evaluate(spec, frame, mode, repeats=repeats, n_jobs=1, on_repeat=advance)
            )
    return evaluations


def rec_ui(wine: str, ours: list[tuple[str, Evaluation]], own: list, in_use: str) -> dict:
    """The REC chart with a chosen few curves; returns its view choices (for the link)."""
    st.header(_("Accuracy as the tolerance grows (REC curves)"))
    view_choice("folds")
    mode = st.segmented_control(
        _("Folds"),
        FOLD_MODES,
        format_func=named(FOLD_MODES, lambda name: _(FOLD_MODE_LABELS[name])),
        key=REC_MODE,
        required=True,
        persist_state="session",
    )
    methods = list(dict.fromkeys(label for label, _result in own + ours))
    names = {label: name for name, label in kind_labels().items()} | {own_label(own): "own"}
    chosen = _chosen_curves(ours, own, in_use)
    shown = st.multiselect(
        _("Curves"),
        methods,
        default=_in_chosen_order(methods, names, chosen),
        key=f"rec_curves_{own_label(own) is not None}_{current_language()}",
        help=_(
            "Your model (once evaluated), the kind of the model in use, linear regression "
            "and the best kind under leak-free folds are shown first; add any other."
        ),
    )
    st.session_state[REC_CURVES] = [names[label] for label in shown if label in names]
    curves = {label: r.rec for label, r in own + ours if r.mode == mode and label in shown}
    published = {row.method: row.accuracy for row in paper_rows(wine)}
    st.plotly_chart(
        themed(rec_chart(REC_TOLERANCES, curves, published, own=own_label(own))),
        key="chart_rec",
    )
    st.caption(
        _(
            "Diamonds: the paper's quoted figures (shuffled folds). A curve further up and to "
            "the left is better: more wines within a smaller error."
        )
    )
    return {"folds": mode, "curves": ",".join(st.session_state[REC_CURVES])}


def _in_chosen_order(methods: list[str], names: dict[str, str], chosen: list[str]) -> list[str]:
    """The chosen curves' labels in the order they were chosen (a link's order stays as sent)."""
    label_of = {names[label]: label for label in methods if label in names}
    return [label_of[name] for name in dict.fromkeys(chosen) if name in label_of]


def _chosen_curves(ours: list, own: list, in_use: str) -> list[str]:
    """The curves chosen before (kept through "Evaluate it"), else the link's, else the
    defaults; the user's model is added the moment it is evaluated."""
    chosen = st.session_state.get(REC_CURVES)
    if chosen is None:
        linked = st.session_state.get(LINK_VIEW, {}).get("curves")
        if linked:
            chosen = linked.split(",")
        else:
            labels = {label: name for name, label in kind_labels().items()}
            chosen = [labels.get(label, "own") for label in default_curves(ours, own, in_use)]
    if own and "own" not in chosen and not st.session_state.get(REC_OWN_SEEN):
        chosen = ["own", *chosen]
    st.session_state[REC_OWN_SEEN] = bool(own)
    return chosen


MEASURES = ("mad", *(f"{t:g}" for t in TOLERANCES))
# The measures in plain words; the paper's names (MAD, T = 0.5) are in the control's help.
MEASURE_NAMES = {
    "mad": N_("Average error"),
    "0.25": N_("Within a quarter grade"),
    "0.5": N_("Right grade"),
    "1": N_("Within one grade"),
}
FOLD_HELP = {
    "shuffled": N_(
        "Shuffled folds, as in the paper: an exact copy of a test wine may be among the "
        "training wines, which flatters a model that memorises."
    ),
    "leak-free": N_(
        "Leak-free folds: identical wines are kept in the same fold, so no wine is tested "
        "against its own copy. The fairer figure."
    ),
}


def table_ui(table_slot, wine: str, ours: list, own: list, spec: ModelSpec) -> str:
    """The comparison table for one measure (four columns: it fits a phone), the measure
    chosen above it; returns the measure as the link writes it."""
    view_choice("measure")
    with table_slot:
        measure = st.segmented_control(
            _("Measure"),
            MEASURES,
            format_func=named(MEASURES, lambda m: _(MEASURE_NAMES.get(m, m))),
            key=TABLE_MEASURE,
            required=True,
            help=_(
                "Average error: how far predictions are from the grade on average, in grade "
                "points (lower is better; the paper's MAD, mean absolute deviation). Right "
                "grade: the share of wines predicted at most half a grade from their grade "
                "(the paper's accuracy at T = 0.5). Within a quarter grade and within one grade: "
                "at most 0.25 or 1 grade away (T = 0.25 and T = 1.0)."
            ),
        )
    table = comparison_table(paper_rows(wine), ours, own, measure=measure)
    table = table.assign(
        Method=[_(method) for method in table["Method"]],
        Repeats=[_("paper") if value == "paper" else value for value in table["Repeats"]],
    ).rename(columns={"Method": _("Method")})
    # Every row measured as often as the file's (the caption says how often): no Runs column,
    # so the method's name gets the room. Widths in pixels add up to a phone's 356 px; wider
    # screens stretch every column (a pinned column would keep its width and cut the names).
    uniform = len({result.repeats for _label, result in [*ours, *own]}) <= 1
    if uniform:
        table = table.drop(columns="Repeats")
    widths = (168, 94) if uniform else (118, 93)
    runs_column = {} if uniform else {"Repeats": st.column_config.TextColumn(_("Runs"), width=52)}
    table_slot.dataframe(
        table.style.apply(highlight_first, axis=1) if own else table,
        hide_index=True,
        height="content",
        key="evaluation_table",
        column_config={
            _("Method"): st.column_config.TextColumn(_("Method"), width=widths[0]),
            **runs_column,
            **{
                name: st.column_config.TextColumn(
                    _("Shuffled") if name.endswith("shuffled") else _("Leak-free"),
                    width=widths[1],
                    help=_(FOLD_HELP["shuffled" if name.endswith("shuffled") else "leak-free"]),
                )
                for name in table.columns
                if name.endswith(("shuffled", "leak-free"))
            },
        },
    )
    if own:
        table_slot.caption(
            _("Highlighted, first: your model, **{model}**.", model=describe_spec(spec))
        )
    return measure


ensure_shell()
wine = current_wine()
st.title(_("Evaluate like the paper"))
protocol_ui()
try:
    header, reference = benchmark_table()
except WineLabError as error:
    st.error(say_error(error))
    st.stop()
labels = kind_labels()
ours = [(labels[r.spec.kind], r) for r in reference if r.spec.wine == wine]
st.header(_("The table, {wine} wines", wine=_(WINE_ADJECTIVES[wine])))
table_slot = st.container(key="evaluation_table_slot")
versions = header["versions"]
st.caption(
    _(
        "Ours: mean ± standard deviation over {repeats} repeats of {folds} folds (a model "
        "evaluated here fewer times gets a Runs column; no spread for fewer than {fewest}), "
        "computed {date} with scikit-learn "
        "{sklearn}, Python {python}. The paper tuned its SVM and selected variables; our "
        "kinds use their defaults on all 11 measurements.",
        repeats=integer(header["protocol"]["repeats"]),
        folds=integer(header["protocol"]["folds"]),
        fewest=integer(MIN_REPEATS_FOR_SPREAD),
        date=computed_dates(header),
        sklearn=versions["scikit-learn"],
        python=versions["python"],
    )
)
leak_note(wine, [result for _, result in ours])
spec = shown_spec()
private = private_models.in_use(wine)
if private is not None and spec == active_spec():  # a link's model is shown as sent
    in_use_ui(private)
    spec = private.stored.result.spec  # its kind and settings, by the paper's protocol
own = own_model_ui(spec)
measure = table_ui(table_slot, wine, ours, own, spec)
view = rec_ui(wine, ours, own, spec.kind)
coverage_ui(wine, spec.kind)
write_link(spec=spec, view=view | {"measure": measure})
