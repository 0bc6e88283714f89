"""Long model work with a progress bar: training a slow model wherever a page first needs
it, and permutation importance.

A slow kind (a random forest takes 10 s or more) must never leave a person before a blank
page: the Train button, and a shared link or a model in use that the store does not hold yet,
both train through here, with the step and the time left on the bar.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

import pandas as pd
import streamlit as st

from core.models import ModelSpec, get_kind
from core.store import StoredModel
from core.train import Progress, estimate_train_seconds, seconds_left
from ui.cache import has_model, importances, measured_seconds, train_now


def about(seconds: float) -> str:
    return f"about {seconds:.0f} s" if seconds >= 1.5 else "about a second"


@contextmanager
def progress_bar(title: str, estimate: float | None = None) -> Iterator[Progress]:
    """A progress bar for the block's work: `on_step(done, total, what)` moves it and says the
    step and the time left (from the steps so far, else from `estimate`); it goes when done."""
    bar = st.progress(0.0, text=f"{title}…")
    started = time.perf_counter()

    def on_step(done: int, total: int, what: str) -> None:
        left = seconds_left(started, done, total)
        if left is None:
            left = estimate
        when = f" · {about(left)} left" if left is not None else ""
        bar.progress(done / total, text=f"{title}: {what}{when}")

    yield on_step
    bar.empty()


def train_with_progress(spec: ModelSpec) -> StoredModel:
    """Train with a progress bar that says the step and the time left."""
    estimate = estimate_train_seconds(spec, measured_seconds(spec.wine, spec.kind))
    with progress_bar(f"Training {spec.describe()}", estimate) as on_step:
        return train_now(spec, on_step)


def importances_with_progress(spec: ModelSpec) -> pd.DataFrame:
    """Permutation importance with a bar: each feature shuffled five times can take seconds
    for a support vector machine on the white wines."""
    with progress_bar("Permutation importance") as on_step:
        return importances(spec, on_step)


def train_slow_model_in_view(spec: ModelSpec) -> None:
    """Train a slow kind's model with a progress bar if nothing holds it yet (a shared link to
    a random forest, say); fast kinds train within the run's usual time and need no bar."""
    if not get_kind(spec.kind).fast and not has_model(spec):
        train_with_progress(spec)
