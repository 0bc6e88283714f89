"""Views computed in one session, shown at once in another.

Behaviours checked:
- a slow kind's validation curve computed in one session is drawn in the next session that
  opens the same link, without its button, even after this process forgot it.

(A Train link leaving the model in use alone is checked in the browser,
tests/e2e/test_class_links.py: AppTest opens every link on the start page.)
"""

from __future__ import annotations

import ui.cache
from tests.app.conftest import open_app

# A slow kind (its curve waits for the button) whose curve is quick to compute: SVR's epsilon
# points take a tenth of the time of its C points (large C fits slowly).
LINK = {"model": "svr", "C": "1", "chart": "curve", "curve": "epsilon"}


def _curve_keys(at) -> list[str]:
    return [chart.key for chart in at.get("plotly_chart") if chart.key == "chart_curve"]


def test_validation_curve_computed_in_one_session_shows_at_once_in_another() -> None:
    first = open_app("train", **LINK)
    first.button(key="curve_button").click().run()
    assert not first.exception
    assert _curve_keys(first) == ["chart_curve"]
    ui.cache.memory_budget().clear()  # only the kept file can serve the next session
    second = open_app("train", **LINK)
    assert not second.exception
    assert _curve_keys(second) == ["chart_curve"]
    assert "curve_button" not in [button.key for button in second.button]
