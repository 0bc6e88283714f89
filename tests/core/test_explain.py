"""Explanations of a prediction.

Behaviours checked:
- contributions add up to the prediction, for linear, boosting, forest and SVR models;
- linear contributions are coefficient × standardised deviation (independent arithmetic);
- non-linear kinds are explained by Shapley values, said in one line;
- Shapley values equal the average over every feature order, computed by brute force;
- Shapley values do not depend on the order of the features;
- features a model treats alike get equal parts, a feature it ignores gets none;
- the nearest real wine to a real wine is itself (or its duplicate) at distance zero;
- the similar wines and their distances are those plain scikit-learn finds;
- a wine far outside the data is flagged as far, the median wine is not;
- permutation importance reports each scoring for a progress bar and keeps scikit-learn's numbers.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from sklearn.inspection import permutation_importance
from sklearn.neighbors import NearestNeighbors
from sklearn.preprocessing import StandardScaler

from core.explain import (
    WineNeighbours,
    contributions,
    permutation_importances,
    shapley_values,
)
from core.features import FEATURE_KEYS, median_wine
from core.models import ModelSpec
from core.scoring import predict_one, predict_rows
from core.train import train_model


@pytest.fixture(scope="module")
def ridge(red):
    return train_model(ModelSpec(), red)


@pytest.fixture(scope="module")
def boosting(red):
    return train_model(ModelSpec.create(kind="hist_gradient_boosting", max_iter=30), red)


@pytest.fixture(scope="module")
def forest(red):
    return train_model(ModelSpec.create(kind="random_forest", n_estimators=20), red)


@pytest.fixture(scope="module")
def svr(red):
    return train_model(ModelSpec.create(kind="svr"), red)


@pytest.mark.parametrize("model", ["ridge", "boosting", "forest", "svr"])
def test_contributions_add_up_to_the_prediction(model: str, request, red) -> None:
    result = request.getfixturevalue(model)
    wine = median_wine(red) | {"alcohol": 13.0}
    explained = contributions(result, wine)
    total = explained.base + sum(explained.parts.values())
    assert total == pytest.approx(predict_one(result, wine).quality, abs=1e-9)
    assert list(explained.parts) == list(FEATURE_KEYS)


def test_linear_contribution_is_coefficient_times_standardised_deviation(ridge, red) -> None:
    wine = median_wine(red)
    index = FEATURE_KEYS.index("alcohol")
    x_train = ridge.pipeline.named_steps["scale"]
    coefficient = ridge.pipeline.named_steps["model"].coef_[index]
    expected = coefficient * (wine["alcohol"] - x_train.mean_[index]) / x_train.scale_[index]
    assert contributions(ridge, wine).parts["alcohol"] == pytest.approx(expected)


@pytest.mark.parametrize(("model", "method"), [("ridge", "coefficient"), ("boosting", "shapley")])
def test_non_linear_kinds_are_explained_by_shapley_values(model, method, request, red) -> None:
    explained = contributions(request.getfixturevalue(model), median_wine(red))
    assert explained.method == method
    assert ("Shapley" in explained.description) == (method == "shapley")


def _interacting(rows: np.ndarray) -> np.ndarray:
    return rows[:, 0] * rows[:, 1] + np.maximum(rows[:, 2], rows[:, 3]) + rows[:, 0] ** 2


def _by_every_order(predict, row: np.ndarray, background: np.ndarray) -> np.ndarray:
    """Shapley values the textbook way: switch features from a background wine to the row in
    every order, average each feature's change over orders and background wines."""
    n = row.size
    totals = np.zeros(n)
    orders = list(itertools.permutations(range(n)))
    for start in background:
        for order in orders:
            current = start.copy()
            before = predict(current[None, :])[0]
            for feature in order:
                current[feature] = row[feature]
                after = predict(current[None, :])[0]
                totals[feature] += after - before
                before = after
    return totals / (len(orders) * len(background))


def test_shapley_values_equal_the_average_over_every_feature_order() -> None:
    rng = np.random.default_rng(0)
    row, background = rng.normal(size=4), rng.normal(size=(3, 4))
    base, parts = shapley_values(_interacting, row, background)
    np.testing.assert_allclose(parts, _by_every_order(_interacting, row, background), atol=1e-12)
    assert base == pytest.approx(_interacting(background).mean())
    assert base + parts.sum() == pytest.approx(_interacting(row[None, :])[0])


def test_shapley_values_do_not_depend_on_the_order_of_the_features(boosting, red) -> None:
    row = np.array(
        [(median_wine(red) | {"alcohol": 12.5, "sulphates": 0.8})[k] for k in FEATURE_KEYS]
    )
    background = boosting.x_test[:2]
    _, parts = shapley_values(lambda rows: predict_rows(boosting, rows), row, background)
    order = np.random.default_rng(1).permutation(len(FEATURE_KEYS))
    back = np.argsort(order)
    _, reordered = shapley_values(
        lambda rows: predict_rows(boosting, rows[:, back]), row[order], background[:, order]
    )
    np.testing.assert_allclose(reordered, parts[order], atol=1e-12)


def test_features_treated_alike_get_equal_parts_and_an_ignored_one_none() -> None:
    def symmetric(rows: np.ndarray) -> np.ndarray:
        return (rows[:, 0] + rows[:, 1]) ** 2 + np.sin(rows[:, 2])

    row = np.array([2.0, 2.0, 1.0, 5.0])
    background = np.array([[0.5, 0.5, 0.0, -1.0], [1.0, 1.0, 3.0, 2.0]])
    _, parts = shapley_values(symmetric, row, background)
    assert parts[0] == pytest.approx(parts[1])
    assert parts[3] == pytest.approx(0.0, abs=1e-12)


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


def test_permutation_importance_reports_every_scoring_and_keeps_sklearn_numbers(boosting) -> None:
    steps: list[tuple[int, int, str]] = []
    table = permutation_importances(boosting, on_step=lambda *step: steps.append(step))
    plain = permutation_importance(
        boosting.pipeline,
        boosting.x_test,
        boosting.y_test,
        scoring="neg_root_mean_squared_error",
        n_repeats=5,
        random_state=boosting.spec.seed,
    )
    np.testing.assert_allclose(table["importance"], plain.importances_mean)
    total = 1 + 5 * len(FEATURE_KEYS)
    assert [done for done, _, _ in steps] == list(range(1, total + 1))
    assert {steps_total for _, steps_total, _ in steps} == {total}
    assert steps[-1][2] == f"shuffling feature {len(FEATURE_KEYS)} of {len(FEATURE_KEYS)}"
