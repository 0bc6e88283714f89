"""Real Dask clusters for the `--dask` tests: a `LocalCluster` of processes, and clusters
started as separate `dask scheduler` / `dask worker` processes, like a user's.

Without Dask installed the tests skip on a laptop and fail in CI (`CI` set): it is in
requirements-dev.txt.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HIDE_CORE = Path(__file__).with_name("hide_core.py")
START_TIMEOUT_SECONDS = 90


def need_distributed() -> None:
    try:
        import distributed  # noqa: F401
    except ImportError:
        message = "no dask.distributed: pip install -r requirements-dev.txt"
        if os.environ.get("CI"):
            pytest.fail(message + " (required in CI)")
        pytest.skip(message)


@dataclass
class SpawnedCluster:
    """A scheduler and single-threaded workers, each its own process."""

    address: str
    workers: list[subprocess.Popen]

    def kill_worker(self, index: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.workers[index].pid, signal.SIGKILL)


def _start(command: list[str], cwd: Path, env: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("wb") as handle:
        return subprocess.Popen(
            command, cwd=cwd, env=env, stdout=handle, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip


def _python(folder: Path, *, with_project: bool) -> tuple[list[str], Path, dict[str, str]]:
    """Command prefix, folder and environment of a process with or without the project.

    With it: from the repository, on PYTHONPATH. Without: isolated (`python -I`) in an empty
    folder with `core` hidden, so it cannot import the project even where it is installed.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if with_project:
        return [sys.executable], ROOT, env | {"PYTHONPATH": str(ROOT)}
    outside = folder / "elsewhere"
    outside.mkdir(exist_ok=True)
    return [sys.executable, "-I"], outside, env


@contextlib.contextmanager
def spawned_cluster(
    folder: Path,
    *,
    workers: int,
    scheduler_has_project: bool = True,
    workers_have_project: bool = True,
    preload: Path | None = None,
) -> Iterator[SpawnedCluster]:
    """`dask scheduler` and `dask worker --no-nanny` processes (a killed worker stays dead)."""
    need_distributed()
    from distributed import Client

    scheduler_file = folder / "scheduler.json"
    python, cwd, env = _python(folder, with_project=scheduler_has_project)
    command = [*python, "-m", "distributed.cli.dask_scheduler", "--port", "0",
               "--dashboard-address", ":0", "--scheduler-file", str(scheduler_file)]  # fmt: skip
    if not scheduler_has_project:
        command += ["--preload", str(HIDE_CORE)]
    processes = [_start(command, cwd, env, folder / "scheduler.log")]
    python, cwd, env = _python(folder, with_project=workers_have_project)
    command = [*python, "-m", "distributed.cli.dask_worker", "--scheduler-file",
               str(scheduler_file), "--nthreads", "1", "--no-nanny", "--no-dashboard"]  # fmt: skip
    preloads = [] if workers_have_project else [HIDE_CORE]
    for module in [*preloads, *([preload] if preload else [])]:
        command += ["--preload", str(module)]
    try:
        for index in range(workers):
            processes.append(_start(command, cwd, env, folder / f"worker-{index}.log"))
        with Client(scheduler_file=str(scheduler_file), timeout=START_TIMEOUT_SECONDS) as client:
            client.wait_for_workers(workers, timeout=START_TIMEOUT_SECONDS)
            address = client.scheduler.address
        yield SpawnedCluster(address, processes[1:])
    finally:
        for process in processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(30)


@pytest.fixture(scope="module")
def local_cluster() -> Iterator[object]:
    """Two single-threaded worker processes on this machine, shared by a module's tests."""
    need_distributed()
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as cluster:
        yield cluster
