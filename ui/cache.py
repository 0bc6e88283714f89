"""Cached access to `core`: data with `st.cache_data`; models and what is made from them in
the process's one memory budget.

Every cached function takes all its inputs as arguments and reads no globals, so a rerun
never reads a CSV or fits a model it already has, and sessions share what is cached.

What grows with the models visitors open (the fitted models with their interval data and
Shapley background, the figures and numbers made from them, model files for download) is
kept in `memory_budget()` (`core.memory_budget`): bounded by measured size, least recently
used out first, made again when asked for after it left (a model is reloaded from the
store's disk). Small per-wine tables stay with Streamlit's caches: there are two wines.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from core import slider_payload
from core.alpha_payload import Factors, factor_spec, factorise
from core.data import load_wine
from core.errors import WineLabError
from core.evaluate import Evaluation
from core.explain import WineNeighbours, permutation_importances, residuals
from core.export import ExportedModel, export_model
from core.features import FeatureRange, feature_ranges
from core.kept import KeptResults
from core.memory_budget import MB, MemoryBudget, MemoryBudgetError, budget_from_env, measured_size
from core.models import ModelSpec, get_kind, training_bytes
from core.paper_benchmark import load_benchmark
from core.progress import Progress
from core.regularisation import RegularisationPath, path_spec, regularisation_path
from core.store import ModelStore, StoredModel
from core.train import ValidationCurve, compute_validation_curve, parameter_grid
from i18n import _, current_language, decimal
from ui.charts import predicted_vs_actual, residual_plot

R = TypeVar("R")


@functools.cache
def memory_budget() -> MemoryBudget:
    """The one budget of this process (`$WINE_LAB_MEMORY_MB`, see core.memory_budget); also
    what session-private models are accounted in (`memory_budget().reserve(result)`)."""
    return budget_from_env()


def clear_caches() -> None:
    """Empty every cache of the page layer (benchmarks that need a cold start)."""
    memory_budget().clear()
    st.cache_data.clear()
    st.cache_resource.clear()


def budget_message(error: MemoryBudgetError) -> str:
    """What a visitor reads when the server cannot keep the model they asked for."""
    return _(
        "The server cannot keep this model in memory: it needs {size} MB, and {free} MB of "
        "the {limit} MB it keeps for models are free just now. Choose fewer trees or a "
        "smaller tree depth, or try again in a while; the page goes on with the model it had.",
        size=decimal(error.size / MB, 1),
        free=decimal(error.room / MB, 1),
        limit=decimal(error.limit / MB, 1),
    )


def _kept(name: str, key: object, compute: Callable[[], R]) -> R:
    return memory_budget().get_or_compute((name, key), compute)


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
    """The one store every session shares (its folder from $WINE_LAB_MODELS_DIR); models it
    can only keep in memory count against the memory budget."""
    return ModelStore(budget=memory_budget())


def stored_model(spec: ModelSpec) -> StoredModel:
    """The trained model of a spec, shared by every session (never mutate what comes back).

    Its size is the model file's (what `joblib.load` builds from it, measured by nothing
    slower than a `stat`); a model larger than the budget can hold is refused before it is
    loaded, with `MemoryBudgetError` (`budget_message` says it to the visitor).
    """
    store = model_store()
    budget = memory_budget()
    model_id = store.model_id(spec)

    def load() -> StoredModel:
        on_disk = _file_size(store, model_id)
        if on_disk is not None:
            # The least recently used leave before the model is read, not after: a full
            # budget never holds the old models and the new one at once.
            budget.make_room(on_disk)
        return store.get(spec)

    try:
        return budget.get_or_compute(
            ("model", model_id), load, size=lambda stored: _model_size(store, stored)
        )
    except MemoryBudgetError:
        if not get_kind(spec.kind).fast:
            raise
        # A linear model is a few kilobytes: served (not kept) even when the budget is full,
        # so the page can always fall back to the default model.
        return store.get(spec)


def _file_size(store: ModelStore, model_id: str) -> int | None:
    try:
        return store.model_path(model_id).stat().st_size
    except OSError:
        return None


def _model_size(store: ModelStore, stored: StoredModel) -> int:
    on_disk = _file_size(store, stored.model_id) if stored.source != "memory" else None
    return on_disk if on_disk is not None else measured_size(stored.result)


def contribution_axis(spec: ModelSpec) -> float:
    """The contribution bars' fixed half-width for a model (up to half a second for Shapley
    kinds, so measured once per model)."""
    return _kept(
        "contribution axis",
        spec,
        lambda: slider_payload.contribution_axis(stored_model(spec).result),
    )


def train_now(spec: ModelSpec, on_step: Progress) -> StoredModel:
    """Train a spec into the store, telling `on_step` how it goes; `stored_model` then loads it.

    The training's estimated footprint (`core.models.training_bytes`: the model and one
    cross-validation fold's twin) is held in the memory budget while it runs, so the least
    recently used models leave first; `MemoryBudgetError` before training if it cannot fit.
    Not through `st.cache_resource`: a cached function replays the elements drawn while it
    ran, and a progress bar made outside it cannot be replayed (Streamlit refuses).
    """
    with memory_budget().holding(training_bytes(spec, len(wine_frame(spec.wine)))):
        return model_store().get(spec, on_step=on_step)


def has_model(spec: ModelSpec) -> bool:
    """Whether the model of a spec is at hand (this process or the store): showing it costs a
    load, not a training."""
    return model_store().has(spec)


def measured_seconds(wine: str, kind: str) -> list[tuple[ModelSpec, float]]:
    """Training times of a kind on a wine, as the store recorded them (not cached: the store
    grows while the app runs, and reading its metadata takes milliseconds)."""
    return model_store().measured_seconds(wine, kind)


def validation_curve(
    spec: ModelSpec, parameter: str, points: int, folds: int, on_step: Progress | None = None
) -> ValidationCurve:
    """Train and CV RMSE over `points` values of one hyperparameter, `folds`-fold; shared by
    every session, in the memory budget.

    Not through `st.cache_data`, which would replay the progress bar drawn from `on_step`
    (see `train_now`). In this process, one core: a joblib process pool would add two worker
    processes of about 200 MB each to a server that Community Cloud caps at 1 GB, take 3 s
    to start, and starve other visitors' reruns, to save 0.2 s on a warm curve.
    """
    kept = kept_curve(spec, parameter, points, folds)
    if kept is not None:
        return kept

    def compute() -> ValidationCurve:
        grid = parameter_grid(get_kind(spec.kind).hyperparameter(parameter), points)
        return compute_validation_curve(
            spec, wine_frame(spec.wine), parameter, grid, folds=folds, n_jobs=1, on_step=on_step
        )

    curve = _kept("validation curve", (spec, parameter, points, folds), compute)
    kept_results().save(
        "validation_curve", _curve_key(spec, parameter, points, folds), curve.to_dict()
    )
    return curve


def kept_curve(spec: ModelSpec, parameter: str, points: int, folds: int) -> ValidationCurve | None:
    """A curve any session computed before, kept on disk beside the model store (the memory
    budget then holds it for this process)."""
    key = (spec, parameter, points, folds)
    data = kept_results().load("validation_curve", _curve_key(*key))
    if data is None:
        return None
    try:
        curve = ValidationCurve.from_dict(data)
    except (KeyError, TypeError, ValueError):
        return None
    return _kept("validation curve", key, lambda: curve)


def _curve_key(spec: ModelSpec, parameter: str, points: int, folds: int) -> str:
    return KeptResults.key(model_store().model_id(spec), parameter, points, folds)


@st.cache_resource(show_spinner=False)
def kept_results() -> KeptResults:
    """Validation curves and evaluations kept beside the model store, for every session."""
    return KeptResults(model_store().directory)


def kept_evaluations(spec: ModelSpec) -> list[Evaluation] | None:
    """The evaluations of a spec some session ran before (both fold modes), or None."""
    data = kept_results().load("evaluation", KeptResults.key(model_store().model_id(spec)))
    try:
        return [Evaluation.from_dict(item) for item in data["evaluations"]] if data else None
    except (KeyError, TypeError, ValueError, WineLabError):
        return None


def keep_evaluations(spec: ModelSpec, evaluations: list[Evaluation]) -> None:
    """Keep a spec's evaluations unless more repeats are kept already."""
    kept = kept_evaluations(spec)
    if kept and min(e.repeats for e in kept) >= min(e.repeats for e in evaluations):
        return
    data = {"evaluations": [evaluation.to_dict() for evaluation in evaluations]}
    kept_results().save("evaluation", KeptResults.key(model_store().model_id(spec)), data)


def regularisation(spec: ModelSpec) -> RegularisationPath:
    """The regularisation path and error along alpha of a spec's kind, wine and split.

    Keyed by the spec with alpha at its default (`core.regularisation.path_spec`), so every
    alpha of one setting shares one computation and moving alpha costs nothing.
    """
    along = path_spec(spec)
    return _kept(
        "regularisation path", along, lambda: regularisation_path(along, wine_frame(spec.wine))
    )


def alpha_factors(spec: ModelSpec) -> Factors:
    """The alpha panel's reductions of a spec's training parts (read-only, shared), keyed by
    the spec with alpha and l1_ratio at their defaults: moving them costs nothing here."""
    reduced = factor_spec(spec)
    return _kept("alpha panel factors", reduced, lambda: factorise(reduced, wine_frame(spec.wine)))


def importances(spec: ModelSpec, on_step: Progress | None = None) -> pd.DataFrame:
    """Permutation importance of a model's features on its test part, shared by every
    session in the memory budget (not `st.cache_data`, so the progress bar drawn from
    `on_step` is not replayed); a copy each call."""
    table = _kept(
        "permutation importance",
        spec,
        lambda: permutation_importances(stored_model(spec).result, on_step=on_step),
    )
    return table.copy()


def exported_model(spec: ModelSpec, file_format: str) -> ExportedModel:
    """A model as a plain scikit-learn file (joblib or skops) with its description (the
    file's bytes are as large as the model, so they live in the budget too)."""
    return _kept(
        "model file", (spec, file_format), lambda: export_model(stored_model(spec), file_format)
    )


@st.cache_data(show_spinner=False)
def benchmark_table() -> tuple[dict, list[Evaluation]]:
    """The precomputed paper-protocol table (`python -m core benchmark`); `DataError` if bad."""
    return load_benchmark()


def fit_figure(spec: ModelSpec) -> go.Figure:
    """Predicted against actual on the test part, in the reader's language (kept per model
    and language: its words are that language's; never mutated)."""

    def build() -> go.Figure:
        result = stored_model(spec).result
        return predicted_vs_actual(result.y_test, result.y_pred)

    return _kept("predicted-vs-actual figure", (spec, current_language()), build)


def residual_figure(spec: ModelSpec) -> go.Figure:
    """Residuals against prediction on the test part, in the reader's language (kept per
    model and language; never mutated)."""

    def build() -> go.Figure:
        result = stored_model(spec).result
        return residual_plot(result.y_pred, residuals(result))

    return _kept("residual figure", (spec, current_language()), build)
