"""Evaluate's coverage section, drawn from data/coverage.json.

Behaviours checked:
- the section's first table lists the model in use's four interval methods, leak-free, with the
  coverage the file holds; the headline quotes the far quarter's coverage of the interval in use;
- switching to the held-out split shows that protocol's figures.
"""

from __future__ import annotations

from core.coverage import load_coverage
from tests.app.conftest import open_app


def _row(protocol: str, method: str, kind: str = "ridge") -> dict:
    rows = load_coverage()["rows"]
    return next(
        r
        for r in rows
        if (r["wine"], r["protocol"], r["kind"], r["method"]) == ("red", protocol, kind, method)
    )


def _methods_table(at):
    return next(t.value for t in at.dataframe if "Coverage, farthest ¼" in t.value.columns)


def test_section_shows_the_files_leak_free_figures_for_the_model_in_use() -> None:
    at = open_app("evaluate")
    assert not at.exception
    table = _methods_table(at)
    assert len(table) == 4
    shipped = _row("leak_free", "distance")
    adaptive = table[table["Interval method"].str.contains("in use")]
    assert adaptive["Coverage"].item() == f"{shipped['coverage']:.1%}"
    far = f"{shipped['by_distance']['farthest']['coverage']:.1%}"
    assert any(far in m.value and "farthest" in m.value for m in at.markdown)


def test_held_out_switch_shows_the_held_out_figures() -> None:
    at = open_app("evaluate")
    at.segmented_control(key="coverage_protocol").set_value("held_out").run()
    assert not at.exception
    split = _row("held_out", "split")
    table = _methods_table(at)
    shown = table[table["Interval method"].str.startswith("Split")]["Coverage"].item()
    assert shown == f"{split['coverage']:.1%}"
