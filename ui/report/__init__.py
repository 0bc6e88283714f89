"""The downloadable report: `core.report`'s data in the reader's words, as one HTML file.

The file is self-contained: the template (`report.html`, with its screen and print CSS) is
filled here, each sentence through `i18n._`, each number through the reader's number format
and wrapped in `<data value="…">` (the exact number, for a program or a test to read), the
charts inline SVG from `ui.report.charts`. It opens offline and needs no script. Free of
Streamlit, so the benchmark and tests render it directly.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

import i18n
from core.features import FEATURES, FEATURES_BY_KEY, TARGET
from core.report import Code, Link, Message, ModelReport, Number, Section, Term, Value, WineReport
from i18n import _
from ui import palette
from ui.report import charts

TEMPLATE = Path(__file__).with_name("report.html")


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE.parent),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def number(value: Number) -> Markup:
    """A number in the reader's format, inside `<data>` holding the exact value."""
    shown = {
        "decimal": lambda: i18n.decimal(value.value, value.places),
        "signed": lambda: i18n.signed(value.value, value.places),
        "percent": lambda: i18n.percent(value.value, value.places),
        "integer": lambda: i18n.integer(int(value.value)),
        "in_ten": lambda: i18n.integer(round(value.value * 10)),
    }[value.style]()
    return Markup('<data value="{}" data-key="{}">{}</data>').format(
        repr(float(value.value)), value.key, shown
    )


def _value(value: Value, app_url: str | None) -> Markup:
    if isinstance(value, Number):
        return number(value)
    if isinstance(value, Term):
        return escape(_(value.text))
    if isinstance(value, Code):
        return Markup("<code>{}</code>").format(value.text)
    if isinstance(value, Link):
        if value.href.startswith("?"):
            if app_url is None:  # no address to link to: the query, to paste after the app's
                return Markup("<code>{}</code>").format(value.text)
            href = app_url.rstrip("/") + "/" + value.href
            return Markup('<a href="{}">{}</a>').format(href, href)
        return Markup('<a href="{}">{}</a>').format(value.href, value.text)
    return escape(str(value))


def sentence(message: Message, app_url: str | None = None) -> Markup:
    """A message in the reader's language, its values filled in as safe HTML."""
    values = {name: _value(value, app_url) for name, value in message.values.items()}
    translated = escape(_(message.text))
    return translated.format(**values) if values else translated


def _section(section: Section, chart: Markup | None, table: dict | None, app_url: str | None):
    return {
        "key": section.key,
        "title": sentence(section.title),
        "paragraphs": [sentence(m, app_url) for m in section.paragraphs],
        "chart": chart,
        "table": table,
        "details": [sentence(m, app_url) for m in section.details],
    }


def _label(key: str) -> str:
    return _(FEATURES_BY_KEY[key].label)


def _accuracy_chart(report: ModelReport) -> Markup:
    facts, paper = report.accuracy, report.benchmark
    series = {
        _("This model"): [facts.exact, facts.within_one],
        _("Always guessing the average"): [facts.baseline_exact, facts.baseline_within_one],
    }
    if paper is not None and paper.paper_regression_exact is not None:
        series[_("The paper's linear model")] = [
            paper.paper_regression_exact,
            paper.paper_regression_within_one or 0.0,
        ]
    labels = {name: [i18n.percent(v) for v in values] for name, values in series.items()}
    return Markup(charts.share_bars([_("Exact grade"), _("Within one grade")], series, labels))


def _drivers_chart(report: ModelReport) -> Markup:
    drivers = report.drivers
    if report.driver_method == "coefficient":
        values = [d.weight for d in drivers]
        axis = _("Change in predicted grade for one standard deviation more")
    else:  # importance has no sign: the bar's side says which way more of it moves the grade
        values = [d.weight if d.effect >= 0 else -d.weight for d in drivers]
        axis = _("Importance (rise in RMSE when shuffled), on the side of its direction")
    return Markup(charts.signed_bars([_label(d.key) for d in drivers], values, axis))


def _legend() -> dict:
    """The signed bars' two colours, from the palette the charts draw them in (drawn as SVG
    squares: a browser leaves CSS backgrounds out when printing)."""
    return {
        "adds": _("raises the predicted grade"),
        "takes_away": _("lowers it"),
        "adds_colour": palette.ADDS,
        "takes_away_colour": palette.TAKES_AWAY,
    }


def _model_sections(report: ModelReport, app_url: str | None) -> list[dict]:
    drawn = {"accuracy": _accuracy_chart, "drivers": _drivers_chart}
    return [
        _section(s, drawn[s.chart](report) if s.chart in drawn else None, None, app_url)
        for s in report.sections
    ]


def _header(report: ModelReport) -> dict:
    settings = ", ".join(f"{_(label)} {value}" for label, value in report.settings)
    return {
        "wine": _(report.wine),
        "kind": _(report.kind_label),
        "settings": settings or _("no settings"),
        "model_id": report.model_id,
        "made": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def render_model_report(report: ModelReport, *, app_url: str | None = None) -> str:
    """The model report as one HTML page, in the active language."""
    header = _header(report)
    return (
        _environment()
        .get_template(TEMPLATE.name)
        .render(
            language=i18n.current_language(),
            title=_(
                "Wine quality model: {kind}, {wine} wines", kind=header["kind"], wine=header["wine"]
            ),
            header=header,
            labels=_labels(),
            legend=_legend(),
            wine_sections=[],
            model_sections=_model_sections(report, app_url),
        )
    )


def render_wine_report(report: WineReport, *, app_url: str | None = None) -> str:
    """The report of one wine, then its model's report, as one HTML page."""
    header = _header(report.model)
    return (
        _environment()
        .get_template(TEMPLATE.name)
        .render(
            language=i18n.current_language(),
            title=_("A {wine} wine scored by {kind}", kind=header["kind"], wine=header["wine"]),
            header=header,
            labels=_labels(),
            legend=_legend(),
            wine_sections=_wine_sections(report, app_url),
            model_sections=_model_sections(report.model, app_url),
        )
    )


def _labels() -> dict:
    return {
        "model": _("Model"),
        "settings": _("Settings"),
        "model_id": _("Model id"),
        "made": _("Made"),
        "details": _("Details"),
        "about_model": _("About the model"),
        "footer": _(
            "Made by Wine Quality Lab. Numbers from the app's engine; the grades are the "
            "tasters', the predictions the model's."
        ),
    }


def _wine_sections(report: WineReport, app_url: str | None) -> list[dict]:
    made = {
        "contributions": lambda: Markup(_contributions_chart(report)),
        "similar": lambda: None,
        "better": lambda: None,
    }
    tables = {"similar": _similar_table(report)}
    if report.better is not None and report.better.changes:
        tables["better"] = _better_table(report)
    return [
        _section(s, made[s.chart]() if s.chart in made else None, tables.get(s.key), app_url)
        for s in report.sections
    ]


def _better_table(report: WineReport) -> dict:
    """Each measurement the smallest change moves: this wine's value, then the changed one."""
    head = [_("Measurement"), _("This wine"), _("Changed")]
    rows = [
        [_(FEATURES_BY_KEY[d.key].label), _measurement(d.this), _measurement(d.other)]
        for d in report.better.changes
    ]
    return {"head": head, "rows": rows}


def _contributions_chart(report: WineReport) -> str:
    ranked = sorted(report.contributions.parts.items(), key=lambda item: -abs(item[1]))
    return charts.signed_bars(
        [_label(key) for key, _value in ranked],
        [value for _key, value in ranked],
        _("Points this measurement adds to the predicted grade"),
    )


def _measurement(value: float) -> Markup:
    decimals = min(len(f"{value:g}".partition(".")[2]), 5)
    return Markup('<data value="{}">{}</data>').format(
        repr(float(value)), i18n.decimal(value, decimals)
    )


def _similar_table(report: WineReport) -> dict:
    """Measurements as rows; this wine, then each similar real wine, as columns."""
    similar = report.similar
    head = [_("Measurement"), _("This wine")]
    head += [_("Real wine no. {number}", number=i18n.integer(int(r))) for r in similar["row"]]
    grade_row = [_("Grade (0–10)"), Markup("–")]
    grade_row += [
        number(Number(f"similar_grade_{i}", int(g), "integer"))
        for i, g in enumerate(similar[TARGET])
    ]
    distance_row = [_("Distance"), number(Number("own_distance", 0.0))]
    distance_row += [
        number(Number(f"similar_distance_{i}", float(d))) for i, d in enumerate(similar["distance"])
    ]
    rows = [grade_row, distance_row]
    for feature in FEATURES:
        label = _(feature.label) + (f" ({feature.unit})" if feature.unit else "")
        values = [report.wine[feature.key], *similar[feature.key]]
        rows.append([label, *(_measurement(float(v)) for v in values)])
    return {"head": head, "rows": rows}
