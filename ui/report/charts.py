"""The report's charts as inline SVG, drawn on the server by matplotlib's SVG backend.

Text stays text (`svg.fonttype: none`): the reader's browser draws it in its own fonts, so
every language's letters show, the file stays small and a PDF made from it can be searched.
matplotlib's `Figure` is used directly (no pyplot): no global state, safe across sessions.
The margins are set from the labels' lengths rather than by a layout engine: constrained
layout measures every text by drawing the figure once more, which was half the report's time.
"""

from __future__ import annotations

import io
import re
import unicodedata
import warnings
from collections.abc import Sequence

import matplotlib as mpl
from matplotlib.figure import Figure

from ui.palette import ADDS, NEUTRAL, TAKES_AWAY, TEXT

FONT_POINTS = 9
_STYLE = {
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.size": FONT_POINTS,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": NEUTRAL,
    "text.color": TEXT,
    "axes.labelcolor": TEXT,
    "xtick.color": TEXT,
    "ytick.color": TEXT,
    "svg.hashsalt": "wine-quality-lab",  # the same chart gives the same bytes
}
WIDTH_INCHES = 6.3


def _text_inches(text: str) -> float:
    """About how wide a label is drawn at the charts' font size: a wide (CJK) letter is one
    em, any other about 0.6 em (a sans-serif font's average, generous for narrow letters)."""
    ems = sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.6 for c in text)
    return ems * FONT_POINTS / 72


def _margins(figure: Figure, labels: Sequence[str], *, bottom: float) -> None:
    """Room on the left for the longest label, `bottom` inches below the axes, a little on
    top and on the right."""
    width, height = figure.get_size_inches()
    left = max((_text_inches(label) for label in labels), default=0.0) + 0.2
    figure.subplots_adjust(
        left=min(left / width, 0.6), right=1 - 0.15 / width, bottom=bottom / height,
        top=1 - 0.1 / height,
    )  # fmt: skip


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    with warnings.catch_warnings():
        # Chinese letters are not in matplotlib's own font; the reader's browser draws them
        # (text stays text), so the warning says nothing about what the reader sees.
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    text = text[text.index("<svg") :]  # inline: no XML prolog or doctype
    # matplotlib's RDF block names its website: nothing in the report points outside.
    return re.sub(r"\s*<metadata>.*?</metadata>", "", text, flags=re.DOTALL)


def signed_bars(labels: Sequence[str], values: Sequence[float], axis_label: str) -> str:
    """Horizontal bars, largest at the top, coloured by sign (adds / takes away)."""
    with mpl.rc_context(_STYLE):
        figure = Figure(figsize=(WIDTH_INCHES, 0.24 * len(values) + 0.7))
        _margins(figure, labels, bottom=0.45)
        axes = figure.subplots()
        rows = range(len(values))[::-1]
        colours = [ADDS if value >= 0 else TAKES_AWAY for value in values]
        axes.barh(list(rows), list(values), color=colours, height=0.65)
        axes.set_yticks(list(rows), list(labels))
        axes.axvline(0, color=NEUTRAL, linewidth=0.8)
        axes.set_xlabel(axis_label)
        return _svg(figure)


def share_bars(
    groups: Sequence[str], series: dict[str, Sequence[float]], labels: dict[str, Sequence[str]]
) -> str:
    """Shares (0–1) as grouped horizontal bars, each labelled with its formatted value: one
    group per question, one bar per source (this model, the average guess, the paper)."""
    palette = [ADDS, NEUTRAL, TAKES_AWAY, "#6a1b9a"]
    with mpl.rc_context(_STYLE):
        figure = Figure(figsize=(WIDTH_INCHES, 0.3 * len(groups) * len(series) + 0.8))
        _margins(figure, groups, bottom=0.4)
        axes = figure.subplots()
        height = 0.8 / len(series)
        for index, (name, values) in enumerate(series.items()):
            offsets = [g + (len(series) - 1 - index) * height for g in range(len(groups))[::-1]]
            bars = axes.barh(offsets, values, height=height * 0.9, label=name, color=palette[index])
            axes.bar_label(bars, labels=list(labels[name]), padding=2)
        middle = (len(series) - 1) * height / 2
        axes.set_yticks([g + middle for g in range(len(groups))[::-1]], list(groups))
        axes.set_xlim(0, 1.12)
        axes.set_xticks([])
        axes.spines["bottom"].set_visible(False)
        figure.legend(loc="lower center", ncol=len(series), frameon=False)
        return _svg(figure)
