"""Predict: move eleven sliders and see the predicted quality of a wine that does not exist."""

import streamlit as st

from core.data import WINES
from core.explain import contributions
from core.scoring import predict_one
from core.slider_payload import certainty_warnings, panel_payload
from i18n import _
from ui.cache import wine_neighbours, wine_ranges
from ui.predict_sections import (
    batch_ui,
    preset_buttons,
    real_wine_note,
    similar_wines_ui,
    wine_report_ui,
    yardstick_ui,
)
from ui.private_models import SOURCE as SESSION_SOURCE
from ui.routing import ensure_shell
from ui.session_keys import WINE, WINE_MOVED, WINE_SWITCH
from ui.slider_panel import slider_panel
from ui.state import (
    active_axis,
    active_description,
    active_model,
    active_spec,
    current_features,
    current_wine,
    follow_wine,
    write_link,
)
from ui.wine_tools import better_ui, copy_link_ui, download_wine_ui, paste_ui, twin_note
from ui.words import WINE_ADJECTIVES, named, wine_name


@st.fragment
def prediction_panel() -> None:
    """Sliders and everything that depends on them: only this reruns when a slider moves."""
    spec = active_spec()
    result = active_model().result
    moved = st.session_state.pop(WINE_MOVED, None)
    if moved is not None:  # said once: the next move of a slider takes it away
        st.info(
            _(
                "Switched to {wine} wines: the sliders moved to the median {wine} wine.",
                wine=_(WINE_ADJECTIVES[moved]),
            )
        )
    preset_buttons()
    paste_ui()
    wine = current_features()
    # first, so the address holds this wine before the panel shows it: "Copy link" tapped
    # right after typing a value copies it (the sections below take a while to draw)
    write_link(spec=spec, features=wine)
    prediction = predict_one(result, wine)
    neighbourhood = wine_neighbours(spec.wine).around(wine)
    note = real_wine_note(spec.wine, wine)
    twins = twin_note(wine_neighbours(spec.wine), wine, prediction)
    slider_panel(
        panel_payload(
            result,
            wine_ranges(spec.wine),
            wine,
            prediction,
            contributions(result, wine),
            axis=active_axis(),
            # said inside the pinned prediction box, where the number is
            warnings=certainty_warnings(prediction.extrapolated, far=neighbourhood.far),
            notes=[text for text in (note, twins) if text],
        )
    )
    share = st.container(horizontal=True, gap="medium", vertical_alignment="center")
    with share:
        copy_link_ui("predict")
        download_wine_ui(spec, wine)
    yardstick_ui(spec.wine, prediction.quality)
    similar_wines_ui(neighbourhood, wine, spec.wine)
    better_ui(spec, wine, prediction)
    wine_report_ui(spec, wine)


def _switch_wine() -> None:
    st.session_state[WINE] = st.session_state[WINE_SWITCH]


def wine_switch() -> None:
    """The wine set, on the page itself (on a phone the sidebar is folded away)."""
    follow_wine()  # the shell does it too, but a page run alone (AppTest's later runs) not
    st.session_state[WINE_SWITCH] = current_wine()
    st.segmented_control(
        _("Wine"),
        WINES,
        format_func=named(WINES, wine_name),
        required=True,
        key=WINE_SWITCH,
        on_change=_switch_wine,
        help=_(
            "Red and white Vinho Verde are modelled separately; switching moves the sliders "
            "to the new wine's median."
        ),
    )


def model_line() -> None:
    """Which model scores the wine, on the page (a phone hides the sidebar)."""
    spec = active_spec()
    if active_model().source == SESSION_SOURCE:
        line = _(
            "Move the sliders: **{model}** scores the wine at once. Go back to the shared "
            "model on the Train page.",
            model=active_description(),
        )
    else:
        line = _(
            "Move the sliders: **{model}**, trained on {wine} wines, scores the wine at once. "
            "Train another model on the Train page.",
            model=active_description(),
            wine=_(WINE_ADJECTIVES[spec.wine]),
        )
    st.caption(line)


ensure_shell()
st.title(_("Predict the quality of a wine"))
model_line()
wine_switch()
prediction_panel()
st.divider()
batch_ui()
