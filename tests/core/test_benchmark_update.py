"""`python -m core benchmark --kinds`: a new kind's rows join the table without recomputing it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.errors import DataError
from core.paper_benchmark import (
    compute_benchmark,
    computed_dates,
    merge_benchmark,
    write_benchmark,
)
from tests.core.cli_runner import run_cli

QUICK = {"folds": 2, "repeats": 1, "n_jobs": 1}


def _keys(table: dict) -> list[tuple[str, str, str]]:
    return [(row["wine"], row["kind"], row["mode"]) for row in table["rows"]]


def test_kinds_replace_their_rows_and_keep_the_others_in_the_tables_order(tmp_path: Path) -> None:
    out = tmp_path / "benchmark.json"
    earlier = compute_benchmark(kinds=("ridge", "linear"), **QUICK)
    write_benchmark(earlier, out)
    completed = run_cli(
        "benchmark", "--kinds", "lasso", "linear", "--folds", "2", "--repeats", "1",
        "--n-jobs", "1", "--out", str(out),
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    table = json.loads(out.read_text())
    assert _keys(table) == [
        (wine, kind, mode)
        for wine in ("red", "white")
        for kind in ("ridge", "lasso", "linear")
        for mode in ("plain", "leak_free")
    ]
    ridge = [row for row in table["rows"] if row["kind"] == "ridge"]
    assert ridge == [row for row in earlier["rows"] if row["kind"] == "ridge"]
    assert table["updated_kinds"] == ["lasso", "linear"]
    assert table["protocol"] == earlier["protocol"]


def test_rows_of_another_protocol_are_refused() -> None:
    earlier = compute_benchmark(kinds=("linear",), **QUICK)
    other = compute_benchmark(kinds=("linear",), **(QUICK | {"repeats": 2}))
    with pytest.raises(DataError, match="protocol"):
        merge_benchmark(earlier, other)


def test_the_tables_dates_say_when_rows_were_added_later() -> None:
    assert computed_dates({"created": "2026-11-23T17:13:47+00:00"}) == "2026-11-23"
    merged = {"created": "2026-11-23T17:13:47+00:00", "updated": "2026-12-01T23:19:49+00:00"}
    assert computed_dates(merged) == "2026-11-23 – 2026-12-01"
