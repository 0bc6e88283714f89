"""The charts redrawn on every rerun, built without plotly's validation.

Behaviours checked:
- the run history's spec passes plotly's full validation, and the unvalidated figure sent
  to the browser is the same figure;
- the run history shows one point per run, its test RMSE, with the model in the hover text.
"""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from ui.charts import history_chart, history_spec

HISTORY = pd.DataFrame(
    {"run": [1, 2, 3], "model": ["Ridge α=1", "Ridge α=10", "Lasso α=0.01"]}
    | {"test RMSE": [0.651, 0.6502, 0.7]}
)


def same_figure(drawn: go.Figure, validated: go.Figure) -> bool:
    return json.loads(pio.to_json(drawn, validate=False)) == json.loads(
        pio.to_json(validated, validate=False)
    )


def test_history_passes_plotly_validation_and_is_what_is_drawn() -> None:
    assert same_figure(history_chart(HISTORY), go.Figure(history_spec(HISTORY)))


def test_history_has_a_point_per_run_with_its_rmse_and_model() -> None:
    (runs,) = history_spec(HISTORY)["data"]
    assert runs["x"] == ["1", "2", "3"]
    assert runs["y"] == [0.651, 0.6502, 0.7]
    assert [row[0] for row in runs["customdata"]] == list(HISTORY["model"])
