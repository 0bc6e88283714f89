"""Explore: the data behind the model, with the facts that matter for reading it."""

import pandas as pd
import streamlit as st

from core.explore import correlations, data_facts, quality_counts, summary_statistics
from core.features import FEATURE_KEYS, FEATURES, FEATURES_BY_KEY
from core.links import VIEWS
from ui.cache import wine_frame
from ui.charts import correlation_heatmap, feature_by_quality, feature_scatter, quality_distribution
from ui.routing import ensure_shell
from ui.state import active_spec, current_wine, view_choice, write_link


def _label(key: str) -> str:
    return FEATURES_BY_KEY[key].label


def overview_ui(frame: pd.DataFrame, wine: str) -> None:
    facts = data_facts(frame)
    rows, columns, duplicates = st.columns(3)
    rows.metric("Wines", f"{facts.rows:,}")
    columns.metric("Columns", facts.columns, help="11 measurements and the quality score")
    duplicates.metric("Exact duplicate rows", facts.duplicate_rows)
    st.info(
        f"**Read the model with two facts in mind.** {facts.duplicate_rows} of the {facts.rows} "
        f"{wine} wines are exact repeats of another row: real repeated measurements, but a random "
        "split puts copies on both sides, which flatters models that memorise. And the scores are "
        f"imbalanced: only {facts.low_quality_share:.1%} of wines score below 5 and "
        f"{facts.high_quality_share:.1%} above 7 (observed {facts.quality_range[0]}–"
        f"{facts.quality_range[1]}), so predictions crowd towards 5 and 6 and errors on "
        "very bad or very good wines are large."
    )
    preview, distribution = st.columns(2)
    with preview:
        st.caption("The first rows of the file")
        st.dataframe(frame.head(20), hide_index=True, key="preview")
    with distribution:
        st.plotly_chart(quality_distribution(quality_counts(frame)), key="chart_quality")
    with st.expander("Summary statistics"):
        st.dataframe(summary_statistics(frame), key="summary")


def relations_ui(frame: pd.DataFrame) -> dict[str, str]:
    """The charts of how measurements relate; returns the view choices (for the link)."""
    st.subheader("How each measurement relates to quality")
    left, right = st.columns([3, 1])
    view_choice("feature")
    view_choice("plot")
    feature = right.selectbox(
        "Feature", FEATURE_KEYS, format_func=_label, key="explore_feature", persist_state="session"
    )
    plot = right.segmented_control(
        "Drawn as",
        VIEWS["plot"],
        format_func=lambda name: {"box": "Box plot", "violin": "Violin plot"}[name],
        required=True,
        key="explore_plot",
        persist_state="session",
        help="A box shows the quartiles; a violin shows the whole shape of the distribution.",
    )
    left.plotly_chart(
        feature_by_quality(frame, feature, violin=plot == "violin"), key="chart_by_quality"
    )
    st.subheader("Correlations")
    st.plotly_chart(correlation_heatmap(correlations(frame)), key="chart_correlation")
    st.subheader("Two features at once")
    x_col, y_col = st.columns(2)
    view_choice("scatter_x")
    view_choice("scatter_y")
    x = x_col.selectbox(
        "Horizontal", FEATURE_KEYS, format_func=_label, key="scatter_x", persist_state="session"
    )
    y = y_col.selectbox(
        "Vertical", FEATURE_KEYS, format_func=_label, key="scatter_y", persist_state="session"
    )
    st.plotly_chart(feature_scatter(frame, x, y), key="chart_scatter")
    return {"feature": feature, "plot": plot, "scatter_x": x, "scatter_y": y}


def feature_table_ui() -> None:
    st.subheader("What the measurements mean")
    table = pd.DataFrame(
        {
            "Feature": [f.label for f in FEATURES],
            "Key": [f.key for f in FEATURES],
            "Unit": [f.unit or "—" for f in FEATURES],
            "Meaning": [f.description for f in FEATURES],
        }
    )
    st.dataframe(table, hide_index=True, key="feature_table")


ensure_shell()
wine = current_wine()
frame = wine_frame(wine)
st.title(f"Explore the {wine} wines")
overview_ui(frame, wine)
view = relations_ui(frame)
feature_table_ui()
write_link(spec=active_spec(), view=view)
