"""Evaluate's section on the 90% intervals: how often they hold, and how wide they are."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.conformal import METHOD_LABELS, SHIPPED_METHOD
from core.coverage import PROTOCOL_LABELS, PROTOCOLS, QUARTILES, load_coverage
from core.errors import WineLabError
from core.models import KINDS

_QUARTILE_LABELS = {
    "nearest": "Nearest ¼",
    "second": "2nd ¼",
    "third": "3rd ¼",
    "farthest": "Farthest ¼",
}
_SHORT_METHODS = {
    "split": "Split (same width)",
    "normalised": "Normalised by measurements",
    "distance": "Adaptive: distance (in use)",
    "cqr": "Quantile regression (CQR)",
}


_ORDER = [*KINDS, "any"]


@st.cache_data(show_spinner=False)
def coverage_table() -> dict:
    """data/coverage.json, read once per server."""
    return load_coverage()


def _kind_label(kind: str) -> str:
    return KINDS[kind].label if kind in KINDS else "Any model (CQR ignores it)"


def method_frame(rows: list[dict]) -> pd.DataFrame:
    """One model kind's methods side by side, the deciding columns first."""
    return pd.DataFrame(
        [
            {
                "Interval method": _SHORT_METHODS[row["method"]],
                "Coverage": f"{row['coverage']:.1%}",
                "Coverage, farthest ¼": f"{row['by_distance']['farthest']['coverage']:.1%}",
                "Mean width (points)": f"{row['mean_width']:.2f}",
                "Width, farthest ¼": f"{row['by_distance']['farthest']['mean_width']:.2f}",
                "Coverage, nearest ¼": f"{row['by_distance']['nearest']['coverage']:.1%}",
                "Grade set coverage": f"{row['grade_set_coverage']:.1%}",
                "Set size (grades)": f"{row['mean_grade_set_size']:.1f}",
            }
            for row in rows
        ]
    )


def coverage_frame(rows: list[dict]) -> pd.DataFrame:
    """One row per model kind and method: coverage and width, by distance quartile."""
    return pd.DataFrame(
        [
            {
                "Model": _kind_label(row["kind"]),
                "Interval method": _SHORT_METHODS[row["method"]],
                "Coverage": f"{row['coverage']:.1%}",
                "Mean width (points)": f"{row['mean_width']:.2f}",
                **{
                    f"Coverage, {_QUARTILE_LABELS[q]}": f"{row['by_distance'][q]['coverage']:.1%}"
                    for q in QUARTILES
                },
                "Grade set coverage": f"{row['grade_set_coverage']:.1%}",
            }
            for row in rows
        ]
    )


def grade_frame(rows: list[dict]) -> pd.DataFrame:
    """Coverage by true grade for each method, each grade with its share of the wines."""
    return pd.DataFrame(
        [
            {
                "Interval method": _SHORT_METHODS[row["method"]],
                **{
                    f"Grade {grade} ({cell['wines'] / row['scored']:.1%} of wines)": (
                        f"{cell['coverage']:.0%}"
                    )
                    for grade, cell in row["by_grade"].items()
                },
            }
            for row in rows
        ]
    )


def coverage_ui(wine: str, kind: str) -> None:
    """The coverage table of one wine set, from data/coverage.json; `kind` is shown first."""
    st.subheader("How often the 90% intervals hold")
    st.markdown(
        "Predict shows a **90% interval** beside each prediction: 9 times out of 10, a wine "
        "like this gets a grade in that range (it is not a range for the average wine). The "
        "interval in use widens with the wine's distance to its nearest training wine, so a "
        "wine far from the data gets a wider one. Here is how often the intervals held for "
        "wines the model had not seen."
    )
    try:
        table = coverage_table()
    except WineLabError as error:
        st.error(str(error))
        return
    protocol = st.segmented_control(
        "Measured on",
        PROTOCOLS,
        format_func=PROTOCOL_LABELS.get,
        default="leak_free",
        key="coverage_protocol",
        required=True,
    )
    rows = [r for r in table["rows"] if r["wine"] == wine and r["protocol"] == protocol]
    rows.sort(key=lambda r: (_ORDER.index(r["kind"]), list(_SHORT_METHODS).index(r["method"])))
    own = [r for r in rows if r["kind"] in (kind, "any")]
    _headline(own, kind)
    st.dataframe(method_frame(own), hide_index=True, key="coverage_methods")
    _explain(table)
    with st.expander("Every model kind, by distance quarter"):
        st.dataframe(coverage_frame(rows), hide_index=True, key="coverage_table")
    with st.expander("Coverage by true grade"):
        st.dataframe(grade_frame(own), hide_index=True, key="coverage_by_grade")
        st.caption(
            "90% is a promise on average, not for every grade: the rare grades (3, 4 and 8) "
            "lie far from the typical 5 and 6 the model predicts, and are mostly missed."
        )


def _headline(rows: list[dict], kind: str) -> None:
    by_method = {row["method"]: row for row in rows}
    used, split = by_method[SHIPPED_METHOD], by_method["split"]
    far_used, far_split = (r["by_distance"]["farthest"] for r in (used, split))
    st.markdown(
        f"**{_kind_label(kind)}**, for the quarter of wines farthest from the training wines: "
        f"the interval in use held for **{far_used['coverage']:.1%}** of them (split conformal: "
        f"{far_split['coverage']:.1%}), {far_used['mean_width']:.2f} points wide on average "
        f"({far_split['mean_width']:.2f}). Over all wines: {used['coverage']:.1%} "
        f"({split['coverage']:.1%}), {used['mean_width']:.2f} points ({split['mean_width']:.2f})."
    )


def _explain(table: dict) -> None:
    protocol = table["protocol"]
    st.caption(
        f"Target: {table['confidence']:.0%}. Leak-free folds: {protocol['folds']} folds × "
        f"{protocol['repeats']} repeats; no test wine has a twin in training, and each fold's "
        "training wines are cut into a part that fits the model and a part that calibrates the "
        "interval. Held-out split: the Train page's split; half the held-out wines calibrate, "
        "the other half are scored, and back. Quarters rank the scored wines by distance to "
        "their nearest training wine. Width in quality points. "
        f"In use: {METHOD_LABELS[SHIPPED_METHOD].lower()}. "
        f"Recompute with `python -m core coverage` (made {table['created'][:10]}, MAPIE "
        f"{table['versions']['mapie']})."
    )
