"""The two losses, their derivative in the logit, and accuracy: shared by every network's path.

The output unit is always one sigmoid: p = sigmoid(logit), class 1 when logit > 0.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from tinynet.model.activations import sigmoid

LOSSES: dict[str, str] = {
    "bce": "binary cross-entropy, -[y ln p + (1 - y) ln(1 - p)], computed from the logit",
    "mse": "squared error, (p - y)^2",
}
LossKind = Literal["bce", "mse"]


def check_loss(kind: str) -> None:
    if kind not in LOSSES:
        raise ValueError(f"unknown loss {kind!r}; choose one of {', '.join(LOSSES)}")


def loss_from_logit(logit: np.ndarray, y: np.ndarray, kind: str, axis: int = -1) -> np.ndarray:
    """Mean loss over the points axis (the last one, unless told)."""
    if kind == "bce":
        # softplus(l) - y l  ==  -[y ln p + (1-y) ln(1-p)], without ever forming ln(0).
        per_point = np.maximum(logit, 0.0) - y * logit + np.log1p(np.exp(-np.abs(logit)))
    else:
        per_point = (sigmoid(logit) - y) ** 2
    return per_point.mean(axis=axis)


def dloss_dlogit(logit: np.ndarray, y: np.ndarray, kind: str) -> np.ndarray:
    """dL/dlogit per point, before dividing by the number of points."""
    p = sigmoid(logit)
    if kind == "bce":
        p -= y
        return p
    return 2.0 * (p - y) * p * (1.0 - p)


def accuracy_from_logit(logit: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Share of points on the right side of p = 0.5 (logit = 0), over the last axis."""
    return ((logit > 0) == (y > 0.5)).mean(axis=-1)
