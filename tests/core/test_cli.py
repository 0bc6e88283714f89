"""The command line, `python -m core`.

Behaviours checked:
- `train` prints one JSON object with spec, test and baseline metrics, CV RMSE and model id;
- `train` prints the store's summary of the model (the one shape), beside where it came from;
- `predict` prints {"result": [...], "interval": [...], "grades": [...]} for the README's
  example, from an argument or stdin, one entry per wine in input order;
- every hyperparameter of every kind has a flag that `--help` shows, and a flag reaches the
  model trained;
- every error exits 2 with one line on stderr and no traceback.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.models import KINDS
from tests.core.cli_runner import run_cli

EXAMPLE = '{"data": [[7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4]]}'


def test_train_prints_metrics_as_one_json_object() -> None:
    """Check the README's `train` example."""
    completed = run_cli("train", "--wine", "red", "--alpha", "0.5")
    assert completed.returncode == 0, completed.stderr
    report = json.loads(completed.stdout)
    assert report["spec"]["hyperparameters"] == {"alpha": 0.5}
    assert report["test_metrics"]["rmse"] == pytest.approx(0.55460, abs=1e-4)
    assert report["baseline_metrics"]["rmse"] > report["test_metrics"]["rmse"]
    assert set(report["cv_rmse"]) == {"mean", "std", "folds"}
    assert len(report["model_id"]) == 20


def test_predict_prints_result_from_argument_and_stdin() -> None:
    """Check the README's `predict` example, and `-` for standard input."""
    from_argument = run_cli("predict", "--wine", "red", "--alpha", "0.5", EXAMPLE)
    from_stdin = run_cli("predict", "--wine", "red", "--alpha", "0.5", "-", stdin=EXAMPLE)
    assert from_argument.returncode == 0
    assert from_stdin.returncode == 0
    assert json.loads(from_argument.stdout) == json.loads(from_stdin.stdout)
    assert json.loads(from_argument.stdout)["result"][0] == pytest.approx(5.0604, abs=1e-4)


def test_predict_gives_interval_and_grades_per_wine_in_input_order() -> None:
    """Check the JSON shape for three wines, the far one in the middle (the widest interval)."""
    first = json.loads(EXAMPLE)["data"][0]
    far = [*first[:4], 0.3, *first[5:9], 1.5, 14.0]
    rows = [first, far, first]
    completed = run_cli("predict", "--wine", "red", json.dumps({"data": rows}))
    assert completed.returncode == 0, completed.stderr
    output = json.loads(completed.stdout)
    assert list(output) == ["result", "interval", "grades"]
    assert [len(values) for values in output.values()] == [3, 3, 3]
    widths = [high - low for low, high in output["interval"]]
    assert widths[0] == widths[2] < widths[1]
    for quality, (low, high), grades in zip(*output.values(), strict=True):
        assert low < quality < high
        assert grades == [g for g in range(11) if low <= g <= high]


def test_every_hyperparameter_has_a_flag() -> None:
    """Check that `train --help` offers a flag for every hyperparameter the kinds declare,
    as a user reading the help sees it."""
    completed = run_cli("train", "--help")
    assert completed.returncode == 0, completed.stderr
    help_text = " ".join(completed.stdout.split())
    for kind in KINDS.values():
        for hyperparameter in kind.hyperparameters:
            assert f"--{hyperparameter.name.replace('_', '-')} " in help_text


def test_a_flag_sets_the_hyperparameter_of_the_model_trained(tmp_path: Path) -> None:
    """Check that a flag reaches the model: `--alpha 3 --no-scale` trains Ridge(alpha=3)."""
    completed = run_cli("train", "--alpha", "3", "--no-scale", "--models-dir", str(tmp_path))
    assert completed.returncode == 0, completed.stderr
    report = json.loads(completed.stdout)
    assert report["spec"]["hyperparameters"] == {"alpha": 3.0}
    assert report["spec"]["scale"] is False


@pytest.mark.parametrize(
    ("arguments", "stdin", "message"),
    [
        (("train", "--alpha", "-1"), None, "alpha must lie between"),
        (("train", "--wine", "rose"), None, "invalid choice: 'rose'"),
        (("train", "--n-estimators", "5"), None, "--n-estimators does not apply"),
        (("train", "--alpha", "abc"), None, "invalid float value"),
        (("predict", '{"data": [[1, 2]]}'), None, "Wine 1 has 2 values"),
        (("predict", "not json"), None, "not valid JSON"),
        (("predict", "-"), "", "not valid JSON"),
        (("coverage", "--repeats", "0"), None, "at least 1 repeat"),
        ((), None, "required: command"),
    ],
)
def test_errors_exit_2_with_one_line_on_stderr(arguments, stdin, message: str) -> None:
    completed = run_cli(*arguments, stdin=stdin)
    assert completed.returncode == 2
    assert completed.stdout == ""
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1
    assert message in lines[0]
    assert "Traceback" not in completed.stderr


def test_train_prints_the_summary_the_store_keeps(tmp_path: Path) -> None:
    """One shape for a trained model: the CLI's report is the store metadata's summary."""
    completed = run_cli("train", "--models-dir", str(tmp_path))
    report = json.loads(completed.stdout)
    metadata = json.loads((tmp_path / f"{report['model_id']}.json").read_text())
    assert {key: report[key] for key in metadata["metrics"]} == metadata["metrics"]
    assert set(report) == {"model_id", "source", *metadata["metrics"]}
