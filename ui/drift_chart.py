"""Your wines against the UCI wines: one measurement's two distributions, overlaid."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from i18n import _
from ui import palette
from ui.charts import MARGIN, axis_label

UCI_COLOUR, YOURS_COLOUR = palette.REFERENCE_DATA, palette.WINE
_LEGEND_ABOVE = {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0}


def overlaid_distributions(
    key: str, yours: np.ndarray, uci: np.ndarray, *, uci_name: str, bins: int = 30
) -> go.Figure:
    """Two histograms on the same bins, each as a percentage of its own wines, so a file of
    400 wines and the 1,599 UCI reds compare shape for shape."""
    low = float(min(np.min(yours), np.min(uci)))
    high = float(max(np.max(yours), np.max(uci)))
    size = (high - low) / bins if high > low else 1.0
    shared = {"start": low, "end": high + size, "size": size}
    figure = go.Figure(
        [
            go.Histogram(
                x=uci, name=uci_name, histnorm="percent", xbins=shared,
                marker_color=UCI_COLOUR, opacity=0.6,
            ),
            go.Histogram(
                x=yours, name=_("Your wines"), histnorm="percent", xbins=shared,
                marker_color=YOURS_COLOUR, opacity=0.6,
            ),
        ]
    )  # fmt: skip
    return figure.update_layout(
        barmode="overlay",
        margin=MARGIN,
        height=320,
        xaxis_title=axis_label(key),
        yaxis_title=_("Share of the wines (%)"),
        legend=_LEGEND_ABOVE,
    )
