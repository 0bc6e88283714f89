"""The one translation function, and numbers written the reader's way.

`_("{share} of the wines got exactly their grade", share=percent(0.59))` looks the English
sentence up in the active language's gettext catalog (`locales/<lang>/LC_MESSAGES/`) and
fills its named placeholders; a message with no translation stays English. The active
language lives in a context variable: the page layer sets it at the start of every script
run (from the link, the sidebar or the browser), so `core`, the CLI and the HTTP API, which
never set it, stay English. Free of Streamlit, so anything may import it.
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from babel import Locale, lists, numbers
from babel.support import NullTranslations, Translations

LOCALES_DIR = Path(__file__).resolve().parents[1] / "locales"
DOMAIN = "messages"
DEFAULT_LANGUAGE = "en"
# Language code → (Babel locale for numbers, the language's own name for the selector).
LANGUAGES: dict[str, tuple[str, str]] = {
    "en": ("en_GB", "English"),
    "fr": ("fr_FR", "Français"),
    "zh": ("zh_Hans_CN", "中文（简体）"),
    "pt": ("pt_PT", "Português"),
}

_language: contextvars.ContextVar[str] = contextvars.ContextVar(
    "wine_lab_language", default=DEFAULT_LANGUAGE
)


def set_language(code: str) -> str:
    """Make `code` the active language of this context (an unknown code falls back to
    English); returns the code in force."""
    chosen = code if code in LANGUAGES else DEFAULT_LANGUAGE
    _language.set(chosen)
    return chosen


def current_language() -> str:
    return _language.get()


@contextmanager
def language(code: str) -> Iterator[str]:
    """Run a block in another language (tests, a report in the reader's language)."""
    token = _language.set(code if code in LANGUAGES else DEFAULT_LANGUAGE)
    try:
        yield _language.get()
    finally:
        _language.reset(token)


def best_language(accepted: str | None) -> str:
    """The supported language nearest a browser locale such as 'fr-CH' or 'zh-Hans-CN'."""
    if not accepted:
        return DEFAULT_LANGUAGE
    code = accepted.replace("_", "-").split("-")[0].lower()
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


@functools.cache
def _catalog(code: str) -> NullTranslations:
    """The compiled catalog of a language, read once per process."""
    if code == DEFAULT_LANGUAGE:
        return NullTranslations()
    return Translations.load(str(LOCALES_DIR), [code], DOMAIN)


def _(message: str, /, **values: object) -> str:
    """`message` in the active language, its `{named}` placeholders filled with `values`."""
    translated = _catalog(current_language()).gettext(message)
    return translated.format(**values) if values else translated


def p_(context: str, message: str, /, **values: object) -> str:
    """`message` where the same English word means something else elsewhere: "Train" on a
    chart's legend is the training set (Entraînement), on a button the verb (Entraîner)."""
    translated = _catalog(current_language()).pgettext(context, message)
    return translated.format(**values) if values else translated


def n_(singular: str, plural: str, count: int, /, **values: object) -> str:
    """A message whose words depend on a count (`{count}` is filled, formatted per locale)."""
    translated = _catalog(current_language()).ngettext(singular, plural, count)
    return translated.format(count=integer(count), **values)


def N_(message: str, /) -> str:  # noqa: N802 (gettext's own name for "mark only")
    """Mark a message for extraction where it is declared; translate it with `_` when shown."""
    return message


def babel_locale() -> Locale:
    return Locale.parse(LANGUAGES[current_language()][0])


def decimal(value: float, decimals: int = 2) -> str:
    """A number with a fixed count of decimals, in the reader's way ('5.57', '5,57')."""
    pattern = "0." + "0" * decimals if decimals > 0 else "0"
    return numbers.format_decimal(
        value, format=f"#,##{pattern}", locale=babel_locale(), decimal_quantization=True
    ).replace("-", "−")


def signed(value: float, decimals: int = 2) -> str:
    """A change with its sign always shown ('+0.12', '−0,12'); never '−0.00'."""
    text = decimal(abs(value), decimals)
    if float(f"{abs(value):.{decimals}f}") == 0:
        return text
    return ("+" if value > 0 else "−") + text


def integer(value: int) -> str:
    """A count with the locale's grouping ('1,599', '1 599')."""
    return numbers.format_decimal(int(value), locale=babel_locale())


def percent(share: float, decimals: int = 0) -> str:
    """A share of one as a percentage ('59%', '59 %')."""
    pattern = babel_locale().percent_formats[None].pattern
    if decimals > 0:
        last_zero = pattern.rindex("0")
        pattern = pattern[: last_zero + 1] + "." + "0" * decimals + pattern[last_zero + 1 :]
    return numbers.format_percent(
        share, format=pattern, locale=babel_locale(), decimal_quantization=True
    )


def general(value: float) -> str:
    """A setting's value as `{:g}` writes it, with the reader's decimal sign ('0.5', '0,5')."""
    text = f"{value:g}"
    if "e" in text:
        return text.replace("-", "−")
    symbol = numbers.get_decimal_symbol(babel_locale())
    return text.replace(".", symbol).replace("-", "−")


def say(message: str) -> str:
    """A sentence `core` handed out, in the active language.

    `core.messages.Message` keeps its English template and values: the template is looked
    up, numbers are written the reader's way and values that are messages themselves (a
    measurement's name) are said too. A plain string is looked up as it is (unchanged when the
    catalogs do not hold it).
    """
    template = getattr(message, "template", None)
    values = getattr(message, "values", None)
    if template is None or values is None:
        return _catalog(current_language()).gettext(str(message))
    return _(template, **{name: _value(value) for name, value in values.items()})


def say_error(error: BaseException) -> str:
    """An error `core` raised, said in the active language (its message, if it kept one)."""
    first = error.args[0] if error.args else None
    return say(first) if isinstance(first, str) and len(error.args) == 1 else str(error)


def _value(value: object) -> str:
    if isinstance(value, tuple):
        return lists.format_list([_value(item) for item in value], locale=babel_locale())
    if isinstance(value, bool):
        return str(value)
    if hasattr(value, "decimals") and hasattr(value, "value"):
        return _number(value)
    if isinstance(value, float):
        return general(value)
    if isinstance(value, int):
        return integer(value)
    if isinstance(value, str):
        return say(value) if hasattr(value, "template") else value
    return str(value)


def _number(number: object) -> str:
    """A `core.messages.Number` the reader's way."""
    value, decimals = float(number.value), number.decimals  # type: ignore[attr-defined]
    if number.percent:  # type: ignore[attr-defined]
        return percent(value, decimals or 0)
    if decimals is None:
        return general(value)
    return signed(value, decimals) if number.signed else decimal(value, decimals)  # type: ignore[attr-defined]


def plotly_separators() -> str:
    """Plotly's `layout.separators`: the decimal sign, then the grouping sign ('.,', ', ')."""
    locale = babel_locale()
    return numbers.get_decimal_symbol(locale) + numbers.get_group_symbol(locale)
