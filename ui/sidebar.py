"""The sidebar every page shares: wine set, the model in use, where the data comes from."""

from __future__ import annotations

import streamlit as st

from core.data import WINES
from core.evaluate import accuracy_within
from core.train_result import TrainResult
from i18n import _, decimal, integer, percent, say
from ui.language import language_selector, mark_page_language
from ui.session_keys import LINK_NOTICES, WINE
from ui.state import (
    active_description,
    active_model,
    active_spec,
    shown_spec,
    use_for_predictions,
)
from ui.words import WINE_ADJECTIVES, describe_spec, named, wine_name

DATA_SOURCE = "https://archive.ics.uci.edu/dataset/186/wine+quality"
DATA_LICENSE = "https://creativecommons.org/licenses/by/4.0/"


def draw_sidebar() -> None:
    with st.sidebar:
        language_selector()
        st.selectbox(
            _("Wine"),
            WINES,
            format_func=named(WINES, wine_name),
            key=WINE,
            persist_state="session",
            help=_("Red and white Vinho Verde are modelled separately, as in the original study."),
        )
        spec = active_spec()
        stored = active_model()
        st.markdown(_("**Model in use**"))
        with st.container(key="model_in_use"):
            st.markdown(active_description())
        model_accuracy_caption(stored.result, spec.wine)
        for notice in stored.notices:
            st.warning(say(notice))
        linked = shown_spec()
        if linked != spec:
            st.info(
                _(
                    "The link you opened shows **{model}**; you still predict with your own model.",
                    model=describe_spec(linked),
                )
            )
            st.button(
                _("Use this model for predictions"),
                on_click=use_for_predictions,
                args=(linked,),
                key="use_linked_model",
            )
        st.divider()
        st.caption(
            _(
                "Data: [UCI Wine Quality]({source}), Cortez et al. (2009), "
                "licensed [CC BY 4.0]({licence}).",
                source=DATA_SOURCE,
                licence=DATA_LICENSE,
            )
        )
        mark_page_language()


def model_accuracy_caption(result: TrainResult, wine: str) -> None:
    """How often the model in use is right, in words; the exact error behind the (?)."""
    st.caption(
        _(
            "Tested on {count} {wine} wines it had not seen: the right grade for {exact} of "
            "them, within one grade for {within}.",
            count=integer(result.test_rows),
            wine=_(WINE_ADJECTIVES[wine]),
            exact=percent(accuracy_within(result.y_test, result.y_pred, 0.5)),
            within=percent(accuracy_within(result.y_test, result.y_pred, 1.0)),
        ),
        help=_(
            "The right grade: the prediction is at most half a grade from the tasters' grade. "
            "Exact error on these wines: test RMSE {rmse} (root mean squared error, in quality "
            "points).",
            rmse=decimal(result.test_metrics.rmse, 3),
        ),
    )


def show_link_notices() -> None:
    """Tell the user once, on the page the link opened, what of it could not be used as it
    was (the notices are dropped once said)."""
    notices = st.session_state.pop(LINK_NOTICES, None) or []
    if notices:
        st.warning(
            _("Some of this link's settings were changed:")
            + "\n\n- "
            + "\n- ".join(say(notice) for notice in notices)
        )
