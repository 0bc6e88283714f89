"""The model card and the zip that carries it with the model.

Behaviours checked:
- the zip holds the model file, its JSON description and README.md, and the model file in it
  predicts what `core` predicts;
- the card parses with `skops.card.parse_modelcard` (pandoc) into the Hugging Face sections,
  and its evaluation table names the leak-free metrics with `core.report`'s values;
- its YAML front matter names the library and lists the same metrics;
- `python -m core export -o model.zip` writes that zip, and `--format skops` puts the skops
  file in it.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import zipfile
from pathlib import Path

import joblib
import pytest

from core.data import load_wine
from core.features import median_wine
from core.model_card import CARD_NAME, bundle
from core.models import ModelSpec
from core.report import model_report
from core.scoring import predict_rows, wine_vector
from core.store import ModelStore
from tests.core.cli_runner import run_cli

needs_pandoc = pytest.mark.skipif(
    shutil.which("pandoc") is None and not os.environ.get("CI"),
    reason="parse_modelcard needs pandoc (apt-get install pandoc); CI installs it",
)


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory):
    return ModelStore(tmp_path_factory.mktemp("card_models")).get(ModelSpec.create("red", "ridge"))


@pytest.fixture(scope="module")
def archive(stored) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(bundle(stored, load_wine("red"))))


def test_zip_holds_the_model_its_description_and_card(stored, archive) -> None:
    """Check the three files, and that the model file predicts core's numbers."""
    stem = f"wine-red-ridge-{stored.model_id}"
    assert sorted(archive.namelist()) == sorted([f"{stem}.joblib", f"{stem}.json", CARD_NAME])
    model = joblib.load(io.BytesIO(archive.read(f"{stem}.joblib")))
    row = wine_vector(median_wine(load_wine("red")))[None, :]
    assert model.predict(row) == pytest.approx(predict_rows(stored.result, row))
    description = json.loads(archive.read(f"{stem}.json"))
    assert description["model_id"] == stored.model_id


@needs_pandoc
def test_card_parses_and_names_the_metrics(stored, archive, tmp_path: Path) -> None:
    """Check the Hugging Face sections and the evaluation table's leak-free metrics."""
    from skops.card import parse_modelcard

    path = tmp_path / CARD_NAME
    path.write_bytes(archive.read(CARD_NAME))
    card = parse_modelcard(path)
    toc = card.get_toc()
    for section in (
        "Model description",
        "Intended uses & limitations",
        "Training Procedure",
        "Evaluation Results",
        "How to Get Started with the Model",
        "Citation",
    ):
        assert section in toc
    table = card.select("Model description/Evaluation Results").content
    facts = model_report(stored, load_wine("red")).accuracy
    rows = {
        line.split("|")[1].strip(): float(line.split("|")[2])
        for line in str(table).splitlines()[2:]
        if line.count("|") >= 3
    }
    unseen = f"{facts.unseen_rows} held-out wines with no twin in training"
    assert rows[f"Exact grade (error at most 0.5), {unseen}"] == round(facts.exact, 4)
    assert rows[f"Within one grade (error at most 1), {unseen}"] == round(facts.within_one, 4)
    assert rows["RMSE, all held-out wines"] == round(stored.result.test_metrics.rmse, 4)
    assert "90% interval coverage, leak-free folds" in rows
    limits = str(card.select("Model description/Intended uses & limitations").content)
    assert "Vinho Verde" in limits
    assert "(3, 4, 8)" in limits


def test_front_matter_lists_the_library_and_metrics(stored, archive) -> None:
    """Check the YAML header a Hugging Face page reads."""
    card = archive.read(CARD_NAME).decode()
    header = card.split("---\n")[1]
    assert "library_name: sklearn" in header
    assert f'name: "wine-red-ridge-{stored.model_id}"' in header
    exact = model_report(stored, load_wine("red")).accuracy.exact
    assert f"value: {exact:.4f}" in header


@pytest.mark.parametrize(("flags", "suffix"), [([], ".joblib"), (["--format", "skops"], ".skops")])
def test_cli_export_to_zip_writes_the_bundle(tmp_path: Path, flags: list[str], suffix: str) -> None:
    """Check `python -m core export -o model.zip` and its model file's format."""
    target = tmp_path / "model.zip"
    done = run_cli(
        "export", "--wine", "red", "-o", str(target), "--models-dir", str(tmp_path), *flags
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["written"] == [str(target)]
    names = zipfile.ZipFile(target).namelist()
    assert CARD_NAME in names
    assert any(name.endswith(suffix) for name in names)
