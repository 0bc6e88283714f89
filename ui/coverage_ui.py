"""Evaluate's section on the 90% intervals: how often they hold, and how wide they are."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.conformal import METHOD_LABELS, METHOD_SHORT_LABELS, SHIPPED_METHOD
from core.coverage import PROTOCOL_LABELS, PROTOCOLS, QUARTILES, load_coverage
from core.errors import WineLabError
from core.models import KINDS
from i18n import N_, _, decimal, integer, percent, say_error
from ui.words import kind_label, named

_QUARTILE_LABELS = {
    "nearest": N_("Nearest ¼"),
    "second": N_("2nd ¼"),
    "third": N_("3rd ¼"),
    "farthest": N_("Farthest ¼"),
}


def _method_name(method: str) -> str:
    """A method's short name, marked when it is the one every model ships with."""
    name = _(METHOD_SHORT_LABELS[method])
    return _("{method} (in use)", method=name) if method == SHIPPED_METHOD else name


_ORDER = [*KINDS, "any"]


@st.cache_data(show_spinner=False)
def coverage_table() -> dict:
    """data/coverage.json, read once per server."""
    return load_coverage()


def _kind_label(kind: str) -> str:
    return kind_label(kind) if kind in KINDS else _("Any model (CQR ignores it)")


def _share(value: float) -> str:
    return percent(value, 1)


def _coverage_at(quarter: str) -> str:
    return _("Coverage, {quarter}", quarter=_(_QUARTILE_LABELS[quarter]))


def method_frame(rows: list[dict]) -> pd.DataFrame:
    """One model kind's methods side by side, the deciding columns first.

    Seven columns fit a desktop's page; every quarter's coverage is in `coverage_frame`.
    """
    return pd.DataFrame(
        [
            {
                _("Interval method"): _method_name(row["method"]),
                _("Coverage"): _share(row["coverage"]),
                _("Coverage, farthest ¼"): _share(row["by_distance"]["farthest"]["coverage"]),
                _("Mean width (points)"): decimal(row["mean_width"], 2),
                _("Width, farthest ¼"): decimal(row["by_distance"]["farthest"]["mean_width"], 2),
                _("Grade set coverage"): _share(row["grade_set_coverage"]),
                _("Set size (grades)"): decimal(row["mean_grade_set_size"], 1),
            }
            for row in rows
        ]
    )


def coverage_frame(rows: list[dict]) -> pd.DataFrame:
    """One row per model kind and method: coverage and width, by distance quartile."""
    return pd.DataFrame(
        [
            {
                _("Model"): _kind_label(row["kind"]),
                _("Interval method"): _method_name(row["method"]),
                _("Coverage"): _share(row["coverage"]),
                _("Mean width (points)"): decimal(row["mean_width"], 2),
                **{_coverage_at(q): _share(row["by_distance"][q]["coverage"]) for q in QUARTILES},
                _("Grade set coverage"): _share(row["grade_set_coverage"]),
            }
            for row in rows
        ]
    )


def grade_frame(rows: list[dict]) -> pd.DataFrame:
    """Coverage by true grade for each method, each grade with its share of the wines."""
    return pd.DataFrame(
        [
            {
                _("Interval method"): _method_name(row["method"]),
                **{
                    _(
                        "Grade {grade} ({share} of wines)",
                        grade=grade,
                        share=_share(cell["wines"] / row["scored"]),
                    ): percent(cell["coverage"])
                    for grade, cell in row["by_grade"].items()
                },
            }
            for row in rows
        ]
    )


def coverage_ui(wine: str, kind: str) -> None:
    """The coverage table of one wine set, from data/coverage.json; `kind` is shown first."""
    st.header(_("How often the 90% intervals hold"))
    st.markdown(
        _(
            "Predict shows a **90% interval** beside each prediction: 9 times out of 10, a wine "
            "like this gets a grade in that range (it is not a range for the average wine). "
            "The interval in use widens with the wine's distance to its nearest training wine, "
            "so a wine far from the data gets a wider one. Here is how often the intervals "
            "held for wines the model had not seen."
        )
    )
    try:
        table = coverage_table()
    except WineLabError as error:
        st.error(say_error(error))
        return
    protocol = st.segmented_control(
        _("Measured on"),
        PROTOCOLS,
        format_func=named(PROTOCOLS, lambda name: _(PROTOCOL_LABELS[name])),
        default="leak_free",
        key="coverage_protocol",
        required=True,
    )
    rows = [r for r in table["rows"] if r["wine"] == wine and r["protocol"] == protocol]
    rows.sort(key=lambda r: (_ORDER.index(r["kind"]), list(METHOD_SHORT_LABELS).index(r["method"])))
    own = [r for r in rows if r["kind"] in (kind, "any")]
    _headline(own, kind)
    st.dataframe(method_frame(own), hide_index=True, key="coverage_methods")
    _explain(table)
    with st.expander(_("Every model kind, by distance quarter")):
        st.dataframe(coverage_frame(rows), hide_index=True, key="coverage_table")
    with st.expander(_("Coverage by true grade")):
        st.dataframe(grade_frame(own), hide_index=True, key="coverage_by_grade")
        st.caption(
            _(
                "90% is a promise on average, not for every grade: the rare grades (3, 4 and 8) "
                "lie far from the typical 5 and 6 the model predicts, and are mostly missed."
            )
        )


def _headline(rows: list[dict], kind: str) -> None:
    by_method = {row["method"]: row for row in rows}
    used, split = by_method[SHIPPED_METHOD], by_method["split"]
    far_used, far_split = (r["by_distance"]["farthest"] for r in (used, split))
    st.markdown(
        _(
            "**{model}**: over all wines the range held for **{used}**, {used_width} grade "
            "points wide on average. For the quarter of wines farthest from the training wines "
            "it held for **{far_used}** ({far_used_width} points wide); one width for every "
            "wine (split conformal) held for {far_split} of them ({far_split_width} points), "
            "{split} over all ({split_width}).",
            model=_kind_label(kind),
            far_used=_share(far_used["coverage"]),
            far_split=_share(far_split["coverage"]),
            far_used_width=decimal(far_used["mean_width"], 2),
            far_split_width=decimal(far_split["mean_width"], 2),
            used=_share(used["coverage"]),
            split=_share(split["coverage"]),
            used_width=decimal(used["mean_width"], 2),
            split_width=decimal(split["mean_width"], 2),
        )
    )


def _explain(table: dict) -> None:
    protocol = table["protocol"]
    details = st.expander(_("Details"), key="coverage_details")
    details.caption(
        _(
            "Target: {target}. Leak-free folds: {folds} folds × {repeats} repeats; no test wine "
            "has a twin in training, and each fold's training wines are cut into a part that "
            "fits the model and a part that calibrates the interval. Held-out split: the Train "
            "page's split; half the held-out wines calibrate, the other half are scored, and "
            "back. Quarters rank the scored wines by distance to their nearest training wine. "
            "Width in quality points. In use: {method}. Measured {date} with MAPIE {mapie}.",
            target=percent(table["confidence"]),
            folds=integer(protocol["folds"]),
            repeats=integer(protocol["repeats"]),
            method=_(METHOD_LABELS[SHIPPED_METHOD]),
            date=table["created"][:10],
            mapie=table["versions"]["mapie"],
        )
    )
