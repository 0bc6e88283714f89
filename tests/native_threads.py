"""One share of the cores for each xdist worker's native thread pools.

Under `-n auto` every worker is already one process a core. Left alone, each worker's OpenMP
(histogram boosting) and BLAS (the neural network) pools start a thread a core too, and on two
cores the spinning threads of two workers starve each other: a 3-second boosting fit took
33 s in CI. Imported first by tests/conftest.py, before any test module imports numpy or
scikit-learn; the variables also reach the app servers the browser tests start. A
single-process run (`-n 0`) keeps every core.
"""

from __future__ import annotations

import os

THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def threads_per_worker(cores: int, workers: int) -> int:
    return max(1, cores // max(1, workers))


if "PYTEST_XDIST_WORKER" in os.environ:
    _share = threads_per_worker(
        os.cpu_count() or 1, int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    )
    for _name in THREAD_VARIABLES:
        os.environ.setdefault(_name, str(_share))
