"""The tutorials this app grew from, as settings: each preset is the spec of their fit.

Both fit raw measurements (no scaling) on `train_test_split(X, y, test_size=0.2,
random_state=0)` of the CSV in file order (the app's "tutorial" split); a preset sets the
model, its hyperparameters, scaling and the split, and keeps the wine set chosen.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from core.messages import N_
from core.models import ModelSpec


@dataclass(frozen=True, kw_only=True)
class Preset:
    """A tutorial's recipe: its button's short and full labels, what it reproduces, what
    differs."""

    key: str
    short: str
    label: str
    recipe: str
    differs: str
    spec: ModelSpec

    def for_wine(self, wine: str) -> ModelSpec:
        return dataclasses.replace(self.spec, wine=wine)


PRESETS: tuple[Preset, ...] = (
    Preset(
        key="mlopspython",
        short="MLOpsPython",
        label=N_("MLOpsPython: Ridge, alpha 0.5, no scaling"),
        recipe=N_(
            "Ridge(alpha=0.5).fit(X_train, y_train) on the raw measurements, after "
            "train_test_split(X, y, test_size=0.2, random_state=0) (MLOpsPython's train.py)."
        ),
        differs=N_(
            "MLOpsPython trains on scikit-learn's diabetes data; here the same recipe runs on "
            "the chosen wine file."
        ),
        spec=ModelSpec.create(kind="ridge", alpha=0.5, scale=False, split="tutorial"),
    ),
    Preset(
        key="beginners_guide",
        short=N_("Beginner's guide"),
        label=N_("Beginner's guide: linear regression"),
        recipe=N_(
            "LinearRegression().fit(X_train, y_train) on the raw measurements, after "
            "train_test_split(X, y, test_size=0.2, random_state=0)."
        ),
        differs=N_(
            "The guide reads its CSV with pandas and splits the same way; a guide run with "
            "another random_state or test_size holds out other wines, and its numbers differ "
            "by that."
        ),
        spec=ModelSpec.create(kind="linear", scale=False, split="tutorial"),
    ),
    Preset(
        key="six_steps",
        short=N_("Six steps"),
        label=N_("Six steps: a small neural network"),
        recipe=N_(
            "The six steps of a neural-network tutorial: prepare the data (standardised, 20% "
            "held out); build the model (two hidden layers of 16 ReLU units, L2 alpha 0.001); "
            "compile it (Adam, squared error, RMSE); train it over epochs with 10% of the "
            "training wines for validation and early stopping; evaluate it on the held-out "
            "wines; predict a wine."
        ),
        differs=N_(
            "A Keras tutorial compiles and fits a Sequential model; here scikit-learn's "
            "MLPRegressor does the same steps, so the numbers differ from Keras's by its "
            "initialisation and optimiser details."
        ),
        spec=ModelSpec.create(
            kind="mlp", units=16, layers=2, alpha=0.001, epochs=200, validation_fraction=0.1
        ),
    ),
)
