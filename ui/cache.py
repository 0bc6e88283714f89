"""Cached access to `core`: data with `st.cache_data`, models with `st.cache_resource`.

Every cached function takes all its inputs as arguments and reads no globals, so a rerun
never reads a CSV or fits a model it already has, and sessions share what is cached.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from core.data import load_wine
from core.evaluate import Evaluation
from core.explain import WineNeighbours, permutation_importances, residuals
from core.export import ExportedModel, export_model
from core.features import FeatureRange, feature_ranges
from core.models import ModelSpec, get_kind
from core.paper import load_benchmark
from core.preview import contribution_axis
from core.regularisation import RegularisationPath, path_spec, regularisation_path
from core.store import ModelStore, StoredModel
from core.train import Progress, ValidationCurve, compute_validation_curve, parameter_grid
from ui.charts import predicted_vs_actual, residual_plot


@st.cache_data(show_spinner=False)
def wine_frame(wine: str) -> pd.DataFrame:
    """The validated data of a wine set (a fresh copy on every call)."""
    return load_wine(wine)


@st.cache_resource(show_spinner=False)
def wine_ranges(wine: str) -> dict[str, FeatureRange]:
    """Slider bounds, steps and medians of a wine set (immutable, shared)."""
    return feature_ranges(wine_frame(wine))


@st.cache_resource(show_spinner=False)
def wine_neighbours(wine: str) -> WineNeighbours:
    """Nearest-real-wine index of a wine set (read-only, shared)."""
    return WineNeighbours(wine_frame(wine))


@st.cache_resource(show_spinner=False)
def model_store() -> ModelStore:
    """The one store every session shares (its folder from $WINE_LAB_MODELS_DIR)."""
    return ModelStore()


@st.cache_resource(show_spinner=False, max_entries=32)
def stored_model(spec: ModelSpec) -> StoredModel:
    """The trained model of a spec, keyed by the spec (never mutate what comes back)."""
    return model_store().get(spec)


@st.cache_data(show_spinner=False, max_entries=64)
def bar_axis(spec: ModelSpec) -> float:
    """The contribution bars' fixed half-width for a model (up to half a second for Shapley
    kinds, so measured once per model)."""
    return contribution_axis(stored_model(spec).result)


def train_now(spec: ModelSpec, on_step: Progress) -> StoredModel:
    """Train a spec into the store, telling `on_step` how it goes; `stored_model` then loads it.

    Not through `st.cache_resource`: a cached function replays the elements drawn while it
    ran, and a progress bar made outside it cannot be replayed (Streamlit refuses).
    """
    return model_store().get(spec, on_step=on_step)


def has_model(spec: ModelSpec) -> bool:
    """Whether the model of a spec is at hand (this process or the store): showing it costs a
    load, not a training."""
    return model_store().has(spec)


def measured_seconds(wine: str, kind: str) -> list[tuple[ModelSpec, float]]:
    """Training times of a kind on a wine, as the store recorded them (not cached: the store
    grows while the app runs, and reading its metadata takes milliseconds)."""
    return model_store().measured_seconds(wine, kind)


_CURVES: OrderedDict[tuple, ValidationCurve] = OrderedDict()
_CURVES_LOCK = threading.Lock()
CURVES_KEPT = 32


def validation_curve(
    spec: ModelSpec, parameter: str, points: int, folds: int, on_step: Progress | None = None
) -> ValidationCurve:
    """Train and CV RMSE over `points` values of one hyperparameter, `folds`-fold; the last
    `CURVES_KEPT` curves are shared by every session.

    Kept here rather than by `st.cache_data`, which would replay the progress bar drawn from
    `on_step` (see `train_now`). In this process, one core: a joblib process pool would add
    two worker processes of about 200 MB each to a server that Community Cloud caps at 1 GB,
    take 3 s to start, and starve other visitors' reruns, to save 0.2 s on a warm curve.
    """
    key = (spec, parameter, points, folds)
    with _CURVES_LOCK:
        if key in _CURVES:
            _CURVES.move_to_end(key)
            return _CURVES[key]
    grid = parameter_grid(get_kind(spec.kind).hyperparameter(parameter), points)
    curve = compute_validation_curve(
        spec, wine_frame(spec.wine), parameter, grid, folds=folds, n_jobs=1, on_step=on_step
    )
    with _CURVES_LOCK:
        _CURVES[key] = curve
        while len(_CURVES) > CURVES_KEPT:
            _CURVES.popitem(last=False)
    return curve


@st.cache_data(show_spinner=False, max_entries=16)
def regularisation(spec: ModelSpec) -> RegularisationPath:
    """The regularisation path and error along alpha of a spec's kind, wine and split.

    Keyed by the spec with alpha at its default (`core.regularisation.path_spec`), so every
    alpha of one setting shares one computation and moving alpha costs nothing.
    """
    return regularisation_path(path_spec(spec), wine_frame(spec.wine))


_IMPORTANCES: OrderedDict[ModelSpec, pd.DataFrame] = OrderedDict()
IMPORTANCES_KEPT = 32


def importances(spec: ModelSpec, on_step: Progress | None = None) -> pd.DataFrame:
    """Permutation importance of a model's features on its test part; the last
    `IMPORTANCES_KEPT` are shared by every session (kept here, like the curves, so the
    progress bar drawn from `on_step` is not replayed)."""
    with _CURVES_LOCK:
        if spec in _IMPORTANCES:
            _IMPORTANCES.move_to_end(spec)
            return _IMPORTANCES[spec].copy()
    table = permutation_importances(stored_model(spec).result, on_step=on_step)
    with _CURVES_LOCK:
        _IMPORTANCES[spec] = table
        while len(_IMPORTANCES) > IMPORTANCES_KEPT:
            _IMPORTANCES.popitem(last=False)
    return table.copy()


@st.cache_data(show_spinner=False, max_entries=32)
def exported_model(spec: ModelSpec, file_format: str) -> ExportedModel:
    """A model as a plain scikit-learn file (joblib or skops) with its description."""
    return export_model(stored_model(spec), file_format)


@st.cache_data(show_spinner=False)
def benchmark_table() -> tuple[dict, list[Evaluation]]:
    """The precomputed paper-protocol table (`python -m core benchmark`); `DataError` if bad."""
    return load_benchmark()


@st.cache_resource(show_spinner=False, max_entries=32)
def fit_figure(spec: ModelSpec) -> go.Figure:
    """Predicted against actual on the test part (built once per model; never mutated)."""
    result = stored_model(spec).result
    return predicted_vs_actual(result.y_test, result.y_pred)


@st.cache_resource(show_spinner=False, max_entries=32)
def residual_figure(spec: ModelSpec) -> go.Figure:
    """Residuals against prediction on the test part (built once per model; never mutated)."""
    result = stored_model(spec).result
    return residual_plot(result.y_pred, residuals(result))
