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
# The user's own row or curve, set apart from every method's, by the viewer's theme
# (`ui.theme.theme_type`): the curve in the theme's text colour, the row on a warm tint under
# the theme's text (the light one under white text, the dark one's #fafafa was unreadable).
OWN = {"light": "#111111", "dark": "#fafafa"}
OWN_ROW_BACKGROUND = {"light": "#fdf3d0", "dark": "#4a3c10"}
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
