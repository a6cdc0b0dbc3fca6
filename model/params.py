"""The nine numbers of the 2-2-1 network, under the classroom widget's names.

h1 = f(w11*x1 + w12*x2 + b11),  h2 = f(w21*x1 + w22*x2 + b12),
logit = w13*h1 + w23*h2 + b13,  p = sigmoid(logit).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any

import numpy as np

NAMES: tuple[str, ...] = ("w11", "w12", "w21", "w22", "b11", "b12", "w13", "w23", "b13")
WEIGHT_NAMES: tuple[str, ...] = ("w11", "w12", "w21", "w22", "w13", "w23")


@dataclasses.dataclass(frozen=True)
class Params:
    """Immutable parameters; W has one row per hidden unit."""

    w11: float
    w12: float
    w21: float
    w22: float
    b11: float
    b12: float
    w13: float
    w23: float
    b13: float

    def __post_init__(self) -> None:
        for name in NAMES:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(
                value, (int, float, np.floating, np.integer)
            ):
                raise TypeError(f"{name} must be a number, got {type(value).__name__}")
            if not math.isfinite(float(value)):
                raise ValueError(f"{name} must be finite, got {value}")
            object.__setattr__(self, name, float(value))

    @classmethod
    def default(cls) -> Params:
        """The widget's start: W = identity, b = 0, w13 = 0, w23 = 1, b13 = 0."""
        return cls(1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0)

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> Params:
        missing = [n for n in NAMES if n not in values]
        extra = sorted(set(values) - set(NAMES))
        if missing or extra:
            parts = []
            if missing:
                parts.append(f"missing {', '.join(missing)}")
            if extra:
                parts.append(f"unknown {', '.join(extra)}")
            raise ValueError(f"parameters need exactly {', '.join(NAMES)}: {'; '.join(parts)}")
        return cls(**{n: values[n] for n in NAMES})

    @classmethod
    def from_array(cls, values: np.ndarray) -> Params:
        """From a length-9 vector in NAMES order."""
        arr = np.asarray(values, dtype=float).reshape(-1)
        if arr.shape != (9,):
            raise ValueError(f"need 9 numbers in the order {', '.join(NAMES)}, got {arr.size}")
        return cls(*arr.tolist())

    def to_dict(self) -> dict[str, float]:
        return {n: getattr(self, n) for n in NAMES}

    def to_array(self) -> np.ndarray:
        return np.array([getattr(self, n) for n in NAMES], dtype=float)

    def replace(self, **changes: float) -> Params:
        return dataclasses.replace(self, **changes)

    @property
    def W(self) -> np.ndarray:
        """Hidden kernel, one row per hidden unit: z = W @ x + b."""
        return np.array([[self.w11, self.w12], [self.w21, self.w22]])

    @property
    def b(self) -> np.ndarray:
        return np.array([self.b11, self.b12])

    @property
    def v(self) -> np.ndarray:
        """Output weights: logit = v @ h + c."""
        return np.array([self.w13, self.w23])

    @property
    def c(self) -> float:
        return self.b13
