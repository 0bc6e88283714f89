"""Plotly figures for the pages; every axis with its unit, every word in the reader's language.

Titles, legends and hover texts go through `i18n._`; numbers on axes and in hover texts use
the reader's decimal sign through plotly's `separators`. Figures that are cached must be
keyed by the language as well (`ui.cache`)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from core.models import KINDS, Hyperparameter, get_kind
from core.network import EpochCurve
from core.regularisation import RegularisationPath
from core.runs import Run
from core.train import ValidationCurve
from i18n import N_, _, general, integer, p_, plotly_separators
from ui import palette
from ui.words import describe_spec, feature_label, feature_label_with_unit, hyperparameter_name

_JITTER_SEED = 0
# Plotly leaves 100 px above a figure for a title; ours have none (the page heads them).
MARGIN = {"t": 30, "b": 50}


def quality_axis() -> str:
    return _("Quality (score 0–10)")


def log_scale(title: str) -> str:
    return _("{axis} (log scale)", axis=title)


def now_text(value: float) -> str:
    return _("now: {value}", value=general(value))


def axis_label(key: str) -> str:
    return quality_axis() if key == "quality" else feature_label_with_unit(key)


def _words() -> dict:
    """What every figure's layout carries for the reader: the decimal sign and grouping."""
    return {"separators": plotly_separators()}


def quality_distribution(counts: pd.DataFrame) -> go.Figure:
    figure = px.bar(counts, x="quality", y="wines", text="wines")
    figure.update_traces(
        hovertemplate=_("Quality {quality}: {count} wines", quality="%{x}", count="%{y}")
        + "<extra></extra>",
        # above the bar, in the page's text colour: white inside a bar is dim on the dark
        # theme's lighter red
        textposition="outside",
        cliponaxis=False,
    )
    return figure.update_layout(
        margin=MARGIN, xaxis_title=quality_axis(), yaxis_title=_("Wines"), xaxis_dtick=1, **_words()
    )


def feature_by_quality(frame: pd.DataFrame, key: str, *, violin: bool) -> go.Figure:
    draw = px.violin if violin else px.box
    figure = draw(
        frame,
        x="quality",
        y=key,
        labels={"quality": _("Quality"), key: feature_label(key)},
    )  # no colour of its own: the theme's first chart colour, lighter on a dark background
    return figure.update_layout(
        margin=MARGIN,
        xaxis_title=quality_axis(),
        yaxis_title=axis_label(key),
        xaxis_dtick=1,
        **_words(),
    )


def correlation_heatmap(correlations: pd.DataFrame) -> go.Figure:
    labels = [feature_label(k) for k in correlations]
    figure = px.imshow(
        correlations.to_numpy(),
        x=labels,
        y=labels,
        zmin=-1,
        zmax=1,
        color_continuous_scale="RdBu_r",
        text_auto=".2f",
        aspect="auto",
    )
    figure.update_traces(
        hovertemplate=_("{row} and {column}: r = {r}", row="%{y}", column="%{x}", r="%{z:.2f}")
        + "<extra></extra>"
    )
    return figure.update_layout(
        margin=MARGIN, height=600, coloraxis_colorbar_title=_("Pearson r"), **_words()
    )


def feature_scatter(frame: pd.DataFrame, x: str, y: str) -> go.Figure:
    figure = px.scatter(
        frame,
        x=x,
        y=y,
        color="quality",
        opacity=0.6,
        color_continuous_scale="Viridis",
        labels={"quality": _("Quality"), x: feature_label(x), y: feature_label(y)},
    )
    return figure.update_layout(
        margin=MARGIN,
        xaxis_title=axis_label(x),
        yaxis_title=axis_label(y),
        coloraxis_colorbar_title=_("Quality"),
        **_words(),
    )


def predicted_vs_actual(y_true: np.ndarray, y_pred: np.ndarray) -> go.Figure:
    """Scores are whole numbers, so actual values are jittered a little to show the density."""
    jitter = np.random.default_rng(_JITTER_SEED).uniform(-0.2, 0.2, len(y_true))
    low, high = float(min(y_true.min(), y_pred.min())), float(max(y_true.max(), y_pred.max()))
    figure = go.Figure(
        [
            go.Scatter(
                x=y_true + jitter,
                y=y_pred,
                mode="markers",
                name=_("Test wines"),
                # its own colour: a kept figure can be built before Streamlit's theme template
                # is the default (it was plotly.js's blue then, dim on the dark theme)
                marker_color=palette.WINE,
                opacity=0.5,
                hovertemplate=_(
                    "Actual {actual}, predicted {predicted}",
                    actual="%{x:.0f}",
                    predicted="%{y:.2f}",
                )
                + "<extra></extra>",
            ),
            go.Scatter(
                x=[low, high],
                y=[low, high],
                mode="lines",
                name=_("Perfect prediction"),
                line={"dash": "dash", "color": "grey"},
                hoverinfo="skip",
            ),
        ]
    )
    return figure.update_layout(
        margin=MARGIN,
        xaxis_title=_("Actual quality (jittered)"),
        yaxis_title=_("Predicted quality"),
        **_words(),
    )


def residual_plot(y_pred: np.ndarray, residuals: np.ndarray) -> go.Figure:
    figure = go.Figure(
        go.Scatter(
            x=y_pred,
            y=residuals,
            mode="markers",
            marker_color=palette.WINE,
            opacity=0.5,
            hovertemplate=_(
                "Predicted {predicted}, actual − predicted {residual}",
                predicted="%{x:.2f}",
                residual="%{y:.2f}",
            )
            + "<extra></extra>",
        )
    )
    figure.add_hline(y=0, line_dash="dash", line_color="grey")
    return figure.update_layout(
        margin=MARGIN,
        xaxis_title=_("Predicted quality"),
        yaxis_title=_("Actual − predicted (quality points)"),
        **_words(),
    )


def feature_bars(values: dict[str, float], title: str, errors: Sequence[float] | None = None):
    """Horizontal bars per feature: signed values (coefficients) in the colours of what they
    do to the quality, as on Predict; an importance with its spread (`errors`) in one neutral
    colour, since its sign says nothing about quality."""
    labels = [feature_label(k) for k in values]
    colours = [
        palette.NEUTRAL if errors is not None else palette.sign_colour(v) for v in values.values()
    ]
    figure = go.Figure(
        go.Bar(
            x=list(values.values()),
            y=labels,
            orientation="h",
            error_x={"type": "data", "array": list(errors)} if errors is not None else None,
            marker_color=colours,
        )
    )
    return figure.update_layout(
        margin=MARGIN, xaxis_title=title, yaxis={"autorange": "reversed"}, height=420, **_words()
    )


def _now_line(value: float, low: float, high: float, text: str) -> dict:
    """The current setting as a dotted vertical trace: a trace sits on its value on a log axis
    too (a shape or an annotation there takes log10 coordinates, and drifts off)."""
    return {
        "type": "scatter",
        "x": [value, value],
        "y": [low, high],
        "mode": "lines+text",
        "line": {"dash": "dot", "color": palette.GUIDE_LINE, "width": 1.5},
        "text": [None, text],
        "textposition": "top right",
        "hoverinfo": "skip",
        "showlegend": False,
    }


def _span(*series: Sequence[float]) -> tuple[float, float]:
    values = [v for s in series for v in s]
    low, high = min(values), max(values)
    pad = 0.05 * (high - low or 1.0)
    return low - pad, high + pad


def validation_curve_chart(
    curve: ValidationCurve, current: float, *, log: bool, axis_title: str, folds: int = 5
) -> go.Figure:
    low, high = _span(curve.train_rmse, curve.cv_rmse)
    figure = go.Figure(
        [
            go.Scatter(
                x=curve.values,
                y=curve.train_rmse,
                mode="lines+markers",
                name=p_("chart legend", "Train"),
            ),
            go.Scatter(
                x=curve.values,
                y=curve.cv_rmse,
                mode="lines+markers",
                name=_("Cross-validated ({folds} folds)", folds=folds),
                error_y={"type": "data", "array": list(curve.cv_rmse_std)},
            ),
            go.Scatter(_now_line(current, low, high, now_text(current))),
        ]
    )
    return figure.update_layout(
        margin=MARGIN,
        xaxis_title=log_scale(axis_title) if log else axis_title,
        xaxis_type="log" if log else "linear",
        yaxis_title=_("RMSE (quality points)"),
        legend=_LEGEND_ABOVE,
        **_words(),
    )


# Above the plot, where it never meets the x-axis title (plotly grows the margin to fit it).
_LEGEND_ABOVE = {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0}
# Charts whose legend sits on top hide plotly's tool bar, which would cover it.
QUIET = {"displayModeBar": False}
# One colour per feature on the regularisation path, kept whatever alpha is shown.
FEATURE_COLOURS = palette.FEATURE_SERIES
# The error against alpha: test, cross-validated, and always predicting the mean.
ERROR_COLOURS = {"test": palette.WINE, "cv": palette.SECOND, "baseline": palette.BASELINE}


def regularisation_path_spec(path: RegularisationPath, current: float, axis_title: str) -> dict:
    """Each standardised coefficient against alpha (log axis), labelled at its left end, with
    the current alpha as a dotted line. Only the line moves with alpha."""
    low, high = _span(*path.coefficients.values())
    traces = [
        {
            "type": "scatter",
            "x": list(path.alphas),
            "y": list(values),
            "mode": "lines",
            "name": feature_label(key),
            "line": {"color": colour, "width": 2},
            "hovertemplate": _(
                "{feature}: {value} at alpha {alpha}",
                feature=feature_label(key),
                value="%{y:.3f}",
                alpha="%{x:.3g}",
            )
            + "<extra></extra>",
        }
        for (key, values), colour in zip(path.coefficients.items(), FEATURE_COLOURS, strict=True)
    ]
    traces.append(_now_line(current, low, high, now_text(current)))
    layout = {
        "margin": {"t": 30, "b": 50, "r": 10},
        "height": 560,
        "xaxis": {"title": {"text": log_scale(axis_title)}, "type": "log"},
        "yaxis": {"title": {"text": _("Standardised coefficient (per SD)")}},
        "legend": _LEGEND_ABOVE | {"font": {"size": 11}},
        **_words(),
    }
    return {"data": traces, "layout": layout}


def alpha_error_spec(
    path: RegularisationPath, current: float, now_rmse: tuple[float, float], axis_title: str
) -> dict:
    """Test and CV RMSE against alpha, the always-the-mean baseline, and this model's two
    errors marked at its alpha."""
    low, high = _span(path.test_rmse, path.cv_rmse, [path.baseline_rmse], now_rmse)
    alphas = list(path.alphas)
    line = {"type": "scatter", "x": alphas, "mode": "lines"}
    traces = [
        line
        | {
            "y": list(path.test_rmse),
            "name": p_("chart legend", "Test"),
            "line": {"color": palette.WINE},
        },
        line
        | {
            "y": list(path.cv_rmse),
            "name": _("Cross-validated"),
            "line": {"color": palette.SECOND},
        },
        line
        | {
            "x": [alphas[0], alphas[-1]],
            "y": [path.baseline_rmse] * 2,
            "name": _("Always the mean"),
            "line": {"color": "grey", "dash": "dash"},
        },
        _now_line(current, low, high, now_text(current)),
        {
            "type": "scatter",
            "x": [current, current],
            "y": list(now_rmse),
            "mode": "markers",
            "marker": {"color": [palette.WINE, palette.SECOND], "size": 11, "symbol": "circle"},
            "name": _("This model"),
            "hovertemplate": _("This model: {rmse}", rmse="%{y:.3f}") + "<extra></extra>",
        },
    ]
    layout = {
        "margin": {"t": 30, "b": 50, "r": 10},
        "height": 560,
        "xaxis": {"title": {"text": log_scale(axis_title)}, "type": "log"},
        "yaxis": {"title": {"text": _("RMSE (quality points)")}, "tickformat": ".3f"},
        "legend": _LEGEND_ABOVE,
        **_words(),
    }
    return {"data": traces, "layout": layout}


def _prevalidated(spec: dict) -> go.Figure:
    """A figure from a spec the tests validate, for charts redrawn on every rerun.

    plotly's validation took 4 of a Predict rerun's 29 ms, for specs whose shape never changes.
    """
    return go.Figure(spec, _validate=False)


def history_chart(history: Sequence[Run]) -> go.Figure:
    """Test RMSE per run; the axis fits the runs, as their differences are often tiny.

    Redrawn on every rerun of the Train page (plotly express took 50 ms for three points,
    validated graph objects 7 ms).
    """
    return _prevalidated(history_spec(history))


def _varied_parameter(history: Sequence[Run]) -> Hyperparameter | None:
    """The one hyperparameter the runs differ in, when all else (kind, wine, split) is equal."""
    specs = [run.spec for run in history]
    first = specs[0]
    if any(
        (s.kind, s.wine, s.test_size, s.seed)
        != (first.kind, first.wine, first.test_size, first.seed)
        for s in specs
    ):
        return None  # fmt: skip
    varied = [
        name for name in first.hyperparameters if len({s.hyperparameters[name] for s in specs}) > 1
    ]
    numeric = {h.name for h in get_kind(first.kind).hyperparameters}
    if len(varied) != 1 or varied[0] not in numeric:
        return None  # a choice (a network's activation) is drawn as labelled categories
    return get_kind(first.kind).hyperparameter(varied[0])


def history_spec(history: Sequence[Run]) -> dict:
    """The run history chart as the plain dict plotly.js reads (checked in the tests).

    Runs of one kind that differ in one hyperparameter are drawn against it (sorted, on its
    own scale); otherwise each run is a labelled category in the order of the runs.
    """
    parameter = _varied_parameter(history)
    name = hyperparameter_name(parameter) if parameter is not None else ""
    rmse = [run.summary["test_metrics"]["rmse"] for run in history]
    labels = [describe_spec(run.spec) for run in history]
    if parameter is not None:
        x = [run.spec.hyperparameters[parameter.name] for run in history]
        order = sorted(range(len(x)), key=x.__getitem__)
        x, rmse, labels = ([seq[i] for i in order] for seq in (x, rmse, labels))
        xaxis = {
            "title": {"text": log_scale(name) if parameter.log else name},
            "type": "log" if parameter.log else "linear",
        } | ({"dtick": 1} if parameter.log else {})
    else:
        x = [f"{index}. {label}" for index, label in enumerate(labels, start=1)]
        xaxis = {"title": {"text": _("Run")}, "type": "category", "tickangle": -20}
    runs = {
        "type": "scatter",
        "x": x,
        "y": rmse,
        "mode": "lines+markers" if parameter is not None else "markers",
        "customdata": [[label] for label in labels],
        "hovertemplate": "%{customdata[0]}<br>"
        + _("Test RMSE {rmse}", rmse="%{y:.3f}")
        + "<extra></extra>",
    }
    layout = {
        "margin": MARGIN,
        "height": 300,
        "xaxis": xaxis,
        "yaxis": {"title": {"text": _("Test RMSE (quality points)")}} | _thousandths(rmse),
        **_words(),
    }
    return {"data": [runs], "layout": layout}


def _thousandths(values: Sequence[float]) -> dict:
    """A y axis shown to three decimals: at least 0.004 tall and ticked every 0.001 when the
    values are that close, so no two ticks read the same."""
    low, high = min(values), max(values)
    if high - low >= 0.01:
        return {"tickformat": ".3f"}
    middle, half = (low + high) / 2, max(high - low, 0.004) / 2 + 0.0005
    return {"tickformat": ".3f", "dtick": 0.001, "range": [middle - half, middle + half]}


HISTORY_COLUMNS = {
    N_("Model"): N_("The kind and its settings"),
    N_("Test RMSE"): N_("Root mean squared error on the held-out wines (quality points)"),
    N_("Test MAE"): N_("Mean absolute error on the held-out wines (quality points)"),
    N_("Test R²"): N_("Share of the variance of quality the model explains"),
    N_("CV RMSE"): N_("Cross-validated RMSE on the training part (quality points)"),
    N_("Training time (s)"): N_("Fit, cross-validation and interval, in seconds"),
}
# The history table's other headers, translated where it is shown.
HISTORY_HEADERS = (N_("Run"), N_("Wine"), N_("Held-out share"), N_("Split seed"), N_("At"))


def history_frame(history: Sequence[Run]) -> pd.DataFrame:
    """The runs as a table for people: readable column names, applied here only."""
    return pd.DataFrame(
        [
            {
                "Run": index,
                "Model": describe_spec(run.spec),
                "Wine": run.spec.wine.capitalize(),
                "Test RMSE": run.summary["test_metrics"]["rmse"],
                "Test MAE": run.summary["test_metrics"]["mae"],
                "Test R²": run.summary["test_metrics"]["r2"],
                "CV RMSE": run.summary["cv_rmse"]["mean"],
                "Training time (s)": run.summary["train_seconds"],
                "Held-out share": run.spec.test_size,
                "Split seed": run.spec.seed,
                "At": run.at_clock,
            }
            for index, run in enumerate(history, start=1)
        ]
    )


# One colour per method on the REC chart, whatever else is shown (plotly's default cycle
# gives a curve the next free colour, so adding one recoloured the others).
_METHOD_PALETTE = palette.METHOD_SERIES
# The paper's points: marked for translation here, drawn in the palette's two paper colours.
PAPER_COLOURS = dict(
    zip((N_("Multiple regression (paper)"), N_("SVM (paper)")), palette.PAPER_POINTS, strict=True)
)


def method_colour(label: str) -> str:
    """The colour of a method: each kind's by its place in `KINDS`, or a paper's points'."""
    labels = [kind.label for kind in KINDS.values()]
    if label in labels:
        return _METHOD_PALETTE[labels.index(label) % len(_METHOD_PALETTE)]
    return PAPER_COLOURS.get(label, palette.NEUTRAL)


_DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
_SYMBOLS = ("circle", "square", "triangle-up", "x", "star", "cross", "triangle-down", "pentagon")


def rec_chart(
    tolerances: Sequence[float],
    curves: dict[str, Sequence[float]],
    published: dict[str, dict[float, float | None]],
    *,
    own: str | None = None,
) -> go.Figure:
    """REC curves (accuracy within T against T), with the paper's quoted points as markers.

    The legend sits inside the plot's empty lower right (every curve is near 100% there), so
    it never meets the axis titles, on a phone or a desktop. `own` is the user's model's
    curve, drawn thicker and named "Your model" in the legend.
    """
    figure = go.Figure()
    for index, (name, values) in enumerate(curves.items()):
        mine = name == own
        # Curves that coincide (Ridge under linear regression) stay apart by dash and marker.
        figure.add_scatter(
            x=list(tolerances),
            y=list(values),
            mode="lines+markers",
            name=_("Your model") if mine else _(name),
            line={
                "color": palette.OWN if mine else method_colour(name),
                "width": 4 if mine else 2,
                "dash": "solid" if mine else _DASHES[index % len(_DASHES)],
            },
            marker={"symbol": _SYMBOLS[index % len(_SYMBOLS)], "size": 7, "maxdisplayed": 12},
            hovertemplate=_(
                "{method}<br>{share} within {tolerance}",
                method=_(name),
                share="%{y:.1%}",
                tolerance="%{x}",
            )
            + "<extra></extra>",
        )
    for name, points in published.items():
        quoted = {t: a for t, a in points.items() if a is not None}
        figure.add_scatter(
            x=list(quoted),
            y=list(quoted.values()),
            mode="markers",
            name=_(name),
            marker={
                "symbol": "diamond",
                "size": 11,
                "color": method_colour(name),
                "line": {"width": 1, "color": "black"},
            },
        )
    return figure.update_layout(
        margin=MARGIN,
        height=460,
        xaxis_title=_("Tolerance T (quality points)"),
        yaxis={"title": _("Wines predicted within T"), "tickformat": ".0%", "range": [0, 1.02]},
        **_words(),
        legend={
            "x": 0.99,
            "y": 0.03,
            "xanchor": "right",
            "yanchor": "bottom",
            # A grey veil, not white: the text follows the viewer's light or dark theme.
            "bgcolor": "rgba(128,128,128,0.15)",
            "bordercolor": "rgba(128,128,128,0.5)",
            "borderwidth": 1,
            "font": {"size": 11},
        },
    )


def epoch_chart(curve: EpochCurve) -> go.Figure:
    """Training loss (left axis) and validation R² (right axis) epoch by epoch, on an x axis
    fixed to the most epochs allowed so the live chart does not rescale; the kept epoch and an
    early stop marked."""
    epochs = list(range(1, curve.epochs + 1))
    traces = [
        go.Scatter(x=epochs, y=list(curve.loss), mode="lines", name=_("Training loss")),
    ]
    if curve.validation:
        traces.append(
            go.Scatter(
                x=epochs[: len(curve.validation)],
                y=list(curve.validation),
                mode="lines",
                line={"dash": "dash"},
                name=_("Validation score (R²)"),
                yaxis="y2",
            )
        )
    figure = go.Figure(traces)
    best = curve.best_epoch
    if curve.done and best is not None:
        figure.add_vline(
            x=best,
            line_dash="dot",
            annotation_text=_("kept: epoch {epoch}", epoch=integer(best)),
            annotation_position="top left",
        )
    if curve.stopped_early:
        figure.add_vline(
            x=curve.epochs,
            line_color="#8e1b3a",
            annotation_text=_("early stop: epoch {epoch}", epoch=integer(curve.epochs)),
            annotation_position="bottom left",
        )
    return figure.update_layout(
        margin=MARGIN,
        height=320,
        xaxis={"title": _("Epoch"), "range": [0, curve.max_epochs + 1]},
        yaxis={"title": _("Training loss (half the squared error, log scale)"), "type": "log"},
        yaxis2={
            "title": _("Validation R²"),
            "overlaying": "y",
            "side": "right",
            "range": [-1, 1],
            "showgrid": False,
        },
        legend=_LEGEND_ABOVE,
    )
