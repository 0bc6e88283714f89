"""The tutorials this app grew from, as settings: each preset is the spec of their fit.

Both fit raw measurements (no scaling) on `train_test_split(X, y, test_size=0.2,
random_state=0)` of the CSV in file order, as the app's own split does; a preset sets the
model, its hyperparameters, scaling and the split, and keeps the wine set chosen.
"""

from __future__ import annotations

from dataclasses import dataclass

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
        return ModelSpec(wine, self.spec.kind, self.spec.params, self.spec.test_size,
                         self.spec.seed, self.spec.scale)  # fmt: skip


PRESETS: tuple[Preset, ...] = (
    Preset(
        key="mlopspython",
        short="MLOpsPython",
        label="MLOpsPython: Ridge, alpha 0.5, no scaling",
        recipe="Ridge(alpha=0.5).fit(X_train, y_train) on the raw measurements, after "
        "train_test_split(X, y, test_size=0.2, random_state=0) (MLOpsPython's train.py).",
        differs="MLOpsPython trains on scikit-learn's diabetes data; here the same recipe runs "
        "on the chosen wine file.",
        spec=ModelSpec.create(kind="ridge", alpha=0.5, scale=False),
    ),
    Preset(
        key="beginners_guide",
        short="Beginner's guide",
        label="Beginner's guide: linear regression",
        recipe="LinearRegression().fit(X_train, y_train) on the raw measurements, after "
        "train_test_split(X, y, test_size=0.2, random_state=0).",
        differs="The guide reads its CSV with pandas and splits the same way; a guide run with "
        "another random_state or test_size holds out other wines, and its numbers differ by that.",
        spec=ModelSpec.create(kind="linear", scale=False),
    ),
)
