"""The Predict page's sections around the sliders: presets, the yardstick, the real-wine note,
the most similar real wines, and scoring a file of wines."""

from __future__ import annotations

import math
import random
from pathlib import PurePath

import pandas as pd
import streamlit as st
from babel.lists import format_list

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
from core.conformal import INTERVAL_CONFIDENCE
from core.data import real_wine, wine_path
from core.errors import WineLabError
from core.explain import Neighbourhood
from core.features import FEATURES, TARGET
from core.links import snap
from core.models import ModelSpec
from core.yardstick import QUALITY_MEANING, RealGrades
from i18n import _, babel_locale, decimal, general, integer, percent, say, say_error
from ui import private_models
from ui.cache import stored_model, wine_frame, wine_ranges
from ui.charts import predicted_vs_actual
from ui.report_ui import wine_report_button
from ui.session_keys import INITIAL_FEATURES, REAL_WINE
from ui.state import active_description, active_spec, median_features, set_features
from ui.theme import themed
from ui.words import WINE_ADJECTIVES, feature_label, feature_label_with_unit


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
    adjective = _(WINE_ADJECTIVES[wine])
    row.button(
        _("Median wine"),
        on_click=_median,
        key="preset_median",
        width="stretch",
        help=_("Every slider to the median of the real {wine} wines.", wine=adjective),
    )
    row.button(
        _("Random real wine"),
        on_click=_random_real_wine,
        key="preset_random",
        width="stretch",
        help=_(
            "A real {wine} wine picked at random from the data: compare the prediction with "
            "the grade its tasters gave.",
            wine=adjective,
        ),
    )
    row.button(
        _("Reset"),
        on_click=_reset,
        key="preset_reset",
        width="stretch",
        help=_("Back to the values this page opened with: the median wine, or the link's values."),
    )


def real_wine_note(wine: str, features: dict[str, float]) -> str | None:
    """Which real wine "Random real wine" picked and its true grade, while the sliders hold
    exactly its values (a moved slider makes it another wine, and the note goes). Plain text:
    the slider panel shows it beside the prediction."""
    real = st.session_state.get(REAL_WINE)
    if real is None or real["wine"] != wine or not _same(features, real["on_sliders"]):
        return None
    note = _(
        "Real {wine} wine no. {number} (row {number} of {file}): its tasters graded it {grade}.",
        wine=_(WINE_ADJECTIVES[wine]),
        number=integer(real["number"]),
        file=wine_path(wine).name,
        grade=integer(real["quality"]),
    )
    rounded = [
        _(
            "{name} {value} → {shown}",
            name=feature_label(feature.key),
            value=general(real["features"][feature.key]),
            shown=general(real["on_sliders"][feature.key]),
        )
        for feature in FEATURES
        if real["features"][feature.key] != real["on_sliders"][feature.key]
    ]
    if rounded:
        note += " " + _(
            "Rounded to the sliders' steps: {changes}.",
            changes=format_list(rounded, locale=babel_locale()),
        )
    return note


def _same(features: dict[str, float], other: dict[str, float]) -> bool:
    return all(math.isclose(features[key], other[key], rel_tol=1e-9) for key in other)


def yardstick_ui(wine: str, quality: float) -> None:
    """What the quality scale means and where this prediction stands among real wines."""
    grades = real_grades(wine)
    st.markdown(say(grades.place(quality)))
    st.caption(say(QUALITY_MEANING) + " " + say(grades.grade_range()))


def similar_wines_ui(neighbourhood: Neighbourhood, features: dict[str, float], wine: str) -> None:
    """The wine on the sliders, then the real wines nearest to it, labelled as the sliders."""
    st.markdown(_("**Most similar real wines**"))
    st.table(similar_wines_table(neighbourhood, features, wine), hide_index=True)
    st.caption(
        _(
            "Distance: how different a wine is from yours over all 11 measurements, each "
            "counted in standard deviations of the real {wine} wines (0 = the same values).",
            wine=_(WINE_ADJECTIVES[wine]),
        )
    )


def similar_wines_table(
    neighbourhood: Neighbourhood, features: dict[str, float], wine: str
) -> pd.DataFrame:
    """Your wine first, then its nearest real wines; each measurement headed and written as
    its slider. Cells are text already, headers one level: a Styler (~30 ms) or two header
    rows (~5 ms) would be paid on every slider move."""
    similar = neighbourhood.similar
    columns = {
        _("Wine"): [
            _("Your wine"),
            *(_("No. {number}", number=integer(row)) for row in similar["row"]),
        ],
        _("Distance"): [decimal(distance, 2) for distance in [0.0, *similar["distance"]]],
        _("Grade (0–10)"): ["–", *(integer(grade) for grade in similar[TARGET])],
    }
    ranges = wine_ranges(wine)
    for feature in FEATURES:
        decimals = ranges[feature.key].decimals
        values = [features[feature.key], *similar[feature.key]]
        columns[feature_label_with_unit(feature.key)] = [decimal(v, decimals) for v in values]
    return pd.DataFrame(columns)


def wine_report_ui(spec: ModelSpec, features: dict[str, float]) -> None:
    """ "Download the report": this wine, scored by the model in use, and that model."""
    wine_report_button(spec, features)


def batch_ui() -> None:
    """Upload a CSV of wines, get the same file back with predictions added."""
    st.header(_("Score a file of wines"))
    st.caption(
        _(
            "A CSV with the 11 measurements as columns (named as in the UCI files or by key, "
            "separated by `;` or `,`). You get your file back, every column as it was, with "
            "the predicted quality, its {confidence} interval and the likely grades added "
            "(columns {columns}). With a `quality` column you also see how close the "
            "predictions come.",
            confidence=percent(INTERVAL_CONFIDENCE),
            columns=", ".join(f"`{name}`" for name in PREDICTION_COLUMNS),
        )
    )
    # Any file is taken and its type checked here: the uploader's own type filter refuses a
    # file with only a small chip, and a person should read why.
    upload = st.file_uploader(
        _("CSV of wines"),
        key="batch_upload",
        help=_("Accepted: {types}.", types=", ".join(ACCEPTED_TYPES)),
    )
    if upload is None:
        return
    spec = active_spec()
    private = private_models.in_use(spec.wine)
    try:
        with st.spinner(_("Scoring the file…")):
            if private is None:
                scored, download = _scored_file(spec, upload.getvalue(), upload.name)
            else:  # never through a cache every session shares
                scored = score_file(private.stored.result, upload.getvalue(), upload.name)
                download = scored.to_csv()
    except WineLabError as error:
        st.error(say_error(error))
        return
    st.success(
        _(
            "Scored {count} wines with {model}.",
            count=integer(len(scored.frame)),
            model=active_description(),
        )
    )
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
        _("Download scored CSV"),
        download,
        file_name=f"{name.stem}_{PREDICTION_COLUMN}{name.suffix.lower()}",
        mime="text/csv",
        key="batch_download",
    )


@st.cache_data(show_spinner=False, max_entries=4)
def _scored_file(spec: ModelSpec, content: bytes, name: str) -> tuple[ScoredFile, bytes]:
    """A scored upload and its download, kept while the page reruns for other reasons."""
    scored = score_file(stored_model(spec).result, content, name)
    return scored, scored.to_csv()


def _prediction_columns(names: tuple[str, ...]) -> dict[str, st.column_config.Column]:
    """The added columns, explained on hover; numbers shown to the file's three decimals."""
    config = {}
    for name, ours in zip(names, PREDICTION_COLUMNS, strict=True):
        if ours == GRADES_COLUMN:
            config[name] = st.column_config.TextColumn(help=say(COLUMN_HELP[ours]))
        else:
            config[name] = st.column_config.NumberColumn(format="%.3f", help=say(COLUMN_HELP[ours]))
    return config


def _check_ui(check: ScoreCheck) -> None:
    """The predictions against the file's own grades: two numbers and a small chart."""
    mae, rmse, chart = st.columns([1, 1, 3])
    mae.metric(
        _("MAE"),
        decimal(check.mae, 3),
        help=_("Mean absolute error: the average distance between prediction and grade."),
    )
    rmse.metric(
        _("RMSE"),
        decimal(check.rmse, 3),
        help=_("Root mean squared error: like the MAE, but large misses count more."),
    )
    mae.caption(
        _(
            "On the {count} wines with a grade in the file's `quality` column.",
            count=integer(check.rows),
        )
    )
    figure = predicted_vs_actual(check.true, check.predicted)
    figure.update_traces(name=_("Wines in your file"), selector={"mode": "markers"})
    figure.update_layout(
        height=300,
        xaxis_title=_("Grade in your file (jittered)"),
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
    )
    chart.plotly_chart(themed(figure), key="batch_check_chart")
