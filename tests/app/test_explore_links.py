"""Explore's choices travel in the link: the feature, how it is drawn, the two scatter features.

Behaviours checked:
- a link's choices are the widgets' values on arrival, and stay in the URL;
- a choice changed on the page goes into the URL; back at its default, it leaves it;
- an unknown choice in a link shows a notice and the default.
"""

from __future__ import annotations

import json

from tests.app.conftest import open_app

CHOSEN = {"feature": "ph", "plot": "violin", "scatter_x": "density", "scatter_y": "sulphates"}


def _scatter_axes(at) -> tuple[str, str]:
    (chart,) = [c for c in at.get("plotly_chart") if c.proto.id.endswith("-chart_scatter")]
    layout = json.loads(chart.proto.spec)["layout"]
    return layout["xaxis"]["title"]["text"], layout["yaxis"]["title"]["text"]


def test_link_choices_are_the_widgets_values_and_stay_in_the_url() -> None:
    at = open_app("explore", **CHOSEN)
    assert not at.exception
    assert at.selectbox(key="explore_feature").value == "ph"
    assert at.segmented_control(key="explore_plot").value == "violin"
    assert (at.selectbox(key="scatter_x").value, at.selectbox(key="scatter_y").value) == (
        "density",
        "sulphates",
    )
    assert _scatter_axes(at)[0].startswith("Density")
    assert {key: at.query_params[key] for key in CHOSEN} == CHOSEN


def test_a_choice_made_on_the_page_goes_into_the_url_and_leaves_at_default() -> None:
    at = open_app("explore")
    assert "plot" not in at.query_params
    at.segmented_control(key="explore_plot").set_value("violin").run()
    assert at.query_params["plot"] == "violin"
    at.segmented_control(key="explore_plot").set_value("box").run()
    assert "plot" not in at.query_params


def test_unknown_choice_in_a_link_shows_a_notice_and_the_default() -> None:
    """The notice is drawn by the shell on the first run (AppTest keeps only that run's)."""
    at = open_app(feature="colour")
    assert any("Unknown feature 'colour'" in warning.value for warning in at.warning)
    at.switch_page("pages/explore.py").run()
    assert not at.exception
    assert at.selectbox(key="explore_feature").value == "alcohol"
