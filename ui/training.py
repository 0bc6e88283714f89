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
from core.network import EpochCurve, listening_to_epochs
from core.progress import Progress, seconds_left
from core.store import StoredModel
from core.time_budget import estimate_train_seconds
from i18n import _, integer, say
from ui.cache import has_model, importances, measured_seconds, train_now
from ui.charts import QUIET, epoch_chart
from ui.theme import themed
from ui.words import describe_spec

REDRAW_SECONDS = 0.3


def about(seconds: float) -> str:
    """A time to wait, rounded as people say it ('about 12 s', 'environ 12 s')."""
    if seconds < 1.5:
        return _("about a second")
    return _("about {seconds} s", seconds=integer(round(seconds)))


@contextmanager
def progress_bar(title: str, estimate: float | None = None) -> Iterator[Progress]:
    """A progress bar for the block's work: `on_step(done, total, what)` moves it and says the
    step and the time left (from the steps so far, else from `estimate`); it goes when done."""
    bar = st.progress(0.0, text=_("{title}…", title=title))
    started = time.perf_counter()

    def on_step(done: int, total: int, what: str) -> None:
        left = seconds_left(started, done, total)
        if left is None:
            left = estimate
        if left is None:
            text = _("{title}: {step}", title=title, step=say(what))
        else:
            text = _("{title}: {step} · {time} left", title=title, step=say(what), time=about(left))
        bar.progress(done / total, text=text)

    yield on_step
    bar.empty()


def train_with_progress(spec: ModelSpec) -> StoredModel:
    """Train with a progress bar that says the step and the time left; a network draws its
    training loss and validation score epoch by epoch in the bar's place while it fits."""
    estimate = estimate_train_seconds(spec, measured_seconds(spec.wine, spec.kind))
    with progress_bar(_("Training {model}", model=describe_spec(spec)), estimate) as on_step:
        if spec.kind != "mlp":
            return train_now(spec, on_step)
        with live_epochs():
            return train_now(spec, on_step)


@contextmanager
def live_epochs() -> Iterator[None]:
    """A chart redrawn as each epoch of a network ends (at most every `REDRAW_SECONDS`, and
    once more at the end), gone when the block ends: the stored model's chart replaces it."""
    slot = st.empty()
    drawn = [0.0]

    def on_epoch(curve: EpochCurve) -> None:
        now = time.perf_counter()
        if curve.done or now - drawn[0] >= REDRAW_SECONDS:
            drawn[0] = now
            with slot.container():
                st.caption(_("Step 4 of 6: training with validation, epoch by epoch."))
                key = f"chart_epochs_live_{curve.epochs}_{curve.done}"
                st.plotly_chart(themed(epoch_chart(curve)), key=key, config=QUIET)

    with listening_to_epochs(on_epoch):
        yield
    slot.empty()


def importances_with_progress(spec: ModelSpec) -> pd.DataFrame:
    """Permutation importance with a bar: each feature shuffled five times can take seconds
    for a support vector machine on the white wines."""
    with progress_bar(_("Permutation importance")) as on_step:
        return importances(spec, on_step)


def train_slow_model_in_view(spec: ModelSpec) -> None:
    """Train a slow kind's model with a progress bar if nothing holds it yet (a shared link to
    a random forest, say); fast kinds train within the run's usual time and need no bar."""
    if not get_kind(spec.kind).fast and not has_model(spec):
        train_with_progress(spec)
