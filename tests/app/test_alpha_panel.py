"""Train's alpha panel driven through AppTest (the component's state set as the browser sets it).

Behaviours checked:
- a release of alpha reaches core: the model is trained, the link and the run history record
  the stop (and only the stops), and the panel's Python numbers (test, training and CV) are
  that model's;
- elastic net sends alpha and l1_ratio together, and both reach the spec;
- a value outside the declared range is clamped, one that is not a number keeps the setting;
- the panel's labels are the reader's language's (every visible text comes from Python).
"""

from __future__ import annotations

import time

import pytest

from core.data import load_wine
from core.models import ModelSpec, get_kind
from core.runs import DWELL_SECONDS
from core.train import train_model
from harness.apptest import alpha_panel_data, release_alpha
from tests.app.conftest import history_table, open_app


def test_release_trains_the_model_and_records_only_the_stop() -> None:
    """Check that after a release the panel carries core's numbers for the alpha sent, and the
    history holds the setting the page opened on and the one released."""
    at = open_app("train")
    # A person looks at the first model before moving alpha: a stop left sooner than the dwell
    # counts as passed on the way (core.runs), which a warm cache would make of this one.
    time.sleep(DWELL_SECONDS)
    at = release_alpha(at, alpha=3.16)
    assert not at.exception
    data = alpha_panel_data(at)
    expected = train_model(ModelSpec.create("red", "ridge", alpha=3.16), load_wine("red"))
    assert data["python"]["test"] == expected.test_metrics.to_dict()
    assert data["python"]["cv"] == {"mean": expected.cv_rmse_mean, "std": expected.cv_rmse_std}
    assert data["python"]["train"] == {"rmse": expected.train_metrics.rmse}
    assert at.query_params["alpha"] == "3.16"
    models = history_table(at)["Model"].tolist()
    assert models == ["Ridge regression, alpha=0.5", "Ridge regression, alpha=3.16"]


def test_elastic_net_sends_alpha_and_l1_ratio_together() -> None:
    at = release_alpha(open_app("train", model="elasticnet"), alpha=0.05, l1_ratio=0.25)
    assert not at.exception
    assert alpha_panel_data(at)["python"]["params"] == {"alpha": 0.05, "l1_ratio": 0.25}
    assert at.query_params["l1_ratio"] == "0.25"


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ({"alpha": 1e9}, {"alpha": 1e5}),
        ({"alpha": -3.0}, {"alpha": 1e-3}),
        ({"alpha": "ten"}, {"alpha": 0.5}),
        ({"alpha": None}, {"alpha": 0.5}),
        ({"alpha": True}, {"alpha": 0.5}),
    ],
)
def test_values_from_the_browser_are_clamped_or_ignored(sent: dict, kept: dict) -> None:
    at = release_alpha(open_app("train"), **sent)
    assert not at.exception
    assert alpha_panel_data(at)["python"]["params"] == kept


def test_panel_labels_come_from_python_in_declared_words() -> None:
    """Check that the control's name is the declaration's, written by Python."""
    data = alpha_panel_data(open_app("train"))
    (setting,) = data["settings"]
    alpha = get_kind("ridge").hyperparameter("alpha")
    assert setting["label"] == f"{alpha.label} (alpha)"
    assert setting["help"] == alpha.help
    assert data["labels"]["rmse"] == "Test RMSE"
    assert data["labels"]["train"] == "Training RMSE"
    assert set(data["labels"]["gaps"]) == {"overfit", "some", "none"}
    assert "{train}" in data["labels"]["gaps"]["some"]
    assert data["locale"] == "en-GB"
