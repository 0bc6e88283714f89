"""A real `streamlit run app.py` in a child process, and the memory it uses.

Shared by the browser tests, the fresh-environment deploy test and the benchmark: start on
a free local port with its own model store, wait for `/_stcore/health`, and stop the whole
process group at the end so no server (or joblib worker) outlives its user.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
HEALTH_PATH = "/_stcore/health"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PeakMemory(threading.Thread):
    """Samples the resident memory of a process and its children until stopped."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self._process = psutil.Process(pid)
        self._interval = interval
        self._stopped = threading.Event()
        self.peak_bytes = 0

    def current_bytes(self) -> int:
        """RSS of the server and every process it started (joblib workers count too)."""
        total = 0
        with contextlib.suppress(psutil.Error):
            for process in [self._process, *self._process.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    total += process.memory_info().rss
        return total

    def run(self) -> None:
        while not self._stopped.wait(self._interval):
            self.peak_bytes = max(self.peak_bytes, self.current_bytes())

    def stop(self) -> None:
        self._stopped.set()
        self.join()


@dataclass
class RunningApp:
    url: str
    process: subprocess.Popen
    memory: PeakMemory
    log_path: Path
    seconds_to_health: float = field(default=0.0)

    def log_tail(self, lines: int = 40) -> str:
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + HEALTH_PATH, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


@contextlib.contextmanager
def streamlit_server(
    models_dir: Path,
    *,
    python: str = sys.executable,
    app_dir: Path = ROOT,
    script: str = "app.py",
    timeout: float = 90.0,
) -> Iterator[RunningApp]:
    """`streamlit run <script>` headless on a free port; yields once `/_stcore/health` answers."""
    port = free_port()
    log_path = models_dir.parent / f"streamlit-{port}.log"
    command = [
        python,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.headless=true",
        f"--server.port={port}",
        "--server.address=127.0.0.1",
        "--server.fileWatcherType=none",
        "--browser.gatherUsageStats=false",
    ]
    env = os.environ | {
        "WINE_LAB_MODELS_DIR": str(models_dir),
        "PYTHONUNBUFFERED": "1",
        "PYTHONPATH": str(app_dir),
    }
    started = time.perf_counter()
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            cwd=app_dir,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    memory = PeakMemory(process.pid)
    memory.start()
    app = RunningApp(f"http://127.0.0.1:{port}", process, memory, log_path)
    try:
        while not _healthy(app.url):
            if process.poll() is not None:
                message = f"streamlit exited with {process.returncode}"
                raise RuntimeError(f"{message}:\n{app.log_tail()}")
            if time.perf_counter() - started > timeout:
                message = f"no answer on {HEALTH_PATH} in {timeout:.0f} s"
                raise RuntimeError(f"{message}:\n{app.log_tail()}")
            time.sleep(0.05)
        app.seconds_to_health = time.perf_counter() - started
        yield app
    finally:
        memory.stop()
        _stop(process)


def _stop(process: subprocess.Popen) -> None:
    """Terminate the server's whole process group; kill it if it does not go."""
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(wait)
            break
        except subprocess.TimeoutExpired:
            continue
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
