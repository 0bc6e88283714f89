"""The mark for English text `core` declares for people (feature names, units, kinds).

`N_("Fixed acidity")` returns its argument unchanged; Babel's extractor (`python -m i18n
update`) finds every `N_` call and puts the sentence in the catalogs, and the page layer shows
it through `i18n._`. `core` keeps its own copy of gettext's one-line marker rather than
importing `i18n`, so `pip install .` (the engine and its CLI, which stay English) needs
neither the `i18n` package nor Babel.
"""

from __future__ import annotations

from dataclasses import dataclass


def N_(message: str, /) -> str:  # noqa: N802 (gettext's own name for "mark only")
    """Mark `message` for extraction; it stays English here."""
    return message


class Message(str):
    """A sentence for people that `core` hands out: English as a string (CLI, API, logs and
    tests read it as one), with its template and values kept, so the page layer can say it in
    the reader's language (`i18n.say`).

    `Message(N_("{name} = {value} is out of range"), name=label, value=3.5)`: a value that
    is itself a `Message` is translated too (a feature's name); numbers (plain, or a `Number`
    saying how many decimals) are written the English way here and the reader's way by
    `i18n.say`; a tuple is a list ('a, b' here, 'a et b' in French); other values stay as
    they are.
    """

    template: str
    values: dict[str, object]

    def __new__(cls, template: str, /, **values: object) -> Message:
        english = template.format(**{name: _english(value) for name, value in values.items()})
        message = super().__new__(cls, english)
        message.template = template
        message.values = values
        return message

    def __reduce__(self) -> tuple:
        return (_rebuild, (self.template, self.values))


def _rebuild(template: str, values: dict[str, object]) -> Message:
    return Message(template, **values)


def _english(value: object) -> str:
    if isinstance(value, tuple):
        return ", ".join(_english(item) for item in value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return f"{value:g}" if isinstance(value, float) else str(value)


@dataclass(frozen=True)
class Number:
    """A number inside a `Message`, with how to write it: `decimals` fixed (else as `{:g}`
    writes it), `percent` for a share of one ('59%'), `signed` for a change ('+0.12')."""

    value: float
    decimals: int | None = None
    percent: bool = False
    signed: bool = False

    def __str__(self) -> str:
        if self.percent:
            return f"{self.value:.{self.decimals or 0}%}"
        if self.decimals is None:
            return f"{self.value:g}"
        text = f"{abs(self.value) if self.signed else self.value:,.{self.decimals}f}"
        if self.signed and float(text.replace(",", "")) != 0:
            return ("+" if self.value > 0 else "−") + text
        return text
