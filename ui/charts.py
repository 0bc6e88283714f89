"""Plotly figures for the pages; every axis with its unit."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from core.features import FEATURES_BY_KEY
from core.models import KINDS, Hyperparameter, get_kind
from core.regularisation import RegularisationPath
from core.runs import Run
from core.train import ValidationCurve

QUALITY_AXIS = "Quality (score 0–10)"
_JITTER_SEED = 0
# Plotly leaves 100 px above a figure for a title; ours have none (the page heads them).
MARGIN = {"t": 30, "b": 50}


def axis_label(key: str) -> str:
    return QUALITY_AXIS if key == "quality" else FEATURES_BY_KEY[key].label_with_unit


def quality_distribution(counts: pd.DataFrame) -> go.Figure:
    figure = px.bar(counts, x="quality", y="wines", text="wines")
    return figure.update_layout(
        margin=MARGIN, xaxis_title=QUALITY_AXIS, yaxis_title="Wines", xaxis_dtick=1
    )


def feature_by_quality(frame: pd.DataFrame, key: str, *, violin: bool) -> go.Figure:
    draw = px.violin if violin else px.box
    figure = draw(frame, x="quality", y=key, color_discrete_sequence=["#8e1b3a"])
    return figure.update_layout(
        margin=MARGIN, xaxis_title=QUALITY_AXIS, yaxis_title=axis_label(key)
    )


def correlation_heatmap(correlations: pd.DataFrame) -> go.Figure:
    labels = [FEATURES_BY_KEY[k].label if k in FEATURES_BY_KEY else "Quality" for k in correlations]
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
    return figure.update_layout(margin=MARGIN, height=600, coloraxis_colorbar_title="Pearson r")


def feature_scatter(frame: pd.DataFrame, x: str, y: str) -> go.Figure:
    figure = px.scatter(
        frame, x=x, y=y, color="quality", opacity=0.6, color_continuous_scale="Viridis"
    )
    return figure.update_layout(
        margin=MARGIN,
        xaxis_title=axis_label(x),
        yaxis_title=axis_label(y),
        coloraxis_colorbar_title="Quality",
    )


def predicted_vs_actual(y_true: np.ndarray, y_pred: np.ndarray) -> go.Figure:
    """Scores are whole numbers, so actual values are jittered a little to show the density."""
    jitter = np.random.default_rng(_JITTER_SEED).uniform(-0.2, 0.2, len(y_true))
    low, high = float(min(y_true.min(), y_pred.min())), float(max(y_true.max(), y_pred.max()))
    figure = go.Figure(
        [
            go.Scatter(x=y_true + jitter, y=y_pred, mode="markers", name="Test wines", opacity=0.5),
            go.Scatter(
                x=[low, high],
                y=[low, high],
                mode="lines",
                name="Perfect prediction",
                line={"dash": "dash", "color": "grey"},
            ),
        ]
    )
    return figure.update_layout(
        margin=MARGIN, xaxis_title="Actual quality (jittered)", yaxis_title="Predicted quality"
    )


def residual_plot(y_pred: np.ndarray, residuals: np.ndarray) -> go.Figure:
    figure = go.Figure(go.Scatter(x=y_pred, y=residuals, mode="markers", opacity=0.5))
    figure.add_hline(y=0, line_dash="dash", line_color="grey")
    return figure.update_layout(
        margin=MARGIN,
        xaxis_title="Predicted quality",
        yaxis_title="Actual − predicted (quality points)",
    )


def feature_bars(values: dict[str, float], title: str, errors: Sequence[float] | None = None):
    labels = [FEATURES_BY_KEY[k].label for k in values]
    figure = go.Figure(
        go.Bar(
            x=list(values.values()),
            y=labels,
            orientation="h",
            error_x={"type": "data", "array": list(errors)} if errors is not None else None,
            marker_color=["#8e1b3a" if v >= 0 else "#1b5e8e" for v in values.values()],
        )
    )
    return figure.update_layout(
        margin=MARGIN, xaxis_title=title, yaxis={"autorange": "reversed"}, height=420
    )


def _now_line(value: float, low: float, high: float, text: str) -> dict:
    """The current setting as a dotted vertical trace: a trace sits on its value on a log axis
    too (a shape or an annotation there takes log10 coordinates, and drifts off)."""
    return {
        "type": "scatter",
        "x": [value, value],
        "y": [low, high],
        "mode": "lines+text",
        "line": {"dash": "dot", "color": "#444", "width": 1.5},
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
            go.Scatter(x=curve.values, y=curve.train_rmse, mode="lines+markers", name="Train"),
            go.Scatter(
                x=curve.values,
                y=curve.cv_rmse,
                mode="lines+markers",
                name=f"Cross-validated ({folds} folds)",
                error_y={"type": "data", "array": list(curve.cv_rmse_std)},
            ),
            go.Scatter(_now_line(current, low, high, f"now: {current:g}")),
        ]
    )
    return figure.update_layout(
        margin=MARGIN,
        xaxis_title=axis_title + (" (log scale)" if log else ""),
        xaxis_type="log" if log else "linear",
        yaxis_title="RMSE (quality points)",
        legend=_LEGEND_ABOVE,
    )


# Above the plot, where it never meets the x-axis title (plotly grows the margin to fit it).
_LEGEND_ABOVE = {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0}
# Charts whose legend sits on top hide plotly's tool bar, which would cover it.
QUIET = {"displayModeBar": False}
# One colour per feature on the regularisation path, kept whatever alpha is shown.
_FEATURE_COLOURS = (
    "#8e1b3a", "#1b5e8e", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f",
    "#c62828", "#5d4037", "#9e9d24", "#ad1457", "#37474f",
)  # fmt: skip


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
            "name": FEATURES_BY_KEY[key].label,
            "line": {"color": colour, "width": 2},
            "hovertemplate": f"{FEATURES_BY_KEY[key].label}: %{{y:.3f}} at alpha %{{x:.3g}}"
            "<extra></extra>",
        }
        for (key, values), colour in zip(path.coefficients.items(), _FEATURE_COLOURS, strict=True)
    ]
    traces.append(_now_line(current, low, high, f"now: {current:g}"))
    layout = {
        "margin": {"t": 30, "b": 50, "r": 10},
        "height": 560,
        "xaxis": {"title": {"text": f"{axis_title} (log scale)"}, "type": "log"},
        "yaxis": {"title": {"text": "Standardised coefficient (per SD)"}},
        "legend": _LEGEND_ABOVE | {"font": {"size": 11}},
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
        line | {"y": list(path.test_rmse), "name": "Test", "line": {"color": "#8e1b3a"}},
        line | {"y": list(path.cv_rmse), "name": "Cross-validated", "line": {"color": "#1b5e8e"}},
        line
        | {
            "x": [alphas[0], alphas[-1]],
            "y": [path.baseline_rmse] * 2,
            "name": "Always the mean",
            "line": {"color": "grey", "dash": "dash"},
        },
        _now_line(current, low, high, f"now: {current:g}"),
        {
            "type": "scatter",
            "x": [current, current],
            "y": list(now_rmse),
            "mode": "markers",
            "marker": {"color": ["#8e1b3a", "#1b5e8e"], "size": 11, "symbol": "circle"},
            "name": "This model",
            "hovertemplate": "This model: %{y:.3f}<extra></extra>",
        },
    ]
    layout = {
        "margin": {"t": 30, "b": 50, "r": 10},
        "height": 560,
        "xaxis": {"title": {"text": f"{axis_title} (log scale)"}, "type": "log"},
        "yaxis": {"title": {"text": "RMSE (quality points)"}, "tickformat": ".3f"},
        "legend": _LEGEND_ABOVE,
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
    return get_kind(first.kind).hyperparameter(varied[0]) if len(varied) == 1 else None


def history_spec(history: Sequence[Run]) -> dict:
    """The run history chart as the plain dict plotly.js reads (checked in the tests).

    Runs of one kind that differ in one hyperparameter are drawn against it (sorted, on its
    own scale); otherwise each run is a labelled category in the order of the runs.
    """
    parameter = _varied_parameter(history)
    rmse = [run.summary["test_metrics"]["rmse"] for run in history]
    labels = [run.spec.describe() for run in history]
    if parameter is not None:
        x = [run.spec.hyperparameters[parameter.name] for run in history]
        order = sorted(range(len(x)), key=x.__getitem__)
        x, rmse, labels = ([seq[i] for i in order] for seq in (x, rmse, labels))
        xaxis = {
            "title": {"text": parameter.display_name + (" (log scale)" if parameter.log else "")},
            "type": "log" if parameter.log else "linear",
        } | ({"dtick": 1} if parameter.log else {})
    else:
        x = [f"{index}. {label}" for index, label in enumerate(labels, start=1)]
        xaxis = {"title": {"text": "Run"}, "type": "category", "tickangle": -20}
    runs = {
        "type": "scatter",
        "x": x,
        "y": rmse,
        "mode": "lines+markers" if parameter is not None else "markers",
        "customdata": [[label] for label in labels],
        "hovertemplate": "%{customdata[0]}<br>Test RMSE %{y:.3f}<extra></extra>",
    }
    layout = {
        "margin": MARGIN,
        "height": 300,
        "xaxis": xaxis,
        "yaxis": {"title": {"text": "Test RMSE (quality points)"}} | _thousandths(rmse),
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
    "Model": "The kind and its settings",
    "Test RMSE": "Root mean squared error on the held-out wines (quality points)",
    "Test MAE": "Mean absolute error on the held-out wines (quality points)",
    "Test R²": "Share of the variance of quality the model explains",
    "CV RMSE": "Cross-validated RMSE on the training part (quality points)",
    "Training time (s)": "Fit, cross-validation and interval, in seconds",
}


def history_frame(history: Sequence[Run]) -> pd.DataFrame:
    """The runs as a table for people: readable column names, applied here only."""
    return pd.DataFrame(
        [
            {
                "Run": index,
                "Model": run.spec.describe(),
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
_METHOD_PALETTE = (
    "#7b1fa2", "#00838f", "#9e9d24", "#1b5e8e", "#2e7d32", "#ef6c00", "#c62828",
)  # fmt: skip
OWN_COLOUR = "#111111"
# The paper's points: diamonds in white and grey, so no curve's colour is mistaken for them.
PAPER_COLOURS = {"Multiple regression (paper)": "#ffffff", "SVM (paper)": "#9e9e9e"}


def method_colour(label: str) -> str:
    """The colour of a method: each kind's by its place in `KINDS`, the user's model black."""
    labels = [kind.label for kind in KINDS.values()]
    if label in labels:
        return _METHOD_PALETTE[labels.index(label) % len(_METHOD_PALETTE)]
    return PAPER_COLOURS.get(label, OWN_COLOUR)


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
    for name, values in curves.items():
        mine = name == own
        figure.add_scatter(
            x=list(tolerances),
            y=list(values),
            mode="lines",
            name="Your model" if mine else name,
            line={"color": OWN_COLOUR if mine else method_colour(name), "width": 4 if mine else 2},
            hovertemplate=f"{name}<br>%{{y:.1%}} within %{{x}}<extra></extra>",
        )
    for name, points in published.items():
        quoted = {t: a for t, a in points.items() if a is not None}
        figure.add_scatter(
            x=list(quoted),
            y=list(quoted.values()),
            mode="markers",
            name=name,
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
        xaxis_title="Tolerance T (quality points)",
        yaxis={"title": "Wines predicted within T", "tickformat": ".0%", "range": [0, 1.02]},
        legend={
            "x": 0.99,
            "y": 0.03,
            "xanchor": "right",
            "yanchor": "bottom",
            "bgcolor": "rgba(255,255,255,0.85)",
            "bordercolor": "#ccc",
            "borderwidth": 1,
            "font": {"size": 11},
        },
    )
