"""The catalogs' life cycle, with Babel's own extractor and catalog classes.

`python -m i18n update` extracts every `_()`, `n_()` and `N_()` message from the code into
`locales/messages.pot`, merges it into each language's `messages.po` (new messages arrive
empty, removed ones become obsolete), and compiles the `.mo` files the app reads.
`python -m i18n check` says what is missing without writing anything. The tests read the same
functions (tests/data/test_catalogs.py), so the command and the checks never disagree.
"""

from __future__ import annotations

import datetime
import io
import string
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from i18n import DEFAULT_LANGUAGE, DOMAIN, LANGUAGES, LOCALES_DIR

ROOT = LOCALES_DIR.parent
TEMPLATE = LOCALES_DIR / f"{DOMAIN}.pot"
# The folders whose code shows text to people (the CLI and the HTTP API stay English, but a
# message marked there is still extracted, so nothing marked is ever left out).
SOURCES = ("app.py", "core", "ui", "pages", "web", "i18n")
KEYWORDS = {"_": None, "n_": (1, 2), "N_": None, "p_": ((1, "c"), 2)}
METHOD_MAP = [("**.py", "python")]
COMMENT_TAGS = ("TRANSLATORS:",)
PROJECT = "Wine Quality Lab"
HEADER = (
    "# {language} messages of Wine Quality Lab.\n"
    "# This file is distributed under the project's MIT licence.\n#"
)
# Fixed dates keep the files byte-stable between runs, so merges see only real changes.
DATE = datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)
TRANSLATED = tuple(code for code in LANGUAGES if code != DEFAULT_LANGUAGE)


def po_path(code: str) -> Path:
    return LOCALES_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(code: str) -> Path:
    return po_path(code).with_suffix(".mo")


def _in_sources(path: str) -> bool:
    relative = Path(path).relative_to(ROOT) if Path(path).is_absolute() else Path(path)
    top = relative.parts[0] if relative.parts else ""
    return top in SOURCES and "__pycache__" not in relative.parts


def extract() -> Catalog:
    """Every marked message in the code, with where it is used and its translator comments."""
    template = _new_catalog(None)
    found = extract_from_dir(
        str(ROOT),
        METHOD_MAP,
        keywords=KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
        directory_filter=_in_sources,
    )
    for filename, lineno, message, comments, context in found:
        if not _in_sources(filename):
            continue
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def _new_catalog(locale: str | None) -> Catalog:
    name = "Template for the" if locale is None else Locale.parse(locale).english_name
    return Catalog(
        locale=locale,
        domain=DOMAIN,
        header_comment=HEADER.format(language=name),
        project=PROJECT,
        version="1",
        copyright_holder="Wine Quality Lab",
        creation_date=DATE,
        revision_date=DATE,
        last_translator="Wine Quality Lab",
        language_team=name if locale else None,
        fuzzy=False,
    )


def read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale, domain=DOMAIN)


def _write_po(path: Path, catalog: Catalog) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=96, sort_output=True, include_lineno=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_bytes() != buffer.getvalue():
        path.write_bytes(buffer.getvalue())


def compile_catalog(code: str) -> None:
    """Write the `.mo` of a language from its `.po` (fuzzy entries left out, as msgfmt does)."""
    buffer = io.BytesIO()
    write_mo(buffer, read(po_path(code), LANGUAGES[code][0]), use_fuzzy=False)
    if not mo_path(code).exists() or mo_path(code).read_bytes() != buffer.getvalue():
        mo_path(code).write_bytes(buffer.getvalue())


def update() -> None:
    """Extract, merge into every language's catalog, and compile."""
    template = extract()
    _write_po(TEMPLATE, template)
    for code in TRANSLATED:
        locale = LANGUAGES[code][0]
        path = po_path(code)
        catalog = read(path, locale) if path.exists() else _new_catalog(locale)
        catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
        catalog.obsolete.clear()
        _write_po(path, catalog)
        compile_catalog(code)


def placeholders(text: str) -> set[str]:
    """The `{named}` fields of a message."""
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


@dataclass(frozen=True)
class Problem:
    code: str
    msgid: str
    what: str

    def __str__(self) -> str:
        return f"{self.code}: {self.what}: {self.msgid!r}"


def _strings(value: str | tuple[str, ...] | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def problems_in(code: str, catalog: Catalog) -> Iterator[Problem]:
    """Every message that is empty, fuzzy, or whose placeholders differ from the English."""
    for message in catalog:
        if not message.id:
            continue
        msgid = _strings(message.id)[0]
        if message.fuzzy:
            yield Problem(code, msgid, "fuzzy")
        translations = _strings(message.string)
        if not all(translations) or not translations:
            yield Problem(code, msgid, "untranslated")
            continue
        yield from _placeholder_problems(code, message, translations)


def _placeholder_problems(
    code: str, message: Message, translations: list[str]
) -> Iterator[Problem]:
    """A singular message keeps exactly the English fields. A plural message's every form uses
    only fields of the English, and its last (general) form all the English plural's fields
    (French's "one" form may say "un vin" where English says "{count} wine")."""
    english = [placeholders(text) for text in _strings(message.id)]
    allowed = set().union(*english)
    for index, translated in enumerate(translations):
        try:
            fields = placeholders(translated)
        except ValueError:
            yield Problem(code, _strings(message.id)[0], "unbalanced braces")
            continue
        general = index == len(translations) - 1
        if (fields != english[-1] if general else not fields <= allowed) or not fields <= allowed:
            yield Problem(code, _strings(message.id)[0], f"placeholders {sorted(fields)}")


def stale(code: str, template: Catalog) -> Iterator[Problem]:
    """Messages of the code the catalog lacks, and a `.mo` that is not the `.po` compiled."""
    catalog = read(po_path(code), LANGUAGES[code][0])
    known = {message.id for message in catalog if message.id}
    for message in template:
        if message.id and message.id not in known:
            yield Problem(code, _strings(message.id)[0], "missing from the catalog")
    expected = io.BytesIO()
    write_mo(expected, catalog, use_fuzzy=False)
    if not mo_path(code).exists() or mo_path(code).read_bytes() != expected.getvalue():
        yield Problem(code, str(mo_path(code).relative_to(ROOT)), "not compiled from the .po")


def all_problems() -> Iterator[Problem]:
    """What `python -m i18n check` reports: the code against the template, then each catalog."""
    template = extract()
    written = {message.id for message in read(TEMPLATE) if message.id}
    for message in template:
        if message.id and message.id not in written:
            yield Problem("pot", _strings(message.id)[0], "missing from messages.pot")
    for code in TRANSLATED:
        yield from stale(code, template)
        yield from problems_in(code, read(po_path(code), LANGUAGES[code][0]))
