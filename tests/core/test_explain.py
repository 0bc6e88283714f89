"""Explanations of a prediction.

Behaviours checked:
- contributions add up to the prediction, for linear and tree models;
- linear contributions are coefficient × standardised deviation (independent arithmetic);
- the nearest real wine to a real wine is itself (or its duplicate) at distance zero;
- the similar wines and their distances are those plain scikit-learn finds;
- a wine far outside the data is flagged as far, the median wine is not.
"""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.neighbors import NearestNeighbors
from sklearn.preprocessing import StandardScaler

from core.explain import WineNeighbours, contributions, permutation_importances
from core.features import FEATURE_KEYS, median_wine
from core.models import ModelSpec
from core.scoring import predict_one
from core.train import train_model


@pytest.fixture(scope="module")
def ridge(red):
    return train_model(ModelSpec(), red)


@pytest.fixture(scope="module")
def boosting(red):
    return train_model(ModelSpec.create(kind="hist_gradient_boosting", max_iter=30), red)


@pytest.mark.parametrize("model", ["ridge", "boosting"])
def test_contributions_add_up_to_the_prediction(model: str, request, red) -> None:
    result = request.getfixturevalue(model)
    wine = median_wine(red) | {"alcohol": 13.0}
    explained = contributions(result, wine)
    assert explained.total == pytest.approx(predict_one(result, wine).quality, abs=1e-9)
    assert list(explained.parts) == list(FEATURE_KEYS)


def test_linear_contribution_is_coefficient_times_standardised_deviation(ridge, red) -> None:
    wine = median_wine(red)
    index = FEATURE_KEYS.index("alcohol")
    x_train = ridge.pipeline.named_steps["scale"]
    coefficient = ridge.pipeline.named_steps["model"].coef_[index]
    expected = coefficient * (wine["alcohol"] - x_train.mean_[index]) / x_train.scale_[index]
    assert contributions(ridge, wine).parts["alcohol"] == pytest.approx(expected)


def test_nearest_wine_to_a_real_wine_is_itself(red) -> None:
    neighbours = WineNeighbours(red)
    first = red.iloc[0][list(FEATURE_KEYS)].to_dict()
    similar = neighbours.around(first).similar
    assert similar.loc[0, "distance"] == pytest.approx(0.0)
    assert similar.loc[0, "quality"] == red.loc[0, "quality"]
    assert len(similar) == 3


@pytest.mark.parametrize("wine", ["red", "white"])
def test_similar_wines_are_those_scikit_learn_finds(wine: str, request) -> None:
    frame = request.getfixturevalue(wine)
    features = frame[list(FEATURE_KEYS)].to_numpy()
    scaler = StandardScaler().fit(features)
    index = NearestNeighbors(n_neighbors=5).fit(scaler.transform(features))
    neighbours = WineNeighbours(frame)
    for probe in (median_wine(frame), median_wine(frame) | {"alcohol": 13.1, "ph": 3.6}):
        point = scaler.transform([[probe[key] for key in FEATURE_KEYS]])
        distances, _ = index.kneighbors(point)
        similar = neighbours.around(probe, k=5).similar
        np.testing.assert_allclose(similar["distance"], distances[0])
        # Rows may differ where real wines tie (the data has duplicates); each must be real.
        for position, row in enumerate(similar["row"]):
            real = frame.iloc[row - 1]
            assert similar.loc[position, "quality"] == real["quality"]
            values = real[list(FEATURE_KEYS)].to_numpy(float)
            assert similar.loc[position, list(FEATURE_KEYS)].to_numpy(float) == pytest.approx(
                values
            )
            own_distance = np.linalg.norm(scaler.transform([values]) - point)
            assert similar.loc[position, "distance"] == pytest.approx(own_distance)


def test_far_wine_is_flagged_and_median_wine_is_not(red) -> None:
    neighbours = WineNeighbours(red)
    assert not neighbours.around(median_wine(red)).far
    far = neighbours.around(median_wine(red) | {"alcohol": 14.9, "chlorides": 0.6, "ph": 2.8})
    assert far.far
    assert far.distance > neighbours.far_threshold


def test_permutation_importance_ranks_alcohol_high(boosting) -> None:
    table = permutation_importances(boosting).set_index("feature")
    assert table.loc["alcohol", "importance"] > table.loc["residual_sugar", "importance"]
    assert np.isfinite(table["importance"]).all()
