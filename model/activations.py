"""Hidden-unit activations: a registry of name -> Activation.

Every function here is written to stay finite and warning-free for |z| up to 1e300:
exponentials only ever see non-positive arguments, and products that would meet inf * 0
are arranged so the zero factor arrives first. The browser mirrors these formulas in
explorer/assets/views/math.js under the same names.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from functools import lru_cache

import numpy as np
from scipy.special import expit

Array = np.ndarray

SELU_SCALE = 1.0507009873554805
SELU_ALPHA = 1.6732632423543772
GELU_K = math.sqrt(2.0 / math.pi)
GELU_C = 0.044715
# Beyond |z| = 30 the GELU tanh term is exactly +-1 in float64; clipping keeps z^3 finite.
GELU_CLIP = 30.0


def sigmoid(z: Array) -> Array:
    """1 / (1 + e^-z), to full relative accuracy on both sides (scipy's expit): written as
    0.5 + 0.5 tanh(z / 2) it rounds to exactly 0 below z = -38, and a saturated unit's slope
    with it."""
    return expit(np.asarray(z, dtype=float))


def softplus(z: Array) -> Array:
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


@dataclasses.dataclass(frozen=True)
class ActivationParam:
    """A shape parameter of an activation, such as the leaky slope."""

    name: str
    label: str
    default: float
    low: float
    high: float


@dataclasses.dataclass(frozen=True)
class Activation:
    """f and f' of one hidden-unit activation, with what a student needs to know about it."""

    name: str
    title: str
    formula: str  # LaTeX
    effect: str  # what it does to the plane, in one line
    fn: Callable[[Array, float], Array]
    der_fn: Callable[[Array, float], Array]
    range_fn: Callable[[float], tuple[float, float]]
    param: ActivationParam | None = None
    value: float = 0.0  # the parameter's current value (unused without a param)
    elementwise: bool = True  # False: mixes the two hidden units (softmax)
    # f' written through h = f(z), where that saves recomputing f (sigmoid, tanh).
    der_from_h: Callable[[Array], Array] | None = None

    def with_param(self, value: float | None) -> Activation:
        """A copy with the shape parameter set (clamped to its range); None keeps the default."""
        if self.param is None:
            return self
        if value is None:
            value = self.param.default
        value = float(value)
        if not math.isfinite(value):
            raise ValueError(f"{self.param.label} must be a finite number, got {value}")
        value = min(max(value, self.param.low), self.param.high)
        return dataclasses.replace(self, value=value)

    def f(self, z: Array) -> Array:
        """h = f(z); z has the two hidden units on its last axis when not elementwise."""
        return self.fn(np.asarray(z, dtype=float), self.value)

    def der(self, z: Array) -> Array:
        """f'(z); for softmax the diagonal of the Jacobian, dh_i/dz_i."""
        return self.der_fn(np.asarray(z, dtype=float), self.value)

    def vjp(self, z: Array, h: Array, dh: Array) -> Array:
        """dL/dz from dL/dh (h = f(z) given): the Jacobian of f transposed, times dh."""
        if not self.elementwise and h.shape[-1] == 2:  # softmax of two: dh1/dz1 = h1 h2
            d = h[..., :1] * h[..., 1:] * (dh[..., :1] - dh[..., 1:])  # = -dh1/dz2
            return np.concatenate([d, -d], axis=-1)
        if not self.elementwise:  # softmax: dz_i = h_i (dh_i - sum_j h_j dh_j)
            return h * (dh - (h * dh).sum(axis=-1, keepdims=True))
        if self.der_from_h is not None:
            dh *= self.der_from_h(h)
            return dh
        return dh * self.der(z)

    @property
    def output_range(self) -> tuple[float, float]:
        """The values f can take (may be infinite); the hidden view's natural axes."""
        return self.range_fn(self.value)

    @property
    def der_max(self) -> float:
        """Largest |f'|, for telling saturated units (f' under 5% of it) apart."""
        return _der_max(self)


@lru_cache(maxsize=64)
def _der_max(act: Activation) -> float:
    z = np.linspace(-20.0, 20.0, 40001)
    if not act.elementwise:
        z = np.stack([z, np.zeros_like(z)], axis=-1)
    return float(np.max(np.abs(act.der(z))))


def saturated(act: Activation, z: Array, threshold: float = 0.05) -> Array:
    """Points where a unit's gradient has (almost) vanished: |f'(z)| < threshold * max |f'|."""
    peak = act.der_max
    return np.abs(act.der(z)) < threshold * peak if peak > 0 else np.ones(np.shape(z), bool)


# --- the functions, each f(z, a) and f'(z, a) ---------------------------------------------


# The cube as two products: NumPy's zc**3 calls pow() per element, which made GELU 5x slower
# than it is now (the restarts' and the landscape's heaviest case).
def _gelu(z: Array, a: float) -> Array:
    zc = np.clip(z, -GELU_CLIP, GELU_CLIP)
    return 0.5 * z * (1.0 + np.tanh(GELU_K * (zc + GELU_C * (zc * zc * zc))))


def _gelu_der(z: Array, a: float) -> Array:
    zc = np.clip(z, -GELU_CLIP, GELU_CLIP)
    t = np.tanh(GELU_K * (zc + GELU_C * (zc * zc * zc)))
    return 0.5 * (1.0 + t) + 0.5 * zc * (1.0 - t * t) * GELU_K * (1.0 + 3.0 * GELU_C * zc * zc)


def _mish(z: Array, a: float) -> Array:
    return z * np.tanh(softplus(z))


def _mish_der(z: Array, a: float) -> Array:
    t = np.tanh(softplus(z))
    return t + sigmoid(z) * (1.0 - t * t) * z


def _softsign(z: Array, a: float) -> Array:
    return z / (1.0 + np.abs(z))


def _softsign_der(z: Array, a: float) -> Array:
    d = 1.0 / (1.0 + np.abs(z))
    return d * d


def _swish(z: Array, a: float) -> Array:
    return z * sigmoid(z)


def _swish_der(z: Array, a: float) -> Array:
    s = sigmoid(z)
    return s + s * ((1.0 - s) * z)


def _softmax(z: Array, a: float) -> Array:
    if z.shape[-1] == 2:  # the 2-2-1 network's form: one sigmoid of z1 - z2
        h1 = sigmoid(z[..., :1] - z[..., 1:])
        return np.concatenate([h1, 1.0 - h1], axis=-1)
    # The max and the sum unit by unit: a layer has at most three, and NumPy's reductions
    # over so short a last axis were most of a 3-unit network's landscape.
    top = z[..., 0].copy()
    for k in range(1, z.shape[-1]):
        np.maximum(top, z[..., k], out=top)
    e = np.exp(z - top[..., None])
    total = e[..., 0].copy()
    for k in range(1, z.shape[-1]):
        total += e[..., k]
    e /= total[..., None]
    return e


def _softmax_der(z: Array, a: float) -> Array:
    h = _softmax(z, a)
    return h * (1.0 - h)


def _fixed(lo: float, hi: float) -> Callable[[float], tuple[float, float]]:
    return lambda a: (lo, hi)


_INF = math.inf
_SWISH_MIN = -0.2784645427610738  # z * sigmoid(z) at its minimum, z = -1.2785
_GELU_MIN = -0.17004075057125406  # tanh-form GELU at its minimum, z = -0.7525
_MISH_MIN = -0.30884341301725043  # mish at its minimum, z = -1.1924

_ALL = [
    Activation(
        "linear",
        "Linear (identity)",
        r"f(z) = z",
        "Keeps the plane flat: the layer is only the affine map W x + b.",
        lambda z, a: z + 0.0,
        lambda z, a: np.ones_like(z),
        _fixed(-_INF, _INF),
    ),
    Activation(
        "sigmoid",
        "Sigmoid (logistic)",
        r"f(z) = \frac{1}{1 + e^{-z}}",
        "Squeezes the plane into the unit square; far-away points pile up on its edges.",
        lambda z, a: sigmoid(z),
        lambda z, a: sigmoid(z) * (1.0 - sigmoid(z)),
        _fixed(0.0, 1.0),
        der_from_h=lambda h: h * (1.0 - h),
    ),
    Activation(
        "tanh",
        "Tanh",
        r"f(z) = \tanh(z) = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}",
        "Squeezes the plane into the square [-1, 1]², centred on the origin.",
        lambda z, a: np.tanh(z),
        lambda z, a: 1.0 - np.tanh(z) ** 2,
        _fixed(-1.0, 1.0),
        der_from_h=lambda h: 1.0 - h * h,
    ),
    Activation(
        "relu",
        "ReLU",
        r"f(z) = \max(0, z)",
        "Folds each negative half-plane onto an axis: whole regions collapse to a line or a point.",
        lambda z, a: np.maximum(z, 0.0),
        lambda z, a: (z > 0).astype(float),
        _fixed(0.0, _INF),
    ),
    Activation(
        "leaky_relu",
        "Leaky ReLU",
        r"f(z) = \begin{cases} z & z > 0 \\ a z & z \le 0 \end{cases}",
        "Like ReLU, but the negative side is only compressed by a, never collapsed.",
        lambda z, a: np.where(z > 0, z, a * z),
        lambda z, a: np.where(z > 0, 1.0, a),
        _fixed(-_INF, _INF),
        ActivationParam("slope", "negative slope a", 0.1, 0.0, 1.0),
        0.1,
    ),
    Activation(
        "elu",
        "ELU",
        r"f(z) = \begin{cases} z & z > 0 \\ \alpha (e^{z} - 1) & z \le 0 \end{cases}",
        "Identity on the positive side; the negative side bends smoothly towards −α.",
        lambda z, a: np.where(z > 0, z, a * np.expm1(np.minimum(z, 0.0))),
        lambda z, a: np.where(z > 0, 1.0, a * np.exp(np.minimum(z, 0.0))),
        lambda a: (-a, _INF),
        ActivationParam("alpha", "alpha", 1.0, 0.0, 3.0),
        1.0,
    ),
    Activation(
        "selu",
        "SELU",
        r"f(z) = \lambda \begin{cases} z & z > 0 \\ \alpha (e^{z} - 1) & z \le 0 \end{cases}",
        "A scaled ELU (λ = 1.0507, α = 1.6733): stretches the positive side a little.",
        lambda z, a: SELU_SCALE * np.where(z > 0, z, SELU_ALPHA * np.expm1(np.minimum(z, 0.0))),
        lambda z, a: SELU_SCALE * np.where(z > 0, 1.0, SELU_ALPHA * np.exp(np.minimum(z, 0.0))),
        _fixed(-SELU_SCALE * SELU_ALPHA, _INF),
    ),
    Activation(
        "softplus",
        "Softplus",
        r"f(z) = \ln(1 + e^{z})",
        "A smooth ReLU: the negative side is pressed towards 0 but never quite folded.",
        lambda z, a: softplus(z),
        lambda z, a: sigmoid(z),
        _fixed(0.0, _INF),
    ),
    Activation(
        "swish",
        "Swish (SiLU)",
        r"f(z) = z \, \sigma(z) = \frac{z}{1 + e^{-z}}",
        "Nearly the identity for large z, a small dip below 0 for negative z.",
        _swish,
        _swish_der,
        _fixed(_SWISH_MIN, _INF),
    ),
    Activation(
        "gelu",
        "GELU (tanh form)",
        r"\begin{matrix} f(z) = \tfrac{z}{2}\left(1 + \tanh(u)\right) \\ "
        r"u = \sqrt{2/\pi}\,(z + 0.044715\,z^{3}) \end{matrix}",
        "Like swish: a smooth ReLU weighted by how likely z is to be positive.",
        _gelu,
        _gelu_der,
        _fixed(_GELU_MIN, _INF),
    ),
    Activation(
        "mish",
        "Mish",
        r"f(z) = z \tanh(\ln(1 + e^{z}))",
        "Another smooth ReLU with a small negative dip, slightly deeper than swish.",
        _mish,
        _mish_der,
        _fixed(_MISH_MIN, _INF),
    ),
    Activation(
        "softsign",
        "Softsign",
        r"f(z) = \frac{z}{1 + |z|}",
        "Squeezes into [-1, 1]² like tanh, but reaches the edges much more slowly.",
        _softsign,
        _softsign_der,
        _fixed(-1.0, 1.0),
    ),
    Activation(
        "sine",
        "Sine",
        r"f(z) = \sin(z)",
        "Wraps the plane around periodically: far-apart points can land on each other.",
        lambda z, a: np.sin(z),
        lambda z, a: np.cos(z),
        _fixed(-1.0, 1.0),
    ),
    Activation(
        "step",
        "Step (Heaviside)",
        r"f(z) = \begin{cases} 1 & z > 0 \\ 0 & z \le 0 \end{cases}",
        "Sends every point to a corner of the unit square. f' = 0: gradient descent cannot learn.",
        lambda z, a: (z > 0).astype(float),
        lambda z, a: np.zeros_like(z),
        _fixed(0.0, 1.0),
    ),
    Activation(
        "softmax",
        "Softmax (over a layer)",
        r"h_i = \frac{e^{z_i}}{\sum_j e^{z_j}}",
        "The layer's units always sum to 1. With two units the whole plane lands on the segment "
        "h1 + h2 = 1 and only z1 - z2 survives; with three, on a triangle.",
        _softmax,
        _softmax_der,
        _fixed(0.0, 1.0),
        elementwise=False,
    ),
]

ACTIVATIONS: dict[str, Activation] = {a.name: a for a in _ALL}


def resolve(activation: str | Activation, param: float | None = None) -> Activation:
    """An Activation from a registry name (or one already made), with its parameter set."""
    if isinstance(activation, Activation):
        return activation if param is None else activation.with_param(param)
    if activation not in ACTIVATIONS:
        raise ValueError(
            f"unknown activation {activation!r}; choose one of {', '.join(ACTIVATIONS)}"
        )
    act = ACTIVATIONS[activation]
    return act.with_param(param) if param is not None else act
