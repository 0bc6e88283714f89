"""The pages when the server's memory budget cannot hold what a visitor asks for.

Behaviours checked:
- a link to a slow model whose training needs more than the whole budget: refused before
  it is trained, with a message that gives the size and the budget's, and the page goes on
  with the wine's default model, predicting scikit-learn's number;
- Train's button then shows the same message for that model instead of failing, and keeps
  working;
- the default model is served even by a budget too small to keep it (a linear model is
  kilobytes; it is the fallback every page needs).
"""

from __future__ import annotations

import numpy as np
import pytest

from core.data import load_wine
from core.features import FEATURE_KEYS, median_wine
from core.memory_budget import MB, MemoryBudget
from core.models import ModelSpec
from harness.apptest import panel_data
from tests.app.conftest import open_app, reference_ridge
from ui import cache
from ui.session_keys import ACTIVE_MODEL

TINY = 64 * 1024  # bytes: smaller than any trained model here
LINK = {"model": "random_forest", "n_estimators": "10", "max_depth": "4"}


@pytest.fixture
def tiny_budget(monkeypatch: pytest.MonkeyPatch) -> MemoryBudget:
    budget = MemoryBudget(TINY)
    monkeypatch.setattr(cache, "memory_budget", lambda: budget)
    return budget


def _errors(at) -> list[str]:
    return [element.value for element in at.error]


def test_a_model_the_budget_cannot_hold_is_refused_and_predict_goes_on(tiny_budget) -> None:
    at = open_app(**LINK)
    assert not at.exception
    (message,) = [text for text in _errors(at) if "cannot keep this model in memory" in text]
    assert "and 0.1 MB of the 0.1 MB it keeps for models are free" in message
    size = float(message.split("it needs ")[1].split(" MB")[0])
    assert size > TINY / MB
    assert at.session_state[ACTIVE_MODEL] == ModelSpec(wine="red")
    model, _, _ = reference_ridge("red", 0.5)
    median = median_wine(load_wine("red"))
    row = np.array([[median[key] for key in FEATURE_KEYS]])
    assert round(panel_data(at)["prediction"]["quality"], 2) == round(model.predict(row)[0], 2)
    assert "model" not in [entry.key[0] for entry in tiny_budget.entries()]  # none kept


def test_train_says_the_same_for_a_model_it_cannot_hold(tiny_budget) -> None:
    at = open_app(**LINK)
    at.switch_page("pages/train.py").run()
    at.selectbox(key="kind").set_value("random_forest").run()
    at.slider(key="n_estimators").set_value(10).run()
    at.slider(key="max_depth").set_value(4).run()
    at.button(key="train").click().run()
    assert not at.exception
    assert any("cannot keep this model in memory" in text for text in _errors(at))
