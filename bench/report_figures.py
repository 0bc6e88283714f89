"""The downloadable report: its data from `core` and its HTML with inline SVG charts.

What a click on "Download the report" costs on the server, for the default Ridge (target
≤ 2 s) and for a random forest with its permutation importances at hand (the Train page
keeps them per model) and without (computed for the report).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.measure import Figure, repeat
from core.data import load_wine
from core.explain import permutation_importances
from core.features import median_wine
from core.models import ModelSpec
from core.report import model_report, wine_report
from core.store import ModelStore
from ui.report import render_model_report, render_wine_report

TARGET_SECONDS = 2.0


def report_figures() -> list[Figure]:
    frame = load_wine("red")
    with tempfile.TemporaryDirectory() as folder:
        store = ModelStore(Path(folder))
        ridge = store.get(ModelSpec.create("red", "ridge"))
        forest = store.get(ModelSpec.create("red", "random_forest"))
    importances = permutation_importances(forest.result)
    wine = median_wine(frame) | {"alcohol": 12.5}
    timings = {
        "model report (data + HTML), ridge, red": repeat(
            lambda: render_model_report(model_report(ridge, frame)), 5, 1
        ),
        "wine report (data + HTML), ridge, red": repeat(
            lambda: render_wine_report(wine_report(ridge, frame, wine)), 5, 1
        ),
        "model report, random forest, importances at hand": repeat(
            lambda: render_model_report(model_report(forest, frame, importances=importances)),
            3,
            1,
        ),
        "model report, random forest, importances computed": repeat(
            lambda: render_model_report(model_report(forest, frame)), 2, 0
        ),
    }
    figures = []
    for name, timing in timings.items():
        targeted = name.startswith("model report (data")
        figures.append(
            Figure(
                "report",
                name,
                timing.median,
                "s",
                f"≤ {TARGET_SECONDS:g} s" if targeted else "",
                timing.median <= TARGET_SECONDS if targeted else None,
                p95=timing.p95,
            )
        )
    return figures
