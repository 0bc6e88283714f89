"""The Predict page's sections around the sliders: presets, the yardstick, the real-wine note,
the most similar real wines, and scoring a file of wines."""

from __future__ import annotations

import math
import random
from pathlib import PurePath

import pandas as pd
import streamlit as st

from core.batch import (
    ACCEPTED_TYPES,
    COLUMN_HELP,
    GRADES_COLUMN,
    PREDICTION_COLUMN,
    PREDICTION_COLUMNS,
    ScoreCheck,
    ScoredFile,
    score_file,
)
from core.data import real_wine, wine_path
from core.errors import WineLabError
from core.explain import Neighbourhood
from core.features import FEATURES, TARGET
from core.links import snap
from core.models import ModelSpec
from core.train import INTERVAL_CONFIDENCE
from core.yardstick import QUALITY_MEANING, RealGrades
from ui.cache import stored_model, wine_frame, wine_ranges
from ui.charts import predicted_vs_actual
from ui.session_keys import INITIAL_FEATURES, REAL_WINE
from ui.state import active_spec, median_features, set_features


@st.cache_resource(show_spinner=False)
def real_grades(wine: str) -> RealGrades:
    """The sorted true grades of a wine set (read-only, shared)."""
    return RealGrades.from_frame(wine, wine_frame(wine))


def _median() -> None:
    set_features(median_features(active_spec().wine))


def _random_real_wine() -> None:
    wine = active_spec().wine
    row = random.randrange(len(wine_frame(wine)))
    features, quality = real_wine(wine_frame(wine), row)
    on_sliders = {key: snap(value, wine_ranges(wine)[key]) for key, value in features.items()}
    set_features(on_sliders)
    st.session_state[REAL_WINE] = {
        "wine": wine,
        "number": row + 1,
        "quality": quality,
        "features": features,
        "on_sliders": on_sliders,
    }


def _reset() -> None:
    set_features(st.session_state[INITIAL_FEATURES])


def preset_buttons() -> None:
    """Median wine, a random real wine, back to the start; each says what it does."""
    wine = active_spec().wine
    # One row at every width (columns stack into three rows on a phone); wraps only if it must.
    row = st.container(horizontal=True, gap="small")
    row.button(
        "Median wine",
        on_click=_median,
        key="preset_median",
        width="stretch",
        help=f"Every slider to the median of the real {wine} wines.",
    )
    row.button(
        "Random real wine",
        on_click=_random_real_wine,
        key="preset_random",
        width="stretch",
        help=f"A real {wine} wine picked at random from the data: compare the prediction with "
        "the grade its tasters gave.",
    )
    row.button(
        "Reset",
        on_click=_reset,
        key="preset_reset",
        width="stretch",
        help="Back to the values this page opened with: the median wine, or the link's values.",
    )


def real_wine_note(wine: str, features: dict[str, float]) -> str | None:
    """Which real wine "Random real wine" picked and its true grade, while the sliders hold
    exactly its values (a moved slider makes it another wine, and the note goes). Plain text:
    the slider panel shows it beside the prediction."""
    real = st.session_state.get(REAL_WINE)
    if real is None or real["wine"] != wine or not _same(features, real["on_sliders"]):
        return None
    note = (
        f"Real {wine} wine no. {real['number']:,} (row {real['number']:,} of "
        f"{wine_path(wine).name}): its tasters graded it {real['quality']}."
    )
    rounded = [
        f"{feature.label} {real['features'][feature.key]:g} → {real['on_sliders'][feature.key]:g}"
        for feature in FEATURES
        if real["features"][feature.key] != real["on_sliders"][feature.key]
    ]
    if rounded:
        note += " Rounded to the sliders' steps: " + ", ".join(rounded) + "."
    return note


def _same(features: dict[str, float], other: dict[str, float]) -> bool:
    return all(math.isclose(features[key], other[key], rel_tol=1e-9) for key in other)


def yardstick_ui(wine: str, quality: float) -> None:
    """What the quality scale means and where this prediction stands among real wines."""
    grades = real_grades(wine)
    st.markdown(grades.place(quality))
    st.caption(f"{QUALITY_MEANING} {grades.grade_range()}")


def similar_wines_ui(neighbourhood: Neighbourhood, features: dict[str, float], wine: str) -> None:
    """The wine on the sliders, then the real wines nearest to it, labelled as the sliders."""
    st.markdown("**Most similar real wines**")
    st.table(similar_wines_table(neighbourhood, features, wine), hide_index=True)
    st.caption(
        "Distance: how different a wine is from yours over all 11 measurements, each counted "
        f"in standard deviations of the real {wine} wines (0 = the same values)."
    )


def similar_wines_table(
    neighbourhood: Neighbourhood, features: dict[str, float], wine: str
) -> pd.DataFrame:
    """Your wine first, then its nearest real wines; each measurement headed and written as
    its slider. Cells are text already, headers one level: a Styler (~30 ms) or two header
    rows (~5 ms) would be paid on every slider move."""
    similar = neighbourhood.similar
    columns = {
        "Wine": ["Your wine", *(f"No. {row:,}" for row in similar["row"])],
        "Distance": [f"{distance:.2f}" for distance in [0.0, *similar["distance"]]],
        "Grade (0–10)": ["–", *(str(grade) for grade in similar[TARGET])],
    }
    ranges = wine_ranges(wine)
    for feature in FEATURES:
        decimals = max(0, -math.floor(math.log10(ranges[feature.key].step) + 1e-9))
        values = [features[feature.key], *similar[feature.key]]
        columns[feature.label_with_unit] = [f"{value:.{decimals}f}" for value in values]
    return pd.DataFrame(columns)


def batch_ui() -> None:
    """Upload a CSV of wines, get the same file back with predictions added."""
    st.subheader("Score a file of wines")
    st.caption(
        "A CSV with the 11 measurements as columns (named as in the UCI files or by key, "
        "separated by `;` or `,`). You get your file back, every column as it was, with the "
        f"predicted quality, its {INTERVAL_CONFIDENCE:.0%} interval and the likely grades "
        "added. With a `quality` column you also see how close the predictions come."
    )
    # Any file is taken and its type checked here: the uploader's own type filter refuses a
    # file with only a small chip, and a person should read why.
    upload = st.file_uploader(
        "CSV of wines", key="batch_upload", help=f"Accepted: {', '.join(ACCEPTED_TYPES)}."
    )
    if upload is None:
        return
    spec = active_spec()
    try:
        scored, download = _scored_file(spec, upload.getvalue(), upload.name)
    except WineLabError as error:
        st.error(str(error))
        return
    st.success(f"Scored {len(scored.frame):,} wines with {spec.describe()}.")
    if scored.check is not None:
        _check_ui(scored.check)
    st.dataframe(
        scored.preview(),
        hide_index=True,
        key="batch_preview",
        column_config=_prediction_columns(scored.prediction_columns),
    )
    name = PurePath(upload.name)
    st.download_button(
        "Download scored CSV",
        download,
        file_name=f"{name.stem}_{PREDICTION_COLUMN}{name.suffix.lower()}",
        mime="text/csv",
        key="batch_download",
    )


@st.cache_data(show_spinner="Scoring the file…", max_entries=4)
def _scored_file(spec: ModelSpec, content: bytes, name: str) -> tuple[ScoredFile, bytes]:
    """A scored upload and its download, kept while the page reruns for other reasons."""
    scored = score_file(stored_model(spec).result, content, name)
    return scored, scored.to_csv()


def _prediction_columns(names: tuple[str, ...]) -> dict[str, st.column_config.Column]:
    """The added columns, explained on hover; numbers shown to the file's three decimals."""
    config = {}
    for name, ours in zip(names, PREDICTION_COLUMNS, strict=True):
        if ours == GRADES_COLUMN:
            config[name] = st.column_config.TextColumn(help=COLUMN_HELP[ours])
        else:
            config[name] = st.column_config.NumberColumn(format="%.3f", help=COLUMN_HELP[ours])
    return config


def _check_ui(check: ScoreCheck) -> None:
    """The predictions against the file's own grades: two numbers and a small chart."""
    mae, rmse, chart = st.columns([1, 1, 3])
    mae.metric(
        "MAE",
        f"{check.mae:.3f}",
        help="Mean absolute error: the average distance between prediction and grade.",
    )
    rmse.metric(
        "RMSE",
        f"{check.rmse:.3f}",
        help="Root mean squared error: like the MAE, but large misses count more.",
    )
    mae.caption(f"On the {check.rows:,} wines with a grade in the file's `quality` column.")
    figure = predicted_vs_actual(check.true, check.predicted)
    figure.update_traces(name="Wines in your file", selector={"mode": "markers"})
    figure.update_layout(
        height=300,
        xaxis_title="Grade in your file (jittered)",
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
    )
    chart.plotly_chart(figure, key="batch_check_chart")
