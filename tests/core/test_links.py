"""A shared link names the very model on screen: every setting written exactly and read back.

Behaviours checked:
- every kind's hyperparameters come back from a link exactly as they were, however many
  digits they have (no rounding to six significant digits);
- the API query a link's parameters make names the same model, to the last digit;
- a fraction for a whole-number setting is said to need a whole number, not to be out of range;
- the split (held-out share and seed) is written into a link and read back, and left out
  when it is the default;
- the API query takes the split too, so it names the same model as the page;
- a choice (a network's activation) travels by its name; one that is none of the choices gets
  a notice naming them and leaves every other setting of the link as it was; the API query
  refuses it, naming the choices.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.data import WINES, load_wine
from core.errors import SpecError
from core.features import feature_ranges
from core.links import exact_text, link_params, parse_link, spec_from_query, spec_link_params
from core.models import KINDS, SEED, TEST_SIZE, ModelSpec

RANGES = {wine: feature_ranges(load_wine(wine)) for wine in WINES}
TREES_HIGH = int(KINDS["random_forest"].hyperparameter("n_estimators").high)


def _values_of(hyperparameter) -> st.SearchStrategy:
    if hyperparameter.type is int:
        return st.integers(int(hyperparameter.low), int(hyperparameter.high))
    return st.floats(hyperparameter.low, hyperparameter.high)


@st.composite
def specs(draw) -> ModelSpec:
    kind = draw(st.sampled_from(sorted(KINDS)))
    params = {h.name: draw(_values_of(h)) for h in KINDS[kind].hyperparameters}
    params |= {c.name: draw(st.sampled_from(c.choices)) for c in KINDS[kind].choices}
    return ModelSpec.create(
        draw(st.sampled_from(WINES)),
        kind,
        test_size=draw(_values_of(TEST_SIZE)),
        seed=draw(_values_of(SEED)),
        **params,
    )


@settings(max_examples=60, deadline=None)
@given(spec=specs())
def test_every_setting_comes_back_from_the_link_exactly(spec: ModelSpec) -> None:
    """Check that link → parse → spec gives an equal spec, with no notice."""
    link = parse_link(spec_link_params(spec), RANGES)
    assert link.notices == ()
    again = ModelSpec.create(
        link.wine, link.kind, scale=link.scale, **link.holdout, **link.hyperparameters
    )
    assert again == spec


@settings(max_examples=60, deadline=None)
@given(spec=specs())
def test_the_api_query_names_the_same_model_as_the_link(spec: ModelSpec) -> None:
    assert spec_from_query(spec_link_params(spec)) == spec


def test_seven_digit_alpha_is_written_as_it_is() -> None:
    params = link_params(wine="red", kind="ridge", hyperparameters={"alpha": 0.1234567})
    assert params["alpha"] == "0.1234567"
    assert float(params["alpha"]) == 0.1234567


@pytest.mark.parametrize(
    ("value", "text"),
    [(100, "100"), (100.0, "100"), (0.5, "0.5"), (1 / 3, "0.3333333333333333"),
     (2**32 - 1, "4294967295"), (1e-4, "0.0001")],
)  # fmt: skip
def test_exact_text_reads_back_as_the_same_number(value: float, text: str) -> None:
    assert exact_text(value) == text
    assert float(exact_text(value)) == value


@pytest.mark.parametrize(
    ("query", "notice", "value"),
    [
        ({"model": "random_forest", "n_estimators": "100.5"},
         "n_estimators must be a whole number, not 100.5; set to 100.", 100),
        ({"model": "random_forest", "n_estimators": "1e9"},
         f"n_estimators = 1e9 is out of range; set to {TREES_HIGH}.", TREES_HIGH),
        ({"model": "random_forest", "n_estimators": "abc"},
         "n_estimators in the link is not a number; using the default.", None),
        ({"seed": "3.5"}, "seed must be a whole number, not 3.5; set to 4.", 4),
        ({"test_size": "0.9"}, "test_size = 0.9 is out of range; set to 0.5.", 0.5),
    ],
)  # fmt: skip
def test_a_setting_out_of_its_domain_gets_the_notice_that_says_why(
    query: dict[str, str], notice: str, value: float | None
) -> None:
    link = parse_link(query, RANGES)
    assert link.notices == (notice,)
    (name,) = set(query) - {"model"}
    assert {**link.hyperparameters, **link.holdout}.get(name) == value


def test_the_split_travels_in_the_link_and_is_left_out_at_its_default() -> None:
    spec = ModelSpec.create("white", "ridge", test_size=0.3, seed=7)
    params = spec_link_params(spec)
    assert (params["test_size"], params["seed"]) == ("0.3", "7")
    assert parse_link(params, RANGES).holdout == {"test_size": 0.3, "seed": 7}
    assert not {"test_size", "seed"} & set(spec_link_params(ModelSpec()))


def test_a_choice_travels_in_the_link_by_its_name() -> None:
    """Check that `activation=tanh` is written as it is and read back as tanh."""
    spec = ModelSpec.create("red", "mlp", activation="tanh", units=8)
    params = spec_link_params(spec)
    assert params["activation"] == "tanh"
    link = parse_link(params, RANGES)
    assert (link.notices, link.hyperparameters["activation"]) == ((), "tanh")


def test_an_unknown_choice_is_said_and_the_rest_of_the_link_is_kept() -> None:
    """Check that a bad activation names the choices, falls back to the default, and the
    link's other settings (model, units, wine) survive."""
    link = parse_link(
        {"wine": "white", "model": "mlp", "activation": "softmax", "units": "16"}, RANGES
    )
    assert link.notices == (
        "activation = 'softmax' is not one of relu, tanh, logistic, identity; "
        "using the default, relu.",
    )
    assert (link.wine, link.kind, link.hyperparameters) == ("white", "mlp", {"units": 16})


def test_the_api_query_refuses_an_unknown_choice_naming_the_choices() -> None:
    with pytest.raises(SpecError, match="activation must be one of relu, tanh, logistic"):
        spec_from_query({"model": "mlp", "activation": "softmax"})
