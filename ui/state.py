"""Session state and shareable links.

On a session's first run the URL's query parameters are validated by `core.links` and
copied into widget state; each page writes its state back, so any view can be shared.
"""

from __future__ import annotations

import dataclasses

import streamlit as st

from core.data import DEFAULT_WINE, WINES
from core.features import FEATURE_KEYS
from core.links import link_params, parse_link
from core.models import DEFAULT_KIND, ModelSpec, get_kind
from ui.cache import wine_ranges

ACTIVE_MODEL = "active_model"
INITIAL_FEATURES = "initial_features"
LINK_NOTICES = "link_notices"
HISTORY = "history"
_LINK_APPLIED = "link_applied"
_FEATURES_WINE = "features_wine"
WINE_MOVED = "wine_moved"
SCALE_KEY = "scale"


def apply_link_once() -> None:
    """Copy a shared link's validated state into the session, on the session's first run."""
    if st.session_state.get(_LINK_APPLIED):
        return
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    link = parse_link(params, {wine: wine_ranges(wine) for wine in WINES})
    wine = link.wine or DEFAULT_WINE
    active = ModelSpec.create(
        wine, link.kind or DEFAULT_KIND, scale=link.scale, **link.hyperparameters
    )
    st.session_state["wine"] = wine
    st.session_state[ACTIVE_MODEL] = active
    set_train_controls(active)
    features = median_features(wine) | link.features
    set_features(features)
    st.session_state[INITIAL_FEATURES] = features
    st.session_state[_FEATURES_WINE] = wine
    st.session_state[LINK_NOTICES] = list(link.notices)
    st.session_state[HISTORY] = []
    st.session_state[_LINK_APPLIED] = True


def link_applied() -> bool:
    """Whether this session has had its first run (which applies the URL's link)."""
    return bool(st.session_state.get(_LINK_APPLIED))


def median_features(wine: str) -> dict[str, float]:
    """The median wine of a set, as slider values."""
    return {key: bounds.median for key, bounds in wine_ranges(wine).items()}


def current_wine() -> str:
    return st.session_state.get("wine", DEFAULT_WINE)


def set_features(features: dict[str, float]) -> None:
    for key in FEATURE_KEYS:
        st.session_state[key] = features[key]


def current_features() -> dict[str, float]:
    return {key: float(st.session_state[key]) for key in FEATURE_KEYS}


def set_train_controls(spec: ModelSpec) -> None:
    """Point the Train page's widgets at a spec (kind, hyperparameters, advanced)."""
    st.session_state["kind"] = spec.kind
    for name, value in spec.params:
        st.session_state[name] = value
    st.session_state["test_size"] = spec.test_size
    st.session_state["seed"] = spec.seed
    st.session_state[SCALE_KEY] = spec.scale


def reset_hyperparameters(kind: str) -> None:
    """Give a newly chosen kind its declared defaults."""
    for hyperparameter in get_kind(kind).hyperparameters:
        st.session_state[hyperparameter.name] = hyperparameter.default


def active_spec() -> ModelSpec:
    """The model this session predicts with, on the wine chosen in the sidebar."""
    active: ModelSpec = st.session_state.get(ACTIVE_MODEL, ModelSpec())
    return dataclasses.replace(active, wine=current_wine())


def follow_wine() -> None:
    """After the wine set changed, sliders move to its median wine (its bounds differ).

    Checked on every run rather than in a widget callback, so a wine set from anywhere
    (sidebar, link, session state) is followed.
    """
    wine = current_wine()
    if st.session_state.get(_FEATURES_WINE) == wine:
        return
    medians = median_features(wine)
    set_features(medians)
    st.session_state[INITIAL_FEATURES] = medians
    st.session_state[_FEATURES_WINE] = wine
    st.session_state[WINE_MOVED] = wine


def write_link(*, spec: ModelSpec, features: dict[str, float] | None = None) -> None:
    """Mirror a page's state in the URL so it can be shared."""
    median = median_features(spec.wine)
    params = link_params(
        wine=spec.wine,
        kind=spec.kind,
        hyperparameters=spec.hyperparameters,
        features=features,
        median=median,
        scale=spec.scale,
    )
    if dict(st.query_params) != params:
        st.query_params.from_dict(params)
