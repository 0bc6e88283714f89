"""Widget groups drawn from `core`'s declarations; each returns plain values."""

from __future__ import annotations

import streamlit as st

from core.alpha_payload import panel_parameters
from core.models import (
    DEFAULT_SPLIT,
    KINDS,
    SEED,
    SPLITS,
    TEST_SIZE,
    Choice,
    Hyperparameter,
    ParamValue,
    get_kind,
)
from i18n import N_, _, general
from ui.alpha_panel import panel_values
from ui.session_keys import KIND, SPLIT
from ui.state import reset_hyperparameters
from ui.words import choice_label, hyperparameter_name, kind_description, kind_label, named


def _on_kind_change() -> None:
    reset_hyperparameters(st.session_state[KIND])


def model_kind_select() -> str:
    """The model kind, by its label; choosing one resets its hyperparameters to defaults."""
    return st.selectbox(
        _("Model"),
        options=list(KINDS),
        format_func=named(KINDS, kind_label),
        key=KIND,
        persist_state="session",
        on_change=_on_kind_change,
        help="; ".join(
            _("{model}: {description}", model=kind_label(name), description=kind_description(name))
            for name in KINDS
        ),
    )


def hyperparameter_controls(kind: str) -> dict[str, ParamValue]:
    """One control per declared hyperparameter: a log ladder or a linear slider; alpha (and
    l1_ratio) of the regularised linear kinds are moved on the alpha panel beside the results
    (`ui.alpha_panel`), so here they are only read."""
    values = panel_values(kind)
    for hyperparameter in get_kind(kind).hyperparameters:
        if hyperparameter.name in panel_parameters(kind):
            continue
        if st.session_state.get(hyperparameter.name) is None:
            st.session_state[hyperparameter.name] = hyperparameter.default
        values[hyperparameter.name] = _control(hyperparameter)
    for choice in get_kind(kind).choices:
        if st.session_state.get(choice.name) not in choice.choices:
            st.session_state[choice.name] = choice.default
        values[choice.name] = _choice_control(choice)
    return values


def _choice_control(choice: Choice) -> str:
    """A declared choice (a network's activation) by its options' readable names."""
    return st.selectbox(
        hyperparameter_name(choice),
        options=choice.choices,
        format_func=named(choice.choices, lambda value: choice_label(choice, value)),
        key=choice.name,
        persist_state="session",
        help=_(choice.help),
    )


def _control(hyperparameter: Hyperparameter) -> ParamValue:
    if hyperparameter.log:
        current = float(st.session_state[hyperparameter.name])
        return st.select_slider(
            hyperparameter_name(hyperparameter),
            options=(options := sorted({*hyperparameter.ladder(), current})),
            format_func=named(options, general),
            key=hyperparameter.name,
            persist_state="session",
            help=_("{help} (log scale)", help=_(hyperparameter.help)),
        )
    return st.slider(
        hyperparameter_name(hyperparameter),
        min_value=hyperparameter.low,
        max_value=hyperparameter.high,
        step=hyperparameter.step,
        key=hyperparameter.name,
        persist_state="session",
        help=_(hyperparameter.help),
    )


def advanced_controls() -> tuple[float, int]:
    """Test size and seed of the split, drawn from their declarations in `core.models`."""
    with st.expander(_("Advanced")):
        test_size = st.slider(
            hyperparameter_name(TEST_SIZE),
            TEST_SIZE.low,
            TEST_SIZE.high,
            step=TEST_SIZE.step,
            key=TEST_SIZE.name,
            persist_state="session",
            help=_(TEST_SIZE.help),
        )
        seed = st.number_input(
            hyperparameter_name(SEED),
            min_value=SEED.low,
            max_value=SEED.high,
            step=SEED.step,
            key=SEED.name,
            persist_state="session",
            help=_(SEED.help),
        )
    return float(test_size), int(seed)


SPLIT_LABELS = {
    "grouped": N_("Identical wines kept together"),
    "tutorial": N_("Tutorial split (train_test_split)"),
}


def split_control() -> str:
    """How the held-out wines are drawn: grouped (honest, the default) or the tutorial's."""
    if st.session_state.get(SPLIT) not in SPLITS:
        st.session_state[SPLIT] = DEFAULT_SPLIT
    split = st.radio(
        _("Held-out wines"),
        SPLITS,
        format_func=named(SPLITS, lambda name: _(SPLIT_LABELS[name])),
        key=SPLIT,
        horizontal=True,
        help=_(
            "The red and white files hold hundreds of wines measured exactly alike. The "
            "tutorial split puts one twin in training and the other in the test, so a model "
            "that memorises looks better than it is; keeping identical wines together gives "
            "the error on wines the model has not seen."
        ),
    )
    st.caption(
        _("Twins of duplicated wines land on both sides: models that memorise look better.")
        if split == "tutorial"
        else _("Every test wine is unlike any training wine, as in Evaluate's leak-free folds.")
    )
    return split
