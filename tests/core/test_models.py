"""Model kinds and specifications.

Behaviours checked:
- the default spec is the classic tutorial's Ridge(alpha=0.5), test_size 0.2, seed 0;
- equal specs are equal and hash equal whatever the number type they were given in;
- every kind builds a pipeline whose model carries the spec's hyperparameters;
- bad specs raise `SpecError` with a message naming what is wrong.
"""

from __future__ import annotations

import pytest
from sklearn.linear_model import Ridge
from sklearn.preprocessing import StandardScaler

from core.errors import SpecError
from core.models import KINDS, ModelSpec, build_pipeline, get_kind

REQUIRED_KINDS = {
    "ridge",
    "lasso",
    "elasticnet",
    "linear",
    "random_forest",
    "hist_gradient_boosting",
}


def test_default_spec_is_the_classic_tutorial_setup() -> None:
    spec = ModelSpec()
    assert (spec.wine, spec.kind, spec.test_size, spec.seed) == ("red", "ridge", 0.2, 0)
    assert spec.hyperparameters == {"alpha": 0.5}
    pipeline = build_pipeline(spec)
    assert isinstance(pipeline.named_steps["scale"], StandardScaler)
    assert isinstance(pipeline.named_steps["model"], Ridge)
    assert pipeline.named_steps["model"].alpha == 0.5


def test_ridge_alpha_is_declared_on_a_log_scale_from_1e_3_to_1e5() -> None:
    """Check the declaration the Train page draws its alpha control from."""
    alpha = get_kind("ridge").hyperparameter("alpha")
    assert (alpha.default, alpha.low, alpha.high, alpha.log) == (0.5, 1e-3, 1e5, True)


def test_equal_specs_are_equal_and_hash_equal() -> None:
    assert ModelSpec.create(alpha=1) == ModelSpec.create(alpha=1.0)
    assert hash(ModelSpec.create(alpha=1)) == hash(ModelSpec.create(alpha=1.0))
    assert ModelSpec.create(alpha=1) != ModelSpec.create(alpha=2)


def test_spec_round_trips_through_dict() -> None:
    spec = ModelSpec.create("white", "elasticnet", seed=3, alpha=0.1, l1_ratio=0.2)
    assert ModelSpec.from_dict(spec.to_dict()) == spec


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_builds_with_its_declared_defaults(kind: str) -> None:
    spec = ModelSpec(kind=kind)
    model = build_pipeline(spec).named_steps["model"]
    for name, value in KINDS[kind].params_for(spec.hyperparameters).items():
        assert model.get_params()[name] == value
    assert set(KINDS) >= REQUIRED_KINDS


@pytest.mark.parametrize(
    ("arguments", "match"),
    [
        ({"wine": "rose"}, "Unknown wine set 'rose'"),
        ({"kind": "xgboost"}, "Unknown model kind 'xgboost'"),
        ({"params": (("alpha", -1.0),)}, "alpha must lie between 0.001 and 100000"),
        ({"params": (("alpha", "big"),)}, "alpha must be a number"),
        ({"params": (("alpha", float("nan")),)}, "alpha must lie between"),
        ({"params": (("gamma", 1.0),)}, "has no hyperparameter 'gamma'"),
        ({"kind": "random_forest", "params": (("n_estimators", 10.5),)}, "whole number"),
        ({"test_size": 0.9}, "test_size must lie between 0.05 and 0.5"),
        ({"seed": -1}, "seed must lie between"),
        ({"seed": "x"}, "seed must be a whole number"),
        ({"seed": float("nan")}, "seed must be a whole number"),
        ({"seed": float("inf")}, "seed must be a whole number"),
        ({"seed": float("-inf")}, "seed must be a whole number"),
        (
            {"kind": "mlp", "params": (("activation", "softmax"),)},
            "activation must be one of relu, tanh, logistic, identity, not 'softmax'",
        ),
        ({"kind": "mlp", "params": (("activation", 1),)}, "activation must be one of"),
        ({"params": (("activation", "tanh"),)}, "has no hyperparameter 'activation'"),
    ],
)
def test_spec_rejects_bad_values(arguments: dict, match: str) -> None:
    with pytest.raises(SpecError, match=match):
        ModelSpec(**arguments)


def test_clamp_brings_url_values_into_range() -> None:
    alpha = get_kind("ridge").hyperparameter("alpha")
    assert alpha.clamp(1e9) == 1e5
    assert get_kind("random_forest").hyperparameter("n_estimators").clamp(3.7) == 10
