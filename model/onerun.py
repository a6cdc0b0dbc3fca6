"""The mini-batch gradient of one run, with as few NumPy calls as the maths allows.

A 2-2-1 network on a 16-point mini-batch is almost all call overhead (about half a
microsecond a call, next to no arithmetic), so a single run (model.train, a page's live run)
takes this path instead of network.Backprop's stacked one: 2-D arrays, buffers made once per
batch size, np.dot with out= (faster than matmul on small 2-D arrays), and the hidden values
written beside a column of ones, so that one product gives the logit with its bias and one
gives dL/dv with dL/dc. The maths is Backprop's; only the rounding differs (the tests hold
the two within 1e-12 and compare whole runs with train_many, which stacks runs).
"""

from __future__ import annotations

import time

import numpy as np
from scipy.special import expit

from tinynet.model.activations import Activation
from tinynet.model.manyruns import is_builtin_tanh
from tinynet.model.network import (
    WEIGHT_MASK_AUG,
    accuracy_from_logit,
    dloss_dlogit,
    loss_from_logit,
)

# Scalars as 0-d arrays: a ufunc takes them in about 0.35 us, a Python float in 0.55 us (it
# converts it every call), and that is a tenth of a mini-batch's whole gradient.
ONE = np.array(1.0)


class OneRun:
    """dL/dtheta for the single column of `theta` ((9, 1), augmented order, updated in place
    by the caller between calls: the layout of a stack of one run, see manyruns.py), on
    mini-batches given as 2-D arrays."""

    def __init__(self, theta: np.ndarray, act: Activation, kind: str, l2: float = 0.0):
        self.theta = theta
        row = theta[:, 0]
        self.theta_row = row
        self.A = row[:6].reshape(3, 2)
        self.vc = row[6:9].reshape(3, 1)  # [w13, w23, b13]: the output unit with its bias
        self.v_row = row[None, 6:8]
        self.grad = np.zeros((9, 1))
        self.gA = self.grad[:6, 0].reshape(3, 2)
        self.gvc = self.grad[6:9]
        self.act, self.kind = act, kind
        # tanh (the notebook's, and the page's default) writes f and f' into the buffers.
        self.tanh = is_builtin_tanh(act)
        self.l2w = (2.0 * l2) * WEIGHT_MASK_AUG if l2 else None
        self.buffers: dict[int, tuple] = {}
        # The notebook's case (tanh, cross-entropy, no L2) as a closure over its arrays: no
        # attribute look-ups on the busiest path. Any other case: __call__.
        plain = self.tanh and kind == "bce" and self.l2w is None
        self.gradient = self._tanh_bce() if plain else self

    def sgd(
        self,
        batches,
        budget: int | None,
        deadline: float | None,
        *,
        grad_sum: np.ndarray,
        lr: float,
    ) -> int:
        """Plain SGD through `batches`, in place: grad_sum += grad, theta -= lr * grad, the
        optimizer's own steps without a call of its per update (this loop is most of a page's
        live run). Stops after `budget` updates or once perf_counter passes `deadline`;
        returns how many updates it made."""
        gradient, grad, theta, multiply = self.gradient, self.grad, self.theta, np.multiply
        lr = np.array(lr)  # a 0-d array: NumPy takes it faster than a Python float
        done = 0
        for xb, xb_t, yb in batches:
            gradient(xb, xb_t, yb)
            grad_sum += grad
            multiply(grad, lr, out=grad)
            theta -= grad
            done += 1
            if done == budget or (deadline is not None and time.perf_counter() > deadline):
                break
        return done

    def _tanh_bce(self):
        A, vc, v_row, grad, gA, gvc = self.A, self.vc, self.v_row, self.grad, self.gA, self.gvc
        buffers, make = self.buffers, self._buffers
        tanh, multiply, subtract = np.tanh, np.multiply, np.subtract

        def gradient(xb: np.ndarray, xb_t: np.ndarray, yb: np.ndarray) -> np.ndarray:
            n = xb.shape[0]
            hb, hb_t, h, z, g, dz, d, scale = buffers.get(n) or make(n)
            xb.dot(A, out=z)
            tanh(z, out=h)
            hb.dot(vc, out=g)
            expit(g, out=g)
            subtract(g, yb, out=g)
            multiply(g, scale, out=g)
            hb_t.dot(g, out=gvc)
            g.dot(v_row, out=dz)
            multiply(h, h, out=d)
            subtract(ONE, d, out=d)
            multiply(dz, d, out=dz)
            xb_t.dot(dz, out=gA)
            return grad

        return gradient

    def _buffers(self, n: int) -> tuple:
        hb = np.ones((n, 3))  # [h1, h2, 1] per point
        scale = np.array(1.0 / n)
        made = (hb, hb.T, hb[:, :2], *(np.empty((n, k)) for k in (2, 1, 2, 2)), scale)
        self.buffers[n] = made
        return made

    def __call__(self, xb: np.ndarray, xb_t: np.ndarray, yb: np.ndarray) -> np.ndarray:
        """xb: (n, 3) augmented points, xb_t its transpose (contiguous), yb: (n, 1) labels."""
        n = xb.shape[0]
        hb, hb_t, h, z, g, dz, d, scale = self.buffers.get(n) or self._buffers(n)
        act = self.act
        # ndarray.dot is called straight from C (np.dot goes through a dispatcher).
        xb.dot(self.A, out=z)
        if self.tanh:
            np.tanh(z, out=h)
        else:
            h[...] = act.fn(z, act.value)
        hb.dot(self.vc, out=g)  # the logit
        if self.kind == "bce":
            expit(g, out=g)
            np.subtract(g, yb, out=g)
        else:
            g[...] = dloss_dlogit(g, yb, self.kind)
        np.multiply(g, scale, out=g)
        hb_t.dot(g, out=self.gvc)
        g.dot(self.v_row, out=dz)  # dL/dh
        if self.tanh:  # f' = 1 - h^2
            np.multiply(h, h, out=d)
            np.subtract(ONE, d, out=d)
            np.multiply(dz, d, out=dz)
        elif not act.elementwise:
            dz = act.vjp(z, h, dz)
        elif act.der_from_h is not None:
            np.multiply(dz, act.der_from_h(h), out=dz)
        else:
            np.multiply(dz, act.der_fn(z, act.value), out=dz)
        xb_t.dot(dz, out=self.gA)
        if self.l2w is not None:
            self.grad[:, 0] += self.l2w * self.theta_row
        return self.grad


def evaluate_one(
    theta: np.ndarray, act: Activation, kind: str, xa: np.ndarray, y: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """manyruns.evaluate for a stack of one run (theta (9, 1)), on augmented points xa (n, 3):
    two 2-D products and a few calls, where the runs-last layout takes a few dozen (a live
    run's record every epoch is a tenth of its training otherwise)."""
    row = theta[:, 0]
    z = xa.dot(row[:6].reshape(3, 2))
    h = np.tanh(z) if is_builtin_tanh(act) else act.fn(z, act.value)
    logit = h.dot(row[6:8])
    logit += row[8]
    return np.array([loss_from_logit(logit, y, kind)]), np.array([accuracy_from_logit(logit, y)])
