"""The mini-batch gradient and the metrics of many runs at once, written unit by unit.

A stack of R runs is nine numbers per run. Written out for the 2-2-1 network (two inputs,
two hidden units, one output) the maths is a few dozen element-wise operations on
(batch, R) arrays, which NumPy streams through at memory speed whatever R is; a stacked
matrix product ((R, 16, 3) @ (R, 3, 2), network.Backprop) pays a small-matrix kernel per
run instead, about three times slower at 1,000 runs. So the runs sit on the last axis:
parameters as (9, R) columns in network.py's augmented order, a mini-batch's inputs and
labels as (batch, R) blocks (run r's points in its own shuffled order), and the two hidden
units on a leading axis of 2. The maths is Backprop's; only the rounding differs (the tests
hold the two together and against central differences).
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit

from tinynet.model.activations import ACTIVATIONS, Activation
from tinynet.model.network import WEIGHT_MASK_AUG, dloss_dlogit, loss_from_logit

# Metrics go through the points in blocks of about this many numbers per hidden unit: the
# temporaries of a block stay in the CPU's cache (a block of 2^14 is 3x faster than one of
# 2^18 at 100 runs on 2,000 points), and a thousand runs on 20,000 points need little memory.
BLOCK_ELEMENTS = 1 << 14
# scipy's expit takes 5.5 ns a number and one call; 0.5 tanh(l / 2) + 0.5 takes 2 ns and four:
# the second pays from about this many logits on (a hundred runs of 16 points in float64).
SIMD_SIGMOID_FROM = 2048


def is_builtin_tanh(act: Activation) -> bool:
    # A user's Activation may reuse the name with another formula: then its own f is called.
    return act.name == "tanh" and act.fn is ACTIVATIONS["tanh"].fn


class ManyRuns:
    """dL/dtheta for every column of `theta` ((9, R), augmented order, updated in place by
    the caller between calls), on mini-batches given as (batch, R) blocks x1, x2, y."""

    def __init__(self, theta: np.ndarray, act: Activation, kind: str, l2: float = 0.0):
        self.theta = theta
        self.w1 = theta[0:2, None]  # (2, 1, R): x1's weights into h1 and h2
        self.w2 = theta[2:4, None]  # x2's
        self.b = theta[4:6, None]  # the hidden biases
        self.v = theta[6:8, None]  # the output unit's weights
        self.c = theta[8]  # (R,) its bias
        self.grad = np.zeros_like(theta)
        self.act, self.kind, self.tanh = act, kind, is_builtin_tanh(act)
        self.l2w = (2.0 * l2) * WEIGHT_MASK_AUG[:, None] if l2 else None
        self.half, self.one = np.array(0.5, theta.dtype), np.array(1.0, theta.dtype)
        self.buffers: dict[int, tuple] = {}

    def _buffers(self, n: int) -> tuple:
        R, dtype = self.theta.shape[1], self.theta.dtype
        # Every point's share of the nine partial derivatives, in grad's row order, so that
        # one sum over the points gives the gradient; dz and g are written straight into it.
        terms = np.empty((9, n, R), dtype)
        scale = np.array(1.0 / n, dtype)  # 0-d arrays, not Python floats: see onerun.ONE
        made = (np.empty((2, n, R), dtype), np.empty((2, n, R), dtype), terms, scale)
        self.buffers[n] = made
        return made

    def __call__(self, x1: np.ndarray, x2: np.ndarray, y: np.ndarray) -> np.ndarray:
        n = x1.shape[0]
        z, tmp, terms, scale = self.buffers.get(n) or self._buffers(n)
        multiply = np.multiply
        g, dz = terms[8], terms[4:6]  # dL/dlogit and dL/dz per point: the biases' terms
        hidden_pre(x1, x2, self.w1, self.w2, self.b, z, tmp)
        h = activate(self.act, self.tanh, z, terms[6:8])  # h, then g h in its place
        multiply(h, self.v, out=tmp)
        np.add(tmp[0], tmp[1], out=g)
        g += self.c  # the logit
        if self.kind == "bce" and g.size < SIMD_SIGMOID_FROM:
            expit(g, out=g)  # sigmoid(l) - y
            g -= y
        elif self.kind == "bce":  # the same, sigmoid through tanh: 4 calls, but SIMD ones
            half = self.half
            g *= half
            np.tanh(g, out=g)
            g *= half
            g += half
            g -= y
        else:
            g[...] = dloss_dlogit(g, y, self.kind)
        g *= scale
        multiply(self.v, g, out=dz)  # dL/dh
        if self.tanh:  # f' = 1 - h^2, written over z (not needed any more)
            multiply(h, h, out=z)
            np.subtract(self.one, z, out=z)
            dz *= z
        elif self.act.elementwise:
            dz[...] = self.act.vjp(z, h, dz)
        else:  # softmax mixes the units: its vjp wants them on the last axis
            dz[...] = np.moveaxis(self.act.vjp(*(np.moveaxis(a, 0, -1) for a in (z, h, dz))), -1, 0)
        multiply(h, g, out=h)
        multiply(dz, x1, out=terms[0:2])
        multiply(dz, x2, out=terms[2:4])
        grad = np.add.reduce(terms, axis=1, out=self.grad)
        if self.l2w is not None:
            grad += self.l2w * self.theta
        return grad


def hidden_pre(x1, x2, w1, w2, b, z, tmp) -> None:
    """z = w1 x1 + w2 x2 + b into z (2, n, R), for both hidden units of every run."""
    np.multiply(x1, w1, out=z)
    np.multiply(x2, w2, out=tmp)
    z += tmp
    z += b


def activate(act: Activation, tanh: bool, z: np.ndarray, out: np.ndarray) -> np.ndarray:
    """h = f(z) for both hidden units, written into `out`."""
    if tanh:
        return np.tanh(z, out=out)
    if act.elementwise:
        out[...] = act.fn(z, act.value)
    else:
        out[...] = np.moveaxis(act.fn(np.moveaxis(z, 0, -1), act.value), -1, 0)
    return out


def evaluate(
    theta: np.ndarray, act: Activation, kind: str, x1: np.ndarray, x2: np.ndarray, y: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Mean loss (without L2) and accuracy of every column of theta (9, R) on the points
    (x1, x2, y, each (n,)), in blocks of points."""
    R, n = theta.shape[1], len(x1)
    w1, w2, b, v, c = theta[0:2, None], theta[2:4, None], theta[4:6, None], theta[6:8], theta[8]
    tanh = is_builtin_tanh(act)
    loss, right = np.zeros(R), np.zeros(R)
    block = max(1, BLOCK_ELEMENTS // R)
    for start in range(0, n, block):
        p1, p2, t = (a[start : start + block, None] for a in (x1, x2, y))
        m = len(p1)
        z, tmp = np.empty((2, m, R), theta.dtype), np.empty((2, m, R), theta.dtype)
        hidden_pre(p1, p2, w1, w2, b, z, tmp)
        h = activate(act, tanh, z, tmp)
        logit = h[0] * v[0]
        logit += h[1] * v[1]
        logit += c
        loss += m * loss_from_logit(logit, t, kind, axis=0)
        right += ((logit > 0) == (t > 0.5)).sum(axis=0)
    return loss / n, right / n
