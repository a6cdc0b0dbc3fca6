"""The mini-batch gradient of one run, with as few NumPy calls as the maths allows.

A 2-2-1 network on a 16-point mini-batch is almost all call overhead (about half a
microsecond a call, next to no arithmetic), so a single run (model.train, a page's live run)
takes this path instead of network.Backprop's stacked one: 2-D arrays, buffers made once per
batch size, np.dot with out= (faster than matmul on small 2-D arrays), and the hidden values
written beside a column of ones, so that one product gives the logit with its bias and one
gives dL/dv with dL/dc. Plain SGD asks for the gradient times the learning rate, which is
its step, so an update is one subtraction; the notebook's own case (tanh, cross-entropy, no
L2) goes further, on points multiplied by their label's sign (SignedTanhSGD). The maths is
Backprop's; only the rounding differs (the tests hold the two within 1e-12 and compare whole
runs with train_many, which stacks runs).
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
# tanh of this rounds to exactly 1.0 (from 19.1 on): SignedTanhSGD's constant hidden unit.
SATURATED = 40.0


class OneRun:
    """`times` x dL/dtheta for the single column of `theta` ((9, 1), augmented order, updated
    in place by the caller between calls: the layout of a stack of one run, see manyruns.py),
    on mini-batches given as 2-D arrays. sgd() wants times = the learning rate."""

    def __init__(
        self, theta: np.ndarray, act: Activation, kind: str, l2: float = 0.0, times: float = 1.0
    ):
        self.theta, self.times = theta, float(times)
        row = theta[:, 0]
        self.theta_row = row
        self.A = row[:6].reshape(3, 2)
        self.vc = row[6:9].reshape(3, 1)  # [w13, w23, b13]: the output unit with its bias
        self.v_row = row[None, 6:8]
        self.grad = np.zeros((9, 1))
        self.gA = self.grad[:6, 0].reshape(3, 2)
        self.gvc = self.grad[6:9]
        self.act, self.kind = act, kind
        # tanh writes f and f' into the buffers (no call of the registry's functions).
        self.tanh = is_builtin_tanh(act)
        self.l2w = (2.0 * l2 * self.times) * WEIGHT_MASK_AUG if l2 else None
        self.buffers: dict[int, tuple] = {}

    def sgd(
        self,
        batches,
        budget: int | None,
        deadline: float | None,
        *,
        grad_sum: np.ndarray,
    ) -> int:
        """Plain SGD through `batches`, in place (theta -= lr * grad, the gradient made with
        times = lr): this loop is most of a page's live run. Stops after `budget` updates or
        once perf_counter passes `deadline`; returns how many updates it made, and adds the
        gradients' sum to grad_sum."""
        gradient, theta, perf_counter = self, self.theta, time.perf_counter
        start = theta.copy()
        done = 0
        for xb, xb_t, yb in batches:
            theta -= gradient(xb, xb_t, yb)
            done += 1
            if done == budget or (deadline is not None and perf_counter() > deadline):
                break
        # The steps add up to lr times the gradients' sum: found from where theta went, not
        # summed batch by batch (a call less per update; equal to rounding).
        start -= theta
        start /= self.times
        grad_sum += start
        return done

    def _buffers(self, n: int) -> tuple:
        hb = np.ones((n, 3))  # [h1, h2, 1] per point
        scale = np.array(self.times / n)
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


class SignedTanhSGD:
    """Plain SGD of one run with tanh hidden units and cross-entropy, no L2 (the notebook's run
    and the page's default), on mini-batches of signed points: q x with q = 1 - 2y.

    For a point of class 1, sigmoid(l) - 1 = -sigmoid(-l), and tanh is odd: with q x in
    place of x, the point's z, h and logit are q times its own, and dL/dlogit is
    q sigmoid(q l). Every product of the gradient holds two such factors (q^2 = 1), so the
    label drops out of the loop. The hidden values' column of ones must become q as well: a
    third hidden unit with weights (0, 0, SATURATED) gives tanh(SATURATED q) = q exactly, and
    its slope 1 - q^2 = 0 keeps those weights where they are. So every buffer is a whole
    contiguous (n, 3) array, and an update is twelve calls on them: about a third faster than
    OneRun's thirteen on views. The maths is Backprop's (tests: steps against it, whole runs
    against train_many)."""

    def __init__(self, theta: np.ndarray, lr: float):
        self.theta, self.lr = theta, float(lr)
        self.inner = np.zeros(12)  # the three units' weights (3, 3), then [w13, w23, b13]
        self.A3 = self.inner[:9].reshape(3, 3)
        self.A3[:, 2] = (0.0, 0.0, SATURATED)
        self.vc = self.inner[9:].reshape(3, 1)
        self.step = np.zeros(12)  # lr x the gradient, in the same layout (its third column 0)
        self.buffers: dict[int, tuple] = {}

    @staticmethod
    def takes(act: Activation, kind: str, l2: float) -> bool:
        return is_builtin_tanh(act) and kind == "bce" and not l2

    @staticmethod
    def signed(xa: np.ndarray, y: np.ndarray) -> np.ndarray:
        """The augmented points (n, 3) times their sign 1 - 2y."""
        return xa * (1.0 - 2.0 * y)[:, None]

    def _buffers(self, n: int) -> tuple:
        h = np.empty((n, 3))
        made = (np.empty((n, 3)), h, h.T, np.empty((n, 1)), np.empty((n, 3)), np.empty((n, 3)))
        self.buffers[n] = made = (*made, np.array(self.lr / n))
        return made

    def sgd(
        self, batches, budget: int | None, deadline: float | None, *, grad_sum: np.ndarray
    ) -> int:
        """OneRun.sgd on signed batches (xq, xq transposed): the same contract."""
        theta, row, inner, A3, vc = self.theta, self.theta[:, 0], self.inner, self.A3, self.vc
        A3[:, :2] = row[:6].reshape(3, 2)
        vc[:, 0] = row[6:9]
        start = row.copy()
        v_row, step = inner[None, 9:], self.step
        gA, gvc = step[:9].reshape(3, 3), step[9:].reshape(3, 1)
        tanh, multiply, subtract = np.tanh, np.multiply, np.subtract
        perf_counter = time.perf_counter
        buffers, size, done = self.buffers, 0, 0
        for xb, xb_t in batches:
            if xb.shape[0] != size:  # the first batch, and a smaller last one
                size = xb.shape[0]
                z, h, h_t, g, dz, d, scale = buffers.get(size) or self._buffers(size)
            # Out-arrays given by position: a keyword costs a ufunc call 15-20 ns more.
            xb.dot(A3, z)
            tanh(z, h)  # q [h1, h2, 1]
            h.dot(vc, g)  # q l
            expit(g, g)
            multiply(g, scale, g)  # lr / n x q dL/dlogit
            h_t.dot(g, gvc)
            g.dot(v_row, dz)
            multiply(h, h, d)
            subtract(ONE, d, d)
            multiply(dz, d, dz)
            xb_t.dot(dz, gA)
            subtract(inner, step, inner)
            done += 1
            if done == budget or (deadline is not None and perf_counter() > deadline):
                break
        theta[:6, 0] = A3[:, :2].ravel()
        theta[6:9, 0] = inner[9:]
        start -= row  # as OneRun.sgd: the gradients' sum from where theta went
        start /= self.lr
        grad_sum[:, 0] += start
        return done


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
