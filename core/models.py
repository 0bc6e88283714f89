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

from core.data import DEFAULT_WINE, WINES
from core.errors import SpecError

ParamValue = int | float


@dataclass(frozen=True, kw_only=True)
class Hyperparameter:
    """A numeric setting: its type, default, closed range and how to scan it.

    Declared with keywords and checked when made (as scikit-learn's `Interval` checks its
    bounds), so a broken declaration fails when the module loads, not in a user's browser.
    `label` is the name people read; `name` is scikit-learn's, shown beside it.
    """

    name: str
    label: str
    type: type[int] | type[float]
    default: ParamValue
    low: ParamValue
    high: ParamValue
    log: bool = False
    help: str
    fixed_step: ParamValue | None = None

    def __post_init__(self) -> None:
        if self.type not in (int, float):
            raise SpecError(f"{self.name}: type must be int or float, not {self.type!r}.")
        if not self.low < self.high:
            raise SpecError(f"{self.name}: low ({self.low!r}) must be below high ({self.high!r}).")
        if self.log and self.low <= 0:
            raise SpecError(f"{self.name}: a log-scale range must start above 0, not {self.low!r}.")
        if not self.low <= self.default <= self.high:
            raise SpecError(
                f"{self.name}: default {self.default!r} lies outside {self.low!r} to {self.high!r}."
            )
        if self.type is int and not all(
            float(v).is_integer() for v in (self.default, self.low, self.high)
        ):
            raise SpecError(f"{self.name}: a whole-number setting needs whole-number bounds.")

    @property
    def display_name(self) -> str:
        """'Regularisation strength (alpha)': the readable name and scikit-learn's."""
        return f"{self.label} ({self.name})"

    def coerce(self, value: Any) -> ParamValue:
        """The value as this parameter's type, or `SpecError` saying what is allowed."""
        if isinstance(value, bool):
            raise SpecError(f"{self.name} must be a number, not {value!r}.")
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise SpecError(f"{self.name} must be a number, not {value!r}.") from None
        if not math.isfinite(number) or not self.low <= number <= self.high:
            low, high = (f"{v}" if self.type is int else f"{v:g}" for v in (self.low, self.high))
            raise SpecError(f"{self.name} must lie between {low} and {high}.")
        if self.type is int:
            if number != round(number):
                raise SpecError(f"{self.name} must be a whole number, not {value!r}.")
            return round(number)
        return number

    @property
    def step(self) -> ParamValue:
        """Slider step for a linear-scale parameter: as declared, else 1 for whole numbers and
        1/100 of the range."""
        if self.fixed_step is not None:
            return self.fixed_step
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


@dataclass(frozen=True, kw_only=True)
class ModelKind:
    """A regressor the app can train, with the hyperparameters a user may change.

    `linear` kinds are explained by their standardised coefficients and scored by folded
    weights; they are declared with a scaler in front (a declaration without one is refused),
    and a spec may still switch it off (`ModelSpec.scale`) to reproduce a recipe that does not
    scale.
    """

    name: str
    label: str
    description: str
    estimator: type[RegressorMixin]
    hyperparameters: tuple[Hyperparameter, ...] = ()
    scaled: bool = True
    linear: bool = False
    fast: bool = True
    fixed: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.linear and not self.scaled:
            raise SpecError(f"{self.name}: a linear kind must scale its features.")
        names = [h.name for h in self.hyperparameters]
        if len(set(names)) != len(names):
            raise SpecError(f"{self.name}: a hyperparameter is declared twice.")
        accepted = self.estimator().get_params()
        unknown = sorted({*names, *self.fixed} - set(accepted))
        if unknown:
            estimator = self.estimator.__name__
            raise SpecError(f"{self.name}: {estimator} has no parameter {unknown[0]!r}.")

    def hyperparameter(self, name: str) -> Hyperparameter:
        for hyperparameter in self.hyperparameters:
            if hyperparameter.name == name:
                return hyperparameter
        raise SpecError(f"Model kind {self.name!r} has no hyperparameter {name!r}.")


def check_shared_names(kinds: tuple[ModelKind, ...]) -> dict[str, ModelKind]:
    """The kinds by name, refusing two kinds whose same-named hyperparameters differ in type or
    label: they share one CLI flag and one widget key, so they must mean the same thing."""
    seen: dict[str, Hyperparameter] = {}
    for kind in kinds:
        for hyperparameter in kind.hyperparameters:
            first = seen.setdefault(hyperparameter.name, hyperparameter)
            if (first.type, first.label) != (hyperparameter.type, hyperparameter.label):
                raise SpecError(
                    f"{hyperparameter.name!r} is declared by two kinds with different meanings "
                    f"({first.label}, {first.type.__name__} vs {hyperparameter.label}, "
                    f"{hyperparameter.type.__name__})."
                )
    names = [kind.name for kind in kinds]
    if len(set(names)) != len(names):
        raise SpecError("Two model kinds share a name.")
    return {kind.name: kind for kind in kinds}


_ALPHA = {
    "name": "alpha",
    "label": "Regularisation strength",
    "type": float,
    "log": True,
    "help": "Larger values shrink the coefficients towards zero: a simpler model that leans "
    "on the average wine; smaller values let the model follow the training wines closely.",
}
_SPARSE_ALPHA = Hyperparameter(**_ALPHA, default=0.01, low=1e-4, high=10.0)
_TREES = {"name": "n_estimators", "label": "Trees", "type": int}
_DEPTH = {
    "name": "max_depth",
    "label": "Tree depth",
    "type": int,
    "help": "How many questions a tree may ask about a wine: deeper trees fit finer detail "
    "(and noise).",
}

KINDS: dict[str, ModelKind] = check_shared_names(
    (
        ModelKind(
            name="ridge",
            label="Ridge regression",
            description="Linear model with L2 regularisation: shrinks coefficients towards zero.",
            estimator=Ridge,
            hyperparameters=(Hyperparameter(**_ALPHA, default=0.5, low=1e-3, high=1e5),),
            linear=True,
        ),
        ModelKind(
            name="lasso",
            label="Lasso",
            description="Linear model with L1 regularisation: drops weak features entirely.",
            estimator=Lasso,
            hyperparameters=(_SPARSE_ALPHA,),
            linear=True,
        ),
        ModelKind(
            name="elasticnet",
            label="Elastic net",
            description="Linear model mixing L1 and L2 regularisation.",
            estimator=ElasticNet,
            hyperparameters=(
                _SPARSE_ALPHA,
                Hyperparameter(
                    name="l1_ratio",
                    label="Share of L1",
                    type=float,
                    default=0.5,
                    low=0.0,
                    high=1.0,
                    help="0 is pure ridge (shrinks every coefficient), 1 is pure lasso (drops "
                    "weak features entirely).",
                ),
            ),
            linear=True,
        ),
        ModelKind(
            name="linear",
            label="Linear regression",
            description="Ordinary least squares: the paper's multiple regression.",
            estimator=LinearRegression,
            linear=True,
        ),
        ModelKind(
            name="random_forest",
            label="Random forest",
            description="Average of many decision trees on bootstrap samples.",
            estimator=RandomForestRegressor,
            hyperparameters=(
                Hyperparameter(
                    **_TREES,
                    default=100,
                    low=10,
                    high=500,
                    help="More trees average out more noise and take longer; past about 100 "
                    "the error barely moves.",
                ),
                Hyperparameter(**_DEPTH, default=20, low=1, high=40),
                Hyperparameter(
                    name="min_samples_leaf",
                    label="Wines per leaf",
                    type=int,
                    default=1,
                    low=1,
                    high=50,
                    help="The fewest wines a leaf may hold: larger values smooth the predictions.",
                ),
            ),
            scaled=False,
            fast=False,
            fixed={"n_jobs": 1},
        ),
        ModelKind(
            name="hist_gradient_boosting",
            label="Gradient boosting",
            description="Trees added one by one, each correcting the last (histogram-based).",
            estimator=HistGradientBoostingRegressor,
            hyperparameters=(
                Hyperparameter(
                    name="learning_rate",
                    label="Learning rate",
                    type=float,
                    default=0.1,
                    low=0.01,
                    high=1.0,
                    log=True,
                    help="How much each new tree corrects the last: smaller steps need more "
                    "trees but overfit less.",
                ),
                Hyperparameter(
                    name="max_iter",
                    label="Trees",
                    type=int,
                    default=100,
                    low=10,
                    high=500,
                    help="How many correcting trees are added, one after another.",
                ),
                Hyperparameter(**_DEPTH, default=6, low=1, high=20),
            ),
            scaled=False,
            fast=False,
        ),
        ModelKind(
            name="svr",
            label="Support vector regression",
            description="RBF-kernel SVM, the best method of Cortez et al. (2009).",
            estimator=SVR,
            hyperparameters=(
                Hyperparameter(
                    name="C",
                    label="Penalty on errors",
                    type=float,
                    default=1.0,
                    low=1e-2,
                    high=1e3,
                    log=True,
                    help="Larger values punish errors on training wines harder: a closer, "
                    "wigglier fit.",
                ),
                Hyperparameter(
                    name="epsilon",
                    label="Error-free margin",
                    type=float,
                    default=0.1,
                    low=0.0,
                    high=2.0,
                    help="Errors smaller than this (in quality points) cost nothing.",
                ),
                Hyperparameter(
                    name="gamma",
                    label="Kernel width",
                    type=float,
                    default=0.1,
                    low=1e-4,
                    high=10.0,
                    log=True,
                    help="Larger values let each training wine influence only its close "
                    "neighbours: a wigglier fit.",
                ),
            ),
            fast=False,
        ),
    )
)
DEFAULT_KIND = "ridge"

# The split's two settings, declared like hyperparameters so widgets, flags and checks agree.
TEST_SIZE = Hyperparameter(
    name="test_size",
    label="Held-out share",
    type=float,
    default=0.2,
    low=0.05,
    high=0.5,
    fixed_step=0.05,
    help="The share of wines kept out of training to test the model on.",
)
SEED = Hyperparameter(
    name="seed",
    label="Split seed",
    type=int,
    default=0,
    low=0,
    high=2**32 - 1,
    help="Which wines land in the held-out part; the same seed gives the same split.",
)


# Feature scaling, a yes/no setting of the linear kinds: the Train control, the link's `scale`
# parameter and the CLI's `--no-scale` flag are all drawn from these two lines.
SCALING_LABEL = "Scale the features"
SCALING_HELP = (
    "Standardise each measurement (minus its training mean, over its standard deviation) "
    "before the linear model. The predictions of plain least squares do not change; "
    "regularised kinds shrink every feature alike only on scaled features."
)


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
    `scale` is a setting of the linear kinds only (the others scale, or not, by declaration);
    it enters the model's identity only when switched off, so scaled specs keep their ids.
    """

    wine: str = DEFAULT_WINE
    kind: str = DEFAULT_KIND
    params: tuple[tuple[str, ParamValue], ...] = ()
    test_size: float = TEST_SIZE.default
    seed: int = SEED.default
    scale: bool = True

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
        object.__setattr__(self, "test_size", float(TEST_SIZE.coerce(self.test_size)))
        object.__setattr__(self, "seed", _coerce_seed(self.seed))
        if not isinstance(self.scale, bool):
            raise SpecError(f"scale must be true or false, not {self.scale!r}.")
        if not self.scale and not kind.linear:
            raise SpecError(
                f"Feature scaling can be switched off for the linear kinds only, not {kind.label}."
            )

    @classmethod
    def create(
        cls,
        wine: str = DEFAULT_WINE,
        kind: str = DEFAULT_KIND,
        *,
        test_size: float = TEST_SIZE.default,
        seed: int = SEED.default,
        scale: bool = True,
        **params: ParamValue,
    ) -> ModelSpec:
        """A spec from keyword hyperparameters; the ones left out take their defaults."""
        return cls(wine, kind, tuple(params.items()), test_size, seed, scale)

    @property
    def hyperparameters(self) -> dict[str, ParamValue]:
        return dict(self.params)

    def to_dict(self) -> dict[str, Any]:
        data = {
            "wine": self.wine,
            "kind": self.kind,
            "hyperparameters": self.hyperparameters,
            "test_size": self.test_size,
            "seed": self.seed,
        }
        return data if self.scale else data | {"scale": False}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ModelSpec:
        return cls(
            data["wine"],
            data["kind"],
            tuple(dict(data.get("hyperparameters", {})).items()),
            data.get("test_size", TEST_SIZE.default),
            data.get("seed", SEED.default),
            data.get("scale", True),
        )

    def to_json(self) -> str:
        """Canonical JSON: equal specs give equal text, the base of a model's identity."""
        return json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))

    def describe(self) -> str:
        """One line for people: 'Ridge regression, alpha=0.5'."""
        parts = [f"{name}={value:g}" for name, value in self.params]
        if not self.scale:
            parts.append("no scaling")
        return ", ".join([get_kind(self.kind).label, *parts])


def _coerce_seed(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        raise SpecError(f"seed must be a whole number, not {value!r}.")
    return int(SEED.coerce(value))


def build_pipeline(spec: ModelSpec) -> Pipeline:
    """An unfitted scikit-learn pipeline for a spec: scaler (if the kind and spec want one) →
    model."""
    kind = get_kind(spec.kind)
    params = {**kind.fixed, **spec.hyperparameters}
    if "random_state" in kind.estimator().get_params():
        params["random_state"] = spec.seed
    steps = [("scale", StandardScaler())] if kind.scaled and spec.scale else []
    steps.append(("model", kind.estimator(**params)))
    return Pipeline(steps)
