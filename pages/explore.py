"""Explore: the data behind the model, with the facts that matter for reading it."""

import pandas as pd
import streamlit as st

from core.explore import correlations, data_facts, quality_counts, summary_statistics
from core.features import FEATURE_KEYS, FEATURES
from core.links import VIEWS
from i18n import N_, _, integer, percent
from ui.cache import wine_frame
from ui.charts import (
    axis_label,
    correlation_heatmap,
    feature_by_quality,
    feature_scatter,
    quality_distribution,
)
from ui.routing import ensure_shell
from ui.session_keys import EXPLORE_FEATURE, EXPLORE_PLOT, SCATTER_X, SCATTER_Y
from ui.state import active_spec, current_wine, view_choice, write_link
from ui.words import WINE_ADJECTIVES, feature_description, feature_label, feature_unit, named

PLOTS = {"box": N_("Box plot"), "violin": N_("Violin plot")}
# The columns of pandas' describe(), as people read them.
STATISTICS = {
    "count": N_("Count"),
    "mean": N_("Mean"),
    "std": N_("Standard deviation"),
    "min": N_("Minimum"),
    "25%": N_("First quartile"),
    "50%": N_("Median"),
    "75%": N_("Third quartile"),
    "max": N_("Maximum"),
}


def overview_ui(frame: pd.DataFrame, wine: str) -> None:
    facts = data_facts(frame)
    rows, columns, duplicates = st.columns(3)
    rows.metric(_("Wines"), integer(facts.rows))
    columns.metric(
        _("Columns"), integer(facts.columns), help=_("11 measurements and the quality score")
    )
    duplicates.metric(_("Exact duplicate rows"), integer(facts.duplicate_rows))
    st.info(
        _(
            "**Read the model with two facts in mind.** {duplicates} of the {rows} {wine} "
            "wines are exact repeats of another row: real repeated measurements, but a random "
            "split puts copies on both sides, which flatters models that memorise. And the "
            "scores are imbalanced: only {low} of wines score below 5 and {high} above 7 "
            "(observed {lowest}–{highest}), so predictions crowd towards 5 and 6 and errors on "
            "very bad or very good wines are large.",
            duplicates=integer(facts.duplicate_rows),
            rows=integer(facts.rows),
            wine=_(WINE_ADJECTIVES[wine]),
            low=percent(facts.low_quality_share, 1),
            high=percent(facts.high_quality_share, 1),
            lowest=integer(facts.quality_range[0]),
            highest=integer(facts.quality_range[1]),
        )
    )
    preview, distribution = st.columns(2)
    with preview:
        st.caption(_("The first rows of the file"))
        st.dataframe(frame.head(20).rename(columns=axis_label), hide_index=True, key="preview")
    with distribution:
        st.plotly_chart(quality_distribution(quality_counts(frame)), key="chart_quality")
    with st.expander(_("Summary statistics")):
        summary = summary_statistics(frame).rename(
            index=axis_label, columns=lambda name: _(STATISTICS.get(name, name))
        )
        st.dataframe(summary, key="summary")


def relations_ui(frame: pd.DataFrame) -> dict[str, str]:
    """The charts of how measurements relate; returns the view choices (for the link)."""
    st.header(_("How each measurement relates to quality"))
    left, right = st.columns([3, 1])
    view_choice("feature")
    view_choice("plot")
    feature = right.selectbox(
        _("Feature"),
        FEATURE_KEYS,
        format_func=named(FEATURE_KEYS, feature_label),
        key=EXPLORE_FEATURE,
        persist_state="session",
    )
    plot = right.segmented_control(
        _("Drawn as"),
        VIEWS["plot"],
        format_func=named(PLOTS, lambda name: _(PLOTS[name])),
        required=True,
        key=EXPLORE_PLOT,
        persist_state="session",
        help=_("A box shows the quartiles; a violin shows the whole shape of the distribution."),
    )
    left.plotly_chart(
        feature_by_quality(frame, feature, violin=plot == "violin"), key="chart_by_quality"
    )
    st.header(_("Correlations"))
    st.plotly_chart(correlation_heatmap(correlations(frame)), key="chart_correlation")
    st.header(_("Two features at once"))
    x_col, y_col = st.columns(2)
    view_choice("scatter_x")
    view_choice("scatter_y")
    x = x_col.selectbox(
        _("Horizontal"),
        FEATURE_KEYS,
        format_func=named(FEATURE_KEYS, feature_label),
        key=SCATTER_X,
        persist_state="session",
    )
    y = y_col.selectbox(
        _("Vertical"),
        FEATURE_KEYS,
        format_func=named(FEATURE_KEYS, feature_label),
        key=SCATTER_Y,
        persist_state="session",
    )
    st.plotly_chart(feature_scatter(frame, x, y), key="chart_scatter")
    return {"feature": feature, "plot": plot, "scatter_x": x, "scatter_y": y}


def feature_table_ui() -> None:
    st.header(_("What the measurements mean"))
    table = pd.DataFrame(
        {
            _("Feature"): [feature_label(f.key) for f in FEATURES],
            _("Key"): [f.key for f in FEATURES],
            _("Unit"): [feature_unit(f.key) or "—" for f in FEATURES],
            _("Meaning"): [feature_description(f.key) for f in FEATURES],
        }
    )
    st.dataframe(table, hide_index=True, key="feature_table")


ensure_shell()
wine = current_wine()
frame = wine_frame(wine)
st.title(_("Explore the {wine} wines", wine=_(WINE_ADJECTIVES[wine])))
overview_ui(frame, wine)
view = relations_ui(frame)
feature_table_ui()
write_link(spec=active_spec(), view=view)
