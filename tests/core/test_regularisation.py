"""What alpha does: the regularisation path and the error along alpha, checked against plain
scikit-learn on the same split.

Behaviours checked:
- every linear kind with an alpha has a path; the others have none;
- the coefficients at each alpha of the grid are those of an independently fitted pipeline;
- test and CV RMSE at each alpha are those of an independent fit and `cross_val_score`;
- one path serves every alpha of a setting (its key ignores alpha);
- the sentence's "below about X" holds on the curve it is read from;
- round numbers for people are 1, 2 or 5 times a power of ten.
"""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import ElasticNet, Lasso, Ridge
from sklearn.metrics import root_mean_squared_error
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from core.features import FEATURE_KEYS
from core.models import KINDS, ModelSpec
from core.regularisation import (
    VISIBLE_RMSE,
    has_path,
    path_spec,
    regularisation_path,
    round_for_people,
    where_alpha_matters,
)
from tests.splits import grouped_folds, grouped_train_test_split

ESTIMATORS = {
    "ridge": lambda alpha: Ridge(alpha=alpha),
    "lasso": lambda alpha: Lasso(alpha=alpha),
    "elasticnet": lambda alpha: ElasticNet(alpha=alpha, l1_ratio=0.5),
}


@pytest.fixture(scope="module")
def paths(red):
    return {kind: regularisation_path(ModelSpec.create("red", kind), red) for kind in ESTIMATORS}


def _split(frame):
    x, y = frame[list(FEATURE_KEYS)].to_numpy(), frame["quality"].to_numpy()
    return grouped_train_test_split(x, y, frame)


def test_path_exists_exactly_for_linear_kinds_with_alpha() -> None:
    assert {name for name in KINDS if has_path(name)} == set(ESTIMATORS)


@pytest.mark.parametrize("kind", sorted(ESTIMATORS))
def test_path_coefficients_equal_plain_sklearn_at_every_alpha(red, paths, kind: str) -> None:
    x_train, x_test, y_train, y_test = _split(red)
    path = paths[kind]
    for index, alpha in enumerate(path.alphas):
        model = make_pipeline(StandardScaler(), ESTIMATORS[kind](alpha)).fit(x_train, y_train)
        shown = [path.coefficients[key][index] for key in FEATURE_KEYS]
        np.testing.assert_allclose(shown, model[-1].coef_, rtol=1e-9, atol=1e-12)
        rmse = root_mean_squared_error(y_test, model.predict(x_test))
        assert path.test_rmse[index] == pytest.approx(rmse, rel=1e-9)


def test_path_cv_error_equals_cross_val_score(red, paths) -> None:
    x_train, _, y_train, _ = _split(red)
    path = paths["ridge"]
    for index in (0, len(path.alphas) // 2, len(path.alphas) - 1):
        pipeline = make_pipeline(StandardScaler(), Ridge(alpha=path.alphas[index]))
        scores = cross_val_score(
            pipeline, x_train, y_train, cv=grouped_folds(red), scoring="neg_root_mean_squared_error"
        )
        assert path.cv_rmse[index] == pytest.approx(-scores.mean(), rel=1e-9)


def test_one_path_serves_every_alpha_of_a_setting() -> None:
    at_ten = ModelSpec.create("red", "elasticnet", alpha=10.0, l1_ratio=0.3)
    at_tiny = ModelSpec.create("red", "elasticnet", alpha=0.001, l1_ratio=0.3)
    assert path_spec(at_ten) == path_spec(at_tiny)
    assert path_spec(at_ten) != path_spec(ModelSpec.create("red", "elasticnet", l1_ratio=0.9))


def test_sentence_flat_range_holds_on_the_curve(paths) -> None:
    path = paths["ridge"]
    sentence = where_alpha_matters(path)
    assert sentence.startswith("Below about 50, test RMSE changes by less than 0.001")
    below = [r for a, r in zip(path.alphas, path.test_rmse, strict=True) if a <= 50]
    assert max(below) - min(below) < 2 * VISIBLE_RMSE
    assert "falls back towards the average wine" in sentence


@pytest.mark.parametrize(
    ("value", "shown"),
    [(177.8, "200"), (5623.4, "5,000"), (0.0178, "0.02"), (1.0, "1"), (0.00056, "0.0005")],
)
def test_round_for_people_gives_one_two_or_five(value: float, shown: str) -> None:
    assert round_for_people(value) == shown
