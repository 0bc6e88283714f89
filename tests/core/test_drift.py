"""How uploaded wines differ from the UCI wines of their colour.

Behaviours checked:
- every measurement's KS statistic and p-value are SciPy's `ks_2samp` on the same columns;
- the sentence's share is the share of UCI wines below your median wine, counted by hand;
- on the fixture (alcohol +1) alcohol is the biggest difference, said as "more alcohol";
- the KS statistic is said in words by its declared bands, and a wine set compared with itself
  has no notable difference.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import ks_2samp

from core.drift import KS_WORDS, MORE, NOTABLE, FeatureDrift, biggest, compare
from core.features import FEATURE_KEYS
from core.labelled_upload import read_labelled
from tests.conftest import FIXTURES

OWN = FIXTURES / "own_red_alcohol_plus_one.csv"


@pytest.fixture(scope="module")
def own() -> pd.DataFrame:
    return read_labelled(OWN.read_bytes(), OWN.name).frame


def test_ks_statistics_equal_scipys(own: pd.DataFrame, red: pd.DataFrame) -> None:
    """Check that each measurement's statistic and p-value are `scipy.stats.ks_2samp`'s."""
    drifts = {drift.key: drift for drift in compare(own, red)}
    assert set(drifts) == set(FEATURE_KEYS)
    for key in FEATURE_KEYS:
        expected = ks_2samp(own[key], red[key])
        assert drifts[key].statistic == pytest.approx(expected.statistic, abs=1e-12)
        assert drifts[key].p_value == pytest.approx(expected.pvalue, rel=1e-9)


def test_sentence_share_is_the_share_of_uci_wines_below_your_median(
    own: pd.DataFrame, red: pd.DataFrame
) -> None:
    """Check that "more alcohol than N% of the UCI reds" counts the UCI wines below the median."""
    alcohol = next(drift for drift in compare(own, red) if drift.key == "alcohol")
    median = float(np.median(own["alcohol"]))
    below = sum(value < median for value in red["alcohol"])
    ties = sum(value == median for value in red["alcohol"])
    assert alcohol.share == pytest.approx((below + ties / 2) / len(red))
    sentence = alcohol.sentence.format(measurement="alcohol", share="77%", uci="UCI red wines")
    assert sentence == "Your typical wine has more alcohol than 77% of the UCI red wines."


def test_fixture_shift_is_the_biggest_difference(own: pd.DataFrame, red: pd.DataFrame) -> None:
    """Check that the known shift, alcohol +1, is the one notable difference, said as more."""
    (alcohol,) = biggest(compare(own, red))
    assert alcohol.key == "alcohol"
    assert alcohol.sentence == MORE
    assert "differ clearly" in alcohol.words


@pytest.mark.parametrize(
    ("statistic", "words"),
    [(0.05, "hardly differ"), (0.1, "differ a little"), (0.3, "differ clearly"),
     (0.5, "differ a lot"), (1.0, "differ a lot")],
)  # fmt: skip
def test_ks_statistic_is_said_by_its_band(statistic: float, words: str) -> None:
    """Check that each band of the statistic has its own words."""
    drift = FeatureDrift("alcohol", statistic, 0.5, 10.0, 10.0, 0.5)
    assert words in drift.words
    assert len(KS_WORDS) == 4


def test_wines_compared_with_themselves_differ_in_nothing(red: pd.DataFrame) -> None:
    """Check that a sample of the UCI reds themselves shows no notable difference."""
    drifts = compare(red.sample(400, random_state=0), red)
    assert biggest(drifts) == ()
    assert max(drift.statistic for drift in drifts) < NOTABLE
