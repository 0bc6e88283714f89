"""What a page shows travels in its link: Train's chart, Explore's choices, Evaluate's folds.

Behaviours checked:
- every view choice in a link comes back as it was written;
- a view choice at its default is left out of the link;
- an unknown value is dropped with a notice naming the default shown instead.
"""

from __future__ import annotations

import pytest

from core.data import WINES, load_wine
from core.features import feature_ranges
from core.links import VIEW_DEFAULTS, VIEWS, link_params, parse_link

RANGES = {wine: feature_ranges(load_wine(wine)) for wine in WINES}
CHOSEN = {"chart": "curve", "feature": "ph", "plot": "violin", "scatter_x": "density",
          "scatter_y": "sulphates", "folds": "plain"}  # fmt: skip


def test_view_choices_come_back_from_the_link() -> None:
    params = link_params(wine="red", kind="ridge", hyperparameters={}, view=CHOSEN)
    link = parse_link(params, RANGES)
    assert link.view == CHOSEN
    assert link.notices == ()


def test_view_choices_at_their_defaults_are_left_out() -> None:
    params = link_params(wine="red", kind="ridge", hyperparameters={}, view=VIEW_DEFAULTS)
    assert set(params) == {"wine", "model"}


@pytest.mark.parametrize("key", sorted(VIEWS))
def test_unknown_view_value_is_dropped_with_a_notice(key: str) -> None:
    link = parse_link({key: "<script>"}, RANGES)
    assert key not in link.view
    assert link.notices == (f"Unknown {key} '<script>' in the link; showing {VIEW_DEFAULTS[key]}.",)
