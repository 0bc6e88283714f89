"""The charts redrawn on every rerun, built without plotly's validation.

Behaviours checked:
- the run history's spec passes plotly's full validation, and the unvalidated figure sent
  to the browser is the same figure;
- the run history shows one point per run, its test RMSE, with the model in the hover text;
  runs of one kind that differ in one hyperparameter are drawn against it, in order;
- the regularisation path plots, at each alpha, the coefficients plain scikit-learn fits on
  the same split, and the error chart its test RMSE; both pass plotly's validation;
- bars of signed coefficients take the colours of what they do to the quality (the slider
  panel's), an importance one neutral colour; the theme's colour is the palette's;
- every chart colour of each theme stands out 3:1 from its background, the first being the
  theme's own; Explore's boxes take it (not one fixed red, dim on a dark page), every grade named;
- on a dark page every fixed chart colour is drawn 3:1 on the background (its lighter tone
  where needed), the figure otherwise unchanged; your model's table row keeps its text 4.5:1.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from coloraide import Color
from sklearn.linear_model import Lasso
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from core.features import FEATURE_KEYS, FEATURES
from core.models import ModelSpec
from core.regularisation import regularisation_path
from core.runs import Run
from ui import palette
from ui.charts import (
    alpha_error_spec,
    feature_bars,
    feature_by_quality,
    history_chart,
    history_spec,
    rec_chart,
    regularisation_path_spec,
)
from ui.theme import recoloured, themed

ROOT = Path(__file__).resolve().parents[2]


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


def test_regularisation_charts_plot_what_plain_sklearn_fits(red) -> None:
    """Check each feature's line and the test error line, alpha by alpha, against a Lasso
    fitted by hand on the tutorial's split."""
    path = regularisation_path(ModelSpec.create("red", "lasso", split="tutorial"), red)
    lines = go.Figure(regularisation_path_spec(path, 0.01, "alpha")).data
    errors = go.Figure(alpha_error_spec(path, 0.01, (0.62, 0.66), "alpha")).data
    by_name = {trace.name: trace for trace in lines}
    test = next(trace for trace in errors if trace.name == "Test")
    x = red[list(FEATURE_KEYS)].to_numpy()
    x_train, x_test, y_train, y_test = train_test_split(
        x, red["quality"].to_numpy(), test_size=0.2, random_state=0
    )
    for index in (0, len(path.alphas) // 2, len(path.alphas) - 1):
        alpha = path.alphas[index]
        model = make_pipeline(StandardScaler(), Lasso(alpha=alpha)).fit(x_train, y_train)
        coefficients = model.named_steps["lasso"].coef_
        for feature, coefficient in zip(FEATURES, coefficients, strict=True):
            trace = by_name[feature.label]
            assert trace.x[index] == pytest.approx(alpha)
            assert trace.y[index] == pytest.approx(coefficient, abs=1e-9)
        rmse = np.sqrt(np.mean((model.predict(x_test) - y_test) ** 2))
        assert test.y[index] == pytest.approx(rmse, rel=1e-9)


def test_bars_take_the_colour_of_what_each_part_does_to_the_quality() -> None:
    signed = feature_bars({"alcohol": 0.3, "volatile_acidity": -0.2}, "coefficient")
    assert list(signed.data[0].marker.color) == [palette.ADDS, palette.TAKES_AWAY]
    assert palette.panel_colours()["--up"] == palette.ADDS
    assert palette.panel_colours()["--down"] == palette.TAKES_AWAY
    importance = feature_bars({"alcohol": 0.3, "ph": -0.01}, "importance", [0.1, 0.1])
    assert list(importance.data[0].marker.color) == [palette.NEUTRAL] * 2
    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]
    assert theme["primaryColor"] == palette.WINE


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_charts_colours_stand_out_from_each_themes_background(scheme: str) -> None:
    """WCAG 2.2's 3:1 for graphics; the data's marks take the theme's own colour."""
    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"][scheme]
    colours = theme["chartCategoricalColors"]
    assert colours[0] == theme["primaryColor"]
    for colour in colours:
        assert Color(colour).contrast(theme["backgroundColor"], method="wcag21") >= 3, colour


def test_explores_boxes_take_the_themes_colour_with_every_grade_named() -> None:
    frame = pd.DataFrame({"quality": [3, 4, 5, 6, 7, 8] * 2, "alcohol": range(12)})
    # Streamlit's plotly template: placeholders its theme replaces with chartCategoricalColors
    assert pio.templates.default == "streamlit"
    first = pio.templates["streamlit"].layout.colorway[0]
    for violin in (False, True):
        figure = feature_by_quality(frame, "alcohol", violin=violin)
        assert figure.data[0].marker.color == first
        assert figure.layout.xaxis.dtick == 1


# Every fixed colour a chart of the app draws with (the rest come from the theme).
CHART_COLOURS = {
    *palette.FEATURE_SERIES,
    *palette.METHOD_SERIES,
    palette.WINE,
    palette.SECOND,
    palette.ADDS,
    palette.TAKES_AWAY,
    palette.NEUTRAL,
    palette.BASELINE,
    palette.GUIDE_LINE,
    palette.OWN,
}


def _dark() -> dict:
    return tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]["dark"]


def test_on_a_dark_page_every_chart_colour_is_drawn_3_to_1_on_its_background() -> None:
    background = _dark()["backgroundColor"]
    for colour in CHART_COLOURS:
        drawn = palette.on_theme(colour, "dark")
        assert Color(drawn).contrast(background, method="wcag21") >= 3, (colour, drawn)
        assert palette.on_theme(colour, "light") == colour


def test_a_dark_viewer_gets_the_figure_recoloured_and_otherwise_the_same() -> None:
    figure = rec_chart([0, 1], {"Mine": [0.1, 0.9], "Lasso": [0.2, 0.8]}, {}, own="Mine")
    spec = recoloured(figure.to_dict(), palette.ON_DARK)
    yours = next(trace for trace in spec["data"] if trace["name"] == "Your model")
    assert yours["line"]["color"] == palette.ON_DARK[palette.OWN]
    assert spec["data"][1]["line"]["color"] == figure.data[1].line.color  # 3:1 already
    assert spec["layout"] == figure.to_dict()["layout"]
    assert themed(figure) is figure  # no viewer here: light, as drawn


def test_your_table_row_keeps_its_text_4_5_to_1_in_either_theme() -> None:
    themes = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]
    for scheme in ("light", "dark"):
        row = palette.on_theme(palette.OWN_ROW_BACKGROUND, scheme)
        text = themes[scheme]["textColor"]
        assert Color(text).contrast(row, method="wcag21") >= 4.5, scheme
