"""The app's colours, each with one meaning on every page: charts, the slider panel and the
theme read them here (`.streamlit/config.toml` repeats WINE as the theme's primary colour; a
test holds the two together).
"""

from __future__ import annotations

# The app's own colour (the theme's primary colour): the data's marks, the test error.
WINE = "#8e1b3a"
# A second series beside WINE: the cross-validated error, the other point of a pair.
SECOND = "#1b5e8e"
# What a measurement does to the predicted quality, on Train and on Predict alike.
ADDS = "#1a7f5a"  # raises it (a positive coefficient or contribution)
TAKES_AWAY = "#c2410c"  # lowers it
# A neutral bar whose sign says nothing about quality (permutation importance).
NEUTRAL = "#5c6b7a"
# The UCI wines drawn behind a visitor's own (whose marks are WINE).
REFERENCE_DATA = "#9e9e9e"
# Always predicting the mean: the baseline every model must beat.
BASELINE = "#757575"
# Body text on a white page (the downloadable report).
TEXT = "#212121"
# Reference lines drawn over the data (the perfect-prediction diagonal).
GUIDE_LINE = "#444444"
# The user's own row or curve, set apart from every method's.
OWN = "#111111"
OWN_ROW_BACKGROUND = "#fdf3d0"
# One colour per feature on the regularisation path, kept whatever alpha is shown.
FEATURE_SERIES = (
    WINE, SECOND, "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f",
    "#c62828", "#5d4037", "#9e9d24", "#ad1457", "#37474f",
)  # fmt: skip
# One colour per method on the REC chart, whatever else is shown.
METHOD_SERIES = (
    "#7b1fa2", "#00838f", "#9e9d24", SECOND, "#2e7d32", "#ef6c00", "#c62828",
)  # fmt: skip
# The paper's points: diamonds in white and grey, so no curve's colour is mistaken for them.
PAPER_POINTS = ("#ffffff", "#9e9e9e")


def sign_colour(value: float) -> str:
    """ADDS for a part that raises the predicted quality, TAKES_AWAY for one that lowers it."""
    return ADDS if value >= 0 else TAKES_AWAY


def panel_colours() -> dict[str, str]:
    """The slider panel's CSS variables, sent in its payload."""
    return {"--up": ADDS, "--down": TAKES_AWAY, "--wine": WINE}


# Where the viewer's theme is dark (`ui.theme`), the tone that stands for each colour above
# that is under 3:1 on the dark background (WCAG 2.2's contrast for graphics), or, for the own
# row's background, that lies under the dark theme's light text.
ON_DARK = {
    WINE: "#e05a88",
    SECOND: "#6fb3e8",
    GUIDE_LINE: "#bbbbbb",
    OWN: "#fafafa",
    OWN_ROW_BACKGROUND: "#4a3c10",
    "#6a1b9a": "#ba68c8",
    "#5d4037": "#a1887f",
    "#ad1457": "#f48fb1",
    "#37474f": "#90a4ae",
    "#7b1fa2": "#ce93d8",
}


def on_theme(colour: str, theme: str) -> str:
    """`colour` as drawn on the viewer's `theme` ("light" or "dark")."""
    return ON_DARK.get(colour, colour) if theme == "dark" else colour
