"""The reader's language: from the selector, else the link's `lang=`, else the browser.

`apply_language()` runs first in every script run (the shell, or a page drawn without it), so
everything drawn after it speaks that language. The choice lives in session state under the
selector's key (kept across page switches), and `ui.state.write_link` writes it into the
page's link, so a shared link opens in the language it was made in.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import streamlit as st

from core.links import LANGUAGE_PARAM
from core.messages import N_, Message
from i18n import DEFAULT_LANGUAGE, LANGUAGES, _, best_language, current_language, set_language
from ui.session_keys import LANGUAGE

# The page's <html lang> for each language (BCP 47).
HTML_LANG = {"en": "en-GB", "fr": "fr-FR", "zh": "zh-Hans", "pt": "pt-PT"}
_SCRIPT = Path(__file__).parent / "components" / "page_language" / "page_language.js"


def link_language(raw: str | None) -> str | None:
    """The supported language a link's `lang=` names ('fr', 'fr-CH', 'zh-Hans'), else None."""
    if not raw:
        return None
    code = best_language(raw[:20])
    named = raw[:20].replace("_", "-").split("-")[0].lower()
    return code if code == named else None


def language_notices(raw: str | None) -> list[Message]:
    """What to tell a visitor whose link names a language the app does not speak."""
    if raw is None or link_language(raw) is not None:
        return []
    names = ", ".join(f"{code} ({name})" for code, (_locale, name) in LANGUAGES.items())
    notice = N_("Unknown language {code} in the link; choose one of {names}.")
    return [Message(notice, code=repr(raw[:20]), names=names)]


def apply_language() -> str:
    """Set this run's language before anything is drawn; returns its code."""
    code = st.session_state.get(LANGUAGE)
    if code not in LANGUAGES:
        code = link_language(st.query_params.get(LANGUAGE_PARAM)) or best_language(
            st.context.locale
        )
        st.session_state[LANGUAGE] = code
    return set_language(code)


def language_selector() -> None:
    """The sidebar's language choice; its label also says "Language" in English, so a
    visitor who cannot read the language in force still finds it.

    No icon in the label: Streamlit writes a label's raw text into the input's `aria-label`,
    so a screen reader read ":material/translate:" before the name (WCAG 2.5.3)."""
    label = _("Language")
    if current_language() != DEFAULT_LANGUAGE:
        label = f"{label} · Language"
    st.selectbox(
        label,
        list(LANGUAGES),
        format_func=lambda code: LANGUAGES[code][1],
        key=LANGUAGE,
        persist_state="session",
    )


def link_value() -> str | None:
    """The `lang=` a link of this page carries: the language in force, unless English."""
    code = current_language()
    return None if code == DEFAULT_LANGUAGE else code


@functools.cache
def _page_language() -> Any:
    return st.components.v2.component(
        "wine_lab.page_language", js=_SCRIPT.read_text(encoding="utf-8")
    )


def mark_page_language() -> None:
    """Make the page's `<html lang>` the language in force (Streamlit writes `lang="en"`)."""
    _page_language()(key="page_language", data={"lang": HTML_LANG[current_language()]})
