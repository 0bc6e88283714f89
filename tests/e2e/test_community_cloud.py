"""Ready for Streamlit Community Cloud as the repository stands.

Community Cloud clones the repository, installs `requirements.txt` alone into a fresh
environment, and runs `streamlit run app.py`. These tests check the files it reads, then
do the same thing: a fresh virtual environment with only the runtime requirements (cached
between runs, keyed by the requirements and the Python version), the repository's files as
git tracks them, the app started headless, and one page drawn in Chromium.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import urllib.request
from pathlib import Path

import numpy as np
import pytest
from filelock import FileLock
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from playwright.sync_api import Browser, expect
from streamlit import config

from core.data import load_wine
from core.models import ModelSpec
from core.scoring import predict_rows
from core.train import train_model
from harness.browser import VIEWPORT
from harness.server import ROOT, streamlit_server
from tests.e2e.app_page import WineLab
from tests.run_report import REPORT

VENV_CACHE_ENV = "WINE_LAB_VENV_CACHE"
RUNTIME_SOURCES = ["app.py", "core", "ui", "web", "i18n", "pages"]
EXAMPLE = b'{"data": [[7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4]]}'
DEV_ONLY = {
    "pytest", "pytest-timeout", "hypothesis", "playwright", "psutil", "ruff", "pip-audit",
    "openapi-spec-validator",
}  # fmt: skip


def _requirements() -> list[Requirement]:
    """requirements.txt's exact pins (uv's `# via` annotations left out)."""
    lines = (line.strip() for line in (ROOT / "requirements.txt").read_text().splitlines())
    return [Requirement(line) for line in lines if line and not line.startswith("#")]


def _canonical(name: str) -> str:
    return name.lower().replace("_", "-")


def _declared_runtime() -> set[str]:
    """What pyproject.toml declares for the app: core `dependencies` and the `app` extra."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = project["dependencies"] + project["optional-dependencies"]["app"]
    return {_canonical(Requirement(line).name) for line in lines}


def test_requirements_are_exact_runtime_pins() -> None:
    """Check Community Cloud installs exact versions (tests/core/test_pins.py checks them
    against pyproject.toml's ranges) and nothing only the tests need."""
    for requirement in _requirements():
        operators = {spec.operator for spec in requirement.specifier}
        assert _canonical(requirement.name) not in DEV_ONLY, requirement
        assert operators == {"=="}, f"{requirement} is not pinned"


def _third_party_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    local = {"core", "ui", "web", "i18n", "pages"}
    return {name for name in names if name not in local and name not in sys.stdlib_module_names}


def _optional_extras() -> set[str]:
    """Packages of pyproject.toml's optional extras (`pip install '.[dask]'`): imported only
    inside the functions that need them, never when the app runs (tests/cluster checks that)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text()).get("project", {})
    extras = project.get("optional-dependencies", {}).values()
    return {_canonical(Requirement(line).name) for lines in extras for line in lines}


def _dev_extra() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {_canonical(Requirement(line).name) for line in project["optional-dependencies"]["dev"]}


def test_every_runtime_import_is_in_requirements() -> None:
    declared = _declared_runtime() | _optional_extras() - _dev_extra()
    distributions = importlib.metadata.packages_distributions()
    files = [ROOT / "app.py"] + [
        path for folder in RUNTIME_SOURCES[1:] for path in (ROOT / folder).rglob("*.py")
    ]
    for path in files:
        for module in _third_party_imports(path):
            providers = {_canonical(name) for name in distributions.get(module, [module])}
            assert providers & declared, f"{path.relative_to(ROOT)} imports {module}"


def _option_names(table: dict, prefix: str = "") -> list[str]:
    """Dotted names of a config's options; nested tables ([theme.dark]) are sections."""
    names = []
    for key, value in table.items():
        if isinstance(value, dict):
            names += _option_names(value, f"{prefix}{key}.")
        else:
            names.append(prefix + key)
    return names


def test_streamlit_config_is_valid() -> None:
    """Check .streamlit/config.toml names only real options, bounds uploads and keeps XSRF."""
    settings = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    known = config.get_config_options()
    for name in _option_names(settings):
        assert name in known, f"unknown option {name}"
    assert settings["server"]["enableXsrfProtection"] is True
    assert 0 < settings["server"]["maxUploadSize"] <= 10


def test_python_version_is_declared_and_supported() -> None:
    """Check .python-version (read by Community Cloud's settings) meets requires-python."""
    declared = (ROOT / ".python-version").read_text().strip()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert SpecifierSet(project["requires-python"]).contains(declared + ".0")


def test_no_system_packages_are_needed() -> None:
    """Check there is no packages.txt: Community Cloud would apt-get it on every boot."""
    assert not (ROOT / "packages.txt").exists()


def core_predictions(rows: list[list[float]]) -> list[float]:
    """What this checkout's `core` predicts with the default model (the reference)."""
    result = train_model(ModelSpec(), load_wine("red"))
    return predict_rows(result, np.array(rows)).tolist()


def _venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


@pytest.fixture(scope="session")
def runtime_venv() -> Path:
    """A virtual environment with requirements.txt alone, built once per requirements."""
    requirements = (ROOT / "requirements.txt").read_bytes()
    key = hashlib.sha256(requirements + sys.version.encode()).hexdigest()[:16]
    cache = Path(os.environ.get(VENV_CACHE_ENV, Path.home() / ".cache" / "wine-quality-lab"))
    venv = cache / f"runtime-venv-{key}"
    cache.mkdir(parents=True, exist_ok=True)
    with FileLock(str(cache / f"{venv.name}.lock")):
        if not (venv / ".complete").exists():
            shutil.rmtree(venv, ignore_errors=True)
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            subprocess.run(
                [str(_venv_python(venv)), "-m", "pip", "install", "-q", "-r", "requirements.txt"],
                cwd=ROOT,
                check=True,
            )
            (venv / ".complete").write_text(requirements.decode())
    return venv


def _tracked_files() -> list[Path]:
    """The files a clone of the repository holds (git's index), else everything here."""
    try:
        listing = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        ignored = {".git", ".venv", "__pycache__", ".pytest_cache", ".ruff_cache"}
        return [
            path.relative_to(ROOT)
            for path in ROOT.rglob("*")
            if path.is_file() and not ignored & set(path.relative_to(ROOT).parts)
        ]
    return [Path(name) for name in listing.decode().split("\0") if name]


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """The repository's tracked files, copied as Community Cloud would check them out."""
    target = tmp_path / "repository"
    for relative in _tracked_files():
        source = ROOT / relative
        if source.is_file():
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / relative)
    return target


def test_runtime_environment_has_no_development_tools(runtime_venv: Path) -> None:
    """Check the fresh environment really lacks the dev tools (it is not the test one)."""
    probe = (
        "import importlib.util, sys; "
        "sys.exit(any(importlib.util.find_spec(m) for m in sys.argv[1:]))"
    )
    modules = ["pytest", "playwright", "hypothesis", "psutil"]
    result = subprocess.run([str(_venv_python(runtime_venv)), "-c", probe, *modules])
    assert result.returncode == 0, "a development tool is installed in the runtime environment"


@pytest.mark.e2e
def test_app_runs_from_requirements_alone(
    runtime_venv: Path, clone: Path, browser: Browser, tmp_path: Path
) -> None:
    with streamlit_server(
        tmp_path / "models", python=str(_venv_python(runtime_venv)), app_dir=clone
    ) as app:
        context = browser.new_context(viewport=VIEWPORT)
        lab = WineLab(context.new_page(), app.url).open()
        expect(lab.predicted_quality()).to_have_text(re.compile(r"^\d+\.\d\d$"))
        expect(lab.exceptions()).to_have_count(0)
        context.close()
        request = urllib.request.Request(app.url + "/api/predict", data=EXAMPLE, method="POST")
        with urllib.request.urlopen(request, timeout=60) as response:
            answer = json.loads(response.read())
        assert answer["result"] == pytest.approx(core_predictions(json.loads(EXAMPLE)["data"]))
        assert answer["model"]["description"] == "Ridge regression, alpha=0.5"
        REPORT["Fresh requirements.txt environment"] = (
            f"health after {app.seconds_to_health:.1f} s, "
            f"peak RSS {app.memory.peak_bytes / 2**20:.0f} MB"
        )
