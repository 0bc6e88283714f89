"""Predict: move eleven sliders and see the predicted quality of a wine that does not exist."""

import streamlit as st

from core.explain import contributions
from core.features import FEATURES_BY_KEY
from core.scoring import predict_one
from ui.cache import stored_model, wine_neighbours, wine_ranges
from ui.charts import contribution_waterfall
from ui.predict_sections import (
    batch_ui,
    preset_buttons,
    real_wine_note_ui,
    similar_wines_ui,
    yardstick_ui,
)
from ui.routing import ensure_shell
from ui.state import (
    active_spec,
    current_features,
    write_link,
)
from ui.widgets import feature_sliders


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
        yardstick_ui(spec.wine, prediction.quality)
        st.markdown(
            f"Nearest whole score: **{prediction.nearest_score}** · 90% interval "
            f"**{prediction.low:.1f} – {prediction.high:.1f}**"
        )
        real_wine_note_ui(spec.wine, wine)
        _warnings(prediction.extrapolated, far=neighbourhood.far)
        # A readout, redrawn on every move: its bars carry their values, so no hover layer.
        explained = contributions(result, wine)
        st.plotly_chart(
            contribution_waterfall(explained),
            key="waterfall",
            config={"staticPlot": True},
        )
        st.caption(explained.description)
    similar_wines_ui(neighbourhood, wine, spec.wine)
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
