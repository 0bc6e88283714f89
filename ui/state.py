"""Session state and shareable links.

On a session's first run the URL's query parameters are validated by `core.links` and
copied into widget state; each page writes its state back, so any view can be shared.
"""

from __future__ import annotations

import dataclasses

import streamlit as st

from core.data import DEFAULT_WINE, WINES
from core.features import FEATURE_KEYS
from core.links import TRAIN_CHARTS, VIEW_DEFAULTS, parse_link, spec_link_params
from core.models import DEFAULT_KIND, ModelSpec, get_kind
from core.store import StoredModel
from i18n import _
from ui import private_models
from ui.cache import contribution_axis, stored_model, wine_ranges
from ui.language import language_notices, link_value
from ui.session_keys import (
    ACTIVE_MODEL,
    EXPLORE_FEATURE,
    EXPLORE_PLOT,
    FEATURES_WINE,
    HISTORY,
    INITIAL_FEATURES,
    KIND,
    LINK_APPLIED,
    LINK_MODEL,
    LINK_NOTICES,
    LINK_VIEW,
    REC_MODE,
    SCALE,
    SCATTER_X,
    SCATTER_Y,
    SPLIT,
    TABLE_MEASURE,
    TRAIN_TAB,
    WINE,
    WINE_MOVED,
)
from ui.words import describe_spec

# The widget that shows each view choice of a link (Explore's and Evaluate's).
VIEW_WIDGETS = {
    "feature": EXPLORE_FEATURE,
    "plot": EXPLORE_PLOT,
    "scatter_x": SCATTER_X,
    "scatter_y": SCATTER_Y,
    "folds": REC_MODE,
    "measure": TABLE_MEASURE,
}


# Pages whose link is about a prediction: the model it names becomes the one in use, so the
# prediction opens as sent. Elsewhere (Train, Evaluate, Explore) a link's model is shown,
# and the recipient's model in use stays theirs until they choose to use the shown one.
PREDICTING_PAGES = ("", "predict")


def apply_link_once(page: str = "") -> None:
    """Copy a shared link's validated state into the session, on the session's first run."""
    if st.session_state.get(LINK_APPLIED):
        return
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    link = parse_link(params, {wine: wine_ranges(wine) for wine in WINES})
    wine = link.wine or DEFAULT_WINE
    linked = ModelSpec.create(
        wine,
        link.kind or DEFAULT_KIND,
        scale=link.scale,
        split=link.split,
        **link.holdout,
        **link.hyperparameters,
    )
    st.session_state[WINE] = wine
    set_train_controls(linked)
    if page in PREDICTING_PAGES or "model" not in params:
        st.session_state[ACTIVE_MODEL] = linked
    else:
        st.session_state.setdefault(ACTIVE_MODEL, ModelSpec(wine=wine))
        st.session_state[LINK_MODEL] = linked
    features = median_features(wine) | link.features
    set_features(features)
    st.session_state[INITIAL_FEATURES] = features
    st.session_state[FEATURES_WINE] = wine
    st.session_state[LINK_NOTICES] = list(link.notices) + language_notices(link.language)
    st.session_state.setdefault(HISTORY, None)
    st.session_state[LINK_VIEW] = dict(link.view)
    for key, widget in VIEW_WIDGETS.items():
        st.session_state[widget] = link.view.get(key, VIEW_DEFAULTS[key])
    st.session_state[LINK_APPLIED] = True


def shown_spec() -> ModelSpec:
    """The model a page shows as "your model": the one a link sent, until the recipient uses
    it or leaves it, else the model in use."""
    linked: ModelSpec | None = st.session_state.get(LINK_MODEL)
    if linked is not None and linked.wine == current_wine():
        return linked
    return active_spec()


def use_for_predictions(spec: ModelSpec) -> None:
    """Make a spec the model in use (the one button that does), in place of a private one."""
    st.session_state[ACTIVE_MODEL] = spec
    st.session_state.pop(LINK_MODEL, None)
    private_models.stop_using()


def train_chart_titles() -> dict[str, str]:
    """Train's charts by their link names, each with its tab's title in the reader's words."""
    return {key: _(title) for key, title in TRAIN_CHARTS.items()}


def train_view() -> str:
    """Train's open chart: the tab chosen on the page, else the link's, else the first."""
    label = st.session_state.get(TRAIN_TAB)
    by_label = {title: key for key, title in train_chart_titles().items()}
    if label in by_label:
        return by_label[label]
    return st.session_state.get(LINK_VIEW, {}).get("chart", VIEW_DEFAULTS["chart"])


def curve_parameter_key(kind: str) -> str:
    """The widget key of Train's validation-curve hyperparameter for a kind."""
    return f"curve_parameter_{kind}"


def linked_curve_parameter() -> str:
    """The validation curve's hyperparameter a link asked for ("" for the kind's own)."""
    return st.session_state.get(LINK_VIEW, {}).get("curve", "")


def train_link_view(kind: str) -> dict[str, str]:
    """Train's view choices for its link: the open chart and the curve's hyperparameter."""
    view = {"chart": train_view()}
    parameter = st.session_state.get(curve_parameter_key(kind)) or linked_curve_parameter()
    if view["chart"] == "curve" and parameter:
        view["curve"] = parameter
    return view


def view_choice(key: str) -> str:
    """A view choice's widget value, set from the link on the first run (or its default)."""
    widget = VIEW_WIDGETS[key]
    if st.session_state.get(widget) is None:
        st.session_state[widget] = VIEW_DEFAULTS[key]
    return st.session_state[widget]


def link_applied() -> bool:
    """Whether this session has had its first run (which applies the URL's link)."""
    return bool(st.session_state.get(LINK_APPLIED))


def median_features(wine: str) -> dict[str, float]:
    """The median wine of a set, as slider values."""
    return {key: bounds.median for key, bounds in wine_ranges(wine).items()}


def current_wine() -> str:
    return st.session_state.get(WINE, DEFAULT_WINE)


def set_features(features: dict[str, float]) -> None:
    for key in FEATURE_KEYS:
        st.session_state[key] = features[key]


def current_features() -> dict[str, float]:
    return {key: float(st.session_state[key]) for key in FEATURE_KEYS}


def set_train_controls(spec: ModelSpec) -> None:
    """Point the Train page's widgets at a spec (kind, hyperparameters, advanced)."""
    st.session_state[KIND] = spec.kind
    for name, value in spec.params:
        st.session_state[name] = value
    st.session_state["test_size"] = spec.test_size
    st.session_state["seed"] = spec.seed
    st.session_state[SCALE] = spec.scale
    st.session_state[SPLIT] = spec.split


def reset_hyperparameters(kind: str) -> None:
    """Give a newly chosen kind its declared defaults."""
    for setting in get_kind(kind).settings:
        st.session_state[setting.name] = setting.default


def active_spec() -> ModelSpec:
    """The model this session predicts with, on the wine chosen in the sidebar."""
    active: ModelSpec = st.session_state.get(ACTIVE_MODEL, ModelSpec())
    return dataclasses.replace(active, wine=current_wine())


def active_model() -> StoredModel:
    """The model this session predicts with: its own private model (trained on its uploaded
    wines) when one is in use for the sidebar's wine, else the shared model of `active_spec()`.

    The private one is found in this session's state only (`ui.private_models`), so no other
    session, spec or link can reach it; `active_spec()` stays the shared model's spec (what a
    link carries).
    """
    private = private_models.in_use(current_wine())
    return private.stored if private is not None else stored_model(active_spec())


def active_description() -> str:
    """The model in use, in words: a private one says it was trained on this session's wines."""
    private = private_models.in_use(current_wine())
    if private is None:
        return describe_spec(active_spec())
    return _("{model}, trained on your wines", model=describe_spec(private.stored.result.spec))


def active_axis() -> float:
    """Predict's contribution axis for the model in use (private models measured privately)."""
    private = private_models.in_use(current_wine())
    if private is not None:
        return private_models.axis_of(private)
    return contribution_axis(active_spec())


def follow_wine() -> None:
    """After the wine set changed, sliders move to its median wine (its bounds differ).

    Checked on every run rather than in a widget callback, so a wine set from anywhere
    (sidebar, link, session state) is followed.
    """
    wine = current_wine()
    if st.session_state.get(FEATURES_WINE) == wine:
        return
    medians = median_features(wine)
    set_features(medians)
    st.session_state[INITIAL_FEATURES] = medians
    st.session_state[FEATURES_WINE] = wine
    st.session_state[WINE_MOVED] = wine


def write_link(
    *,
    spec: ModelSpec,
    features: dict[str, float] | None = None,
    view: dict[str, str] | None = None,
) -> None:
    """Mirror a page's state (and what it shows: `core.links.VIEWS`) in the URL to share it."""
    median = median_features(spec.wine)
    params = spec_link_params(
        spec, features=features, median=median, view=view, language=link_value()
    )
    if dict(st.query_params) != params:
        st.query_params.from_dict(params)
