"""A neural network's epochs: its training loss and validation score, epoch by epoch, heard
while it trains.

`MLPRegressor` appends each epoch's loss (and, with early stopping, its validation R²) to lists
on the estimator as it goes. The network is fitted once, exactly as `MLPRegressor(...).fit`
fits it, in a worker thread, while the calling thread reads those lists and reports each new
epoch: the model is the plain scikit-learn one, and the curve is the one it recorded.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
from sklearn.neural_network import MLPRegressor
from sklearn.pipeline import Pipeline

POLL_SECONDS = 0.15


@dataclass(frozen=True)
class EpochCurve:
    """Training loss (half the mean squared error, scikit-learn's) and validation R² of each
    epoch so far; `done` once the network has stopped."""

    loss: tuple[float, ...]
    validation: tuple[float, ...]
    max_epochs: int
    early_stopping: bool
    done: bool = False

    @property
    def epochs(self) -> int:
        return len(self.loss)

    @property
    def best_epoch(self) -> int | None:
        """The epoch (from 1) whose weights the network keeps: best validation score with early
        stopping, lowest training loss without."""
        values = self.validation if self.early_stopping else self.loss
        if not values:
            return None
        return int(np.argmax(values) if self.early_stopping else np.argmin(values)) + 1

    @property
    def stopped_early(self) -> bool:
        return self.done and self.epochs < self.max_epochs


EpochListener = Callable[[EpochCurve], None]
_listener: contextvars.ContextVar[EpochListener | None] = contextvars.ContextVar(
    "wine_lab_epoch_listener", default=None
)


@contextmanager
def listening_to_epochs(on_epoch: EpochListener) -> Iterator[None]:
    """Within the block, a network trained by `fit` reports its epochs to `on_epoch`."""
    token = _listener.set(on_epoch)
    try:
        yield
    finally:
        _listener.reset(token)


def network_of(pipeline: Pipeline) -> MLPRegressor | None:
    model = pipeline.named_steps.get("model")
    return model if isinstance(model, MLPRegressor) else None


def epoch_curve(network: MLPRegressor, *, done: bool) -> EpochCurve:
    """The curve a network has recorded so far (copies: the lists grow while it trains)."""
    loss = tuple(float(v) for v in list(getattr(network, "loss_curve_", None) or []))
    scores = list(getattr(network, "validation_scores_", None) or [])
    validation = tuple(float(v) for v in scores if v is not None)
    return EpochCurve(loss, validation[: len(loss)], network.max_iter, network.early_stopping, done)


def fit(pipeline: Pipeline, x: np.ndarray, y: np.ndarray) -> Pipeline:
    """`pipeline.fit(x, y)`; a network reports its epochs to the block's listener, if any."""
    listener = _listener.get()
    network = network_of(pipeline)
    if listener is None or network is None:
        return pipeline.fit(x, y)
    return fit_reporting_epochs(pipeline, x, y, listener)


def fit_reporting_epochs(
    pipeline: Pipeline, x: np.ndarray, y: np.ndarray, on_epoch: EpochListener
) -> Pipeline:
    """Fit the pipeline once, telling `on_epoch` the curve after each new epoch and, last, the
    whole curve with `done` set (one point per epoch, `n_iter_` of them)."""
    network = network_of(pipeline)
    if network is None:
        raise TypeError("fit_reporting_epochs needs a pipeline whose model is an MLPRegressor.")
    failure: list[BaseException] = []

    def work() -> None:
        try:
            pipeline.fit(x, y)
        except Exception as error:  # noqa: BLE001 (re-raised in the caller's thread)
            failure.append(error)

    worker = threading.Thread(target=work, name="network-fit", daemon=True)
    worker.start()
    told = 0
    while worker.is_alive():
        worker.join(POLL_SECONDS)
        curve = epoch_curve(network, done=False)
        if curve.epochs > told and worker.is_alive():
            told = curve.epochs
            on_epoch(curve)
    if failure:
        raise failure[0]
    on_epoch(epoch_curve(network, done=True))
    return pipeline
