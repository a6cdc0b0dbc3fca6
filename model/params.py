"""A tiny network's numbers: the classroom's nine names for 2-2-1, layers for every architecture.

For the default 2-2-1 network (model/architecture.py lists the others):
h1 = f(w11*x1 + w12*x2 + b11),  h2 = f(w21*x1 + w22*x2 + b12),
logit = w13*h1 + w23*h2 + b13,  p = sigmoid(logit).
Every architecture: h_0 = x, h_l = f(W_l h_(l-1) + b_l), logit = W_out h_L + b_out, and
`Params.layers` gives the (W, b) pairs, W of shape (units out, units in) as torch's nn.Linear.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from tinynet.model import architecture

NAMES: tuple[str, ...] = architecture.CLASSROOM_NAMES
WEIGHT_NAMES: tuple[str, ...] = ("w11", "w12", "w21", "w22", "w13", "w23")


class Params:
    """Immutable parameters of one architecture (`hidden`, 2-2-1 unless told), given as numbers
    in Params order or by name: Params(1, 0, 0, 1, 0, 0, 0, 1, 0), Params(w11=1, ...),
    Params(*values, hidden=(3,))."""

    __slots__ = ("_hidden", "_values")

    def __init__(self, *values: float, hidden=architecture.DEFAULT, **named: float):
        hidden = architecture.check(hidden)
        names = architecture.names(hidden)
        if values and named:
            raise TypeError("give the parameters by position or by name, not both")
        if named:
            _check_names(named, names, hidden)
            values = tuple(named[n] for n in names)
        if len(values) != len(names):
            raise TypeError(
                f"a {architecture.label(hidden)} network has {len(names)} parameters "
                f"({', '.join(names)}), got {len(values)}"
            )
        clean = []
        for name, value in zip(names, values):
            if isinstance(value, bool) or not isinstance(
                value, (int, float, np.floating, np.integer)
            ):
                raise TypeError(f"{name} must be a number, got {type(value).__name__}")
            if not math.isfinite(float(value)):
                raise ValueError(f"{name} must be finite, got {value}")
            clean.append(float(value))
        object.__setattr__(self, "_hidden", hidden)
        object.__setattr__(self, "_values", tuple(clean))

    # -- what it is -------------------------------------------------------------------------

    @property
    def hidden(self) -> tuple[int, ...]:
        """The hidden layers' sizes: (2,) for 2-2-1."""
        return self._hidden

    @property
    def names(self) -> tuple[str, ...]:
        return architecture.names(self._hidden)

    def __getattr__(self, name: str) -> float:
        if name.startswith("_"):
            raise AttributeError(name)
        names = architecture.names(self._hidden)
        if name in names:
            return self._values[names.index(name)]
        raise AttributeError(
            f"a {architecture.label(self._hidden)} network has no parameter {name!r}"
        )

    def __setattr__(self, name: str, value: Any) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Params):
            return NotImplemented
        return self._hidden == other._hidden and self._values == other._values

    def __hash__(self) -> int:
        return hash((self._hidden, self._values))

    def __repr__(self) -> str:
        inner = ", ".join(f"{n}={v!r}" for n, v in zip(self.names, self._values))
        if self._hidden != architecture.DEFAULT:
            inner += f", hidden={self._hidden!r}"
        return f"Params({inner})"

    def __reduce__(self):
        return (_rebuild, (self._values, self._hidden))

    # -- made from ----------------------------------------------------------------------------

    @classmethod
    def default(cls, hidden=architecture.DEFAULT) -> Params:
        """The widget's start: W = identity, b = 0, w13 = 0, w23 = 1, b13 = 0. Other
        architectures likewise pass the plane through: each hidden layer copies x1 and x2
        into its first two units (a third starts at 0, a single unit takes x1), and the
        output weighs x2 (x1 when a layer of one unit let only x1 through)."""
        hidden = architecture.check(hidden)
        layers = []
        for units, inputs in architecture.shapes(hidden):
            W = np.eye(units, inputs)
            if len(layers) == len(hidden):  # the output: x2 when it got through, else x1
                W = np.zeros((1, inputs))
                W[0, 0 if 1 in hidden else 1] = 1.0
            layers.append((W, np.zeros(units)))
        return cls.from_layers(layers)

    @classmethod
    def from_dict(cls, values: Mapping[str, Any], hidden=None) -> Params:
        """From a name -> number mapping; the architecture is `hidden`, or the one whose names
        the mapping holds (2-2-1 when none matches, which then names what is wrong)."""
        if hidden is None:
            keys = set(values)
            hidden = next(
                (h for h in architecture.ALL if set(architecture.names(h)) == keys),
                architecture.DEFAULT,
            )
        hidden = architecture.check(hidden)
        names = architecture.names(hidden)
        _check_names(values, names, hidden)
        return cls(*[values[n] for n in names], hidden=hidden)

    @classmethod
    def from_array(cls, values: np.ndarray, hidden=architecture.DEFAULT) -> Params:
        """From a vector in Params order (length 9 for 2-2-1)."""
        hidden = architecture.check(hidden)
        names = architecture.names(hidden)
        arr = np.asarray(values, dtype=float).reshape(-1)
        if arr.shape != (len(names),):
            raise ValueError(
                f"a {architecture.label(hidden)} network needs {len(names)} numbers in the "
                f"order {', '.join(names)}, got {arr.size}"
            )
        return cls(*arr.tolist(), hidden=hidden)

    @classmethod
    def from_layers(cls, layers: Sequence[tuple[Any, Any]]) -> Params:
        """From (W, b) pairs, W of shape (units out, units in): the architecture is read from
        the shapes."""
        layers = [(np.asarray(W, dtype=float), np.asarray(b, dtype=float)) for W, b in layers]
        hidden = tuple(W.shape[0] for W, _ in layers[:-1]) if layers else ()
        hidden = architecture.check(hidden)
        want = architecture.shapes(hidden)
        got = [W.shape for W, _ in layers]
        if got != want or any(b.shape != (W.shape[0],) for W, b in layers):
            raise ValueError(
                f"layers of a {architecture.label(hidden)} network have W shapes {want} and "
                f"b of one number per unit; got W {got}, b {[b.shape for _, b in layers]}"
            )
        flat = np.concatenate([np.concatenate([W.ravel(), b]) for W, b in layers])
        return cls.from_array(flat, hidden)

    # -- given as -----------------------------------------------------------------------------

    def to_dict(self) -> dict[str, float]:
        return dict(zip(self.names, self._values))

    def to_array(self) -> np.ndarray:
        return np.array(self._values, dtype=float)

    def replace(self, **changes: float) -> Params:
        values = self.to_dict()
        unknown = sorted(set(changes) - set(values))
        if unknown:
            raise TypeError(f"unknown parameters {', '.join(unknown)}")
        values.update(changes)
        return Params(**values, hidden=self._hidden)

    @property
    def layers(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """(W, b) for every layer, the output last; W of shape (units out, units in)."""
        out, start = [], 0
        values = self.to_array()
        for units, inputs in architecture.shapes(self._hidden):
            W = values[start : start + units * inputs].reshape(units, inputs)
            start += units * inputs
            out.append((W, values[start : start + units]))
            start += units
        return out

    @property
    def W(self) -> np.ndarray:
        """The first hidden layer's kernel, one row per unit: z = W @ x + b."""
        return self.layers[0][0]

    @property
    def b(self) -> np.ndarray:
        return self.layers[0][1]

    @property
    def v(self) -> np.ndarray:
        """Output weights: logit = v @ h + c (h the last hidden layer)."""
        return self.layers[-1][0][0]

    @property
    def c(self) -> float:
        return float(self.layers[-1][1][0])


def _rebuild(values, hidden) -> Params:
    return Params(*values, hidden=hidden)


def _check_names(values: Mapping[str, Any], names: tuple[str, ...], hidden) -> None:
    missing = [n for n in names if n not in values]
    extra = sorted(set(values) - set(names))
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"missing {', '.join(missing)}")
        if extra:
            parts.append(f"unknown {', '.join(extra)}")
        raise ValueError(
            f"parameters of a {architecture.label(hidden)} network need exactly "
            f"{', '.join(names)}: {'; '.join(parts)}"
        )
