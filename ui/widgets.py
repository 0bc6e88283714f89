"""Widget groups drawn from `core`'s declarations; each returns plain values."""

from __future__ import annotations

import streamlit as st

from core.models import KINDS, SEED, TEST_SIZE, Hyperparameter, ParamValue, get_kind
from ui.session_keys import KIND
from ui.state import reset_hyperparameters


def _on_kind_change() -> None:
    reset_hyperparameters(st.session_state[KIND])


def model_kind_select() -> str:
    """The model kind, by its label; choosing one resets its hyperparameters to defaults."""
    return st.selectbox(
        "Model",
        options=list(KINDS),
        format_func=lambda name: KINDS[name].label,
        key=KIND,
        persist_state="session",
        on_change=_on_kind_change,
        help="; ".join(f"{kind.label}: {kind.description}" for kind in KINDS.values()),
    )


def hyperparameter_controls(kind: str) -> dict[str, ParamValue]:
    """One control per declared hyperparameter: a log ladder or a linear slider."""
    values = {}
    for hyperparameter in get_kind(kind).hyperparameters:
        if st.session_state.get(hyperparameter.name) is None:
            st.session_state[hyperparameter.name] = hyperparameter.default
        values[hyperparameter.name] = _control(hyperparameter)
    return values


def _control(hyperparameter: Hyperparameter) -> ParamValue:
    if hyperparameter.log:
        current = float(st.session_state[hyperparameter.name])
        return st.select_slider(
            hyperparameter.display_name,
            options=sorted({*hyperparameter.ladder(), current}),
            format_func=lambda value: f"{value:g}",
            key=hyperparameter.name,
            persist_state="session",
            help=f"{hyperparameter.help} (log scale)",
        )
    return st.slider(
        hyperparameter.display_name,
        min_value=hyperparameter.low,
        max_value=hyperparameter.high,
        step=hyperparameter.step,
        key=hyperparameter.name,
        persist_state="session",
        help=hyperparameter.help,
    )


def advanced_controls() -> tuple[float, int]:
    """Test size and seed of the split, drawn from their declarations in `core.models`."""
    with st.expander("Advanced"):
        test_size = st.slider(
            TEST_SIZE.display_name,
            TEST_SIZE.low,
            TEST_SIZE.high,
            step=TEST_SIZE.step,
            key=TEST_SIZE.name,
            persist_state="session",
            help=TEST_SIZE.help,
        )
        seed = st.number_input(
            SEED.display_name,
            min_value=SEED.low,
            max_value=SEED.high,
            step=SEED.step,
            key=SEED.name,
            persist_state="session",
            help=SEED.help,
        )
    return float(test_size), int(seed)
