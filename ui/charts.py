"""Plotly figures for the pages; every axis with its unit."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from core.features import FEATURES_BY_KEY
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


def validation_curve_chart(curve: ValidationCurve, current: float, *, log: bool) -> go.Figure:
    figure = go.Figure(
        [
            go.Scatter(x=curve.values, y=curve.train_rmse, mode="lines+markers", name="Train"),
            go.Scatter(
                x=curve.values,
                y=curve.cv_rmse,
                mode="lines+markers",
                name="Cross-validated",
                error_y={"type": "data", "array": list(curve.cv_rmse_std)},
            ),
        ]
    )
    figure.add_vline(x=current, line_dash="dot", annotation_text=f"now: {current:g}")
    return figure.update_layout(
        margin=MARGIN,
        xaxis_title=curve.parameter + (" (log scale)" if log else ""),
        xaxis_type="log" if log else "linear",
        yaxis_title="RMSE (quality points)",
    )


def _prevalidated(spec: dict) -> go.Figure:
    """A figure from a spec the tests validate, for charts redrawn on every rerun.

    plotly's validation took 4 of a Predict rerun's 29 ms, for specs whose shape never changes.
    """
    return go.Figure(spec, _validate=False)


def history_chart(history: pd.DataFrame) -> go.Figure:
    """Test RMSE per run; the axis fits the runs, as their differences are often tiny.

    Redrawn on every rerun of the Train page (plotly express took 50 ms for three points,
    validated graph objects 7 ms).
    """
    return _prevalidated(history_spec(history))


def history_spec(history: pd.DataFrame) -> dict:
    """The run history chart as the plain dict plotly.js reads (checked in the tests)."""
    runs = {
        "type": "scatter",
        "x": history["run"].astype(str).tolist(),
        "y": history["test RMSE"].tolist(),
        "mode": "lines+markers",
        "customdata": [[model] for model in history["model"]],
        "hovertemplate": "Run %{x}: %{customdata[0]}<br>Test RMSE %{y:.4f}<extra></extra>",
    }
    layout = {
        "margin": MARGIN,
        "height": 300,
        "xaxis": {"title": {"text": "Run"}, "type": "category"},
        "yaxis": {"title": {"text": "Test RMSE (quality points)"}, "tickformat": ".3f"},
    }
    return {"data": [runs], "layout": layout}


def rec_chart(
    tolerances: Sequence[float],
    curves: dict[str, Sequence[float]],
    published: dict[str, dict[float, float | None]],
) -> go.Figure:
    """REC curves (accuracy within T against T), with the paper's quoted points as markers."""
    figure = go.Figure(
        [go.Scatter(x=list(tolerances), y=list(c), mode="lines", name=n) for n, c in curves.items()]
    )
    for name, points in published.items():
        quoted = {t: a for t, a in points.items() if a is not None}
        figure.add_scatter(
            x=list(quoted),
            y=list(quoted.values()),
            mode="markers",
            name=name,
            marker={"symbol": "diamond", "size": 11, "line": {"width": 1, "color": "black"}},
        )
    return figure.update_layout(
        margin=MARGIN,
        height=480,
        xaxis_title="Tolerance T (quality points)",
        yaxis={"title": "Wines predicted within T", "tickformat": ".0%", "range": [0, 1.02]},
        legend={"orientation": "h", "yanchor": "top", "y": -0.18},
    )
