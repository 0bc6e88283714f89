"""The viewer's theme, light or dark, for the few colours a theme cannot give (`ui.palette`).

Streamlit infers it in the browser from the page's background and sends it with each rerun;
on a session's very first run it can be unknown, taken here as light (the config's default).
"""

from __future__ import annotations

from typing import Literal

import streamlit as st

ThemeType = Literal["light", "dark"]


def theme_type() -> ThemeType:
    return "dark" if st.context.theme.type == "dark" else "light"
