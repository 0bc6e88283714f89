"""Random shared links through the real app (AppTest): it renders, and says what it dropped."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from core.features import FEATURE_KEYS
from core.links import KNOWN_PARAMS
from harness.apptest import panel_data
from tests.app.conftest import open_app

keys = st.sampled_from(["wine", "model", "alpha", "l1_ratio", *FEATURE_KEYS]) | st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1, max_size=40
)
values = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=300)


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(params=st.dictionaries(keys, values, min_size=1, max_size=6))
@example(params={"scatter_y": ""})  # a known view parameter with a bad value (Hypothesis, 3.12)
def test_any_link_renders_the_page_with_valid_state(params: dict[str, str]) -> None:
    at = open_app(**params)
    assert not at.exception
    assert at.selectbox(key="wine").value in ("red", "white")
    assert 0 <= panel_data(at)["prediction"]["quality"] <= 10
    unknown = set(params) - KNOWN_PARAMS  # a known one with a bad value has its own message
    if unknown:
        assert any("Ignored unknown link parameter" in w.value for w in at.warning)
