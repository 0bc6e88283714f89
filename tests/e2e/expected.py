"""What `core` says the pages should show: the reference the e2e tests read against."""

from __future__ import annotations

import functools

from core.data import load_wine
from core.features import FeatureRange, feature_ranges, median_wine
from core.models import ModelSpec
from core.scoring import Prediction, predict_one
from core.train import split_rows, train_model
from core.train_result import TrainResult


@functools.cache
def trained(wine: str, alpha: float = 0.5) -> TrainResult:
    return train_model(ModelSpec.create(wine, "ridge", alpha=alpha), load_wine(wine))


def training_wines(spec: ModelSpec) -> int:
    """How many wines a spec is fitted on: the training part of its split, as `core` cuts it."""
    frame = load_wine(spec.wine)
    train, _ = split_rows(frame, test_size=spec.test_size, seed=spec.seed, split=spec.split)
    return len(train)


@functools.cache
def ranges(wine: str) -> dict[str, FeatureRange]:
    return feature_ranges(load_wine(wine))


def core_prediction(wine: str, alpha: float = 0.5, **features: float) -> Prediction:
    """What `core` predicts for the median wine with some values changed."""
    return predict_one(trained(wine, alpha), median_wine(load_wine(wine)) | features)


def shown(prediction: Prediction) -> str:
    """The predicted quality as the page writes it."""
    return f"{prediction.quality:.2f}"
