"""`--dask`: the fits of evaluate, benchmark and curve on a real dask.distributed cluster.

Behaviours checked:
- without `--dask`, Dask is never imported;
- evaluate on a cluster gives exactly the numbers of the run on this machine, and the fits
  really ran as tasks on the cluster's workers;
- the command's output says where it ran (scheduler, workers, threads) and stderr shows
  fits done / total;
- a validation curve on the cluster equals the one computed here, by function and by command;
- workers that cannot import `core`, or whose scikit-learn differs, make the command exit 2
  with one line naming the problem and the fix, within a bounded time;
- an address where no scheduler answers exits 2 with one line;
- a worker killed during a run: the run finishes on the others with the same numbers;
- a cluster that loses every worker during a run stops with a clear error instead of hanging.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest

from core.cli import run
from core.cluster import on_dask
from core.errors import ClusterError
from core.evaluate import evaluate
from core.models import ModelSpec
from core.train import compute_validation_curve
from harness.server import free_port
from tests.cluster.conftest import ROOT, spawned_cluster

pytestmark = [pytest.mark.slow, pytest.mark.timeout(240)]

SPEC = ModelSpec.create("red", "ridge")
FIT_TASK = re.compile(r"batch_of__fit_predict_(\d+)_calls")


def _numbers(evaluation: object) -> dict:
    return {k: v for k, v in evaluation.to_dict().items() if k != "seconds"}


def test_without_the_flag_dask_is_never_imported() -> None:
    code = (
        "import sys; from core.cli import run\n"
        "status = run(['evaluate', '--repeats', '1', '--folds', '2', '--mode', 'plain',"
        " '--n-jobs', '1'])\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed'))\n"
        "assert status == 0 and not loaded, loaded\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert completed.returncode == 0, completed.stderr


def test_evaluate_on_the_cluster_equals_the_local_run_and_runs_on_its_workers(
    local_cluster: object, red: pd.DataFrame
) -> None:
    from distributed import Client, get_task_stream

    here = evaluate(SPEC, red, "plain", repeats=2, n_jobs=1)
    with Client(local_cluster) as client, get_task_stream(client) as stream:
        with on_dask(local_cluster.scheduler_address):
            there = evaluate(SPEC, red, "plain", repeats=2)
        workers = set(client.nthreads())
    assert _numbers(there) == _numbers(here)
    fit_tasks = [t for t in stream.data if FIT_TASK.search(str(t["key"]))]
    assert sum(int(FIT_TASK.search(str(t["key"]))[1]) for t in fit_tasks) == 2 * 5
    assert {t["worker"] for t in fit_tasks} <= workers


def test_the_output_says_where_it_ran_and_stderr_counts_fits(
    local_cluster: object, capsys: pytest.CaptureFixture[str]
) -> None:
    address = local_cluster.scheduler_address
    arguments = ["evaluate", "--wine", "red", "--model", "ridge", "--mode", "plain"]
    status = run([*arguments, "--repeats", "2", "--dask", address])
    output, errors = capsys.readouterr()
    assert status == 0, errors
    (result,) = json.loads(output)
    assert result["ran_on"] == {"backend": "dask", "scheduler": address, "workers": 2, "threads": 2}
    assert "fits done 10/10" in errors


def test_a_validation_curve_on_the_cluster_equals_the_local_one(
    local_cluster: object, red: pd.DataFrame
) -> None:
    grid = (0.1, 10.0, 1000.0)
    here = compute_validation_curve(SPEC, red, "alpha", grid, n_jobs=1)
    with on_dask(local_cluster.scheduler_address):
        there = compute_validation_curve(SPEC, red, "alpha", grid)
    assert there == here


def test_the_curve_command_on_the_cluster_prints_the_local_curve(
    local_cluster: object, capsys: pytest.CaptureFixture[str], red: pd.DataFrame
) -> None:
    address = local_cluster.scheduler_address
    arguments = ["curve", "--wine", "red", "--model", "ridge", "--param", "alpha"]
    status = run([*arguments, "--points", "3", "--dask", address])
    output, errors = capsys.readouterr()
    assert status == 0, errors
    printed = json.loads(output)
    here = compute_validation_curve(SPEC, red, "alpha", tuple(printed["values"]), n_jobs=1)
    assert printed["cv_rmse"] == list(here.cv_rmse)
    assert printed["train_rmse"] == list(here.train_rmse)
    assert printed["ran_on"]["scheduler"] == address


@pytest.mark.parametrize(
    ("where", "problem", "fix"),
    [
        ("workers", "Dask worker tcp://", "cannot import core (ModuleNotFoundError"),
        ("scheduler", "The Dask scheduler at tcp://", "cannot import core (ModuleNotFoundError"),
        ("sklearn", "Dask worker tcp://", "has scikit-learn 0.0, this machine"),
    ],
    ids=["no project on the workers", "no project on the scheduler", "another scikit-learn"],
)
def test_a_misconfigured_cluster_makes_the_command_exit_2_with_the_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str, problem: str, fix: str
) -> None:
    with spawned_cluster(
        tmp_path,
        workers=1,
        scheduler_has_project=where != "scheduler",
        workers_have_project=where != "workers",
        preload=Path(__file__).with_name("old_sklearn.py") if where == "sklearn" else None,
    ) as cluster:
        status = run(["evaluate", "--repeats", "1", "--dask", cluster.address])
    errors = capsys.readouterr().err
    assert status == 2
    assert errors.startswith(f"python -m core: error: {problem}"), errors
    assert errors.count("\n") == 1
    assert fix in errors
    assert "install" in errors


def test_an_address_without_a_scheduler_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status = run(["evaluate", "--repeats", "1", "--dask", f"tcp://127.0.0.1:{free_port()}"])
    errors = capsys.readouterr().err
    assert status == 2
    assert errors.startswith("python -m core: error: No Dask scheduler answers at"), errors
    assert errors.count("\n") == 1, errors


def test_a_worker_killed_during_a_run_loses_nothing(tmp_path: Path, red: pd.DataFrame) -> None:
    from distributed import Client

    here = evaluate(SPEC, red, "plain", repeats=4, n_jobs=1)
    with spawned_cluster(tmp_path, workers=2) as cluster:
        fits: list[int] = []

        def kill_one_after_the_first_fit() -> None:
            fits.append(1)
            if len(fits) == 1:
                cluster.kill_worker(0)

        with on_dask(cluster.address):
            there = evaluate(SPEC, red, "plain", repeats=4, on_fit=kill_one_after_the_first_fit)
        with Client(cluster.address) as client:
            survivors = len(client.nthreads())
    assert _numbers(there) == _numbers(here)
    assert len(fits) == 4 * 5
    assert survivors == 1


def test_a_cluster_that_loses_every_worker_stops_with_a_clear_error(
    tmp_path: Path, red: pd.DataFrame
) -> None:
    """Slower fits (SVR: 100 take well over ten seconds on one worker thread), so that most are
    still to run when the worker dies two seconds into the run. (Killed by the clock, not on the
    first result: joblib batches fast tasks, and in a busy suite the first result came back only
    after every fit had run.)"""
    spec = ModelSpec.create("red", "svr")
    with spawned_cluster(tmp_path, workers=1) as cluster:
        fits: list[int] = []
        killer = threading.Timer(2.0, cluster.kill_worker, args=(0,))

        def run_while_the_worker_dies() -> None:
            with on_dask(cluster.address, no_workers_grace=2):
                killer.start()
                evaluate(spec, red, "plain", repeats=20, on_fit=lambda: fits.append(1))

        with pytest.raises(ClusterError, match="left during the run"):
            run_while_the_worker_dies()
        killer.join()
    assert len(fits) < 20 * 5
