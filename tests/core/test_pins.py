"""The lock files agree with the ranges declared in pyproject.toml.

`pyproject.toml` declares ranges (core `dependencies`, the `app`, `dask` and `dev` extras);
`requirements.txt` (what Community Cloud installs) and `requirements-dev.txt` (what CI
installs) are exact pins compiled from them by uv (the command is at the top of each file).

Behaviours checked:
- every line of both locks pins one exact version (`==`), each package once;
- every package the runtime declares (core and `app`) is pinned in requirements.txt, at a
  version inside its declared range, and nothing for tests only is in it;
- every package of core, `app`, `dask` and `dev` is pinned in requirements-dev.txt, inside
  its range;
- the development lock pins every runtime package at the runtime lock's version, so CI tests
  exactly what the app runs;
- each lock names the command that compiled it in its first lines.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
RUNTIME_LOCK = ROOT / "requirements.txt"
DEV_LOCK = ROOT / "requirements-dev.txt"


def _locked(path: Path) -> list[Requirement]:
    """The lock's requirements (uv's `# via` annotations and comments left out)."""
    lines = (line.strip() for line in path.read_text().splitlines())
    return [Requirement(line) for line in lines if line and not line.startswith(("#", "-"))]


def _pins(path: Path) -> dict[str, str]:
    """Name → version for this environment (lines whose markers do not apply left out)."""
    pins = {}
    for requirement in _locked(path):
        if requirement.marker is None or requirement.marker.evaluate():
            (spec,) = requirement.specifier
            pins[canonicalize_name(requirement.name)] = spec.version
    return pins


def _declared(*groups: str) -> list[Requirement]:
    """pyproject.toml's ranges: "core" is `dependencies`, any other name an extra."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    lines = []
    for group in groups:
        lines += project["dependencies"] if group == "core" else extras[group]
    return [Requirement(line) for line in lines]


@pytest.mark.parametrize("lock", [RUNTIME_LOCK, DEV_LOCK], ids=lambda path: path.name)
def test_lock_pins_every_package_exactly_once(lock: Path) -> None:
    """Check each line of the lock is `name==version`, and no name comes twice for one
    environment (a universal lock may pin one package per Python version, with markers)."""
    names = []
    for requirement in _locked(lock):
        operators = [spec.operator for spec in requirement.specifier]
        assert operators == ["=="], f"{requirement} is not an exact pin"
        names.append((canonicalize_name(requirement.name), str(requirement.marker)))
    assert len(names) == len(set(names)), sorted(name for name in names if names.count(name) > 1)


@pytest.mark.parametrize(
    ("lock", "groups"),
    [(RUNTIME_LOCK, ("core", "app")), (DEV_LOCK, ("core", "app", "dask", "dev"))],
    ids=["runtime", "dev"],
)
def test_lock_pins_every_declared_package_inside_its_range(
    lock: Path, groups: tuple[str, ...]
) -> None:
    """Check every package pyproject.toml declares is pinned, at a version its range allows."""
    pins = _pins(lock)
    for requirement in _declared(*groups):
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement} is declared but not pinned in {lock.name}"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"{lock.name} pins {name}=={pins[name]}, outside {requirement}"
        )


def test_runtime_lock_holds_nothing_only_the_tests_need() -> None:
    """Check the packages only the `dev` extra declares are not installed by Community Cloud."""
    runtime = {canonicalize_name(r.name) for r in _declared("core", "app")}
    dev_only = {canonicalize_name(r.name) for r in _declared("dev")} - runtime
    dev_only -= {"packaging"}  # also a dependency of Streamlit itself
    assert not dev_only & set(_pins(RUNTIME_LOCK))


def test_dev_lock_pins_every_runtime_package_at_the_runtime_version() -> None:
    """Check CI installs exactly the versions Community Cloud does."""
    dev = _pins(DEV_LOCK)
    for name, version in _pins(RUNTIME_LOCK).items():
        assert dev.get(name) == version, f"{name}: runtime {version}, dev {dev.get(name)}"


@pytest.mark.parametrize("lock", [RUNTIME_LOCK, DEV_LOCK], ids=lambda path: path.name)
def test_lock_names_the_command_that_compiled_it(lock: Path) -> None:
    head = "\n".join(lock.read_text().splitlines()[:3])
    assert "uv pip compile pyproject.toml" in head
    assert f"-o {lock.name}" in head
