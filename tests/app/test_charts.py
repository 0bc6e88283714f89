"""The charts redrawn on every rerun, built without plotly's validation.

Behaviours checked:
- the run history's spec passes plotly's full validation, and the unvalidated figure sent
  to the browser is the same figure;
- the run history shows one point per run, its test RMSE, with the model in the hover text;
  runs of one kind that differ in one hyperparameter are drawn against it, in order;
- the regularisation path and error-against-alpha specs pass plotly's validation.
"""

from __future__ import annotations

import json

import plotly.graph_objects as go
import plotly.io as pio

from core.models import ModelSpec
from core.regularisation import regularisation_path
from core.runs import Run
from ui.charts import (
    alpha_error_spec,
    history_chart,
    history_spec,
    regularisation_path_spec,
)


def _run(kind: str, rmse: float, **params: float) -> Run:
    spec = ModelSpec.create("red", kind, **params)
    return Run(spec, {"test_metrics": {"rmse": rmse}}, 0.0, "12:00")


HISTORY = (
    _run("ridge", 0.651, alpha=1.0),
    _run("ridge", 0.6502, alpha=10.0),
    _run("lasso", 0.7, alpha=0.01),
)
ALPHAS = (_run("ridge", 0.62, alpha=10.0), _run("ridge", 0.63, alpha=0.5))


def same_figure(drawn: go.Figure, validated: go.Figure) -> bool:
    return json.loads(pio.to_json(drawn, validate=False)) == json.loads(
        pio.to_json(validated, validate=False)
    )


def test_history_passes_plotly_validation_and_is_what_is_drawn() -> None:
    assert same_figure(history_chart(HISTORY), go.Figure(history_spec(HISTORY)))


def test_history_has_a_point_per_run_with_its_rmse_and_model() -> None:
    (runs,) = history_spec(HISTORY)["data"]
    assert runs["x"] == [f"{i}. {run.spec.describe()}" for i, run in enumerate(HISTORY, 1)]
    assert runs["y"] == [0.651, 0.6502, 0.7]
    assert [row[0] for row in runs["customdata"]] == [run.spec.describe() for run in HISTORY]


def test_history_of_one_kind_is_drawn_against_its_hyperparameter_in_order() -> None:
    spec = history_spec(ALPHAS)
    (runs,) = spec["data"]
    assert (runs["x"], runs["y"]) == ([0.5, 10.0], [0.63, 0.62])
    assert spec["layout"]["xaxis"]["type"] == "log"
    assert spec["layout"]["xaxis"]["title"]["text"].startswith("Regularisation strength (alpha)")
    assert same_figure(history_chart(ALPHAS), go.Figure(history_spec(ALPHAS)))


def test_regularisation_charts_pass_plotly_validation(red) -> None:
    path = regularisation_path(ModelSpec.create("red", "lasso"), red)
    assert len(go.Figure(regularisation_path_spec(path, 0.01, "alpha")).data) == 12
    assert len(go.Figure(alpha_error_spec(path, 0.01, (0.62, 0.66), "alpha")).data) == 5
