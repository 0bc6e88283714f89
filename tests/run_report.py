"""What a test run prints at its end (where the screenshots are, how much memory the server
took), gathered from every worker when pytest-xdist runs the suite on several cores.

Tests write lines into `REPORT`; each xdist worker hands its lines to the controller through
`workeroutput` (xdist's own channel), and the controller prints them all in one section.
"""

from __future__ import annotations

REPORT: dict[str, str] = {}
WORKER_OUTPUT_KEY = "wine_lab_report"


def merged(lines: dict[str, str], more: dict[str, str]) -> dict[str, str]:
    """Both workers' lines: a name both reported keeps both values, in order."""
    result = dict(lines)
    for name, value in more.items():
        known = result.get(name)
        result[name] = value if known in (None, value) else f"{known}; {value}"
    return result
