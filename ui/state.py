"""Session state and shareable links.

On a session's first run the URL's query parameters are validated by `core.links` and
copied into widget state; each page writes its state back, so any view can be shared.
"""

from __future__ import annotations

import dataclasses

import streamlit as st

from core.data import DEFAULT_WINE, WINES
from core.features import FEATURE_KEYS
from core.links import VIEW_DEFAULTS, link_params, parse_link
from core.models import DEFAULT_KIND, ModelSpec, get_kind
from ui.cache import wine_ranges

ACTIVE_MODEL = "active_model"
INITIAL_FEATURES = "initial_features"
LINK_NOTICES = "link_notices"
HISTORY = "history"
_LINK_APPLIED = "link_applied"
_FEATURES_WINE = "features_wine"
_LINK_VIEW = "link_view"
TRAIN_TAB = "train_tab"
# Train's charts: the link's name of each, and its tab's label.
TRAIN_VIEWS = {
    "fit": "Predicted vs actual",
    "residuals": "Residuals",
    "features": "What the model uses",
    "curve": "Validation curve",
}
# The widget that shows each view choice of a link (Explore's and Evaluate's).
VIEW_WIDGETS = {
    "feature": "explore_feature",
    "plot": "explore_plot",
    "scatter_x": "scatter_x",
    "scatter_y": "scatter_y",
    "folds": "rec_mode",
}
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
    st.session_state[HISTORY] = None
    st.session_state[_LINK_VIEW] = dict(link.view)
    for key, widget in VIEW_WIDGETS.items():
        st.session_state[widget] = link.view.get(key, VIEW_DEFAULTS[key])
    st.session_state[_LINK_APPLIED] = True


def train_view() -> str:
    """Train's open chart: the tab chosen on the page, else the link's, else the first."""
    label = st.session_state.get(TRAIN_TAB)
    by_label = {label: key for key, label in TRAIN_VIEWS.items()}
    if label in by_label:
        return by_label[label]
    return st.session_state.get(_LINK_VIEW, {}).get("chart", VIEW_DEFAULTS["chart"])


def view_choice(key: str) -> str:
    """A view choice's widget value, set from the link on the first run (or its default)."""
    widget = VIEW_WIDGETS[key]
    if st.session_state.get(widget) is None:
        st.session_state[widget] = VIEW_DEFAULTS[key]
    return st.session_state[widget]


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


def write_link(
    *,
    spec: ModelSpec,
    features: dict[str, float] | None = None,
    view: dict[str, str] | None = None,
) -> None:
    """Mirror a page's state (and what it shows: `core.links.VIEWS`) in the URL to share it."""
    median = median_features(spec.wine)
    params = link_params(
        wine=spec.wine,
        kind=spec.kind,
        hyperparameters=spec.hyperparameters,
        features=features,
        median=median,
        view=view,
        scale=spec.scale,
    )
    if dict(st.query_params) != params:
        st.query_params.from_dict(params)
