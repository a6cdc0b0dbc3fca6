"""Train/test split, keeping the share of each class the same on both sides."""

from __future__ import annotations

import math

import numpy as np
from sklearn.model_selection import train_test_split


def split(
    X: np.ndarray, y: np.ndarray, test_fraction: float = 0.2, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """X_train, X_test, y_train, y_test; test_fraction 0 puts every point in training."""
    if not isinstance(test_fraction, (int, float)) or not math.isfinite(test_fraction):
        raise ValueError(f"test_fraction must be a number from 0 to 0.9, got {test_fraction!r}")
    if not 0 <= test_fraction <= 0.9:
        raise ValueError(f"test_fraction must be from 0 to 0.9, got {test_fraction}")
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=int)
    if test_fraction == 0:
        return X, X[:0], y, y[:0]
    n_test = math.ceil(test_fraction * len(y))
    counts = np.bincount(y, minlength=2)
    # Stratifying needs room for each class on each side; tiny sets split plainly.
    stratify = y if counts.min() >= 2 and 2 <= n_test <= len(y) - 2 else None
    return train_test_split(X, y, test_size=n_test, random_state=seed, stratify=stratify)
