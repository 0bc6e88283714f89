"""The `core` package as a library.

Behaviours checked:
- importing `core` (every module of it) never imports Streamlit;
- importing `core` creates no file or folder (no import-time side effects).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CHECK = """
import sys, pkgutil, importlib, core
for module in pkgutil.iter_modules(core.__path__):
    if module.name != "__main__":
        importlib.import_module(f"core.{module.name}")
assert "streamlit" not in sys.modules, "core imported streamlit"
"""


def test_importing_core_leaves_streamlit_out(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    env = {"PYTHONPATH": str(root), "WINE_LAB_MODELS_DIR": str(tmp_path / "models")}
    completed = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, env=env, check=False
    )
    assert completed.returncode == 0, completed.stderr
    assert not (tmp_path / "models").exists()
