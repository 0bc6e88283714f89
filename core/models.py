"""Model kinds declared as data, and the frozen specification that names one trained model.

Adding a kind is one `ModelKind` in `KINDS`: the Train page's controls, the CLI's flags and the
validation below are all generated from the declarations.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sklearn.base import RegressorMixin
from sklearn.ensemble import HistGradientBoostingRegressor, RandomForestRegressor
from sklearn.linear_model import ElasticNet, Lasso, LinearRegression, Ridge
from sklearn.neural_network import MLPRegressor
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVR

from core.data import DEFAULT_WINE, WINES
from core.errors import SpecError
from core.messages import N_

ParamValue = int | float | str


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
class Choice:
    """A setting picked from named options (a network's activation): its options, the readable
    name of each (`choice_labels`, in the same order, marked for translation) and the default.

    Checked when made, as `Hyperparameter` is; `name` and the options are scikit-learn's.
    """

    name: str
    label: str
    choices: tuple[str, ...]
    choice_labels: tuple[str, ...]
    default: str
    help: str

    def __post_init__(self) -> None:
        if not self.choices or len(set(self.choices)) != len(self.choices):
            raise SpecError(f"{self.name}: the choices must be given, each once.")
        if len(self.choice_labels) != len(self.choices):
            raise SpecError(f"{self.name}: each choice needs one readable label.")
        if self.default not in self.choices:
            raise SpecError(f"{self.name}: default {self.default!r} is not one of the choices.")

    @property
    def display_name(self) -> str:
        return f"{self.label} ({self.name})"

    def coerce(self, value: Any) -> str:
        """The value if it is one of the choices, else `SpecError` naming them."""
        if not isinstance(value, str) or value not in self.choices:
            shown = repr(value)[:40]
            raise SpecError(f"{self.name} must be one of {', '.join(self.choices)}, not {shown}.")
        return value

    def choice_label(self, value: str) -> str:
        """The readable name of one option (untranslated: the page layer translates it)."""
        return self.choice_labels[self.choices.index(self.coerce(value))]


Setting = Hyperparameter | Choice


def setting_text(value: ParamValue) -> str:
    """A setting's value for a line of text or a command: a choice as it is, a number `:g`."""
    return value if isinstance(value, str) else f"{value:g}"


@dataclass(frozen=True, kw_only=True)
class ModelKind:
    """A regressor the app can train, with the hyperparameters a user may change.

    `linear` kinds are explained by their standardised coefficients and scored by folded
    weights; they are declared with a scaler in front (a declaration without one is refused),
    and a spec may still switch it off (`ModelSpec.scale`) to reproduce a recipe that does not
    scale. `estimator_params` turns the declared settings into the estimator's own keywords
    where they differ (a network's layers × units into `hidden_layer_sizes`); without it the
    names are the estimator's. `choices` are settings picked from named options (a network's
    activation); numeric knobs (sliders, validation curves) read `hyperparameters` only, and
    what takes every setting (the spec, links, the CLI, the API) reads `settings`.
    """

    name: str
    label: str
    description: str
    estimator: type[RegressorMixin]
    hyperparameters: tuple[Hyperparameter, ...] = ()
    choices: tuple[Choice, ...] = ()
    scaled: bool = True
    linear: bool = False
    fast: bool = True
    fixed: Mapping[str, Any] = field(default_factory=dict)
    estimator_params: Callable[[Mapping[str, ParamValue]], dict[str, Any]] | None = None
    # The memory a training takes at its highest (bytes), from the settings and the number of
    # training wines: what the server's memory budget holds for it while it runs.
    training_bytes: Callable[[Mapping[str, ParamValue], int], int] | None = None

    def __post_init__(self) -> None:
        if self.linear and not self.scaled:
            raise SpecError(f"{self.name}: a linear kind must scale its features.")
        names = [s.name for s in self.settings]
        if len(set(names)) != len(names):
            raise SpecError(f"{self.name}: a hyperparameter is declared twice.")
        accepted = self.estimator().get_params()
        defaults = self.params_for({s.name: s.default for s in self.settings})
        unknown = sorted({*defaults, *self.fixed} - set(accepted))
        if unknown:
            estimator = self.estimator.__name__
            raise SpecError(f"{self.name}: {estimator} has no parameter {unknown[0]!r}.")

    def params_for(self, values: Mapping[str, ParamValue]) -> dict[str, Any]:
        """The estimator's keywords for declared values."""
        if self.estimator_params is None:
            return dict(values)
        return self.estimator_params(values)

    def hyperparameter(self, name: str) -> Hyperparameter:
        for hyperparameter in self.hyperparameters:
            if hyperparameter.name == name:
                return hyperparameter
        raise SpecError(f"Model kind {self.name!r} has no hyperparameter {name!r}.")

    @property
    def settings(self) -> tuple[Setting, ...]:
        """Every declared setting: the numeric hyperparameters, then the choices."""
        return (*self.hyperparameters, *self.choices)

    def setting(self, name: str) -> Setting:
        for setting in self.settings:
            if setting.name == name:
                return setting
        raise SpecError(f"Model kind {self.name!r} has no hyperparameter {name!r}.")


def _meaning(setting: Setting) -> str:
    """'Tree depth, int' or 'Activation, one of relu, tanh': what a shared name must mean."""
    if isinstance(setting, Choice):
        return f"{setting.label}, one of {', '.join(setting.choices)}"
    return f"{setting.label}, {setting.type.__name__}"


def check_shared_names(kinds: tuple[ModelKind, ...]) -> dict[str, ModelKind]:
    """The kinds by name, refusing two kinds whose same-named hyperparameters differ in type or
    label: they share one CLI flag and one widget key, so they must mean the same thing."""
    seen: dict[str, Setting] = {}
    for kind in kinds:
        for setting in kind.settings:
            first = seen.setdefault(setting.name, setting)
            if _meaning(first) != _meaning(setting):
                raise SpecError(
                    f"{setting.name!r} is declared by two kinds with different meanings "
                    f"({_meaning(first)} vs {_meaning(setting)})."
                )
    names = [kind.name for kind in kinds]
    if len(set(names)) != len(names):
        raise SpecError("Two model kinds share a name.")
    return {kind.name: kind for kind in kinds}


_ALPHA = {
    "name": "alpha",
    "label": N_("Regularisation strength"),
    "type": float,
    "log": True,
    "help": N_(
        "Larger values shrink the coefficients towards zero: a simpler model that leans "
        "on the average wine; smaller values let the model follow the training wines closely."
    ),
}
_SPARSE_ALPHA = Hyperparameter(**_ALPHA, default=0.01, low=1e-4, high=10.0)
SMALL_TRAINING_BYTES = 2 * 2**20  # a linear model, a network: weights of a few kilobytes
NODE_BYTES = 72  # one node of a fitted scikit-learn tree with its value


def forest_training_bytes(values: Mapping[str, ParamValue], rows: int) -> int:
    """The fitted forest and one cross-validation fold's twin, alive together while the folds
    are fitted. A tree of depth d has at most 2^(d+1) - 1 nodes; grown fully on these wines it
    has about 0.4 per training wine (measured: 1438 on 3913 white wines at depth 20, 464 on 1279
    red). 200 such white trees are 20 MB, and their training peaks 36 MB above what was there."""
    nodes = min(2 ** (int(values["max_depth"]) + 1) - 1, math.ceil(0.4 * rows))
    return 2 * int(values["n_estimators"]) * (nodes * NODE_BYTES + 1500)


def boosting_training_bytes(values: Mapping[str, ParamValue], rows: int) -> int:
    """Up to 31 leaves a tree (about 4 kB), twice over as for a forest, and the histograms
    of the tree being grown (2 MB)."""
    return 2 * int(values["max_iter"]) * 4096 + SMALL_TRAINING_BYTES


SVR_CACHE_MB = 32  # libsvm's kernel cache (scikit-learn's default is 200 MB)


def svr_training_bytes(values: Mapping[str, ParamValue], rows: int) -> int:
    """libsvm's kernel cache, at most the kernel matrix in float32 and at most `SVR_CACHE_MB`
    (the white wines' whole matrix is 61 MB; with 32 MB a fit takes about 12% longer), besides
    support vectors of a few hundred kB."""
    return min(4 * rows * rows, SVR_CACHE_MB * 2**20) + 100 * rows


_TREES = {"name": "n_estimators", "label": N_("Trees"), "type": int}
_DEPTH = {
    "name": "max_depth",
    "label": N_("Tree depth"),
    "type": int,
    "help": N_(
        "How many questions a tree may ask about a wine: deeper trees fit finer detail (and noise)."
    ),
}


def network_params(values: Mapping[str, ParamValue]) -> dict[str, Any]:
    """`MLPRegressor`'s keywords: `layers` hidden layers of `units` each, `epochs` as
    `max_iter`, and a validation share of 0 meaning no early stopping."""
    share = float(values["validation_fraction"])
    return {
        "hidden_layer_sizes": (int(values["units"]),) * int(values["layers"]),
        "activation": values["activation"],
        "alpha": values["alpha"],
        "learning_rate_init": values["learning_rate_init"],
        "batch_size": int(values["batch_size"]),
        "max_iter": int(values["epochs"]),
        "early_stopping": share > 0,
        "validation_fraction": share if share > 0 else 0.1,
    }


NETWORK_HYPERPARAMETERS = (
    Hyperparameter(
        name="units",
        label=N_("Units per hidden layer"),
        type=int,
        default=32,
        low=4,
        high=128,
        fixed_step=4,
        help=N_(
            "How many units (neurons) each hidden layer has: more units can fit finer "
            "patterns, and noise."
        ),
    ),
    Hyperparameter(
        name="layers",
        label=N_("Hidden layers"),
        type=int,
        default=1,
        low=1,
        high=3,
        help=N_("How many hidden layers of units the wine passes through before the output."),
    ),
    Hyperparameter(
        name="alpha",
        label=N_("Regularisation strength"),
        type=float,
        log=True,
        default=1e-4,
        low=1e-6,
        high=10.0,
        help=N_(
            "The L2 penalty on the network's weights: larger values keep the weights small "
            "and the fit smooth."
        ),
    ),
    Hyperparameter(
        name="learning_rate_init",
        label=N_("Learning rate"),
        type=float,
        log=True,
        default=1e-3,
        low=1e-4,
        high=1e-1,
        help=N_("How far the Adam optimiser moves the weights at each batch."),
    ),
    Hyperparameter(
        name="batch_size",
        label=N_("Batch size"),
        type=int,
        default=32,
        low=8,
        high=256,
        fixed_step=8,
        help=N_("How many training wines each step of the optimiser looks at."),
    ),
    Hyperparameter(
        name="epochs",
        label=N_("Epochs"),
        type=int,
        default=200,
        low=10,
        high=500,
        fixed_step=10,
        help=N_("The most passes over the training wines; early stopping may end sooner."),
    ),
    Hyperparameter(
        name="validation_fraction",
        label=N_("Validation share"),
        type=float,
        default=0.1,
        low=0.0,
        high=0.3,
        fixed_step=0.05,
        help=N_(
            "The share of training wines set aside to watch the validation score after each "
            "epoch; training stops when it has not improved for 10 epochs. 0: no early stopping."
        ),
    ),
)

ACTIVATION = Choice(
    name="activation",
    label=N_("Activation"),
    choices=("relu", "tanh", "logistic", "identity"),
    choice_labels=(
        N_("ReLU: max(0, x)"),
        N_("Tanh: hyperbolic tangent"),
        N_("Logistic: the sigmoid 1 / (1 + e⁻ˣ)"),
        N_("Identity: none (a linear model)"),
    ),
    default="relu",
    help=N_(
        "What each hidden unit does with its weighted sum before passing it on: ReLU keeps "
        "positive sums and zeroes the rest, tanh and the logistic sigmoid squash them smoothly; "
        "identity leaves them as they are, so the network can only draw a linear model."
    ),
)

KINDS: dict[str, ModelKind] = check_shared_names(
    (
        ModelKind(
            name="ridge",
            label=N_("Ridge regression"),
            description=N_(
                "Linear model with L2 regularisation: shrinks coefficients towards zero."
            ),
            estimator=Ridge,
            hyperparameters=(Hyperparameter(**_ALPHA, default=0.5, low=1e-3, high=1e5),),
            linear=True,
        ),
        ModelKind(
            name="lasso",
            label=N_("Lasso"),
            description=N_("Linear model with L1 regularisation: drops weak features entirely."),
            estimator=Lasso,
            hyperparameters=(_SPARSE_ALPHA,),
            linear=True,
        ),
        ModelKind(
            name="elasticnet",
            label=N_("Elastic net"),
            description=N_("Linear model mixing L1 and L2 regularisation."),
            estimator=ElasticNet,
            hyperparameters=(
                _SPARSE_ALPHA,
                Hyperparameter(
                    name="l1_ratio",
                    label=N_("Share of L1"),
                    type=float,
                    default=0.5,
                    low=0.0,
                    high=1.0,
                    help=N_(
                        "0 is pure ridge (shrinks every coefficient), 1 is pure lasso (drops "
                        "weak features entirely)."
                    ),
                ),
            ),
            linear=True,
        ),
        ModelKind(
            name="linear",
            label=N_("Linear regression"),
            description=N_("Ordinary least squares: the paper's multiple regression."),
            estimator=LinearRegression,
            linear=True,
        ),
        ModelKind(
            name="random_forest",
            label=N_("Random forest"),
            description=N_("Average of many decision trees on bootstrap samples."),
            estimator=RandomForestRegressor,
            hyperparameters=(
                Hyperparameter(
                    **_TREES,
                    default=100,
                    low=10,
                    # A fully grown white-wine tree is about 0.1 MB: 200 trees keep one forest
                    # near 20 MB, under a third of the server's memory budget
                    # (forest_training_bytes, docs/performance.md).
                    high=200,
                    help=N_(
                        "More trees average out more noise and take longer; past about 100 "
                        "the error barely moves. Each tree takes memory on the server: at most 200 "
                        "trees, about 20 MB for the white wines at full depth (10 MB at 100)."
                    ),
                ),
                Hyperparameter(**_DEPTH, default=20, low=1, high=40),
                Hyperparameter(
                    name="min_samples_leaf",
                    label=N_("Wines per leaf"),
                    type=int,
                    default=1,
                    low=1,
                    high=50,
                    help=N_(
                        "The fewest wines a leaf may hold: larger values smooth the predictions."
                    ),
                ),
            ),
            scaled=False,
            fast=False,
            fixed={"n_jobs": 1},
            training_bytes=forest_training_bytes,
        ),
        ModelKind(
            name="hist_gradient_boosting",
            label=N_("Gradient boosting"),
            description=N_("Trees added one by one, each correcting the last (histogram-based)."),
            estimator=HistGradientBoostingRegressor,
            hyperparameters=(
                Hyperparameter(
                    name="learning_rate",
                    label=N_("Learning rate"),
                    type=float,
                    default=0.1,
                    low=0.01,
                    high=1.0,
                    log=True,
                    help=N_(
                        "How much each new tree corrects the last: smaller steps need more "
                        "trees but overfit less."
                    ),
                ),
                Hyperparameter(
                    name="max_iter",
                    label=N_("Trees"),
                    type=int,
                    default=100,
                    low=10,
                    high=500,
                    help=N_("How many correcting trees are added, one after another."),
                ),
                Hyperparameter(**_DEPTH, default=6, low=1, high=20),
            ),
            scaled=False,
            fast=False,
            training_bytes=boosting_training_bytes,
        ),
        ModelKind(
            name="svr",
            label=N_("Support vector regression"),
            description=N_("RBF-kernel SVM, the best method of Cortez et al. (2009)."),
            estimator=SVR,
            hyperparameters=(
                Hyperparameter(
                    name="C",
                    label=N_("Penalty on errors"),
                    type=float,
                    default=1.0,
                    low=1e-2,
                    high=1e3,
                    log=True,
                    help=N_(
                        "Larger values punish errors on training wines harder: a closer, "
                        "wigglier fit."
                    ),
                ),
                Hyperparameter(
                    name="epsilon",
                    label=N_("Error-free margin"),
                    type=float,
                    default=0.1,
                    low=0.0,
                    high=2.0,
                    help=N_("Errors smaller than this (in quality points) cost nothing."),
                ),
                Hyperparameter(
                    name="gamma",
                    label=N_("Kernel width"),
                    type=float,
                    default=0.1,
                    low=1e-4,
                    high=10.0,
                    log=True,
                    help=N_(
                        "Larger values let each training wine influence only its close "
                        "neighbours: a wigglier fit."
                    ),
                ),
            ),
            fast=False,
            fixed={"cache_size": SVR_CACHE_MB},
            training_bytes=svr_training_bytes,
        ),
        ModelKind(
            name="mlp",
            label=N_("Neural network"),
            description=N_(
                "A multilayer perceptron (Adam optimiser, squared error) trained over epochs, "
                "with early stopping on a validation share."
            ),
            estimator=MLPRegressor,
            hyperparameters=NETWORK_HYPERPARAMETERS,
            choices=(ACTIVATION,),
            fast=False,
            fixed={"solver": "adam", "n_iter_no_change": 10},
            estimator_params=network_params,
        ),
    )
)
DEFAULT_KIND = "ridge"

# The split's two settings, declared like hyperparameters so widgets, flags and checks agree.
TEST_SIZE = Hyperparameter(
    name="test_size",
    label=N_("Held-out share"),
    type=float,
    default=0.2,
    low=0.05,
    high=0.5,
    fixed_step=0.05,
    help=N_("The share of wines kept out of training to test the model on."),
)
SEED = Hyperparameter(
    name="seed",
    label=N_("Split seed"),
    type=int,
    default=0,
    low=0,
    high=2**32 - 1,
    help=N_("Which wines land in the held-out part; the same seed gives the same split."),
)


# How the held-out part is drawn. "grouped" keeps identical wines (same measurements) on one
# side, as Evaluate's leak-free folds do; "tutorial" is plain `train_test_split`, as the classic
# tutorials split, which puts the twins of duplicated wines on both sides and flatters models
# that memorise. The link's `split` parameter, the CLI's `--split` and the API read these.
SPLITS = ("grouped", "tutorial")
DEFAULT_SPLIT = "grouped"
SPLIT_PARAM = "split"


# Feature scaling, a yes/no setting of the linear kinds: the Train control, the link's `scale`
# parameter and the CLI's `--no-scale` flag are all drawn from these two lines.
SCALING_LABEL = N_("Scale the features")
SCALING_HELP = N_(
    "Standardise each measurement (minus its training mean, over its standard deviation) "
    "before the linear model. The predictions of plain least squares do not change; "
    "regularised kinds shrink every feature alike only on scaled features."
)


def training_bytes(spec: ModelSpec, wines: int) -> int:
    """The memory training `spec` takes at its highest, on a set of `wines` wines (bytes)."""
    estimate = get_kind(spec.kind).training_bytes
    rows = math.ceil(wines * (1 - spec.test_size))
    return SMALL_TRAINING_BYTES if estimate is None else estimate(spec.hyperparameters, rows)


def get_kind(name: str) -> ModelKind:
    try:
        return KINDS[name]
    except KeyError:
        raise SpecError(f"Unknown model kind {name!r}: choose one of {', '.join(KINDS)}.") from None


@dataclass(frozen=True)
class ModelSpec:
    """Everything that decides a trained model, frozen and hashable.

    The defaults: Ridge(alpha=0.5) on standardised features, 20% held out with identical
    wines kept together (`split="grouped"`); `split="tutorial"` is the classic tutorial's
    `train_test_split(X, y, test_size=0.2, random_state=0)` on the CSV in file order.
    `scale` is a setting of the linear kinds only (the others scale, or not, by declaration);
    it enters the model's identity only when switched off, and `split` only when it is the
    tutorial's, so default specs keep short ids.
    """

    wine: str = DEFAULT_WINE
    kind: str = DEFAULT_KIND
    params: tuple[tuple[str, ParamValue], ...] = ()
    test_size: float = TEST_SIZE.default
    seed: int = SEED.default
    scale: bool = True
    split: str = DEFAULT_SPLIT

    def __post_init__(self) -> None:
        if self.wine not in WINES:
            raise SpecError(f"Unknown wine set {self.wine!r}: choose one of {', '.join(WINES)}.")
        kind = get_kind(self.kind)
        given = dict(self.params)
        unknown = sorted(set(given) - {s.name for s in kind.settings})
        if unknown:
            raise SpecError(f"Model kind {self.kind!r} has no hyperparameter {unknown[0]!r}.")
        params = tuple((s.name, s.coerce(given.get(s.name, s.default))) for s in kind.settings)
        object.__setattr__(self, "params", params)
        object.__setattr__(self, "test_size", float(TEST_SIZE.coerce(self.test_size)))
        object.__setattr__(self, "seed", _coerce_seed(self.seed))
        if not isinstance(self.scale, bool):
            raise SpecError(f"scale must be true or false, not {self.scale!r}.")
        if not self.scale and not kind.linear:
            raise SpecError(
                f"Feature scaling can be switched off for the linear kinds only, not {kind.label}."
            )
        if self.split not in SPLITS:
            raise SpecError(f"split must be one of {', '.join(SPLITS)}, not {self.split!r}.")

    @classmethod
    def create(
        cls,
        wine: str = DEFAULT_WINE,
        kind: str = DEFAULT_KIND,
        *,
        test_size: float = TEST_SIZE.default,
        seed: int = SEED.default,
        scale: bool = True,
        split: str = DEFAULT_SPLIT,
        **params: ParamValue,
    ) -> ModelSpec:
        """A spec from keyword hyperparameters; the ones left out take their defaults."""
        return cls(wine, kind, tuple(params.items()), test_size, seed, scale, split)

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
        if not self.scale:
            data["scale"] = False
        if self.split != DEFAULT_SPLIT:
            data["split"] = self.split
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ModelSpec:
        return cls(
            data["wine"],
            data["kind"],
            tuple(dict(data.get("hyperparameters", {})).items()),
            data.get("test_size", TEST_SIZE.default),
            data.get("seed", SEED.default),
            data.get("scale", True),
            data.get("split", DEFAULT_SPLIT),
        )

    def to_json(self) -> str:
        """Canonical JSON: equal specs give equal text, the base of a model's identity."""
        return json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))

    def describe(self) -> str:
        """One line for people: 'Ridge regression, alpha=0.5'."""
        parts = [f"{name}={setting_text(value)}" for name, value in self.params]
        if not self.scale:
            parts.append("no scaling")
        if self.split != DEFAULT_SPLIT:
            parts.append("tutorial split")
        return ", ".join([get_kind(self.kind).label, *parts])


def _coerce_seed(value: Any) -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value != int(value)
    ):
        raise SpecError(f"seed must be a whole number, not {value!r}.")
    return int(SEED.coerce(value))


def build_pipeline(spec: ModelSpec) -> Pipeline:
    """An unfitted scikit-learn pipeline for a spec: scaler (if the kind and spec want one) →
    model."""
    kind = get_kind(spec.kind)
    params = {**kind.fixed, **kind.params_for(spec.hyperparameters)}
    if "random_state" in kind.estimator().get_params():
        params["random_state"] = spec.seed
    steps = [("scale", StandardScaler())] if kind.scaled and spec.scale else []
    steps.append(("model", kind.estimator(**params)))
    return Pipeline(steps)
