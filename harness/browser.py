"""How Chromium is found and launched: Debian's build, driven by Playwright from PyPI.

No browser is downloaded: Playwright drives the system Chromium through its executable path.
"""

from __future__ import annotations

import shutil

from playwright.sync_api import Browser, Playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 1000}


def chromium_path() -> str | None:
    for candidate in ("/usr/bin/chromium", "chromium", "chromium-browser"):
        found = shutil.which(candidate)
        if found:
            return found
    return None


def launch_chromium(playwright: Playwright, executable: str) -> Browser:
    """Headless Chromium with the settings every test and benchmark figure uses."""
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
