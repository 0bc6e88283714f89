"""The app's pages and the shell every run draws first: page setup, navigation, sidebar.

Streamlit treats a `pages/` folder beside the entry script as a legacy multipage app until
`st.navigation` has run in the server process, and then runs a requested page's script on its
own, without `app.py`. A server whose first request is a deep link (`/explore?wine=white`,
say a Community Cloud app woken by a shared link) would serve the page without the link
handling and the sidebar, for everyone, until somebody opened the root URL. So each page
starts with `ensure_shell()`: when a session's first run did not come through `app.py`, the
page draws the shell itself, and its `st.navigation` call ends the legacy mode for the whole
server, so every later run goes through `app.py`.

(`AppTest` resets that server-wide mode before each run, so under test later runs of a page
still skip `app.py` and its sidebar; the guard leaves those alone, as drawing the shell inside
a legacy-mode run there would reset the page's widgets.)
"""

from __future__ import annotations

import streamlit as st

from ui.collector import freeze_imported_objects
from ui.session_keys import SHELL_DRAWN
from ui.sidebar import draw_sidebar, show_link_notices
from ui.state import active_spec, apply_link_once, follow_wine, link_applied
from ui.training import train_slow_model_in_view


def app_pages() -> list[st.Page]:
    """The pages, in the order of the navigation; Predict is the start page."""
    return [
        st.Page(
            "pages/predict.py",
            title="Predict",
            icon=":material/tune:",
            url_path="predict",
            default=True,
        ),
        st.Page(
            "pages/train.py", title="Train", icon=":material/model_training:", url_path="train"
        ),
        st.Page("pages/evaluate.py", title="Evaluate", icon=":material/rule:", url_path="evaluate"),
        st.Page(
            "pages/explore.py", title="Explore", icon=":material/bar_chart:", url_path="explore"
        ),
    ]


def configure_page() -> None:
    st.set_page_config(page_title="Wine Quality Lab", page_icon="🍷", layout="wide")


def draw_shell() -> None:
    """What every page shares: a shared link applied once, the model in use (a slow one trained
    with a progress bar, not behind a blank page), the sidebar, its notices."""
    freeze_imported_objects()
    apply_link_once()
    train_slow_model_in_view(active_spec())
    draw_sidebar()
    follow_wine()
    show_link_notices()
    st.session_state[SHELL_DRAWN] = True


def ensure_shell() -> None:
    """Draw the shell when this page runs without `app.py` (see the module's docstring)."""
    if st.session_state.pop(SHELL_DRAWN, False) or link_applied():
        return
    configure_page()
    st.navigation(app_pages())
    draw_shell()
    st.session_state.pop(SHELL_DRAWN)
