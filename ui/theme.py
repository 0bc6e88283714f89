"""The viewer's theme, light or dark, for the colours Streamlit's theme cannot give.

Streamlit's theme colours its own elements and the charts' default series; the palette's
fixed colours (`ui.palette`: one meaning each, on every page) are drawn by Plotly as given, and
some are too dark for the dark background. `themed` swaps those for their `palette.ON_DARK`
tones. Streamlit infers the theme in the browser from the page's background and sends it with
each rerun; on a session's very first run it can be unknown, taken here as light.
"""

from __future__ import annotations

from typing import Any, Literal

import plotly.graph_objects as go
import streamlit as st

from ui import palette

ThemeType = Literal["light", "dark"]


def theme_type() -> ThemeType:
    return "dark" if st.context.theme.type == "dark" else "light"


def recoloured(spec: Any, colours: dict[str, str]) -> Any:
    """A Plotly spec (nested dicts and lists) with every colour string in `colours` replaced."""
    if isinstance(spec, dict):
        return {key: recoloured(value, colours) for key, value in spec.items()}
    if isinstance(spec, list | tuple):
        return [recoloured(value, colours) for value in spec]
    if isinstance(spec, str):
        return colours.get(spec, spec)
    return spec


def themed(figure: go.Figure | dict) -> go.Figure | dict:
    """The figure to draw for this viewer: as it is on a light page, recoloured on a dark one.

    The recoloured spec is not validated again: only colour strings changed, each for another.
    """
    if theme_type() != "dark":
        return figure
    spec = figure.to_dict() if isinstance(figure, go.Figure) else figure
    return go.Figure(recoloured(spec, palette.ON_DARK), _validate=False)
