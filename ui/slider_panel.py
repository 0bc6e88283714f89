"""The Predict page's slider panel: a browser component drawn from `core.slider_payload`'s payload.

Its HTML, CSS and JavaScript are the files in `ui/components/slider_panel/` (after the
panels' shared ones, `ui/components/shared/`). The sliders'
values live in session state under the feature keys (as the presets, the link and the other
pages expect); the component shows them and, on release, sends new ones back, which
`_receive` clamps into those keys before the fragment reruns.
"""

from __future__ import annotations

from typing import Any

from core.slider_payload import clamped_values
from i18n import _
from ui.cache import wine_ranges
from ui.component_files import mount_panel, sent
from ui.session_keys import SLIDER_PANEL
from ui.state import current_features, current_wine, set_features


def sent_values() -> dict[str, Any] | None:
    """The values the browser last sent, as it sent them (None before the first move)."""
    values = (sent(SLIDER_PANEL) or {}).get("values")
    return values if isinstance(values, dict) else None


def _receive() -> None:
    """The browser released a slider: its values, clamped, become the session's."""
    values = sent_values()
    if values is not None:
        ranges = wine_ranges(current_wine())
        set_features(clamped_values(values, ranges, current_features()))


def panel_texts() -> dict[str, str]:
    """The panel's own words (its HTML and JavaScript show these, never their own)."""
    return {
        "result": _("Prediction"),
        "predicted_quality": _("Predicted quality"),
        "measurements": _("The wine's measurements"),
        "keys_help": _(
            "Drag a slider, or focus it and press ← → (one step), PageUp / PageDown (ten "
            "steps), Home / End (the ends of the range)."
        ),
        "bars": _("What each measurement adds"),
        "average_wine": _("Average wine"),
        "this_wine": _("This wine"),
        "release": _("release to predict"),
        "computing": _("computing…"),
        "interval_updating": _("interval updating…"),
        # The panel puts the number it shows in place of {quality}.
        "announce": _("Predicted quality {quality}", quality="{quality}"),
    }


def slider_panel(payload: dict[str, Any]) -> None:
    """Mount the panel with a payload from `core.slider_payload.panel_payload`, its words in
    the reader's language (`ui.component_files.mount_panel`)."""
    data = payload | {
        "texts": payload.get("texts", {}) | panel_texts(),
    }
    mount_panel("slider_panel", key=SLIDER_PANEL, data=data, on_sent_change=_receive)
