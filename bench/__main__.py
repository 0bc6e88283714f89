"""`python -m bench`: every figure with its target, PASS/MISS and ratio to the floor.

Prints a table and writes it to bench/results/latest.json (with the machine it ran on).
`--quick` shortens the load test; `--no-browser` measures core and AppTest only.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from datetime import UTC, datetime
from pathlib import Path

import psutil

from bench.app_figures import app_figures
from bench.browser_figures import browser_figures
from bench.core_figures import core_figures
from bench.measure import Figure
from bench.report_figures import report_figures
from bench.wine_figures import counterfactual_figures, typing_figures

RESULTS = Path(__file__).parent / "results" / "latest.json"


def machine() -> dict[str, object]:
    return {
        "cpu_count": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "python": platform.python_version(),
    }


def _verdict(figure: Figure) -> str:
    return "" if figure.passed is None else ("PASS" if figure.passed else "MISS")


def table(figures: list[Figure]) -> str:
    lines = [
        "| Group | Figure | Median | p95 | Target | | × floor |",
        "|---|---|---|---|---|---|---|",
    ]
    for f in figures:
        p95 = f"{f.p95:.1f}" if f.p95 is not None else ""
        ratio = f"{f.floor_ratio:.2f}" if f.floor_ratio is not None else ""
        lines.append(
            f"| {f.group} | {f.name} | {f.value:.2f} {f.unit} | {p95} | {f.target} "
            f"| {_verdict(f)} | {ratio} |"
        )
    return "\n".join(lines)


def write_results(path: Path, figures: list[Figure], report: str, **extra: object) -> None:
    """The figures as JSON, with when, on what machine, and `extra` (the load average…)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(
            {
                "created": datetime.now(UTC).isoformat(timespec="seconds"),
                "machine": machine(),
                **extra,
                "figures": [f.to_dict() for f in figures],
                "markdown": report,
            },
            indent=1,
        )
        + "\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a 10 s load test")
    parser.add_argument("--no-browser", action="store_true", help="core and AppTest only")
    parser.add_argument("--out", type=Path, default=RESULTS)
    arguments = parser.parse_args()
    started = time.perf_counter()
    figures = core_figures() + counterfactual_figures() + report_figures() + app_figures()
    if not arguments.no_browser:
        figures += typing_figures()
        figures += browser_figures(load_seconds=10.0 if arguments.quick else 30.0)
    report = table(figures)
    print(report)
    misses = [f.name for f in figures if f.passed is False]
    elapsed = time.perf_counter() - started
    print(f"\n{len(figures)} figures, {len(misses)} targets missed, {elapsed:.0f} s")
    write_results(arguments.out, figures, report)


if __name__ == "__main__":
    main()
