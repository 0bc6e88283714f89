"""The Train page's tutorial presets and the feature-scaling control of the linear kinds."""

from __future__ import annotations

import streamlit as st

from core.models import SCALING_HELP, SCALING_LABEL, get_kind
from core.presets import PRESETS, Preset
from i18n import _
from ui.session_keys import SCALE
from ui.state import current_wine, set_train_controls


def _apply(preset: Preset) -> None:
    set_train_controls(preset.for_wine(current_wine()))


def preset_buttons_ui() -> None:
    """One button per tutorial; pressing it sets every control to that tutorial's fit.

    The buttons carry the tutorials' short names (the settings column is narrow on a desktop);
    the caption above says what each sets, the tooltip the whole recipe.
    """
    st.caption(
        _(
            "Reproduce a tutorial's fit: {tutorials}",
            tutorials=" · ".join(_(preset.label) for preset in PRESETS),
        )
    )
    for preset in PRESETS:
        st.button(
            _(preset.short),
            on_click=_apply,
            args=(preset,),
            help=_(
                "**{tutorial}.** {recipe} {differs}",
                tutorial=_(preset.label),
                recipe=_(preset.recipe),
                differs=_(preset.differs),
            ),
            key=f"preset_{preset.key}",
        )


def scaling_control(kind: str) -> bool:
    """The scaling checkbox for a linear kind; other kinds scale (or not) by declaration."""
    if not get_kind(kind).linear:
        return True
    st.session_state.setdefault(SCALE, True)
    return st.checkbox(_(SCALING_LABEL), help=_(SCALING_HELP), key=SCALE)
