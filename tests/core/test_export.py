"""A model as files anyone can load, and the project's own error for too-small data.

Behaviours checked:
- the joblib file, loaded by `python -I` in a temporary folder where `core` cannot be
  imported, is a scikit-learn Pipeline that predicts what `core` predicts;
- the skops file loads the same way, by its own loading lines, trusting no type beyond those
  they list: none for a linear model, the tree predictor for gradient boosting;
- the description beside it names the feature order, units, metrics, data checksum and
  library versions, and holds the three lines that load the file;
- `python -m core export` takes every model flag and writes both files; `.skops` picks skops;
- with `--data-dir`, the description's checksum is that folder's file, not the shipped one;
- a frame too small to split or cross-validate raises `DataError`, and the CLI exits 2
  with one line.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from core.data import DATA_DIR, data_checksum
from core.errors import DataError
from core.export import export_model, write_export
from core.features import FEATURE_KEYS
from core.models import ModelSpec
from core.scoring import predict_rows
from core.store import ModelStore
from core.train import train_model
from tests.core.cli_runner import run_cli

LOAD_AND_PREDICT = """
import json, sys
import numpy as np
try:
    import core
except ImportError:
    pass
else:
    sys.exit("core is importable: the test would prove nothing")
lines = json.load(open(sys.argv[1]))["load"][:2]
exec("\\n".join(lines))
rows = np.array(json.load(open("rows.json")))
print(type(model).__module__ + "." + type(model).__name__)
print(json.dumps(model.predict(rows).tolist()))
"""


def _run_isolated(folder: Path, description: Path) -> tuple[str, list[float]]:
    """Run the file's own loading lines with `python -I` (no cwd, no PYTHONPATH) in `folder`."""
    completed = subprocess.run(
        [sys.executable, "-I", "-c", LOAD_AND_PREDICT, str(description)],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    kind, predictions = completed.stdout.strip().splitlines()
    return kind, json.loads(predictions)


@pytest.mark.parametrize(
    ("file_name", "spec"),
    [
        ("model.joblib", ModelSpec.create("red", "ridge", alpha=0.5)),
        ("model.skops", ModelSpec.create("white", "linear", scale=False)),
        ("forest.joblib", ModelSpec.create("red", "random_forest", n_estimators=10)),
        ("boosting.skops", ModelSpec.create("red", "hist_gradient_boosting", max_iter=20)),
    ],
)
def test_exported_file_loads_without_core_and_predicts_what_core_predicts(
    tmp_path: Path, store: ModelStore, red: pd.DataFrame, file_name: str, spec: ModelSpec
) -> None:
    stored = store.get(spec)
    model_path, description = write_export(stored, tmp_path / file_name)
    rows = red[list(FEATURE_KEYS)].to_numpy()[:40]
    (tmp_path / "rows.json").write_text(json.dumps(rows.tolist()))
    kind, predicted = _run_isolated(tmp_path, description)
    assert kind == "sklearn.pipeline.Pipeline"
    np.testing.assert_allclose(predicted, predict_rows(stored.result, rows), rtol=1e-9)
    assert model_path.exists()


def test_skops_loading_lines_trust_only_the_types_they_name(store: ModelStore) -> None:
    linear = export_model(store.get(ModelSpec()), "skops")
    assert linear.trusted == ()
    assert linear.description["load"][1].endswith('.skops")')
    boosting = export_model(store.get(ModelSpec.create(kind="hist_gradient_boosting")), "skops")
    assert boosting.trusted == ("sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",)
    assert "trusted=[" in boosting.description["load"][1]


def test_description_names_order_units_metrics_checksum_and_versions(
    store: ModelStore, red: pd.DataFrame
) -> None:
    stored = store.get(ModelSpec.create(alpha=2.0))
    description = export_model(stored).description
    assert description["feature_order"] == list(FEATURE_KEYS)
    assert description["features"][-1] == {
        "key": "alcohol",
        "column": "alcohol",
        "unit": "% vol.",
        "plausible": [0.0, 25.0],
    }
    independent = train_model(ModelSpec.create(alpha=2.0), red)
    assert description["metrics"]["test"]["rmse"] == pytest.approx(independent.test_metrics.rmse)
    assert description["data_sha256"] == data_checksum("red")
    assert {"python", "scikit-learn", "numpy", "joblib", "skops"} <= set(description["libraries"])
    assert description["load"][0] == "import joblib"
    assert len(description["load"]) == 3


def test_cli_export_takes_model_flags_and_writes_both_files(tmp_path: Path) -> None:
    completed = run_cli(
        "export", "--wine", "white", "--model", "lasso", "--alpha", "0.05", "--no-scale",
        "-o", str(tmp_path / "lasso.skops"),
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    description = json.loads((tmp_path / "lasso.json").read_text())
    assert description["file_format"] == "skops"
    assert description["spec"]["hyperparameters"] == {"alpha": 0.05}
    assert description["spec"]["scale"] is False
    assert description["description"] == "Lasso, alpha=0.05, no scaling"


def test_cli_export_describes_the_data_it_was_trained_on(tmp_path: Path) -> None:
    """Check that `--data-dir X` puts X's file's SHA-256 in the description."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    lines = (DATA_DIR / "winequality-red.csv").read_text().splitlines()
    mine = data_dir / "winequality-red.csv"
    mine.write_text("\n".join(lines[:400]) + "\n")
    completed = run_cli(
        "export", "--data-dir", str(data_dir), "--models-dir", str(tmp_path / "models"),
        "-o", str(tmp_path / "model.joblib"),
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    description = json.loads((tmp_path / "model.json").read_text())
    assert description["data_sha256"] == hashlib.sha256(mine.read_bytes()).hexdigest()
    assert description["data_sha256"] != data_checksum("red")
    assert description["metrics"]["train_rows"] + description["metrics"]["test_rows"] == 399


def test_too_small_frame_raises_the_projects_own_error(red: pd.DataFrame) -> None:
    with pytest.raises(DataError, match="6 wine\\(s\\) are too few"):
        train_model(ModelSpec(), red.head(6))


def test_cli_reports_too_small_data_in_one_line_with_exit_2(tmp_path: Path) -> None:
    lines = (DATA_DIR / "winequality-red.csv").read_text().splitlines()[:7]
    (tmp_path / "winequality-red.csv").write_text("\n".join(lines) + "\n")
    completed = run_cli("train", "--data-dir", str(tmp_path))
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert completed.stderr.count("\n") == 1
    assert "too few to train and test a model" in completed.stderr
