"""Dask worker preload: this worker reports scikit-learn 0.0, as one with another version."""

from __future__ import annotations


def dask_setup(worker: object) -> None:
    import sklearn

    sklearn.__version__ = "0.0"
