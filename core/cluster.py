"""The heavy work (every fit of an evaluation, a benchmark or a validation curve) on Dask.

`on_dask(address)` connects to a scheduler (or starts a `LocalCluster` for `"local"`), checks
that the scheduler and every worker can import `core` with this machine's scikit-learn (both
unpickle the tasks), and routes joblib to the cluster for the duration of the `with` block.
The fits are the same function calls on the same folds as on one machine, so the numbers are
the same. Dask is imported only here, and
only when asked for: it is an optional extra (`pip install '.[dask]'`).

Nothing waits forever: connecting, finding workers and checking them have time limits, and a
watchdog stops the run with a `ClusterError` if every worker has gone. A worker that dies while
others remain is Dask's business: its tasks are run again on the others.
"""

from __future__ import annotations

import _thread
import concurrent.futures
import contextlib
import logging
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

import joblib
import sklearn

from core.errors import ClusterError

LOCAL = "local"
CONNECT_TIMEOUT_SECONDS = 10
WORKERS_TIMEOUT_SECONDS = 20
NO_WORKERS_GRACE_SECONDS = 20


@dataclass(frozen=True)
class ClusterInfo:
    """Where a run happened: recorded beside its numbers."""

    scheduler: str
    workers: int
    threads: int

    def to_dict(self) -> dict[str, Any]:
        return {"backend": "dask", **asdict(self)}


def local_info(n_jobs: int | None) -> dict[str, Any]:
    """Where a run without `--dask` happened: joblib's processes on this machine."""
    return {"backend": "local", "n_jobs": joblib.effective_n_jobs(n_jobs)}


@contextlib.contextmanager
def on_dask(
    address: str, *, no_workers_grace: float = NO_WORKERS_GRACE_SECONDS
) -> Iterator[ClusterInfo]:
    """Run every joblib call inside the block on the Dask cluster at `address` (or `"local"`).

    Must be entered from the main thread: the watchdog interrupts it when all workers are gone.
    Raises `ClusterError` (one line, with the fix) for anything that stops the run.
    """
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as error:
        raise ClusterError(
            "--dask needs Dask, which is not installed here: `pip install '.[dask]'` "
            "(or `pip install 'dask[distributed]'`)."
        ) from error
    # Dask logs every connection at INFO; the command's own lines say what matters.
    logging.getLogger("distributed").setLevel(logging.WARNING)
    with contextlib.ExitStack() as stack:
        if address == LOCAL:
            cluster = stack.enter_context(_local_cluster(LocalCluster))
            address = cluster.scheduler_address
        client = stack.enter_context(_connect(Client, address))
        info = _check_workers(client, address)
        watchdog = _Watchdog(client, no_workers_grace)
        with _translated(watchdog, address):
            watchdog.start()
            try:
                with joblib.parallel_config(
                    backend="dask", client=client, wait_for_workers_timeout=WORKERS_TIMEOUT_SECONDS
                ):
                    yield info
            finally:
                watchdog.stop()


def _local_cluster(local_cluster: type) -> Any:
    """One single-threaded worker process per core of this machine, no dashboard."""
    return local_cluster(
        n_workers=os.cpu_count() or 1,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
    )


def _connect(client: type, address: str) -> Any:
    try:
        return client(address, timeout=CONNECT_TIMEOUT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as error:
        raise ClusterError(
            f"No Dask scheduler answers at {address} within {CONNECT_TIMEOUT_SECONDS} s "
            f"({type(error).__name__}): start one with `dask scheduler` and pass its "
            "address (tcp://HOST:8786), or use --dask local."
        ) from error


def _check_workers(client: Any, address: str) -> ClusterInfo:
    """Every worker must import `core` and have this scikit-learn, else one clear error."""
    try:
        client.wait_for_workers(1, timeout=WORKERS_TIMEOUT_SECONDS)
    except TimeoutError as error:
        raise ClusterError(
            f"The Dask scheduler at {address} has no workers after "
            f"{WORKERS_TIMEOUT_SECONDS} s: start some with `dask worker {address}`."
        ) from error
    probe = _probe()
    scheduler_problem = _problem(_run_or_error(client.run_on_scheduler, probe), "scheduler")
    if scheduler_problem:
        # The scheduler unpickles every task too: without `core` it drops them silently.
        raise ClusterError(f"The Dask scheduler at {address} {scheduler_problem}")
    reports = client.run(probe, on_error="return")
    for worker, report in sorted(reports.items()):
        problem = _problem(report, "worker")
        if problem:
            raise ClusterError(f"Dask worker {worker} {problem}")
    threads = client.nthreads()
    return ClusterInfo(scheduler=address, workers=len(threads), threads=sum(threads.values()))


def _run_or_error(run: Any, probe: Any) -> object:
    try:
        return run(probe)
    except Exception as error:  # noqa: BLE001 - whatever failed is the report
        return error


def _problem(report: object, role: str) -> str:
    """What is wrong with a machine of the cluster, and the fix; "" if nothing."""
    install = f"install the project on every {role} (`pip install '.[dask]'` in its folder)"
    if not isinstance(report, dict):
        return (
            f"did not answer the check ({type(report).__name__}: {report}): see that it is "
            "running and reachable from here, then run again."
        )
    if report["core"]:
        return f"cannot import core ({report['core']}): {install} and restart it."
    if report["sklearn"] != sklearn.__version__:
        return (
            f"has scikit-learn {report['sklearn']}, this machine {sklearn.__version__}: "
            f"install scikit-learn=={sklearn.__version__} on every {role} and restart it."
        )
    return ""


def _probe() -> Any:
    """A probe built here so that it travels by value: no one needs this module to run it."""

    def probe() -> dict[str, str]:
        import importlib

        try:
            importlib.import_module("core.evaluate")
        except Exception as error:  # noqa: BLE001 - any failure to import is the report
            return {"core": f"{type(error).__name__}: {error}", "sklearn": ""}
        return {"core": "", "sklearn": importlib.import_module("sklearn").__version__}

    return probe


class _Watchdog(threading.Thread):
    """Interrupts the main thread once the cluster has had no worker for `grace` seconds."""

    def __init__(self, client: Any, grace: float) -> None:
        super().__init__(daemon=True, name="dask-watchdog")
        self.client = client
        self.grace = grace
        self.fired = False
        self._stopped = threading.Event()

    def run(self) -> None:
        alone_since: float | None = None
        while not self._stopped.wait(1.0):
            now = time.monotonic()
            if self._workers():
                alone_since = None
            elif alone_since is None:
                alone_since = now
            elif now - alone_since >= self.grace:
                self.fired = True
                _thread.interrupt_main()
                return

    def _workers(self) -> int:
        if self.client.status != "running":
            return 0
        try:
            return len(self.client.nthreads())
        except Exception:  # noqa: BLE001 - a scheduler that does not answer has no worker
            return 0

    def stop(self) -> None:
        """Stop watching; once this returns, the watchdog interrupts nothing any more."""
        self._stopped.set()
        self.join()


@contextlib.contextmanager
def _translated(watchdog: _Watchdog, address: str) -> Iterator[None]:
    """Dask's failures as `ClusterError`s that say what happened and what to do."""
    from dask.distributed import KilledWorker

    try:
        yield
    except KeyboardInterrupt as interrupt:
        if not watchdog.fired:
            raise
        raise ClusterError(
            f"Every Dask worker of {address} left during the run and none came back within "
            f"{watchdog.grace:.0f} s; the run stopped. Restart the workers and run again."
        ) from interrupt
    except KilledWorker as error:
        raise ClusterError(
            f"A fit killed Dask workers of {address} repeatedly ({error}); the run stopped. "
            "Check the workers' memory and logs."
        ) from error
    except concurrent.futures.CancelledError as error:
        # scikit-learn's own joblib calls hand data to one worker; if it dies, that is gone.
        raise ClusterError(
            f"A Dask worker of {address} died holding data the run needed, so it stopped "
            f"({type(error).__name__}). Run it again."
        ) from error
