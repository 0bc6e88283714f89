"""Wine Quality Lab's engine: data, models, training, store, scoring and explanations.

A plain Python package: it never imports Streamlit, so everything here is testable alone.
"""

from core.data import WINES, load_wine, parse_csv_bytes
from core.errors import DataError, ScoringError, SpecError, StoreError, WineLabError
from core.features import FEATURE_KEYS, FEATURES, FEATURES_BY_KEY, feature_ranges, median_wine
from core.models import KINDS, ModelSpec
from core.scoring import Prediction, predict_frame, predict_one, score_json
from core.store import ModelStore, StoredModel
from core.train import Metrics, TrainResult, train_model

__all__ = [
    "FEATURES",
    "FEATURES_BY_KEY",
    "FEATURE_KEYS",
    "KINDS",
    "WINES",
    "DataError",
    "Metrics",
    "ModelSpec",
    "ModelStore",
    "Prediction",
    "ScoringError",
    "SpecError",
    "StoreError",
    "StoredModel",
    "TrainResult",
    "WineLabError",
    "feature_ranges",
    "load_wine",
    "median_wine",
    "parse_csv_bytes",
    "predict_frame",
    "predict_one",
    "score_json",
    "train_model",
]
