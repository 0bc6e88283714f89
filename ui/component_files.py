"""The app's custom components, each from its folder of real files in `ui/components/`.

A component `NAME` is `ui/components/NAME/` with its HTML, CSS and JavaScript as files
(`st.components.v2.component` takes each as a string: an app outside an installed package
cannot name asset files). The two range panels (Predict's slider panel, Train's alpha panel)
share `ui/components/shared/panel.css` and `panel.js`, put in front of their own files, so
both load one copy of what they have in common. `mount_panel` sends a panel its payload said
in the reader's language, with the locale its numbers are written in and the palette's colours.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st

from i18n import current_language, say
from ui.language import HTML_LANG
from ui.palette import panel_colours

FOLDER = Path(__file__).parent / "components"
SHARED = FOLDER / "shared"


def _text(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.exists() else None


def component_sources(name: str, stem: str, *, shared: bool) -> dict[str, str | None]:
    """The component's HTML, CSS and JS (`ui/components/NAME/STEM.*`), the shared panel
    files in front of its CSS and JS when `shared`."""
    sources = {ext: _text(FOLDER / name / f"{stem}.{ext}") for ext in ("html", "css", "js")}
    if shared:
        for ext in ("css", "js"):
            sources[ext] = f"{_text(SHARED / f'panel.{ext}')}\n{sources[ext] or ''}"
    return sources


@functools.cache
def component(name: str, stem: str = "panel", *, shared: bool = False) -> Any:
    """Registered once per process, on first use (no work at import)."""
    return st.components.v2.component(
        f"wine_lab.{name}", **component_sources(name, stem, shared=shared)
    )


def said(value: Any) -> Any:
    """A payload with every sentence `core` put in it said in the reader's language."""
    if isinstance(value, str):
        return say(value) if hasattr(value, "template") else value
    if isinstance(value, dict):
        return {key: said(item) for key, item in value.items()}
    if isinstance(value, list):
        return [said(item) for item in value]
    return value


def sent(key: str) -> dict[str, Any] | None:
    """What a panel's browser side last sent (its `sent` state), None before the first."""
    state = st.session_state.get(key)
    value = state.get("sent") if state is not None else None
    return value if isinstance(value, dict) else None


def sent_number(key: str) -> int:
    """Which of a panel's sends this run has seen (its `n`; 0 before the first): a payload
    says it as `received`, so the browser knows an older rerun's values from the latest."""
    number = (sent(key) or {}).get("n")
    return number if isinstance(number, int) else 0


def mount_panel(
    name: str, *, key: str, data: dict[str, Any], on_sent_change: Callable[[], None]
) -> None:
    """Mount a range panel with its payload said in the reader's language, its numbers
    written the reader's way (`locale`), the palette's colours (`colours`) and the send this
    run answers (`received`)."""
    payload = said(data) | {
        "locale": HTML_LANG[current_language()],
        "colours": panel_colours(),
        "received": sent_number(key),
    }
    component(name, shared=True)(key=key, data=payload, on_sent_change=on_sent_change)
