"""Every page speaks the reader's language, and the language is chosen as the issue says.

Behaviours checked:
- each page, in French, Chinese and Portuguese, runs without an exception and shows no
  English sentence that has a translation: every text the page sends (titles, texts, labels,
  options, help texts, table headers and cells, chart titles, legends and hover texts, the
  slider panel's payload) is compared with every English message of the catalogs;
- numbers are written the reader's way (French "5,57", "59 %");
- a link's `lang=` chooses the language, and the links the app writes keep it;
- an unknown `lang=` is said in a notice and the page stays in the default language;
- the sidebar's selector switches the language, and the choice survives a page switch.
"""

from __future__ import annotations

import contextlib
import json
import re
from functools import cache

import pytest
from babel.messages.catalog import Catalog

import i18n
from i18n import catalogs
from tests.app.conftest import open_app

PAGES = ("predict", "train", "evaluate", "explore")
TRANSLATED = catalogs.TRANSLATED
_FIELD = re.compile(r"\{[^{}]*\}")
# Keys whose values are not words: plotly's styling, and the alpha panel's `signature` (the
# spec as JSON, an id: its "wine": "red" is no English left on the page).
_NOT_WORDS = {"template", "signature"}


def _bare(text: str) -> str:
    """A message without its placeholders and spaces: "{name} : {value}" and "{name}: {value}"
    cannot be told apart once filled in, so such a pair is not an English sentence left."""
    return re.sub(r"\s", "", _FIELD.sub("", text))


@cache
def english_left(code: str) -> tuple[frozenset[str], tuple[re.Pattern[str], ...]]:
    """The English messages a page in `code` must not show: exact texts, and patterns for the
    messages with placeholders (a filled-in English sentence); those whose translation is the
    English itself ('pH', 'MAE') are left out."""
    catalog: Catalog = catalogs.read(catalogs.po_path(code), i18n.LANGUAGES[code][0])
    exact, patterns = set(), []
    for message in catalog:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        same = {_bare(text) for text in strings}
        for english in ids:
            if english in strings or _bare(english) in same:
                continue
            if _FIELD.search(english):
                pieces = _FIELD.split(english)
                if sum(len(piece.strip()) for piece in pieces) < 4:
                    continue
                patterns.append(re.compile(".+?".join(map(re.escape, pieces)), re.DOTALL))
            else:
                exact.add(english)
    return frozenset(exact), tuple(patterns)


def _strings_in(value, found: list[str]) -> None:
    if isinstance(value, str):
        found.append(value)
        if value[:1] in "{[":
            with contextlib.suppress(ValueError):
                _strings_in(json.loads(value), found)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in _NOT_WORDS and "color" not in str(key):
                _strings_in(item, found)
    elif isinstance(value, list | tuple):
        for item in value:
            _strings_in(item, found)


def _proto_strings(message, found: list[str]) -> None:
    for field, value in message.ListFields():
        single = isinstance(value, str | bytes | bool | int | float) or hasattr(value, "ListFields")
        items = [value] if single else list(value)
        if field.type == field.TYPE_MESSAGE:
            for item in items:
                _proto_strings(item, found)
        elif field.type == field.TYPE_STRING:
            _strings_in(items, found)


def page_texts(at) -> list[str]:
    """Every string the run sent to the browser, with the tables' headers and text cells."""
    found: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "ListFields"):
            _proto_strings(proto, found)
        if type(node).__name__ in {"Dataframe", "Table"}:
            frame = node.value
            found.extend(map(str, frame.columns))
            found.extend(
                str(v) for v in frame.select_dtypes(include=["object", "string"]).to_numpy().ravel()
            )
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return found


def english_sentences(at, code: str) -> list[str]:
    exact, patterns = english_left(code)
    left = set()
    for text in page_texts(at):
        text = text.strip()
        if text in exact or any(pattern.fullmatch(text) for pattern in patterns):
            left.add(text)
    return sorted(left)


@pytest.mark.parametrize("code", TRANSLATED)
@pytest.mark.parametrize("page", PAGES)
def test_page_shows_no_english_sentence_in_another_language(page: str, code: str) -> None:
    """Check the page runs in that language and no English message is left on it."""
    at = open_app(None if page == "predict" else page, lang=code)
    assert not at.exception
    left = english_sentences(at, code)
    assert not left, f"{page} in {code} shows English: {left[:15]}"


def test_numbers_are_written_the_french_way() -> None:
    at = open_app(lang="fr")
    texts = " ".join(page_texts(at))
    assert re.search(r"\b\d+,\d\d\b", texts), "no decimal comma on the French Predict page"
    assert re.search(r"\d\u00a0%|\d\u202f%", texts), "no '59 %' on the French Predict page"
    assert not re.search(r"RMSE de test \d+\.\d", texts)


def test_link_language_is_used_and_written_back() -> None:
    at = open_app("explore", lang="fr")
    assert at.title[0].value.startswith("Explorer les vins")
    assert at.query_params["lang"] == "fr"


def test_unknown_link_language_is_said_and_english_is_kept() -> None:
    at = open_app(lang="xx")
    assert at.title[0].value == "Predict the quality of a wine"
    assert any("Unknown language 'xx'" in warning.value for warning in at.warning)
    assert "lang" not in at.query_params


def test_selector_switches_the_language_and_the_choice_survives_a_page_switch() -> None:
    at = open_app()
    at.sidebar.selectbox(key="language").set_value("zh").run()
    assert at.title[0].value == "预测一款葡萄酒的品质"
    at.switch_page("pages/explore.py").run()
    assert not at.exception
    assert at.title[0].value.startswith("探索")
    assert at.query_params["lang"] == "zh"
