"""Evaluate: the published benchmark, our kinds under its protocol, and the user's own model."""

import time

import pandas as pd
import streamlit as st

from core.errors import WineLabError
from core.evaluate import (
    FOLD_MODE_LABELS,
    FOLD_MODES,
    PAPER_FOLDS,
    PAPER_REPEATS,
    REC_TOLERANCES,
    Evaluation,
    evaluate,
)
from core.explore import data_facts
from core.models import KINDS, ModelSpec
from core.paper import paper_rows
from core.train import seconds_left
from ui.cache import benchmark_table, stored_model, wine_frame
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
from ui.routing import ensure_shell
from ui.state import active_spec, current_wine, view_choice, write_link

OWN_RESULTS = "own_evaluations"
KIND_LABELS = {name: kind.label for name, kind in KINDS.items()}


def highlight_own(row: pd.Series) -> list[str]:
    """The user's model's row stands out."""
    mine = str(row["Method"]).startswith("Your model")
    return ["background-color: #fdf3d0; font-weight: 600" if mine else ""] * len(row)


def protocol_ui() -> None:
    st.markdown(
        "Cortez et al. (2009) scored each method by **5-fold cross-validation repeated 20 "
        "times** on a whole wine file: the **MAD** (mean absolute deviation, in quality points) "
        "and the **accuracy within a tolerance T**, the share of wines predicted within T of "
        "their grade. T = 0.5 rounds to the right grade; T = 1.0 allows one grade off. Our "
        "model kinds, with their default settings, were scored the same way by "
        "`python -m core benchmark`."
    )


def leak_note(wine: str, results: list[Evaluation]) -> None:
    facts = data_facts(wine_frame(wine))
    label, plain, leak_free = leak_gap(results, KIND_LABELS)
    st.info(
        f"**Duplicates leak.** {facts.duplicate_rows} of the {facts.rows} {wine} wines repeat "
        "another row exactly. Shuffled folds (the paper's) put one copy in training and its "
        "twin in test, so a model that memorises is graded on wines it has seen. Leak-free "
        "folds keep wines with identical measurements in the same fold. The biggest "
        f"difference here: **{label}**, {plain:.1%} within T = 0.5 with shuffled folds but "
        f"{leak_free:.1%} with leak-free ones."
    )


def own_model_ui(spec: ModelSpec) -> list[tuple[str, Evaluation]]:
    """Evaluate the model in use on demand, within the time budget; return its rows."""
    results: dict = st.session_state.setdefault(OWN_RESULTS, {})
    fit_seconds = stored_model(spec).result.fit_seconds
    repeats = affordable_repeats(fit_seconds, PAPER_FOLDS, len(FOLD_MODES), PAPER_REPEATS)
    st.subheader("Your model")
    st.markdown(f"The model in use: **{spec.describe()}** on the {spec.wine} wines.")
    if repeats < PAPER_REPEATS:
        st.caption(
            f"One fit takes about {fit_seconds:.1f} s, so {repeats} repeats (of the paper's "
            f"{PAPER_REPEATS}) keep this under {TIME_BUDGET_SECONDS:.0f} s."
        )
    key = (spec, repeats)
    button = st.empty()
    if key not in results and button.button(
        f"Evaluate it ({PAPER_FOLDS} folds × {repeats} repeats, both fold modes)",
        type="primary",
        key="evaluate_own",
    ):
        button.empty()  # the button goes while its work is done, not one run later
        results[key] = _run_evaluation(spec, repeats)
    if key not in results:
        return []
    label = f"Your model: {spec.describe()}"
    return [(label, result) for result in results[key]]


def own_label(own: list[tuple[str, Evaluation]]) -> str | None:
    return own[0][0] if own else None


def _run_evaluation(spec: ModelSpec, repeats: int) -> list[Evaluation]:
    frame = wine_frame(spec.wine)
    progress = st.progress(0.0, text="Evaluating…")
    started = time.perf_counter()
    evaluations = []
    for index, mode in enumerate(FOLD_MODES):

        def advance(done: int, total: int, index: int = index, mode: str = mode) -> None:
            share = (index + done / total) / len(FOLD_MODES)
            left = seconds_left(started, index * total + done, len(FOLD_MODES) * total)
            when = f" · about {left:.0f} s left" if left is not None else ""
            progress.progress(
                share, text=f"{FOLD_MODE_LABELS[mode]}: repeat {done} of {total}{when}"
            )

        # One core: a process pool would double the server's memory (see ui.cache).
        evaluations.append(
            evaluate(spec, frame, mode, repeats=repeats, n_jobs=1, on_repeat=advance)
        )
    progress.empty()
    return evaluations


def rec_ui(wine: str, ours: list[tuple[str, Evaluation]], own: list) -> str:
    """The REC chart with a chosen few curves; returns the fold mode (for the link)."""
    st.subheader("Accuracy as the tolerance grows (REC curves)")
    view_choice("folds")
    mode = st.segmented_control(
        "Folds",
        FOLD_MODES,
        format_func=FOLD_MODE_LABELS.get,
        key="rec_mode",
        required=True,
        persist_state="session",
    )
    methods = list(dict.fromkeys(label for label, _ in own + ours))
    shown = st.multiselect(
        "Curves",
        methods,
        default=default_curves(ours, own),
        key=f"rec_curves_{own_label(own) is not None}",
        help="Linear regression, the best kind under leak-free folds and your model (once "
        "evaluated) are shown first; add any other.",
    )
    curves = {label: r.rec for label, r in own + ours if r.mode == mode and label in shown}
    published = {row.method: row.accuracy for row in paper_rows(wine)}
    st.plotly_chart(
        rec_chart(REC_TOLERANCES, curves, published, own=own_label(own)), key="chart_rec"
    )
    st.caption(
        "Diamonds: the paper's quoted figures (shuffled folds). A curve further up and to the "
        "left is better: more wines within a smaller error."
    )
    return mode


ensure_shell()
wine = current_wine()
st.title("Evaluate like the paper")
protocol_ui()
try:
    header, reference = benchmark_table()
except WineLabError as error:
    st.error(str(error))
    st.stop()
ours = [(KIND_LABELS[r.spec.kind], r) for r in reference if r.spec.wine == wine]
st.subheader(f"The table, {wine} wines")
table_slot = st.container()
versions = header["versions"]
st.caption(
    f"Ours: mean ± standard deviation over the repeats of {header['protocol']['folds']} "
    f"folds (the Repeats column says how many; no spread for fewer than "
    f"{MIN_REPEATS_FOR_SPREAD}), computed {header['created'][:10]} with "
    f"scikit-learn {versions['scikit-learn']}, Python {versions['python']}. The paper tuned "
    "its SVM and selected variables; our kinds use their defaults on all 11 measurements."
)
leak_note(wine, [result for _, result in ours])
own = own_model_ui(active_spec())
table = comparison_table(paper_rows(wine), ours, own)
table_slot.dataframe(
    table.style.apply(highlight_own, axis=1),
    hide_index=True,
    height="content",
    key="evaluation_table",
    column_config={
        "Method": st.column_config.TextColumn(width="medium", pinned=True),
        "Repeats": st.column_config.TextColumn(width="small"),
    },
)
if own:
    table_slot.caption(f"Highlighted, first: your model, **{active_spec().describe()}**.")
mode = rec_ui(wine, ours, own)
coverage_ui(wine, active_spec().kind)
write_link(spec=active_spec(), view={"folds": mode})
