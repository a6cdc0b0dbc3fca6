"""Any tiny network, forward and backward: the general path, written to be read first.

A network is a list of layers (W, b), W of shape (units out, units in), the output layer last
(Params.layers). For points X, one per row:

    h_0 = X,   z_l = h_(l-1) W_l^T + b_l,   h_l = f(z_l)   (each hidden layer l)
    logit = h_L W_out^T + b_out,   p = sigmoid(logit)

and backpropagation walks the same layers back: with delta = dL/dz of a layer (dL/dlogit for
the output), dL/dW = delta^T h_in, dL/db = the sum of delta over the points, and the layer
below gets dL/dh = delta W, then its own delta = f'(z) * dL/dh (softmax mixes the units: its
Jacobian-vector product, Activation.vjp).

`forward` and `backprop` are that, for one parameter set. `StackGradient` is the same maths
for the training loop (runs.py): many runs at once, each layer's W^T and b as one matrix
A = [W^T; b] applied to inputs padded with a column of ones (architecture.py's augmented
order). The 2-2-1 network has faster, hand-fused paths of its own (network.Backprop,
manyruns.py, onerun.py): named optimisations, held equal to this file by the tests.
"""

from __future__ import annotations

import numpy as np

from tinynet.model import architecture
from tinynet.model.activations import Activation
from tinynet.model.losses import dloss_dlogit, loss_from_logit

Layers = list[tuple[np.ndarray, np.ndarray]]


def forward(layers: Layers, X: np.ndarray, act: Activation):
    """Every hidden layer's z and h ((n, units) each, first layer first) and the logit (n,)."""
    h = X
    zs, hs = [], []
    for W, b in layers[:-1]:
        z = h @ W.T + b
        h = act.fn(z, act.value)  # softmax takes the layer's units on the last axis
        zs.append(z)
        hs.append(h)
    W, b = layers[-1]
    logit = (h @ W.T + b)[:, 0]
    return zs, hs, logit


def backprop(
    layers: Layers, X: np.ndarray, y: np.ndarray, act: Activation, kind: str, l2: float = 0.0
) -> Layers:
    """(dL/dW, dL/db) for every layer of the mean loss over the points (plus l2 times the sum
    of the squared weights, biases left out)."""
    zs, hs, logit = forward(layers, X, act)
    inputs = [X, *hs]  # what each layer takes in
    delta = dloss_dlogit(logit, y, kind)[:, None] / len(X)  # dL/dlogit, (n, 1)
    grads: Layers = []
    for index in reversed(range(len(layers))):
        W, _ = layers[index]
        dW = delta.T @ inputs[index]
        if l2:
            dW = dW + 2.0 * l2 * W
        grads.append((dW, delta.sum(axis=0)))
        if index > 0:  # on to the layer below: dL/dh, then through f
            delta = act.vjp(zs[index - 1], hs[index - 1], delta @ W)
    return grads[::-1]


class StackGradient:
    """dL/dtheta for every column of `theta` ((P, R): R runs' parameters in augmented order,
    updated in place by the caller between calls), on mini-batches of augmented points
    xb (R, n, 3) with labels yb (R, n, 1): `backprop` for many runs at once."""

    def __init__(
        self,
        theta: np.ndarray,
        hidden: tuple[int, ...],
        act: Activation,
        kind: str,
        l2: float = 0.0,
    ):
        self.theta, self.act, self.kind = theta, act, kind
        self.blocks = architecture.blocks(hidden)
        self.grad = np.zeros_like(theta)
        mask = architecture.weight_mask_augmented(hidden)
        self.l2w = (2.0 * l2) * mask[:, None] if l2 else None

    def matrices(self) -> list[np.ndarray]:
        """Each layer's A = [W^T; b] per run: (R, units in + 1, units out)."""
        R = self.theta.shape[1]
        return [
            np.ascontiguousarray(self.theta[s : s + rows * cols].T).reshape(R, rows, cols)
            for s, rows, cols in self.blocks
        ]

    def forward(self, xb: np.ndarray, As: list[np.ndarray] | None = None):
        """Each layer's padded input, each hidden z and h, and the logit (R, n, 1)."""
        As = self.matrices() if As is None else As
        act, a = self.act, xb
        inputs, zs, hs = [a], [], []
        for A in As[:-1]:
            z = a @ A
            h = act.fn(z, act.value)
            a = np.concatenate([h, np.ones(h.shape[:-1] + (1,), h.dtype)], axis=-1)
            zs.append(z)
            hs.append(h)
            inputs.append(a)
        return inputs, zs, hs, a @ As[-1]

    def __call__(self, xb: np.ndarray, yb: np.ndarray) -> np.ndarray:
        As = self.matrices()
        inputs, zs, hs, logit = self.forward(xb, As)
        delta = dloss_dlogit(logit, yb, self.kind)
        delta /= xb.shape[-2]
        R = self.theta.shape[1]
        for index in reversed(range(len(As))):
            s, rows, cols = self.blocks[index]
            gA = inputs[index].mT @ delta  # (R, rows, cols): dL/dW^T with dL/db below it
            self.grad[s : s + rows * cols] = gA.reshape(R, rows * cols).T
            if index > 0:
                dh = delta @ As[index][:, :-1, :].mT
                delta = self.act.vjp(zs[index - 1], hs[index - 1], dh)
        if self.l2w is not None:
            self.grad += self.l2w * self.theta
        return self.grad


# Metrics go through the points in blocks of about this many numbers per run and unit.
BLOCK_ELEMENTS = 1 << 16


def evaluate(
    theta: np.ndarray,
    hidden: tuple[int, ...],
    act: Activation,
    kind: str,
    xa: np.ndarray,
    y: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Mean loss (without L2) and accuracy of every column of theta (P, R) on the augmented
    points xa (n, 3) with labels y (n,), in blocks of points (memory stays small for a
    thousand runs on 20,000 points)."""
    stack = StackGradient(theta, hidden, act, kind)
    As = stack.matrices()
    R, n = theta.shape[1], len(xa)
    widest = max(hidden) + 1
    block = max(1, BLOCK_ELEMENTS // (R * widest))
    loss, right = np.zeros(R), np.zeros(R)
    for start in range(0, n, block):
        part, t = xa[start : start + block], y[start : start + block]
        logit = stack.forward(np.broadcast_to(part, (R, *part.shape)), As)[3][..., 0]
        loss += len(part) * loss_from_logit(logit, t, kind)
        right += ((logit > 0) == (t > 0.5)).sum(axis=-1)
    return loss / n, right / n
