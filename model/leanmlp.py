"""One run of any tiny network, with as few NumPy calls as the maths allows.

mlp.StackGradient is the general path written to be read; a single run (model.train, a page's
live run) of a network other than 2-2-1 takes this one instead: onerun.OneRun's method carried
over to any layers. 2-D arrays, buffers made once per batch size, each hidden layer's values
written beside a fixed column of ones (so one product gives the next layer's z with its bias,
and one gives that layer's dL/dW with dL/db), np.dot with out=, and for plain SGD the gradient
made already times the learning rate, so that an update is one subtraction. The maths is
mlp.backprop's (the tests hold the two within 1e-12 and whole runs with train_many's).
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit

from tinynet.model import architecture
from tinynet.model.activations import Activation
from tinynet.model.losses import accuracy_from_logit, dloss_dlogit, loss_from_logit
from tinynet.model.manyruns import is_builtin_tanh
from tinynet.model.onerun import ONE, OneRun


class LeanMLP(OneRun):
    """`times` x dL/dtheta for the single column of `theta` ((P, 1), augmented order, updated
    in place by the caller), on mini-batches (x (n, 3), x transposed, labels (n, 1)).
    OneRun.sgd runs plain SGD on it."""

    def __init__(
        self,
        theta: np.ndarray,
        hidden: tuple[int, ...],
        act: Activation,
        kind: str,
        l2: float = 0.0,
        times: float = 1.0,
    ):
        self.theta, self.times, self.act, self.kind = theta, float(times), act, kind
        self.theta_row = theta[:, 0]
        self.grad = np.zeros_like(theta)
        blocks = architecture.blocks(hidden)
        # Views into theta and grad: each layer's A = [W^T; b] and dL/dA.
        self.A = [self.theta_row[s : s + r * c].reshape(r, c) for s, r, c in blocks]
        self.gA = [self.grad[s : s + r * c, 0].reshape(r, c) for s, r, c in blocks]
        self.W = [A[:-1].T for A in self.A]  # W itself, (units out, units in), for dL/dh
        self.units = list(hidden)
        self.tanh = is_builtin_tanh(act)
        mask = architecture.weight_mask_augmented(hidden)
        self.l2w = (2.0 * l2 * self.times) * mask if l2 else None
        self.buffers: dict[int, tuple] = {}

    def _buffers(self, n: int) -> tuple:
        padded = []  # per hidden layer: [h, 1] (n, units + 1), its transpose, and h
        for k in self.units:
            hb = np.ones((n, k + 1))
            padded.append((hb, hb.T, hb[:, :k]))
        z = [np.empty((n, k)) for k in self.units]
        dz = [np.empty((n, k)) for k in self.units]
        d = [np.empty((n, k)) for k in self.units]
        made = (padded, z, dz, d, np.empty((n, 1)), np.array(self.times / n))
        self.buffers[n] = made
        return made

    def __call__(self, xb: np.ndarray, xb_t: np.ndarray, yb: np.ndarray) -> np.ndarray:
        n = xb.shape[0]
        padded, z, dz, d, g, scale = self.buffers.get(n) or self._buffers(n)
        act, A, layers = self.act, self.A, len(self.units)
        a = xb
        for index in range(layers):  # forward: z = [h, 1] A, h = f(z)
            a.dot(A[index], out=z[index])
            h = padded[index][2]
            if self.tanh:
                np.tanh(z[index], out=h)
            else:
                h[...] = act.fn(z[index], act.value)
            a = padded[index][0]
        a.dot(A[-1], out=g)  # the logit
        if self.kind == "bce":
            expit(g, out=g)
            np.subtract(g, yb, out=g)
        else:
            g[...] = dloss_dlogit(g, yb, self.kind)
        np.multiply(g, scale, out=g)
        delta = g
        for index in range(layers, 0, -1):  # backward, the output layer first
            below = padded[index - 1]
            below[1].dot(delta, out=self.gA[index])
            out = dz[index - 1]
            delta.dot(self.W[index], out=out)  # dL/dh of the layer below
            h = below[2]
            if self.tanh:  # f' = 1 - h^2
                np.multiply(h, h, out=d[index - 1])
                np.subtract(ONE, d[index - 1], out=d[index - 1])
                np.multiply(out, d[index - 1], out=out)
            elif not act.elementwise:
                out = act.vjp(z[index - 1], h, out)
            elif act.der_from_h is not None:
                np.multiply(out, act.der_from_h(h), out=out)
            else:
                np.multiply(out, act.der_fn(z[index - 1], act.value), out=out)
            delta = out
        xb_t.dot(delta, out=self.gA[0])
        if self.l2w is not None:
            self.grad[:, 0] += self.l2w * self.theta_row
        return self.grad


def evaluate_lean(
    theta: np.ndarray, hidden: tuple[int, ...], act: Activation, kind: str, xa, y
) -> tuple[np.ndarray, np.ndarray]:
    """mlp.evaluate for a stack of one run (theta (P, 1)): 2-D products, one per layer."""
    row = theta[:, 0]
    *inner, (s, r, c) = architecture.blocks(hidden)
    a = xa
    for start, rows, cols in inner:
        z = a.dot(row[start : start + rows * cols].reshape(rows, cols))
        h = np.tanh(z) if is_builtin_tanh(act) else act.fn(z, act.value)
        a = np.concatenate([h, np.ones((len(h), 1))], axis=1)
    logit = a.dot(row[s : s + r * c])
    return np.array([loss_from_logit(logit, y, kind)]), np.array([accuracy_from_logit(logit, y)])
