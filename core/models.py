"""Model kinds declared as data, and the frozen specification that names one trained model.

Adding a kind is one `ModelKind` in `KINDS`: the Train page's controls, the CLI's flags and the
validation below are all generated from the declarations.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sklearn.base import RegressorMixin
from sklearn.ensemble import HistGradientBoostingRegressor, RandomForestRegressor
from sklearn.linear_model import ElasticNet, Lasso, LinearRegression, Ridge
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVR

from core.data import WINES
from core.errors import SpecError

ParamValue = int | float


@dataclass(frozen=True)
class Hyperparameter:
    """A numeric hyperparameter: its type, default, closed range and how to scan it."""

    name: str
    type: type[int] | type[float]
    default: ParamValue
    low: ParamValue
    high: ParamValue
    log: bool
    help: str

    def coerce(self, value: Any) -> ParamValue:
        """The value as this parameter's type, or `SpecError` saying what is allowed."""
        if isinstance(value, bool):
            raise SpecError(f"{self.name} must be a number, not {value!r}.")
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise SpecError(f"{self.name} must be a number, not {value!r}.") from None
        if not math.isfinite(number) or not self.low <= number <= self.high:
            raise SpecError(f"{self.name} must lie between {self.low:g} and {self.high:g}.")
        if self.type is int:
            if number != round(number):
                raise SpecError(f"{self.name} must be a whole number, not {value!r}.")
            return round(number)
        return number

    @property
    def step(self) -> ParamValue:
        """Slider step for a linear-scale parameter: 1 for whole numbers, 1/100 of the range."""
        return 1 if self.type is int else (self.high - self.low) / 100

    def ladder(self) -> tuple[float, ...]:
        """Values 1, 2, 5 × 10ⁿ within the range, plus the default: a log-scale control's stops."""
        values = {
            float(f"{mantissa}e{exponent}")
            for exponent in range(
                math.floor(math.log10(self.low)), math.ceil(math.log10(self.high)) + 1
            )
            for mantissa in (1, 2, 5)
        }
        values = {v for v in values if self.low <= v <= self.high} | {float(self.default)}
        return tuple(sorted(values))

    def clamp(self, value: float) -> ParamValue:
        """The nearest allowed value (for values from a URL, which are clamped, not refused)."""
        clamped = min(max(value, self.low), self.high)
        return round(clamped) if self.type is int else float(clamped)


@dataclass(frozen=True)
class ModelKind:
    """A regressor the app can train, with the hyperparameters a user may change."""

    name: str
    label: str
    description: str
    estimator: type[RegressorMixin]
    hyperparameters: tuple[Hyperparameter, ...] = ()
    scaled: bool = True
    linear: bool = False
    fast: bool = True
    fixed: Mapping[str, Any] = field(default_factory=dict)

    def hyperparameter(self, name: str) -> Hyperparameter:
        for hyperparameter in self.hyperparameters:
            if hyperparameter.name == name:
                return hyperparameter
        raise SpecError(f"Model kind {self.name!r} has no hyperparameter {name!r}.")


_ALPHA_HELP = "Regularisation strength: larger values shrink the coefficients towards zero."
_SPARSE_ALPHA = Hyperparameter("alpha", float, 0.01, 1e-4, 10.0, True, _ALPHA_HELP)

KINDS: dict[str, ModelKind] = {
    kind.name: kind
    for kind in (
        ModelKind(
            "ridge",
            "Ridge regression",
            "Linear model with L2 regularisation on standardised features.",
            Ridge,
            (Hyperparameter("alpha", float, 0.5, 1e-3, 1e5, True, _ALPHA_HELP),),
            linear=True,
        ),
        ModelKind(
            "lasso",
            "Lasso",
            "Linear model with L1 regularisation: drops weak features entirely.",
            Lasso,
            (_SPARSE_ALPHA,),
            linear=True,
        ),
        ModelKind(
            "elasticnet",
            "Elastic net",
            "Linear model mixing L1 and L2 regularisation.",
            ElasticNet,
            (
                _SPARSE_ALPHA,
                Hyperparameter(
                    "l1_ratio", float, 0.5, 0.0, 1.0, False, "Share of L1 in the penalty."
                ),
            ),
            linear=True,
        ),
        ModelKind(
            "linear",
            "Linear regression",
            "Ordinary least squares: the paper's multiple regression.",
            LinearRegression,
            linear=True,
        ),
        ModelKind(
            "random_forest",
            "Random forest",
            "Average of many decision trees on bootstrap samples.",
            RandomForestRegressor,
            (
                Hyperparameter("n_estimators", int, 100, 10, 500, False, "Number of trees."),
                Hyperparameter("max_depth", int, 20, 1, 40, False, "Deepest split of a tree."),
                Hyperparameter("min_samples_leaf", int, 1, 1, 50, False, "Fewest wines in a leaf."),
            ),
            scaled=False,
            fast=False,
            fixed={"n_jobs": 1},
        ),
        ModelKind(
            "hist_gradient_boosting",
            "Gradient boosting",
            "Trees added one by one, each correcting the last (histogram-based).",
            HistGradientBoostingRegressor,
            (
                Hyperparameter("learning_rate", float, 0.1, 0.01, 1.0, True, "Step per tree."),
                Hyperparameter("max_iter", int, 100, 10, 500, False, "Number of trees."),
                Hyperparameter("max_depth", int, 6, 1, 20, False, "Deepest split of a tree."),
            ),
            scaled=False,
            fast=False,
        ),
        ModelKind(
            "svr",
            "Support vector regression",
            "RBF-kernel SVM, the best method of Cortez et al. (2009).",
            SVR,
            (
                Hyperparameter("C", float, 1.0, 1e-2, 1e3, True, "Penalty on errors."),
                Hyperparameter(
                    "epsilon", float, 0.1, 0.0, 2.0, False, "Errors below this are free."
                ),
                Hyperparameter(
                    "gamma", float, 0.1, 1e-4, 10.0, True, "Kernel width: larger is wigglier."
                ),
            ),
            fast=False,
        ),
    )
}
DEFAULT_KIND = "ridge"


def get_kind(name: str) -> ModelKind:
    try:
        return KINDS[name]
    except KeyError:
        raise SpecError(f"Unknown model kind {name!r}: choose one of {', '.join(KINDS)}.") from None


@dataclass(frozen=True)
class ModelSpec:
    """Everything that decides a trained model, frozen and hashable.

    The defaults reproduce the classic tutorial: Ridge(alpha=0.5) on standardised features,
    `train_test_split(X, y, test_size=0.2, random_state=0)` on the CSV in file order.
    """

    wine: str = "red"
    kind: str = DEFAULT_KIND
    params: tuple[tuple[str, ParamValue], ...] = ()
    test_size: float = 0.2
    seed: int = 0

    def __post_init__(self) -> None:
        if self.wine not in WINES:
            raise SpecError(f"Unknown wine set {self.wine!r}: choose one of {', '.join(WINES)}.")
        kind = get_kind(self.kind)
        given = dict(self.params)
        unknown = sorted(set(given) - {h.name for h in kind.hyperparameters})
        if unknown:
            raise SpecError(f"Model kind {self.kind!r} has no hyperparameter {unknown[0]!r}.")
        params = tuple(
            (h.name, h.coerce(given.get(h.name, h.default))) for h in kind.hyperparameters
        )
        object.__setattr__(self, "params", params)
        object.__setattr__(self, "test_size", _coerce_test_size(self.test_size))
        object.__setattr__(self, "seed", _coerce_seed(self.seed))

    @classmethod
    def create(
        cls,
        wine: str = "red",
        kind: str = DEFAULT_KIND,
        *,
        test_size: float = 0.2,
        seed: int = 0,
        **params: ParamValue,
    ) -> ModelSpec:
        """A spec from keyword hyperparameters; the ones left out take their defaults."""
        return cls(wine, kind, tuple(params.items()), test_size, seed)

    @property
    def hyperparameters(self) -> dict[str, ParamValue]:
        return dict(self.params)

    def to_dict(self) -> dict[str, Any]:
        return {
            "wine": self.wine,
            "kind": self.kind,
            "hyperparameters": self.hyperparameters,
            "test_size": self.test_size,
            "seed": self.seed,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ModelSpec:
        return cls(
            data["wine"],
            data["kind"],
            tuple(dict(data.get("hyperparameters", {})).items()),
            data.get("test_size", 0.2),
            data.get("seed", 0),
        )

    def to_json(self) -> str:
        """Canonical JSON: equal specs give equal text, the base of a model's identity."""
        return json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))

    def describe(self) -> str:
        """One line for people: 'Ridge regression, alpha=0.5'."""
        params = ", ".join(f"{name}={value:g}" for name, value in self.params)
        return f"{get_kind(self.kind).label}" + (f", {params}" if params else "")


def _coerce_test_size(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise SpecError(f"test_size must be a number, not {value!r}.") from None
    if not 0.05 <= number <= 0.5:
        raise SpecError("test_size must lie between 0.05 and 0.5.")
    return number


def _coerce_seed(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        raise SpecError(f"seed must be a whole number, not {value!r}.")
    if not 0 <= value < 2**32:
        raise SpecError("seed must lie between 0 and 4294967295.")
    return int(value)


def build_pipeline(spec: ModelSpec) -> Pipeline:
    """An unfitted scikit-learn pipeline for a spec: scaler (if the kind wants one) → model."""
    kind = get_kind(spec.kind)
    params = {**kind.fixed, **spec.hyperparameters}
    if "random_state" in kind.estimator().get_params():
        params["random_state"] = spec.seed
    steps = [("scale", StandardScaler())] if kind.scaled else []
    steps.append(("model", kind.estimator(**params)))
    return Pipeline(steps)
