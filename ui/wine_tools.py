"""Predict's tools around the wine: paste a whole wine, keep and share it (a link, a CSV),
ask what would make it better, and the near-twin line of the prediction card.

`core.paste` reads a paste, `core.counterfactual` answers "what would make it a 7?",
`core.explain.twins_outside` finds real twins graded otherwise; this module only draws.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.batch import one_wine_csv
from core.conformal import shown_bounds
from core.counterfactual import (
    HONEST_LINE,
    BetterWine,
    Difference,
    SmallestChange,
    better_real_wines,
    default_target,
    smallest_change,
    target_choices,
)
from core.explain import WineNeighbours, twins_outside
from core.features import FEATURES_BY_KEY, FeatureRange
from core.models import ModelSpec, get_kind
from core.paste import PasteProblem, parse_wine
from core.scoring import Prediction, predict_one
from core.train_result import TrainResult
from i18n import _, decimal, integer, n_, signed
from ui.cache import wine_neighbours, wine_ranges
from ui.component_files import component
from ui.state import active_model, current_features, current_wine, set_features
from ui.training import progress_bar
from ui.words import named

PASTE_TEXT, PASTE_SAID = "paste_text", "paste_said"
TARGET, SEARCHED = "better_target", "better_searched"


def _value(key: str, number: float, ranges: dict[str, FeatureRange]) -> str:
    """A measurement as its slider writes it, in the reader's way."""
    return decimal(number, ranges[key].decimals)


def interval_text(prediction: Prediction) -> str:
    """The 90% interval as the card writes it (bounds rounded inward) and its grades."""
    low, high = shown_bounds(prediction.low, prediction.high)
    return _(
        "90% interval {low} – {high} · grades {grades}",
        low=decimal(low, 1),
        high=decimal(high, 1),
        grades=", ".join(integer(g) for g in prediction.grades),
    )


def _with_unit(key: str, text: str) -> str:
    unit = FEATURES_BY_KEY[key].unit
    return _("{value} {unit}", value=text, unit=unit) if unit else text


# -- paste a whole wine ---------------------------------------------------------------------


def _problem_text(problem: PasteProblem, ranges: dict[str, FeatureRange]) -> str:
    values: dict[str, object] = {}
    for name, value in problem.values.items():
        if name == "label":
            values[name] = _(str(value))
        elif isinstance(value, float) and problem.key is not None:
            values[name] = _value(problem.key, value, ranges)
        elif isinstance(value, int):
            values[name] = integer(value)
        else:
            values[name] = value
    return _(problem.message, **values)


def _apply_paste() -> None:
    ranges = wine_ranges(current_wine())
    pasted = parse_wine(st.session_state.get(PASTE_TEXT, ""), ranges)
    if pasted.values:
        set_features(current_features() | pasted.values)
    st.session_state[PASTE_SAID] = (
        len(pasted.values),
        [_problem_text(problem, ranges) for problem in pasted.problems],
    )


def paste_ui() -> None:
    """A box for a whole wine at once; what was applied and what was not, said once.

    The section stays open while its box holds text: leaving the box (tapping Apply on a
    phone) reruns the page before the tap arrives, and the section used to close in that
    run, taking the button away from under the finger. Its key keeps it one element."""
    holding = PASTE_SAID in st.session_state or bool(st.session_state.get(PASTE_TEXT))
    with st.expander(_("Paste a whole wine"), expanded=holding, key="paste_section"):
        st.text_area(
            _("Eleven numbers, or a CSV row with or without its header"),
            key=PASTE_TEXT,
            height=90,
            placeholder="7.4;0.7;0;1.9;0.076;11;34;0.9978;3.51;0.56;9.4",
            help=_(
                "In the UCI files' order (fixed acidity … alcohol), separated by commas, "
                "semicolons, tabs or spaces; or a header row (the UCI names such as “fixed "
                "acidity”, or the keys) with the wine's row under it. A decimal comma works "
                "with semicolons. A quality column is ignored."
            ),
        )
        st.button(_("Apply the pasted wine"), on_click=_apply_paste, key="paste_apply")
        said = st.session_state.pop(PASTE_SAID, None)
        if said is None:
            return
        applied, problems = said
        if applied:
            st.success(n_("{count} measurement applied.", "{count} measurements applied.", applied))
        for problem in problems:
            st.warning(problem)


# -- keep and share -------------------------------------------------------------------------


def copy_link_ui(page: str) -> None:
    """ "Copy link", and what the link keeps: the address bar holds the whole view."""
    component("copy_link", "copy")(
        key=f"copy_link_{page}",
        data={
            "button": _("Copy link"),
            "what": _(
                "The link restores this wine's measurements, the model and its settings, and "
                "what the page shows: send it, or keep it to come back."
            ),
            "copied": _("Link copied."),
            "refused": _("The browser did not allow copying; copy the link from here:"),
        },
    )


def download_wine_ui(spec: ModelSpec, wine: dict[str, float]) -> None:
    """This wine as a one-row CSV with the model's answer and the model's name."""
    stored = active_model()
    st.download_button(
        _("Download this wine (CSV)"),
        data=one_wine_csv(stored.result, wine, stored.model_id),
        file_name=f"wine-{spec.wine}-{stored.model_id}.csv",
        mime="text/csv",
        key="download_wine",
        help=_(
            "One row: the eleven measurements, the predicted quality, its 90% interval, the "
            "likely grades and the model that made them."
        ),
    )


# -- near twins -----------------------------------------------------------------------------


def twin_note(neighbours: WineNeighbours, wine: dict[str, float], prediction: Prediction) -> str:
    """One line for the prediction card when real wines with (nearly) these measurements were
    graded outside the interval's grades; empty otherwise."""
    twins = twins_outside(neighbours, wine, prediction.grades)
    if twins is None:
        return ""
    grades = ", ".join(integer(g) for g in twins.grades)
    return n_(
        "A real wine with (nearly) these measurements was graded {grades}: tasters differ, "
        "the model gives the average.",
        "{count} real wines with (nearly) these measurements were graded {grades}: tasters "
        "differ, the model gives the average.",
        twins.count,
        grades=grades,
    )


# -- what would make it better? -------------------------------------------------------------


def _target(quality: float) -> int | None:
    """The grade asked for, kept while it is still above this wine's."""
    choices = target_choices(quality)
    if not choices or default_target(quality) <= round(quality):
        return None
    if st.session_state.get(TARGET) not in choices:
        st.session_state[TARGET] = choices[0]
    return st.selectbox(
        _("Target grade"),
        choices,
        key=TARGET,
        format_func=named(choices, lambda grade: _("grade {grade}", grade=integer(grade))),
        help=_("Starts at the next grade above this wine's; any higher grade can be chosen."),
    )


def better_ui(spec: ModelSpec, wine: dict[str, float], prediction: Prediction) -> None:
    """What would make it a better grade: real wines first, then the model's smallest change,
    then what this does not mean."""
    st.header(_("What would make it better?"))
    target = _target(prediction.quality)
    if target is None:
        st.markdown(_("This wine is already predicted at the top of the scale."))
        return
    ranges = wine_ranges(spec.wine)
    neighbours = wine_neighbours(spec.wine)
    _better_wines_ui(better_real_wines(neighbours, wine, target), target, ranges)
    _smallest_change_ui(spec, wine, target, ranges, neighbours)
    st.caption(_(HONEST_LINE))


def _differences_text(differences: tuple[Difference, ...], ranges) -> str:
    if not differences:
        return _("The same measurements as yours.")
    return "; ".join(
        _(
            "{label} {this} → {other}",
            label=_(FEATURES_BY_KEY[d.key].label),
            this=_value(d.key, d.this, ranges),
            other=_with_unit(d.key, _value(d.key, d.other, ranges)),
        )
        for d in differences
    )


def _better_wines_ui(found: tuple[BetterWine, ...], target: int, ranges) -> None:
    st.markdown(_("**Real wines graded {grade} or better, most like yours**", grade=target))
    if not found:
        st.markdown(_("No real wine in the data was graded {grade} or better.", grade=target))
        return
    table = pd.DataFrame(
        {
            _("Wine"): [_("No. {row}", row=integer(w.row)) for w in found],
            _("Grade"): [integer(w.grade) for w in found],
            _("Distance"): [decimal(w.distance, 2) for w in found],
            _("Where it differs most from yours"): [
                _differences_text(w.differences, ranges) for w in found
            ],
        }
    )
    st.table(table, hide_index=True)
    st.caption(
        _(
            "No model here: these are real wines that tasters graded {grade} or higher, and the "
            "three measurements in which each differs most from yours (counted in standard "
            "deviations, shown in the sliders' units).",
            grade=target,
        )
    )


def _smallest_change_ui(
    spec: ModelSpec, wine: dict[str, float], target: int, ranges, neighbours: WineNeighbours
) -> None:
    st.markdown(_("**The smallest change the model sees**"))
    stored = active_model()
    result = stored.result
    asked = (stored.model_id, tuple(sorted(wine.items())), target)
    if get_kind(result.spec.kind).linear:
        found = smallest_change(result, wine, target, ranges=ranges, neighbours=neighbours)
    else:
        kept = st.session_state.get(SEARCHED)
        found = kept[1] if kept is not None and kept[0] == asked else None
        if found is None:
            if not st.button(_("Search for the smallest change (up to 3 s)"), key="better_go"):
                st.caption(_("For this kind of model the answer is a search over real values."))
                return
            with progress_bar(_("Searching")) as on_step:
                found = smallest_change(
                    result, wine, target, ranges=ranges, neighbours=neighbours, on_step=on_step
                )
            st.session_state[SEARCHED] = (asked, found)
    _change_ui(result, found, ranges)


def _change_ui(result: TrainResult, found: SmallestChange, ranges) -> None:
    grade = integer(found.target)
    if not found.reachable:
        if found.exact:
            st.info(
                _(
                    "Grade {grade} cannot be reached: even every measurement at the end of the "
                    "real wines' range that helps most keeps the model below {goal}.",
                    grade=grade,
                    goal=decimal(found.goal, 1),
                )
            )
        else:
            st.info(_("The search found no change that reaches grade {grade}.", grade=grade))
        return
    if not found.changes:
        st.markdown(_("The model already predicts at least {goal}.", goal=decimal(found.goal, 1)))
        return
    lines = [
        _(
            "- {label}: {before} → {after} ({change})",
            label=_(FEATURES_BY_KEY[d.key].label),
            before=_value(d.key, d.this, ranges),
            after=_with_unit(d.key, _value(d.key, d.other, ranges)),
            change=signed(d.change, ranges[d.key].decimals),
        )
        for d in found.changes
    ]
    st.markdown("\n".join(lines))
    new = predict_one(result, found.wine)
    st.markdown(
        _(
            "At the new wine the model predicts **{quality}** ({interval}).",
            quality=decimal(new.quality, 2),
            interval=interval_text(new),
        )
    )
    how = (
        _("Exact for this linear model: no change of fewer measurements, or smaller, gets there.")
        if found.exact
        else _("Found by a search over real values; a smaller change may exist.")
    )
    st.caption(
        _(
            "{how} Each value stays in the range of real wines; size {size} standard "
            "deviations in all.",
            how=how,
            size=decimal(found.size, 2),
        )
    )
    if not found.near:
        st.warning(_("This change leaves the wine far from every real wine: trust it less."))
    st.button(
        _("Move the sliders there"),
        on_click=set_features,
        args=(dict(found.wine),),
        key="better_move",
    )
