"""The Predict page's sections around the sliders: presets, the yardstick, the real-wine note,
the most similar real wines, and scoring a file of wines."""

from __future__ import annotations

import random

import streamlit as st

from core.batch import PREDICTION_COLUMN, score_upload, to_safe_csv
from core.data import real_wine
from core.errors import WineLabError
from core.explain import Neighbourhood
from core.links import snap
from ui.cache import stored_model, wine_frame, wine_ranges
from ui.state import INITIAL_FEATURES, active_spec, median_features, set_features

REAL_WINE = "real_wine"


def _median() -> None:
    set_features(median_features(active_spec().wine))
    st.session_state.pop(REAL_WINE, None)


def _random_real_wine() -> None:
    wine = active_spec().wine
    row = random.randrange(len(wine_frame(wine)))
    features, quality = real_wine(wine_frame(wine), row)
    set_features({key: _snap(key, value) for key, value in features.items()})
    st.session_state[REAL_WINE] = (row + 1, quality)


def _snap(key: str, value: float) -> float:
    return snap(value, wine_ranges(active_spec().wine)[key])


def _reset() -> None:
    set_features(st.session_state[INITIAL_FEATURES])
    st.session_state.pop(REAL_WINE, None)


def preset_buttons() -> None:
    left, middle, right = st.columns(3)
    left.button("Median wine", on_click=_median, key="preset_median", width="stretch")
    middle.button(
        "Random real wine", on_click=_random_real_wine, key="preset_random", width="stretch"
    )
    right.button("Reset", on_click=_reset, key="preset_reset", width="stretch")


def real_wine_note_ui(wine: str, features: dict[str, float]) -> None:
    """What "Random real wine" picked, with its true grade."""
    real = st.session_state.get(REAL_WINE)
    if real is not None:
        st.info(f"Real wine, row {real[0]} of the {wine} file: its true quality is **{real[1]}**.")


def yardstick_ui(wine: str, quality: float) -> None:
    """What the quality scale means, beside the predicted number."""
    st.caption("Quality: the median grade of at least three expert tasters, from 0 to 10.")


def similar_wines_ui(neighbourhood: Neighbourhood, features: dict[str, float], wine: str) -> None:
    """The real wines nearest to the one on the sliders."""
    st.caption("Most similar real wines")
    st.dataframe(neighbourhood.similar, hide_index=True, key="similar")


def batch_ui() -> None:
    """Upload a CSV of wines, get it back scored."""
    st.subheader("Score a file of wines")
    st.caption(
        "A CSV with the 11 feature columns (named as in the UCI files or by key, separated by "
        "`;` or `,`). You get it back with a `predicted_quality` column."
    )
    upload = st.file_uploader("CSV of wines", type=["csv", "txt"], key="batch_upload")
    if upload is None:
        return
    spec = active_spec()
    try:
        scored = score_upload(stored_model(spec).result, upload.getvalue(), upload.name)
    except WineLabError as error:
        st.error(str(error))
        return
    st.success(f"Scored {len(scored)} wines with {spec.describe()}.")
    st.dataframe(scored.head(100), hide_index=True, key="batch_preview")
    st.download_button(
        "Download scored CSV",
        to_safe_csv(scored),
        file_name=upload.name.rsplit(".", 1)[0] + f"_{PREDICTION_COLUMN}.csv",
        mime="text/csv",
        key="batch_download",
    )
