"""Dask preload: this scheduler or worker cannot import `core`, as on a machine without the project.

Used with `python -I` in a folder outside the repository, so the test holds even where the
project is pip-installed into site-packages.
"""

from __future__ import annotations

import importlib.abc
import sys


class _HideCore(importlib.abc.MetaPathFinder):
    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name == "core" or name.startswith("core."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)


def dask_setup(server: object) -> None:
    sys.meta_path.insert(0, _HideCore())
