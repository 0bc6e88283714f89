"""How a winery's wines differ from the UCI wines of the same colour, measurement by measurement.

Each measurement gets the two-sample Kolmogorov–Smirnov statistic (`scipy.stats.ks_2samp`):
the largest gap, over every value, between the share of your wines below it and the share of
the UCI wines below it (0: the same distribution; 1: no overlap at all). The plain sentence
places your median wine among the UCI wines: "more alcohol than 80 % of the UCI reds".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import ks_2samp

from core.features import FEATURE_KEYS
from core.messages import N_

# The KS statistic in words, as whole sentences (fill `measurement` and `statistic`): each
# applies below its limit. A statistic of 0.25 means that at some value a quarter more of one
# group than of the other lies below it.
KS_WORDS: tuple[tuple[float, str], ...] = (
    (
        0.1,
        N_("The two {measurement} distributions hardly differ (Kolmogorov–Smirnov {statistic})."),
    ),
    (
        0.25,
        N_("The two {measurement} distributions differ a little (Kolmogorov–Smirnov {statistic})."),
    ),
    (
        0.5,
        N_("The two {measurement} distributions differ clearly (Kolmogorov–Smirnov {statistic})."),
    ),
    (
        1.01,
        N_("The two {measurement} distributions differ a lot (Kolmogorov–Smirnov {statistic})."),
    ),
)
# A measurement is among "the biggest differences" from this KS statistic up.
NOTABLE = 0.25
# `uci` is "the UCI red wines" or "the UCI white wines" (whole, so it agrees in any language).
MORE = N_("Your typical wine has more {measurement} than {share} of the {uci}.")
LESS = N_("Your typical wine has less {measurement} than {share} of the {uci}.")


@dataclass(frozen=True)
class FeatureDrift:
    """One measurement: your wines against the UCI wines."""

    key: str
    statistic: float  # two-sample KS statistic
    p_value: float
    your_median: float
    uci_median: float
    # share of the UCI wines below your median wine (ties count half)
    share_below: float

    @property
    def more(self) -> bool:
        return self.share_below >= 0.5

    @property
    def share(self) -> float:
        """The share the sentence says: of UCI wines below yours (more) or above (less)."""
        return self.share_below if self.more else 1 - self.share_below

    @property
    def sentence(self) -> str:
        """The plain sentence's message id (fill `measurement`, `share`, `uci`)."""
        return MORE if self.more else LESS

    @property
    def words(self) -> str:
        """The KS statistic in a sentence's message id ("… differ clearly …")."""
        return next(words for limit, words in KS_WORDS if self.statistic < limit)


def share_below(reference: np.ndarray, value: float) -> float:
    """Share of `reference` below `value`, ties counting half (a mid-rank percentile)."""
    reference = np.asarray(reference, dtype=float)
    return float(np.mean(reference < value) + 0.5 * np.mean(reference == value))


def compare(yours: pd.DataFrame, uci: pd.DataFrame) -> tuple[FeatureDrift, ...]:
    """Every measurement's drift, the largest KS statistic first."""
    drifts = []
    for key in FEATURE_KEYS:
        mine, theirs = yours[key].to_numpy(float), uci[key].to_numpy(float)
        test = ks_2samp(mine, theirs)
        median = float(np.median(mine))
        drifts.append(
            FeatureDrift(
                key=key,
                statistic=float(test.statistic),
                p_value=float(test.pvalue),
                your_median=median,
                uci_median=float(np.median(theirs)),
                share_below=share_below(theirs, median),
            )
        )
    return tuple(sorted(drifts, key=lambda drift: -drift.statistic))


def biggest(drifts: tuple[FeatureDrift, ...], *, at_most: int = 3) -> tuple[FeatureDrift, ...]:
    """The measurements that differ most (KS ≥ `NOTABLE`), at most `at_most` of them."""
    return tuple(drift for drift in drifts if drift.statistic >= NOTABLE)[:at_most]
