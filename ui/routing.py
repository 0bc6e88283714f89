"""The app's pages and the shell every run draws first: page setup, navigation, sidebar.

Streamlit treats a `pages/` folder beside the entry script as a legacy multipage app until
`st.navigation` has run in the server process, and then runs a requested page's script on its
own, without `app.py`. A server whose first request is a deep link (`/explore?wine=white`,
say a Community Cloud app woken by a shared link) would serve the page without the link
handling and the sidebar, for everyone, until somebody opened the root URL. So each page
starts with `ensure_shell()`: when a session's first run did not come through `app.py`, the
page calls `st.navigation`, which ends the legacy mode for the whole server, and reruns, so
this run and every later one goes through `app.py`.

(`AppTest` resets that server-wide mode before each run, so under test later runs of a page
still skip `app.py` and its sidebar; the guard leaves those alone, as drawing the shell inside
a legacy-mode run there would reset the page's widgets.)
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from core.memory_budget import MemoryBudgetError
from core.models import ModelSpec
from i18n import _
from ui.cache import budget_message, stored_model
from ui.gc_freeze import freeze_imported_objects
from ui.language import apply_language
from ui.session_keys import ACTIVE_MODEL, SHELL_DRAWN
from ui.sidebar import draw_sidebar, show_link_notices
from ui.state import active_spec, apply_link_once, follow_wine, link_applied
from ui.training import train_slow_model_in_view

# The app's own additions to Streamlit's styles (a visible keyboard focus where it has none).
_SHELL_CSS = Path(__file__).parent / "components" / "shell" / "focus.css"


def app_pages() -> list[st.Page]:
    """The pages, in the order of the navigation; Predict is the start page. Titles in the
    reader's language, addresses (`/train`) the same in every language."""
    return [
        st.Page(
            "pages/predict.py",
            title=_("Predict"),
            icon=":material/tune:",
            url_path="predict",
            default=True,
        ),
        st.Page(
            "pages/train.py", title=_("Train"), icon=":material/model_training:", url_path="train"
        ),
        st.Page(
            "pages/evaluate.py", title=_("Evaluate"), icon=":material/rule:", url_path="evaluate"
        ),
        st.Page(
            "pages/explore.py", title=_("Explore"), icon=":material/bar_chart:", url_path="explore"
        ),
    ]


def configure_page() -> None:
    """The run's language first (everything after speaks it), then the page's settings."""
    apply_language()
    st.set_page_config(page_title=_("Wine Quality Lab"), page_icon="🍷", layout="wide")


def draw_shell(page: str = "") -> None:
    """What every page shares: a shared link applied once (`page`, the url path of the page
    it opened, decides whether its model becomes the one in use), the model in use (a slow
    one trained with a progress bar, not behind a blank page), the sidebar, its notices."""
    freeze_imported_objects()
    st.html(_SHELL_CSS)
    apply_link_once(page)
    keep_model_in_view()
    draw_sidebar()
    follow_wine()
    show_link_notices()
    st.session_state[SHELL_DRAWN] = True


def keep_model_in_view() -> None:
    """The model in use trained if need be (a slow kind behind its progress bar) and held in
    memory; if the server's memory budget cannot hold its training or the model, say so and
    go on with the wine's default model (so every page still answers)."""
    spec = active_spec()
    try:
        train_slow_model_in_view(spec)
        stored_model(spec)
    except MemoryBudgetError as error:
        st.error(budget_message(error))
        st.session_state[ACTIVE_MODEL] = ModelSpec(wine=spec.wine)


def ensure_shell() -> None:
    """Start the whole app over when this page runs without `app.py` (see the module's
    docstring): its `st.navigation` call ends the legacy mode, the link is applied, and the
    rerun comes through `app.py`, which draws the shell and then this page.

    The page is not drawn in the legacy run itself: after `st.navigation`, Streamlit gives
    the rest of that run the entry script's identity, so the page's widgets would be other
    widgets than on every later run, and the next run would reset them all to their bare
    defaults (held-out share 5%, scaling off) and drop an uploaded file (issue #29)."""
    if st.session_state.pop(SHELL_DRAWN, False) or link_applied():
        apply_language()
        return
    configure_page()
    page = st.navigation(app_pages())
    apply_link_once(page.url_path)
    st.rerun()
