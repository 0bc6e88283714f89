"""The Train page's grouped split, written with plain scikit-learn for the tests to compare
against: `GroupShuffleSplit` over the groups of identical wines, and `GroupKFold` inside it.

Only the group ids come from `core` (`row_groups`: one id per distinct set of measurements),
because `GroupShuffleSplit` draws groups by their id and the same ids must go in.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.model_selection import GroupKFold, GroupShuffleSplit

from core.train import row_groups


def grouped_rows(frame: pd.DataFrame, test_size: float = 0.2, seed: int = 0):
    """Training and held-out row numbers, identical wines on one side."""
    splitter = GroupShuffleSplit(n_splits=1, test_size=test_size, random_state=seed)
    return next(splitter.split(np.arange(len(frame)), groups=row_groups(frame)))


def grouped_train_test_split(x, y, frame: pd.DataFrame, test_size: float = 0.2, seed: int = 0):
    """`train_test_split(x, y)`'s four parts, drawn by `grouped_rows` of `frame` instead."""
    train, test = grouped_rows(frame, test_size, seed)
    x, y = np.asarray(x), np.asarray(y)
    return x[train], x[test], y[train], y[test]


def grouped_folds(frame: pd.DataFrame, test_size: float = 0.2, seed: int = 0, folds: int = 5):
    """`GroupKFold` folds of the training part, as positions within it."""
    train, _ = grouped_rows(frame, test_size, seed)
    return list(GroupKFold(folds).split(train, groups=row_groups(frame)[train]))
