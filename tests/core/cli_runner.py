"""`python -m core` in a subprocess, as a user runs it: the CLI tests' one way to call it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def run_cli(
    *arguments: str, stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "core", *arguments],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
    )
