"""`python -m core pipeline --data-dir NEW`: the evaluate-and-register gate for new wines.

Behaviours checked:
- a model that beats the current one on NEW's held-out wines: one JSON object with both
  models' metrics, NEW's bad rows by line, the verdict "better", exit status 0;
- a model worse than the current one there (a near-constant ridge): verdict "worse", exit 1;
- bad input (too few usable wines, no file, no --data-dir, a flag of another kind): exit 2
  with one line on stderr and nothing on stdout.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.core.cli_runner import run_cli

OWN = FIXTURES / "own_red_alcohol_plus_one.csv"


@pytest.fixture
def new_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "new"
    folder.mkdir()
    shutil.copy(OWN, folder / "winequality-red.csv")
    return folder


def test_better_model_exits_0_with_both_models_metrics(new_dir: Path) -> None:
    """Check the report of a model trained on NEW that beats the current one."""
    done = run_cli("pipeline", "--data-dir", str(new_dir))
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["verdict"] == "better"
    assert report["new"]["rmse"] < report["current"]["rmse"]
    assert report["held_out_rows"] == report["new"]["wines"] == report["current"]["wines"]
    assert set(report["new"]) == {
        "wines",
        "mae",
        "rmse",
        "right_grade",
        "within_one_grade",
        "interval_held",
    }
    assert [row["line"] for row in report["data"]["bad_rows"]] == [5, 40, 120, 200, 300]
    assert report["data"]["duplicates"] == 5
    assert report["current_spec"]["kind"] == "ridge"


def test_worse_model_exits_1(new_dir: Path) -> None:
    """Check that a model worse on NEW's held-out wines fails the gate with status 1."""
    done = run_cli("pipeline", "--data-dir", str(new_dir), "--alpha", "100000")
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert report["verdict"] == "worse"
    assert report["new"]["rmse"] > report["current"]["rmse"]


@pytest.mark.parametrize(
    ("arguments", "lines", "message"),
    [
        ([], 40, "usable wine"),
        ([], 70, "too few to train and test"),
        (["--wine", "white"], None, "cannot be read"),
        (["--max-depth", "3"], None, "does not apply"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    new_dir: Path, arguments: list[str], lines: int | None, message: str
) -> None:
    """Check that bad input stops the pipeline before any training, in one line."""
    if lines is not None:
        target = new_dir / "winequality-red.csv"
        target.write_text("\n".join(OWN.read_text().splitlines()[:lines]) + "\n")
    done = run_cli("pipeline", "--data-dir", str(new_dir), *arguments)
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert message in done.stderr


def test_pipeline_without_data_dir_exits_2() -> None:
    """Check that the new data's folder must be named."""
    done = run_cli("pipeline")
    assert done.returncode == 2
    assert "--data-dir" in done.stderr
