"""Declarations that refuse to be broken: `Hyperparameter`, `ModelKind`, `check_shared_names`.

A broken declaration must fail when `core.models` loads, not later in a user's browser or in
a CLI flag. Behaviours checked:
- a well-formed hyperparameter, kind and set of kinds are accepted (so each error below comes
  from the one broken field, not from the rest of the declaration);
- a hyperparameter is refused with `SpecError` when its type is not a number, its range is
  empty or reversed, a log scale starts at or below zero, its default lies outside its range,
  or a whole-number setting has fractional bounds or default;
- a kind is refused when it is linear but unscaled (explanations assume standardised
  features), declares a hyperparameter twice, or names an estimator parameter that does not
  exist;
- a set of kinds is refused when two kinds share a hyperparameter name with a different type
  or label (they would share one CLI flag and one widget key), or two kinds share a name;
- a choice (a network's activation) is refused when it has no options, an option twice, a
  label missing, or a default that is none of its options; a kind is refused when a choice
  shares a name with a hyperparameter or names no estimator parameter.
"""

from __future__ import annotations

from typing import Any

import pytest
from sklearn.ensemble import HistGradientBoostingRegressor, RandomForestRegressor
from sklearn.linear_model import Lasso, Ridge
from sklearn.neural_network import MLPRegressor

from core.errors import SpecError
from core.models import Choice, Hyperparameter, ModelKind, check_shared_names

ALPHA: dict[str, Any] = {
    "name": "alpha",
    "label": "Regularisation strength",
    "type": float,
    "default": 1.0,
    "low": 0.01,
    "high": 100.0,
    "log": True,
    "help": "How hard the coefficients are pulled towards zero.",
}
DEPTH: dict[str, Any] = {
    "name": "max_depth",
    "label": "Tree depth",
    "type": int,
    "default": 5,
    "low": 1,
    "high": 20,
    "help": "How many questions a tree may ask.",
}


def _kind(**params: Any) -> ModelKind:
    """A valid ridge declaration with `params` changed."""
    declaration = {
        "name": "ridge",
        "label": "Ridge regression",
        "description": "Linear model with L2 regularisation.",
        "estimator": Ridge,
        "hyperparameters": (Hyperparameter(**ALPHA),),
        "linear": True,
    }
    return ModelKind(**(declaration | params))


def _forest(**depth: Any) -> ModelKind:
    return ModelKind(
        name="random_forest",
        label="Random forest",
        description="Many trees.",
        estimator=RandomForestRegressor,
        hyperparameters=(Hyperparameter(**(DEPTH | depth)),),
        scaled=False,
    )


def _boosting(**depth: Any) -> ModelKind:
    return ModelKind(
        name="hist_gradient_boosting",
        label="Gradient boosting",
        description="Trees one after another.",
        estimator=HistGradientBoostingRegressor,
        hyperparameters=(Hyperparameter(**(DEPTH | depth)),),
        scaled=False,
    )


def test_well_formed_declarations_are_accepted() -> None:
    kinds = check_shared_names((_kind(), _forest(), _boosting()))
    assert sorted(kinds) == ["hist_gradient_boosting", "random_forest", "ridge"]
    assert Hyperparameter(**ALPHA).display_name == "Regularisation strength (alpha)"


@pytest.mark.parametrize(
    ("params", "error", "match"),
    [
        ({"type": str}, SpecError, "alpha: type must be int or float"),
        ({"low": 100.0}, SpecError, r"alpha: low \(100.0\) must be below high \(100.0\)"),
        ({"low": 200.0, "default": 150.0}, SpecError, "must be below high"),
        ({"low": 0.0}, SpecError, "alpha: a log-scale range must start above 0, not 0.0"),
        ({"low": -1.0}, SpecError, "a log-scale range must start above 0, not -1.0"),
        ({"default": 1000.0}, SpecError, "alpha: default 1000.0 lies outside 0.01 to 100.0"),
        ({"default": 0.001}, SpecError, "default 0.001 lies outside"),
        ({"type": int, "log": False, "low": 0.5}, SpecError, "needs whole-number bounds"),
        ({"type": int, "log": False, "low": 1, "high": 9.5}, SpecError, "whole-number bounds"),
        ({"type": int, "log": False, "low": 1, "default": 2.5}, SpecError, "whole-number"),
    ],
    ids=[
        "not-a-number-type",
        "empty-range",
        "reversed-range",
        "log-from-zero",
        "log-from-negative",
        "default-above-range",
        "default-below-range",
        "int-with-fractional-low",
        "int-with-fractional-high",
        "int-with-fractional-default",
    ],
)
def test_broken_hyperparameter_is_refused_when_declared(
    params: dict[str, Any], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        Hyperparameter(**(ALPHA | params))


@pytest.mark.parametrize(
    ("params", "error", "match"),
    [
        ({"scaled": False}, SpecError, "ridge: a linear kind must scale its features"),
        (
            {"hyperparameters": (Hyperparameter(**ALPHA), Hyperparameter(**ALPHA))},
            SpecError,
            "ridge: a hyperparameter is declared twice",
        ),
        (
            {"hyperparameters": (Hyperparameter(**(ALPHA | {"name": "alhpa"})),)},
            SpecError,
            "ridge: Ridge has no parameter 'alhpa'",
        ),
        ({"fixed": {"n_jobs": 1}}, SpecError, "Ridge has no parameter 'n_jobs'"),
    ],
    ids=["linear-unscaled", "hyperparameter-twice", "unknown-hyperparameter", "unknown-fixed"],
)
def test_broken_model_kind_is_refused_when_declared(
    params: dict[str, Any], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        _kind(**params)


@pytest.mark.parametrize(
    ("params", "error", "match"),
    [
        (
            (_forest(), _boosting(type=float)),
            SpecError,
            r"'max_depth' is declared by two kinds with different meanings "
            r"\(Tree depth, int vs Tree depth, float\)",
        ),
        (
            (_forest(), _boosting(label="Depth of each tree")),
            SpecError,
            "'max_depth' is declared by two kinds with different meanings",
        ),
        (
            (
                _kind(),
                _kind(
                    name="lasso",
                    estimator=Lasso,
                    hyperparameters=(Hyperparameter(**(ALPHA | {"label": "Penalty"})),),
                ),
            ),
            SpecError,
            r"'alpha' is declared by two kinds with different meanings \(Regularisation",
        ),
        ((_kind(), _kind(label="Another ridge")), SpecError, "Two model kinds share a name"),
    ],
    ids=["same-name-other-type", "same-name-other-label", "alpha-other-label", "kind-twice"],
)
def test_kinds_that_clash_are_refused_together(
    params: tuple[ModelKind, ...], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        check_shared_names(params)


ACTIVATION: dict[str, Any] = {
    "name": "activation",
    "label": "Activation",
    "choices": ("relu", "tanh"),
    "choice_labels": ("ReLU", "Tanh"),
    "default": "relu",
    "help": "What each unit does with its sum.",
}


@pytest.mark.parametrize(
    ("params", "match"),
    [
        ({"choices": (), "choice_labels": ()}, "activation: the choices must be given, each once"),
        ({"choices": ("relu", "relu")}, "the choices must be given, each once"),
        ({"choice_labels": ("ReLU",)}, "activation: each choice needs one readable label"),
        ({"default": "softmax"}, "activation: default 'softmax' is not one of the choices"),
    ],
    ids=["no-choices", "choice-twice", "label-missing", "default-not-a-choice"],
)
def test_broken_choice_is_refused_when_declared(params: dict[str, Any], match: str) -> None:
    with pytest.raises(SpecError, match=match):
        Choice(**(ACTIVATION | params))


@pytest.mark.parametrize(
    ("choice", "match"),
    [
        ({"name": "alpha"}, "network: a hyperparameter is declared twice"),
        ({"name": "activaton"}, "MLPRegressor has no parameter 'activaton'"),
    ],
    ids=["choice-named-like-a-hyperparameter", "unknown-choice"],
)
def test_kind_with_a_broken_choice_is_refused(choice: dict[str, Any], match: str) -> None:
    with pytest.raises(SpecError, match=match):
        ModelKind(
            name="network",
            label="Neural network",
            description="Units in layers.",
            estimator=MLPRegressor,
            hyperparameters=(Hyperparameter(**ALPHA),),
            choices=(Choice(**(ACTIVATION | choice)),),
        )


def test_choice_coerces_its_options_and_names_them_when_refusing() -> None:
    choice = Choice(**ACTIVATION)
    assert (choice.coerce("tanh"), choice.choice_label("tanh")) == ("tanh", "Tanh")
    with pytest.raises(SpecError, match="activation must be one of relu, tanh, not 'sigmoid'"):
        choice.coerce("sigmoid")
