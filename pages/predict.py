"""Predict: move eleven sliders and see the predicted quality of a wine that does not exist."""

import random

import streamlit as st

from core.data import real_wine
from core.explain import contributions
from core.features import FEATURES_BY_KEY
from core.links import snap
from core.scoring import predict_one
from ui.cache import stored_model, wine_frame, wine_neighbours, wine_ranges
from ui.charts import contribution_waterfall
from ui.predict_sections import batch_ui, similar_wines_ui
from ui.routing import ensure_shell
from ui.state import (
    INITIAL_FEATURES,
    active_spec,
    current_features,
    median_features,
    set_features,
    write_link,
)
from ui.widgets import feature_sliders

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


@st.fragment
def prediction_panel() -> None:
    """Sliders and everything that depends on them: only this reruns when a slider moves."""
    spec = active_spec()
    result = stored_model(spec).result
    sliders, output = st.columns([3, 2], gap="large")
    with sliders:
        preset_buttons()
        feature_sliders(wine_ranges(spec.wine))
    wine = current_features()
    prediction = predict_one(result, wine)
    neighbourhood = wine_neighbours(spec.wine).around(wine)
    with output:
        st.metric(
            "Predicted quality",
            f"{prediction.quality:.2f}",
            help="On the 0–10 scale of the expert panels; the model is " + spec.describe(),
        )
        st.markdown(
            f"Nearest whole score: **{prediction.nearest_score}** · 90% interval "
            f"**{prediction.low:.1f} – {prediction.high:.1f}**"
        )
        real = st.session_state.get(REAL_WINE)
        if real is not None:
            st.info(
                f"Real wine, row {real[0]} of the {spec.wine} file: "
                f"its true quality is **{real[1]}**."
            )
        _warnings(prediction.extrapolated, far=neighbourhood.far)
        # A readout, redrawn on every move: its bars carry their values, so no hover layer.
        st.plotly_chart(
            contribution_waterfall(contributions(result, wine)),
            key="waterfall",
            config={"staticPlot": True},
        )
        similar_wines_ui(neighbourhood)
    write_link(spec=spec, features=wine)


def _warnings(extrapolated: tuple[str, ...], *, far: bool) -> None:
    if extrapolated:
        names = ", ".join(FEATURES_BY_KEY[key].label for key in extrapolated)
        st.warning(f"Outside the data: {names}. The model extrapolates; trust it less.")
    elif far:
        st.warning(
            "Every value lies within the data, but this combination is far from every real "
            "wine: the model extrapolates; trust it less."
        )


ensure_shell()
st.title("Predict the quality of a wine")
st.caption("Move the sliders: the model in the sidebar scores the wine at once.")
prediction_panel()
st.divider()
batch_ui()
