"""The Train page's alpha panel: a browser component drawn from `core.alpha_payload`'s payload.

Its HTML, CSS and JavaScript are the files in `ui/components/alpha_panel/` (after the
panels' shared ones, `ui/components/shared/`). The panel's
settings (alpha, and l1_ratio for elastic net) live in session state under the
hyperparameters' names, as the link, the presets and the model kind select expect; the
component shows them and, on release, sends new ones back, which `_receive` clamps into those
keys before the page reruns and `core` trains the model they name.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from core.alpha_payload import alpha_payload, panel_parameters, received_params
from core.features import FEATURES
from core.models import Hyperparameter, ModelSpec, ParamValue, get_kind
from core.scoring import predict_one
from core.store import StoredModel
from i18n import _
from ui.cache import alpha_factors
from ui.charts import ERROR_COLOURS, FEATURE_COLOURS
from ui.component_files import mount_panel, sent
from ui.palette import on_theme
from ui.session_keys import ALPHA_PANEL, KIND
from ui.state import current_features
from ui.theme import theme_type
from ui.words import gap_sentences


def panel_values(kind: str) -> dict[str, ParamValue]:
    """The panel's settings of a kind as the session holds them (declared defaults first,
    a value from a link clamped into range): what the spec is built from, with no widget."""
    values = {}
    for name in panel_parameters(kind):
        hyperparameter = get_kind(kind).hyperparameter(name)
        held = st.session_state.get(name)
        if not isinstance(held, int | float) or isinstance(held, bool):
            held = hyperparameter.default
        values[name] = hyperparameter.clamp(float(held))
        st.session_state[name] = values[name]
    return values


def _receive() -> None:
    """The browser released the control: its values, clamped, become the session's."""
    values = sent(ALPHA_PANEL)
    kind = st.session_state.get(KIND)
    if values is None or kind is None or not panel_parameters(kind):
        return
    for name, value in received_params(values, kind, panel_values(kind)).items():
        st.session_state[name] = value


def _setting_words(hyperparameter: Hyperparameter) -> dict[str, str]:
    return {
        "label": _("{label} ({name})", label=_(hyperparameter.label), name=hyperparameter.name),
        "help": _(hyperparameter.help),
    }


def _labels() -> dict[str, Any]:
    """Every text the panel shows, in the reader's language ({named} values filled there)."""
    return {
        "keys_help": _(
            "Drag the slider, or focus it and press ← → (one step along the log scale), "
            "PageUp / PageDown (ten steps), Home / End (the ends of the range)."
        ),
        "rmse": _("Test RMSE"),
        "mae": _("Test MAE"),
        "r2": _("Test R²"),
        "train": _("Training RMSE"),
        "train_help": _(
            "The same error on the wines the model was fitted on. Far below the test RMSE, "
            "the model has memorised its training wines rather than learned what they share."
        ),
        # {train} and {test} are filled in the browser.
        "gaps": gap_sentences(train="{train}", test="{test}"),
        "vs_baseline": _("{delta} vs baseline"),
        # {folds}, {mean} and {spread} are filled in the browser.
        "cv": _("{folds}-fold CV RMSE on the training part: {mean} ± {spread}"),
        "wine": _("Your wine on Predict"),
        "wine_note": _("predicted quality (0–10)"),
        "wine_help": _(
            "The predicted quality (0–10) of the wine set on the Predict page's sliders, by "
            "this model."
        ),
        "status_preview": _("Refitted in your browser; release to train it with scikit-learn."),
        "status_waiting": _("Training with scikit-learn…"),
        "status_python": _("scikit-learn's numbers for this setting (stored, in the run history)."),
        "announce": _("Test RMSE {rmse}"),
        "path_title": _("Each feature's standardised coefficient: larger alpha shrinks them to 0."),
        "error_title": _("Error against alpha: the dots are this model's test and CV RMSE."),
        "x_axis": _("Regularisation strength (alpha), log scale"),
        "coefficient_axis": _("Coefficient (per SD)"),
        "rmse_axis": _("RMSE (quality points)"),
        "test_line": _("Test"),
        "cv_line": _("Cross-validated"),
        "baseline_line": _("Always the mean"),
        "bars_title": _("Standardised coefficients at this alpha"),
        "features": [_(feature.label) for feature in FEATURES],
    }


def alpha_panel(spec: ModelSpec, stored: StoredModel) -> None:
    """Mount the panel for a trained spec of a kind with alpha (`panel_parameters`)."""
    result = stored.result
    features = current_features()
    payload = alpha_payload(
        alpha_factors(spec), result, features, predict_one(result, features).quality
    )
    kind = get_kind(spec.kind)
    for setting in payload["settings"]:
        setting |= _setting_words(kind.hyperparameter(setting["name"]))
    theme = theme_type()  # its charts are its own SVG: the palette's tones for this theme
    payload |= {
        "labels": _labels(),
        "feature_colours": [on_theme(colour, theme) for colour in FEATURE_COLOURS],
        "error_colours": {line: on_theme(colour, theme) for line, colour in ERROR_COLOURS.items()},
    }
    mount_panel("alpha_panel", key=ALPHA_PANEL, data=payload, on_sent_change=_receive)
