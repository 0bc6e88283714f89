"""Feature scaling as a setting of the linear kinds, and the tutorials' presets.

Behaviours checked:
- scaling is on by default and enters a model's identity only when switched off;
- switching it off for a non-linear kind is refused, in words;
- without scaling the pipeline has no scaler and fits what plain scikit-learn fits;
- the folded weights of an unscaled model predict what its pipeline predicts;
- contributions of an unscaled model add up to its prediction, and its coefficients per
  standard deviation equal the scaled model's for plain least squares;
- a link's `scale=0` is read for linear kinds, ignored with a notice otherwise, and written back;
- the API's query parameters are checked strictly: each bad one is named;
- each preset reproduces its tutorial's recipe fitted by hand on the same split.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LinearRegression, Ridge
from sklearn.model_selection import train_test_split

from core.errors import SpecError
from core.explain import contributions, standardized_coefficients
from core.features import FEATURE_KEYS, feature_ranges, median_wine
from core.links import link_params, parse_link, spec_from_query
from core.models import ModelSpec, build_pipeline
from core.presets import PRESETS
from core.scoring import predict_rows
from core.store import ModelStore
from core.train import train_model
from tests.splits import grouped_train_test_split


def _hand_split(frame: pd.DataFrame):
    x, y = frame[list(FEATURE_KEYS)].to_numpy(), frame["quality"].to_numpy()
    return grouped_train_test_split(x, y, frame)


def test_scaling_is_on_by_default_and_in_the_id_only_when_off(store: ModelStore) -> None:
    scaled, unscaled = ModelSpec(), ModelSpec.create(scale=False)
    assert scaled.scale is True
    assert "scale" not in scaled.to_dict()
    assert unscaled.to_dict()["scale"] is False
    assert ModelSpec.from_dict(unscaled.to_dict()) == unscaled
    assert store.model_id(scaled) != store.model_id(unscaled)
    assert unscaled.describe() == "Ridge regression, alpha=0.5, no scaling"


def test_scaling_off_for_a_non_linear_kind_is_refused() -> None:
    with pytest.raises(SpecError, match="linear kinds only"):
        ModelSpec.create(kind="svr", scale=False)


def test_unscaled_pipeline_fits_what_plain_scikit_learn_fits(red: pd.DataFrame) -> None:
    spec = ModelSpec.create(kind="ridge", alpha=3.0, scale=False)
    assert list(build_pipeline(spec).named_steps) == ["model"]
    x_train, x_test, y_train, _ = _hand_split(red)
    expected = Ridge(alpha=3.0).fit(x_train, y_train).predict(x_test)
    np.testing.assert_allclose(train_model(spec, red).y_pred, expected, rtol=1e-10)


@pytest.mark.parametrize("kind", ["ridge", "lasso", "elasticnet", "linear"])
def test_folded_weights_of_an_unscaled_model_predict_as_its_pipeline(
    red: pd.DataFrame, kind: str
) -> None:
    result = train_model(ModelSpec.create(kind=kind, scale=False), red)
    rows = red[list(FEATURE_KEYS)].to_numpy()[:50]
    np.testing.assert_allclose(predict_rows(result, rows), result.pipeline.predict(rows))


def test_unscaled_contributions_add_up_and_coefficients_match_scaled_ones(
    red: pd.DataFrame,
) -> None:
    unscaled = train_model(ModelSpec.create(kind="linear", scale=False), red)
    scaled = train_model(ModelSpec.create(kind="linear"), red)
    wine = median_wine(red) | {"alcohol": 13.0}
    parts = contributions(unscaled, wine)
    row = np.array([[wine[key] for key in FEATURE_KEYS]])
    added_up = parts.base + sum(parts.parts.values())
    assert added_up == pytest.approx(unscaled.pipeline.predict(row)[0])
    per_sd_unscaled = standardized_coefficients(unscaled)
    per_sd_scaled = standardized_coefficients(scaled)
    assert per_sd_unscaled == pytest.approx(per_sd_scaled, rel=1e-6)


def test_link_reads_and_writes_scale(red: pd.DataFrame, white: pd.DataFrame) -> None:
    ranges = {"red": feature_ranges(red), "white": feature_ranges(white)}
    assert parse_link({"model": "ridge", "scale": "0"}, ranges).scale is False
    ignored = parse_link({"model": "svr", "scale": "0"}, ranges)
    assert ignored.scale is True
    assert any("linear kinds only" in notice for notice in ignored.notices)
    garbage = parse_link({"scale": "maybe"}, ranges)
    assert garbage.scale is True
    assert garbage.notices
    written = link_params(wine="red", kind="ridge", hyperparameters={"alpha": 2}, scale=False)
    assert written["scale"] == "0"
    assert "scale" not in link_params(wine="red", kind="ridge", hyperparameters={})


@pytest.mark.parametrize(
    ("query", "match"),
    [
        ({"model": "forest"}, "Unknown model kind 'forest'"),
        ({"wine": "rose"}, "Unknown wine set 'rose'"),
        ({"alpha": "abc"}, "alpha must be a number"),
        ({"alpha": "1e9"}, "alpha must lie between"),
        ({"alpha": "nan"}, "alpha must lie between"),
        ({"alhpa": "1"}, "Unknown parameter 'alhpa'"),
        ({"model": "svr", "alpha": "1"}, "Unknown parameter 'alpha'"),
        ({"scale": "maybe"}, "scale must be 0 or 1"),
        ({"model": "svr", "scale": "0"}, "Unknown parameter 'scale'"),
    ],
)
def test_query_parameters_are_checked_strictly(query: dict[str, str], match: str) -> None:
    with pytest.raises(SpecError, match=match):
        spec_from_query(query)


def test_query_parameters_name_a_model_as_a_link_does() -> None:
    spec = spec_from_query({"wine": "white", "model": "ridge", "alpha": ["3", "100"], "scale": "0"})
    assert spec == ModelSpec.create("white", "ridge", alpha=100.0, scale=False)


@pytest.mark.parametrize("wine", ["red", "white"])
def test_presets_reproduce_the_tutorials_recipes_fitted_by_hand(
    wine: str, red: pd.DataFrame, white: pd.DataFrame
) -> None:
    frame = {"red": red, "white": white}[wine]
    recipes = {"mlopspython": Ridge(alpha=0.5), "beginners_guide": LinearRegression()}
    x, y = frame[list(FEATURE_KEYS)].to_numpy(), frame["quality"].to_numpy()
    x_train, x_test, y_train, _ = train_test_split(x, y, test_size=0.2, random_state=0)
    for preset in (preset for preset in PRESETS if preset.key in recipes):
        expected = recipes[preset.key].fit(x_train, y_train).predict(x_test)
        result = train_model(preset.for_wine(wine), frame)
        np.testing.assert_allclose(result.y_pred, expected, rtol=1e-10)
