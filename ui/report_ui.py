""" "Download the report": one HTML file in plain words, for Train (the model) and Predict (this
wine and its model).

The file is made when the button is clicked (a callable, as for the model downloads), in the
language the page was drawn in: the click is served outside the script run, where the
page's language is not set, so the language is taken along as an argument.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

import streamlit as st

import i18n
from core.counterfactual import SmallestChange, default_target, smallest_change
from core.models import ModelSpec, get_kind
from core.report import model_report, own_model_report, report_importances, wine_report
from core.scoring import predict_one
from core.store import StoredModel
from i18n import N_, _
from ui import private_models
from ui.cache import importances, stored_model, wine_frame, wine_neighbours, wine_ranges
from ui.private_models import PrivateModel
from ui.report import render_model_report, render_wine_report
from ui.wine_tools import SEARCHED as BETTER_SEARCHED
from ui.wine_tools import TARGET as BETTER_TARGET

_HELP = N_(
    "One page to keep or send: what the model predicts, how often it is right, what drives "
    "quality and its limits, in plain words. Opens in any browser, also offline, and prints "
    "to A4."
)


def app_address() -> str | None:
    """The app's address as the visitor reached it (scheme and host), for the report's link."""
    url = st.context.url
    if not url:
        return None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/" if parts.scheme and parts.netloc else None


def _importances(spec: ModelSpec):
    """The permutation importances the Train page keeps per model (None for linear kinds,
    which are explained by their coefficients)."""
    return None if stored_model(spec).result.linear_weights is not None else importances(spec)


@st.cache_data(show_spinner=False, max_entries=16)
def model_report_html(spec: ModelSpec, language: str, app_url: str | None) -> str:
    """The model report of a spec in a language (kept: the same click twice costs nothing)."""
    with i18n.language(language):
        report = model_report(
            stored_model(spec), wine_frame(spec.wine), importances=_importances(spec)
        )
        return render_model_report(report, app_url=app_url)


@st.cache_data(show_spinner=False, max_entries=16)
def wine_report_html(
    spec: ModelSpec,
    features: tuple[tuple[str, float], ...],
    language: str,
    app_url: str | None,
    better: SmallestChange | None = None,
) -> str:
    """The report of one wine and its model, in a language, with the "what would make it
    better" answer when the page has it."""
    with i18n.language(language):
        report = wine_report(
            stored_model(spec),
            wine_frame(spec.wine),
            dict(features),
            neighbours=wine_neighbours(spec.wine),
            importances=_importances(spec),
            better=better,
        )
        return render_wine_report(report, app_url=app_url)


def own_model_report_html(private: PrivateModel, language: str, app_url: str | None) -> str:
    """The report of this session's own model, measured on the winery's held-out wines.

    Never cached: `st.cache_data` is shared by every session, and this model is private.
    """
    with i18n.language(language):
        return render_model_report(_own_model_facts(private), app_url=app_url)


def _own_model_facts(private: PrivateModel):
    """`core.report.own_model_report` of a private model (its importances measured once)."""
    stored = private.stored
    result = stored.result
    if private.importances is None and result.linear_weights is None:
        private.importances = report_importances(result)  # once per model, like Train's
    uci = wine_frame(result.spec.wine) if private.comparison.source == "both" else None
    return own_model_report(
        stored, private.comparison, private.wines.frame, uci, importances=private.importances
    )


def own_wine_report_html(
    private: PrivateModel,
    features: tuple[tuple[str, float], ...],
    language: str,
    app_url: str | None,
    better: SmallestChange | None = None,
) -> str:
    """The report of one wine scored by this session's own model, and that model's report.

    Never cached: `st.cache_data` is shared by every session, and this model is private.
    """
    stored = private.stored
    wine = stored.result.spec.wine
    with i18n.language(language):
        model = _own_model_facts(private)
        report = wine_report(
            stored,
            wine_frame(wine),
            dict(features),
            neighbours=wine_neighbours(wine),
            better=better,
            model=model,
        )
        return render_wine_report(report, app_url=app_url)


def computed_better(stored: StoredModel, features: dict[str, float]) -> SmallestChange | None:
    """The page's "what would make it better" answer for this wine and the model in use: exact
    and quick for the linear kinds; for the others only if this session searched it with this
    very model (a search takes seconds)."""
    result = stored.result
    wine = result.spec.wine
    target = st.session_state.get(BETTER_TARGET)
    if get_kind(result.spec.kind).linear:
        quality = predict_one(result, features).quality
        grade = target if target is not None else default_target(quality)
        if grade <= round(quality):  # already at the top of the scale: nothing to ask
            return None
        return smallest_change(
            result,
            features,
            grade,
            ranges=wine_ranges(wine),
            neighbours=wine_neighbours(wine),
        )
    kept = st.session_state.get(BETTER_SEARCHED)
    if kept is None or kept[0] != (stored.model_id, tuple(sorted(features.items())), target):
        return None
    return kept[1]


def model_report_button(spec: ModelSpec, model_id: str) -> None:
    """The Train page's button: the report of the model on screen."""
    language, address = i18n.current_language(), app_address()
    _report_button(
        _("Download the report"),
        lambda: model_report_html(spec, language, address),
        f"wine-{spec.wine}-{spec.kind}-{model_id}-report.html",
        key="download_report",
    )


def own_model_report_button(private: PrivateModel) -> None:
    """Train's button beside the comparison: the report of the model trained on the
    winery's wines, for the board (the shared model's is the one at the top of Train)."""
    language, address = i18n.current_language(), app_address()
    spec = private.stored.result.spec
    _report_button(
        _("Download the report on this model"),
        lambda: own_model_report_html(private, language, address),
        f"wine-{spec.wine}-{spec.kind}-own-model-report.html",
        key="download_own_report",
    )


def _report_button(label: str, data: Callable[[], str], file_name: str, *, key: str) -> None:
    """A model report's download: made only when pressed (the report takes a second)."""
    st.download_button(
        label,
        data=data,
        file_name=file_name,
        mime="text/html",
        key=key,
        icon=":material/description:",
        help=_(_HELP),
    )


def wine_report_button(spec: ModelSpec, features: dict[str, float]) -> None:
    """The Predict page's button: this wine, scored by the model in use, and that model: the
    session's own model when one is in use (the one whose numbers the page shows)."""
    language, address = i18n.current_language(), app_address()
    values = tuple(sorted(features.items()))
    private = private_models.in_use(spec.wine)
    stored = private.stored if private is not None else stored_model(spec)
    better = computed_better(stored, features)
    if private is None:
        data = lambda: wine_report_html(spec, values, language, address, better)  # noqa: E731
        name = f"wine-{spec.wine}-{spec.kind}-prediction-report.html"
    else:
        data = lambda: own_wine_report_html(private, values, language, address, better)  # noqa: E731
        name = f"wine-{spec.wine}-{stored.result.spec.kind}-own-model-prediction-report.html"
    # Said under the button, not in a tooltip: a phone has no hover to find it.
    st.download_button(
        _("Download the report on this wine"),
        data=data,
        file_name=name,
        mime="text/html",
        key="download_wine_report",
        icon=":material/description:",
    )
    st.caption(
        _(
            "This wine's prediction, its range and likely grades, what each measurement adds "
            "and the most similar real wines, then the model's report, in one file that opens "
            "in any browser and prints to A4."
        )
    )
