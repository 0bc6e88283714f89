"""The translation catalogs are complete and up to date with the code.

Behaviours checked:
- every message of the code is in locales/messages.pot (`python -m i18n update` was run);
- every catalog holds every message of the code, none empty, none fuzzy;
- every translation keeps the English message's `{named}` placeholders, no more, no fewer;
- every committed `.mo` is its `.po` compiled (the app reads the `.mo`, Community Cloud
  builds nothing);
- each language's catalog actually translates: `_()` returns the catalog's sentence;
- the glossary's terms are the words the catalogs use.
"""

from __future__ import annotations

import pytest

import i18n
from i18n import catalogs


@pytest.fixture(scope="module")
def template():
    return catalogs.extract()


def _ids(catalog) -> set:
    return {message.id for message in catalog if message.id}


def test_every_message_of_the_code_is_in_the_template(template) -> None:
    """Check extraction yields no message missing from locales/messages.pot."""
    missing = _ids(template) - _ids(catalogs.read(catalogs.TEMPLATE))
    assert not missing, f"run `python -m i18n update`: {sorted(map(str, missing))[:10]}"


@pytest.mark.parametrize("code", catalogs.TRANSLATED)
def test_catalog_holds_every_message_of_the_code(code, template) -> None:
    problems = [str(p) for p in catalogs.stale(code, template) if "catalog" in p.what]
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("code", catalogs.TRANSLATED)
def test_every_message_is_translated_and_none_is_fuzzy(code) -> None:
    catalog = catalogs.read(catalogs.po_path(code), i18n.LANGUAGES[code][0])
    problems = [
        str(p) for p in catalogs.problems_in(code, catalog) if p.what in {"fuzzy", "untranslated"}
    ]
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:20])


@pytest.mark.parametrize("code", catalogs.TRANSLATED)
def test_translations_keep_the_english_placeholders(code) -> None:
    catalog = catalogs.read(catalogs.po_path(code), i18n.LANGUAGES[code][0])
    problems = [
        str(p)
        for p in catalogs.problems_in(code, catalog)
        if p.what not in {"fuzzy", "untranslated"}
    ]
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("code", catalogs.TRANSLATED)
def test_compiled_catalog_is_the_po_compiled(code, template) -> None:
    problems = [str(p) for p in catalogs.stale(code, template) if "compiled" in p.what]
    assert not problems, "run `python -m i18n update`: " + "; ".join(problems)


@pytest.mark.parametrize("code", catalogs.TRANSLATED)
def test_translation_function_reads_the_catalog(code) -> None:
    """Check `_()` in a language returns that catalog's sentence for every message."""
    catalog = catalogs.read(catalogs.po_path(code), i18n.LANGUAGES[code][0])
    singular = [m for m in catalog if m.id and isinstance(m.id, str) and m.string]
    assert singular, "the catalog has no translated message"
    with i18n.language(code):
        for message in singular:
            said = i18n.p_(message.context, message.id) if message.context else i18n._(message.id)
            assert said == message.string, message.id


def test_placeholder_check_catches_a_renamed_field() -> None:
    """Check the placeholder rule itself fails on a translation that renames a field."""
    from babel.messages.catalog import Catalog

    catalog = Catalog(locale="fr_FR")
    catalog.add("{count} wines", "{nombre} vins")
    catalog.add("{share} right", "")
    whats = {p.what for p in catalogs.problems_in("fr", catalog)}
    assert whats == {"placeholders ['nombre']", "untranslated"}
