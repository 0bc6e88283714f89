"""The sidebar every page shares: wine set, the model in use, where the data comes from."""

from __future__ import annotations

import streamlit as st

from core.data import WINES
from ui.cache import stored_model
from ui.session_keys import LINK_NOTICES, WINE
from ui.state import active_spec

DATA_SOURCE = "https://archive.ics.uci.edu/dataset/186/wine+quality"
DATA_LICENSE = "https://creativecommons.org/licenses/by/4.0/"


def draw_sidebar() -> None:
    with st.sidebar:
        st.selectbox(
            "Wine",
            WINES,
            format_func=str.capitalize,
            key=WINE,
            persist_state="session",
            help="Red and white Vinho Verde are modelled separately, as in the original study.",
        )
        spec = active_spec()
        stored = stored_model(spec)
        st.markdown("**Model in use**")
        st.markdown(spec.describe())
        st.caption(
            f"Test RMSE {stored.result.test_metrics.rmse:.3f} on {stored.result.test_rows} "
            f"held-out {spec.wine} wines"
        )
        for notice in stored.notices:
            st.warning(notice)
        st.divider()
        st.caption(
            f"Data: [UCI Wine Quality]({DATA_SOURCE}), Cortez et al. (2009), "
            f"licensed [CC BY 4.0]({DATA_LICENSE})."
        )


def show_link_notices() -> None:
    """Tell the user once, on the page the link opened, what of it could not be used as it
    was (the notices are dropped once said)."""
    notices = st.session_state.pop(LINK_NOTICES, None) or []
    if notices:
        st.warning("Some of this link's settings were changed:\n\n- " + "\n- ".join(notices))
