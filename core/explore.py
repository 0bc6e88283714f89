"""Descriptive figures of a wine set for the Explore page (and the data facts Evaluate cites)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core.features import FEATURE_KEYS, TARGET


@dataclass(frozen=True)
class DataFacts:
    """What a reader should know before trusting a model trained on this file."""

    rows: int
    columns: int
    duplicate_rows: int
    low_quality_share: float
    high_quality_share: float
    quality_range: tuple[int, int]


def data_facts(frame: pd.DataFrame) -> DataFacts:
    """Size, exact duplicates and class imbalance (wines below 5 or above 7 are rare)."""
    quality = frame[TARGET]
    return DataFacts(
        rows=len(frame),
        columns=frame.shape[1],
        duplicate_rows=int(frame.duplicated().sum()),
        low_quality_share=float((quality < 5).mean()),
        high_quality_share=float((quality > 7).mean()),
        quality_range=(int(quality.min()), int(quality.max())),
    )


def summary_statistics(frame: pd.DataFrame) -> pd.DataFrame:
    """Count, mean, spread and quartiles of every column, one row per column."""
    return frame.describe().T


def quality_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """How many wines got each quality score (every score from the lowest to the highest)."""
    low, high = int(frame[TARGET].min()), int(frame[TARGET].max())
    counts = frame[TARGET].value_counts().reindex(range(low, high + 1), fill_value=0)
    return pd.DataFrame({TARGET: counts.index, "wines": counts.to_numpy()})


def correlations(frame: pd.DataFrame) -> pd.DataFrame:
    """Pearson correlation of every pair of features and quality."""
    return frame[[*FEATURE_KEYS, TARGET]].corr()
