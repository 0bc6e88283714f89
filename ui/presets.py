"""The Train page's tutorial presets and the feature-scaling control of the linear kinds."""

from __future__ import annotations

import streamlit as st

from core.models import SCALING_HELP, SCALING_LABEL, get_kind
from core.presets import PRESETS, Preset
from ui.session_keys import SCALE
from ui.state import current_wine, set_train_controls


def _apply(preset: Preset) -> None:
    set_train_controls(preset.for_wine(current_wine()))


def preset_buttons_ui() -> None:
    """One button per tutorial; pressing it sets every control to that tutorial's fit.

    The buttons carry the tutorials' short names (the settings column is narrow on a desktop);
    the caption above says what each sets, the tooltip the whole recipe.
    """
    st.caption("Reproduce a tutorial's fit: " + " · ".join(p.label for p in PRESETS))
    for preset in PRESETS:
        st.button(
            preset.short,
            on_click=_apply,
            args=(preset,),
            help=f"**{preset.label}.** {preset.recipe} {preset.differs}",
            key=f"preset_{preset.key}",
        )


def scaling_control(kind: str) -> bool:
    """The scaling checkbox for a linear kind; other kinds scale (or not) by declaration."""
    if not get_kind(kind).linear:
        return True
    st.session_state.setdefault(SCALE, True)
    return st.checkbox(SCALING_LABEL, help=SCALING_HELP, key=SCALE)
