"""A model trained on a winery's wines, compared leak-free with the model in use.

Behaviours checked:
- the model in use scored on the fixture gives plain scikit-learn's MAE, RMSE and share
  within one grade (the tutorial's pipeline fitted independently);
- the split holds identical wines together, and the held-out part is the test size's share;
- the trained model's held-out metrics equal plain scikit-learn fitted on the same grouped
  split, and the model in use is scored on exactly those held-out wines;
- trained with the UCI wines, no UCI wine identical to a held-out one is learnt from;
- the verdict: better when the held-out RMSE is lower, worse when higher, as good when equal.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import Ridge
from sklearn.metrics import mean_absolute_error, root_mean_squared_error
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from core.features import FEATURE_KEYS
from core.labelled_upload import read_labelled
from core.models import ModelSpec
from core.own_model import Score, compare_own, grouped_split, score_model, training_frame
from core.store import ModelStore
from tests.app.conftest import reference_ridge
from tests.conftest import FIXTURES
from tests.splits import grouped_rows

OWN = FIXTURES / "own_red_alcohol_plus_one.csv"


@pytest.fixture(scope="module")
def own() -> pd.DataFrame:
    return read_labelled(OWN.read_bytes(), OWN.name).frame


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory):
    return ModelStore(tmp_path_factory.mktemp("models")).get(ModelSpec()).result


def _xy(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    return frame[list(FEATURE_KEYS)].to_numpy(), frame["quality"].to_numpy()


def test_model_in_use_on_the_fixture_scores_as_plain_scikit_learn(own, public) -> None:
    """Check the public model's MAE, RMSE, right-grade and within-one shares against sklearn's
    own fit."""
    model, _, _ = reference_ridge("red", 0.5)
    x, y = _xy(own)
    predicted = model.predict(x)
    score = score_model(public, own)
    assert score.wines == len(own)
    assert score.mae == pytest.approx(mean_absolute_error(y, predicted))
    assert score.rmse == pytest.approx(root_mean_squared_error(y, predicted))
    assert score.right_grade == pytest.approx(np.mean(np.abs(predicted - y) <= 0.5))
    assert score.within_one == pytest.approx(np.mean(np.abs(predicted - y) <= 1))
    assert 0.5 < score.interval_held <= 1.0


def test_split_keeps_identical_wines_together(own: pd.DataFrame) -> None:
    """Check that no wine's eleven measurements are on both sides of the split."""
    train, test = grouped_split(own, test_size=0.2, seed=0)
    keys = own[list(FEATURE_KEYS)].apply(tuple, axis=1)
    assert not set(keys.iloc[train]) & set(keys.iloc[test])
    assert sorted([*train, *test]) == list(range(len(own)))
    assert len(test) == pytest.approx(0.2 * len(own), abs=6)


def test_trained_models_held_out_metrics_equal_scikit_learn_on_the_same_split(own, public) -> None:
    """Check both models' held-out numbers against plain sklearn on the grouped split."""
    comparison = compare_own(ModelSpec(), own, public)
    train, test = grouped_rows(own, test_size=0.2, seed=0)  # plain GroupShuffleSplit
    x_train, y_train = _xy(own.iloc[train])
    x_test, y_test = _xy(own.iloc[test])
    mine = make_pipeline(StandardScaler(), Ridge(alpha=0.5)).fit(x_train, y_train)
    theirs, _, _ = reference_ridge("red", 0.5)
    for score, model in ((comparison.new, mine), (comparison.current, theirs)):
        predicted = model.predict(x_test)
        assert score.wines == len(test)
        assert score.rmse == pytest.approx(root_mean_squared_error(y_test, predicted))
        assert score.mae == pytest.approx(mean_absolute_error(y_test, predicted))
    assert comparison.train_rows == len(train)
    assert comparison.result.test_metrics.rmse == pytest.approx(comparison.new.rmse)
    assert comparison.verdict == "better"


def test_with_uci_wines_no_held_out_wine_is_learnt_from(own, red) -> None:
    """Check that a UCI wine identical to a held-out wine is left out of the training wines."""
    held_out = red.iloc[:30]  # as if the winery had uploaded UCI wines
    fitting = training_frame(own.iloc[:100], held_out, red)
    keys = set(held_out[list(FEATURE_KEYS)].apply(tuple, axis=1))
    learnt = set(fitting[list(FEATURE_KEYS)].apply(tuple, axis=1))
    assert not keys & learnt
    assert (
        len(fitting)
        == 100 + len(red) - red[list(FEATURE_KEYS)].apply(tuple, axis=1).isin(keys).sum()
    )


@pytest.mark.parametrize(
    ("new_rmse", "verdict"), [(0.60, "better"), (0.70, "as good"), (0.80, "worse")]
)
def test_verdict_follows_the_held_out_rmse(own, public, new_rmse: float, verdict: str) -> None:
    """Check the verdict against the two RMSEs on the held-out wines."""
    comparison = compare_own(ModelSpec(), own, public)
    fixed = dataclasses.replace(
        comparison,
        new=Score(80, 0.5, new_rmse, 0.6, 0.9, 0.9),
        current=Score(80, 0.5, 0.70, 0.6, 0.9, 0.9),
    )
    assert fixed.verdict == verdict
    assert fixed.to_dict()["verdict"] == verdict
