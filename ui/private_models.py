"""A session's own wines and the models trained on them, private by construction.

A `Shelf` lives in the session's `st.session_state` only: Streamlit drops it when the session
ends. Nothing on it is written to the model store, put in a link, or cached by
`st.cache_data`/`st.cache_resource` (which every session shares), and its models' ids are random,
so no other session's spec or link resolves to them. A process-wide *weak* set of shelves lets
any run clear shelves idle for `IDLE_SECONDS` and count their memory (`memory_bytes`); it holds
no shelf alive and hands none out.
"""

from __future__ import annotations

import secrets
import threading
import time
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from core.labelled_upload import LabelledWines
from core.own_model import OwnComparison
from core.slider_payload import contribution_axis
from core.store import StoredModel
from ui.cache import memory_budget
from ui.session_keys import OWN_SHELF

IDLE_SECONDS = 3600
MODELS_KEPT = 3  # trained models a session keeps besides the one in use
SOURCE = "session"  # `StoredModel.source` of a private model


@dataclass(eq=False)
class PrivateModel:
    """A model trained on a session's wines, with how it compared and its size in memory."""

    stored: StoredModel
    comparison: OwnComparison
    digest: str  # the upload it was trained on
    nbytes: int  # as reserved in the memory budget
    # The upload it learnt from, for its report: reserved in the budget by `Shelf.hold` for as
    # long as it lives (also after the shelf dropped it for a newer upload).
    wines: LabelledWines
    axis: float | None = None  # Predict's contribution axis, measured when first needed
    importances: pd.DataFrame | None = None  # the report's, measured when first asked for


@dataclass(eq=False)
class Shelf:
    """One session's uploaded wines and private models."""

    wines: LabelledWines | None = None
    digest: str | None = None
    wines_bytes: int = 0
    models: OrderedDict[str, PrivateModel] = field(default_factory=OrderedDict)
    in_use: str | None = None
    touched: float = field(default_factory=time.monotonic)
    expired: bool = False  # cleared for being idle: said once on the next run

    def clear(self, *, expired: bool = False) -> None:
        self.wines, self.digest, self.in_use, self.wines_bytes = None, None, None, 0
        self.models.clear()
        self.expired = expired

    def nbytes(self) -> int:
        return self.wines_bytes + sum(model.nbytes for model in self.models.values())

    def hold(self, wines: LabelledWines, digest: str) -> None:
        """Keep an upload's wines, reserved in the memory budget (`MemoryBudgetError` if they
        cannot fit: the shelf is left as it was)."""
        size = memory_budget().reserve(wines)
        self.wines, self.digest, self.wines_bytes = wines, digest, size

    def drop_wines(self) -> None:
        self.wines, self.digest, self.wines_bytes = None, None, 0


_SHELVES: weakref.WeakSet[Shelf] = weakref.WeakSet()
_LOCK = threading.Lock()


def shelf() -> Shelf:
    """This session's shelf (made on first use), touched; idle shelves of any session swept."""
    now = time.monotonic()
    sweep(now)
    mine = st.session_state.get(OWN_SHELF)
    if mine is None:
        mine = st.session_state[OWN_SHELF] = Shelf()
        with _LOCK:
            _SHELVES.add(mine)
    mine.touched = now
    return mine


def sweep(now: float) -> None:
    """Clear every shelf left untouched for `IDLE_SECONDS`."""
    with _LOCK:
        idle = [s for s in _SHELVES if now - s.touched > IDLE_SECONDS and (s.wines or s.models)]
    for stale in idle:
        stale.clear(expired=True)


def memory_bytes() -> int:
    """Memory held by every live session's private wines and models (as the memory budget
    measured them when they were reserved)."""
    with _LOCK:
        return sum(s.nbytes() for s in _SHELVES)


def keep(mine: Shelf, comparison: OwnComparison, wines: LabelledWines) -> PrivateModel:
    """Put a model freshly trained on `wines` on the shelf (dropping the oldest not in use),
    reserved in the memory budget first: `MemoryBudgetError` if it cannot fit, and then nothing
    is kept."""
    size = memory_budget().reserve(comparison)
    model_id = "own-" + secrets.token_hex(8)
    digest = mine.digest or ""  # the SHA-256 of the upload it learnt from
    stored = StoredModel(model_id, comparison.result, SOURCE, data_sha256=digest)
    private = PrivateModel(stored, comparison, digest, size, wines)
    mine.models[model_id] = private
    spare = [key for key in mine.models if key != mine.in_use]
    for key in spare[: max(0, len(spare) - MODELS_KEPT)]:
        del mine.models[key]
    return private


def in_use(wine: str) -> PrivateModel | None:
    """This session's private model in use for predictions, if any and for this wine colour."""
    mine = st.session_state.get(OWN_SHELF)
    if mine is None or mine.in_use is None:
        return None
    private = mine.models.get(mine.in_use)
    if private is None or private.stored.result.spec.wine != wine:
        return None
    return private


def stop_using() -> None:
    """Predict with the shared model again (the private ones stay on the shelf)."""
    mine = st.session_state.get(OWN_SHELF)
    if mine is not None:
        mine.in_use = None


def axis_of(private: PrivateModel) -> float:
    """Predict's fixed contribution axis for a private model, measured once per model."""
    if private.axis is None:
        private.axis = contribution_axis(private.stored.result)
    return private.axis
