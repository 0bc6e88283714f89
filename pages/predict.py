"""Predict: move eleven sliders and see the predicted quality of a wine that does not exist."""

import streamlit as st

from core.data import WINES
from core.explain import contributions
from core.preview import certainty_warnings, panel_payload
from core.scoring import predict_one
from ui.cache import bar_axis, stored_model, wine_neighbours, wine_ranges
from ui.predict_sections import (
    batch_ui,
    preset_buttons,
    real_wine_note,
    similar_wines_ui,
    yardstick_ui,
)
from ui.routing import ensure_shell
from ui.session_keys import WINE, WINE_MOVED, WINE_SWITCH
from ui.slider_panel import slider_panel
from ui.state import (
    active_spec,
    current_features,
    current_wine,
    follow_wine,
    write_link,
)


@st.fragment
def prediction_panel() -> None:
    """Sliders and everything that depends on them: only this reruns when a slider moves."""
    spec = active_spec()
    result = stored_model(spec).result
    moved = st.session_state.pop(WINE_MOVED, None)
    if moved is not None:  # said once: the next move of a slider takes it away
        st.info(f"Switched to {moved} wines: the sliders moved to the median {moved} wine.")
    preset_buttons()
    wine = current_features()
    prediction = predict_one(result, wine)
    neighbourhood = wine_neighbours(spec.wine).around(wine)
    note = real_wine_note(spec.wine, wine)
    slider_panel(
        panel_payload(
            result,
            wine_ranges(spec.wine),
            wine,
            prediction,
            contributions(result, wine),
            axis=bar_axis(spec),
            # said inside the pinned prediction box, where the number is
            warnings=certainty_warnings(prediction.extrapolated, far=neighbourhood.far),
            notes=[note] if note else [],
        )
    )
    yardstick_ui(spec.wine, prediction.quality)
    similar_wines_ui(neighbourhood, wine, spec.wine)
    write_link(spec=spec, features=wine)


def _switch_wine() -> None:
    st.session_state[WINE] = st.session_state[WINE_SWITCH]


def wine_switch() -> None:
    """The wine set, on the page itself (on a phone the sidebar is folded away)."""
    follow_wine()  # the shell does it too, but a page run alone (AppTest's later runs) not
    st.session_state[WINE_SWITCH] = current_wine()
    st.segmented_control(
        "Wine",
        WINES,
        format_func=str.capitalize,
        required=True,
        key=WINE_SWITCH,
        on_change=_switch_wine,
        help="Red and white Vinho Verde are modelled separately; switching moves the sliders "
        "to the new wine's median.",
    )


def model_line() -> None:
    """Which model scores the wine, on the page (a phone hides the sidebar)."""
    spec = active_spec()
    st.caption(
        f"Move the sliders: **{spec.describe()}**, trained on {spec.wine} wines, scores the "
        "wine at once. Train another model on the Train page."
    )


ensure_shell()
st.title("Predict the quality of a wine")
model_line()
wine_switch()
prediction_panel()
st.divider()
batch_ui()
