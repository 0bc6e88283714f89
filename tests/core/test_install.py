"""`pip install .`: the engine as a package, its command line working from any folder.

Behaviours checked:
- installing a copy of the tracked files into a fresh environment installs `core` with the
  shipped data inside it;
- `python -m core predict` then answers from another folder, with the installed copy (not
  the checkout) imported, and predicts what the checkout's `core` predicts.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = '{"data": [[7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4]]}'

pytestmark = pytest.mark.slow


def _tracked_copy(target: Path) -> Path:
    listing = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    for name in filter(None, listing.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh environment (the test environment's libraries visible, to save downloading
    them again) with a copy of the repository installed by pip; its Python."""
    base = tmp_path_factory.mktemp("install")
    source = _tracked_copy(base / "source")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(source)], check=True, cwd=base)
    shutil.rmtree(source)
    return python


def test_installed_core_holds_the_shipped_data(installed: Path, tmp_path: Path) -> None:
    probe = "import core, core.data; print(core.__file__); print(core.data.DATA_DIR)"
    completed = subprocess.run(
        [str(installed), "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    package, data_dir = completed.stdout.splitlines()
    assert "site-packages" in package
    assert Path(ROOT) not in Path(package).parents
    assert sorted(p.name for p in Path(data_dir).glob("*.csv")) == [
        "winequality-red.csv",
        "winequality-white.csv",
    ]


def test_installed_cli_predicts_from_another_folder(installed: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["WINE_LAB_MODELS_DIR"] = str(tmp_path / "models")
    completed = subprocess.run(
        [str(installed), "-m", "core", "predict", EXAMPLE],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    checkout = subprocess.run(
        [sys.executable, "-m", "core", "predict", EXAMPLE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(completed.stdout) == json.loads(checkout.stdout)
