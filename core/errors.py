"""One error type per failure family, each with a message a person can act on.

The CLI and the pages catch `WineLabError` and show its text; nothing else is expected to
escape `core`.
"""


class WineLabError(Exception):
    """Base of every error `core` raises on purpose."""


class DataError(WineLabError):
    """A CSV file (shipped or uploaded) does not match the wine schema."""


class SpecError(WineLabError):
    """A model specification names an unknown kind, wine or hyperparameter value."""


class ScoringError(WineLabError):
    """Input to a prediction cannot be scored (wrong shape, not a number, implausible)."""


class StoreError(WineLabError):
    """The model store cannot provide a model at all (not even by retraining)."""


class ClusterError(WineLabError):
    """A Dask cluster cannot run the work (unreachable, misconfigured, or lost its workers)."""
