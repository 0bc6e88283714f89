"""What a trained model must do, whatever its exact numbers (after Made-With-ML's tests).

Behaviours checked:
- minimum functionality: every kind, on both wines, beats the always-the-mean baseline;
- direction: more alcohol raises predicted quality, more volatile acidity lowers it (both wines);
- invariance: a change far below the measurement step moves the prediction by almost nothing;
- reproducibility: the same spec trains to the same predictions.
"""

from __future__ import annotations

import numpy as np
import pytest

from core.features import median_wine
from core.models import KINDS, ModelSpec
from core.scoring import predict_one
from core.train import train_model

SMALL = {
    "random_forest": {"n_estimators": 30},
    "hist_gradient_boosting": {"max_iter": 50},
}


@pytest.mark.parametrize("wine", ["red", "white"])
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_beats_the_mean_baseline(kind: str, wine: str, red, white) -> None:
    frame = {"red": red, "white": white}[wine]
    result = train_model(ModelSpec.create(wine, kind, **SMALL.get(kind, {})), frame)
    assert result.test_metrics.rmse < result.baseline_metrics.rmse
    assert result.test_metrics.r2 > 0.1


@pytest.mark.parametrize("wine", ["red", "white"])
def test_more_alcohol_raises_and_more_volatile_acidity_lowers_quality(wine, red, white) -> None:
    """Check the two strongest, best-known effects in the data on the default model."""
    frame = {"red": red, "white": white}[wine]
    result = train_model(ModelSpec(wine=wine), frame)
    base = median_wine(frame)
    quality = predict_one(result, base).quality
    assert predict_one(result, base | {"alcohol": base["alcohol"] + 2}).quality > quality
    more_acid = base | {"volatile_acidity": base["volatile_acidity"] + 0.3}
    assert predict_one(result, more_acid).quality < quality


def test_change_below_measurement_step_barely_moves_prediction(red) -> None:
    result = train_model(ModelSpec(), red)
    base = median_wine(red)
    nudged = base | {"fixed_acidity": base["fixed_acidity"] + 0.001}
    assert abs(predict_one(result, nudged).quality - predict_one(result, base).quality) < 0.01


def test_same_spec_trains_to_same_predictions(red) -> None:
    spec = ModelSpec.create(kind="random_forest", n_estimators=20)
    np.testing.assert_array_equal(train_model(spec, red).y_pred, train_model(spec, red).y_pred)
