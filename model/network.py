"""Forward pass, losses and backpropagation: the public functions, for any tiny network.

They take Params of any architecture (or its layers). Other architectures go through
mlp.py, the general path; the 2-2-1 network keeps its own, Backprop below (held equal to
mlp.py by the tests). For 2-2-1 internally a parameter set is a row of nine numbers in the
"augmented" order [w11, w21, w12, w22, b11, b12, w13, w23, b13], so that with inputs padded by a 1,
z = [x1, x2, 1] @ A where A = row[:6].reshape(3, 2): one matrix product gives W x + b, and one
gives dL/dW and dL/db together. Rows stack into (R, 9) arrays, which is how train_many trains
many runs in one vectorised loop. Public functions take Params and hide all of this.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy.special import expit

from tinynet.model import mlp
from tinynet.model.activations import Activation, resolve, sigmoid
from tinynet.model.architecture import DEFAULT, augmented_order, count, weight_mask
from tinynet.model.architecture import check as check_hidden
from tinynet.model.losses import (  # noqa: F401 (re-exported: older imports name network)
    LOSSES,
    LossKind,
    accuracy_from_logit,
    check_loss,
    dloss_dlogit,
    loss_from_logit,
)
from tinynet.model.params import Params

# Params order <-> augmented order: only w12 and w21 trade places, so the map is its own inverse.
AUG = np.array([0, 2, 1, 3, 4, 5, 6, 7, 8])
# Weights (not biases) take the L2 penalty, as Keras's kernel_regularizer and the Playground do.
WEIGHT_MASK_AUG = np.array([1, 1, 1, 1, 0, 0, 1, 1, 0], dtype=float)


class Forward(NamedTuple):
    z: np.ndarray  # (n, units) pre-activations W x + b of the last hidden layer
    h: np.ndarray  # (n, units) its values f(z): the space the output unit cuts with a line
    logit: np.ndarray  # (n,) w13 h1 + w23 h2 + b13 (W_out h + b_out)
    proba: np.ndarray  # (n,) sigmoid(logit)
    zs: tuple = ()  # every hidden layer's z, the first layer first (z is the last)
    hs: tuple = ()  # and its h


def as_points(X: np.ndarray) -> np.ndarray:
    arr = np.asarray(X, dtype=float)
    if arr.ndim != 2 or arr.shape[1] != 2:
        raise ValueError(f"points must have shape (n, 2), got {arr.shape}")
    finite = np.isfinite(arr).all(axis=1)
    if not finite.all():
        bad = np.flatnonzero(~finite)
        raise ValueError(
            f"the points X must be finite numbers: {len(bad):,} of {len(arr):,} rows hold NaN "
            f"or infinity, the first is row {bad[0]} {arr[bad[0]].tolist()}"
        )
    return arr


def as_labels(y: np.ndarray, n: int) -> np.ndarray:
    arr = np.asarray(y)
    if arr.shape != (n,):
        raise ValueError(f"labels must have shape ({n},), got {arr.shape}")
    if not np.isin(arr, (0, 1)).all():
        raise ValueError("labels must be 0 or 1")
    return arr.astype(float)


def augment(X: np.ndarray) -> np.ndarray:
    """(n, 2) points -> (n, 3) with a column of ones, so that the bias rides along."""
    out = np.ones(X.shape[:-1] + (3,))
    out[..., :2] = X
    return out


class Backprop:
    """Gradients for a stack of R parameter rows (augmented order), written into self.grad.

    `theta` is held by reference: the caller updates it in place and calls again, which keeps
    the training loop free of reallocations and re-slicing.
    """

    def __init__(self, theta: np.ndarray, act: Activation, kind: str, l2: float = 0.0):
        R = theta.shape[0]
        self.theta, self.act, self.kind, self.l2 = theta, act, kind, float(l2)
        self.A = theta[:, :6].reshape(R, 3, 2)
        self.v = theta[:, 6:8, None]  # (R, 2, 1)
        self.c = theta[:, 8:9, None]  # (R, 1, 1)
        self.v_row = theta[:, None, 6:8]  # (R, 1, 2)
        self.grad = np.zeros((R, 9))
        self._dA = self.grad[:, :6].reshape(R, 3, 2)
        self._dv = self.grad[:, 6:8, None]
        self._dc = self.grad[:, 8:9]
        self.logit = np.empty(0)

    def forward(self, xa: np.ndarray):
        """z, h (R, n, 2) and logit (R, n, 1) for augmented points xa ((n, 3) or (R, n, 3))."""
        z = xa @ self.A
        h = self.act.fn(z, self.act.value)
        logit = h @ self.v
        logit += self.c
        return z, h, logit

    def __call__(self, xa: np.ndarray, xa_t: np.ndarray, y: np.ndarray) -> np.ndarray:
        """dL/dtheta of the mean loss on the points; xa_t is xa with its last two axes swapped
        (passed in so callers can make it contiguous once); y has shape (..., n, 1)."""
        z, h, self.logit = self.forward(xa)
        scale = 1.0 / xa.shape[-2]
        if self.kind == "bce":
            # (sigmoid(l) - y) / n, in three passes over the logits.
            g = expit(self.logit)
            g -= y
            g *= scale
        else:
            g = dloss_dlogit(self.logit, y, self.kind)
            g *= scale
        np.matmul(h.mT, g, out=self._dv)
        np.add.reduce(g, axis=-2, out=self._dc)
        dz = self.act.vjp(z, h, g @ self.v_row)
        np.matmul(xa_t, dz, out=self._dA)
        if self.l2:
            self.grad += (2.0 * self.l2) * WEIGHT_MASK_AUG * self.theta
        return self.grad


def _single(params: Params) -> np.ndarray:
    return params.to_array()[AUG][None]


def as_params(params) -> Params:
    """Params of any architecture, or its layers [(W, b), ...] (Params.layers)."""
    if isinstance(params, Params):
        return params
    if isinstance(params, (list, tuple)):
        return Params.from_layers(params)
    raise TypeError(f"parameters must be Params or a list of (W, b) layers, got {type(params)}")


def forward(params, X: np.ndarray, activation: str | Activation = "tanh") -> Forward:
    """z = W x + b, h = f(z), logit = w13 h1 + w23 h2 + b13, proba = sigmoid(logit), per point;
    for deeper networks layer by layer (zs, hs), z and h being the last hidden layer's."""
    params = as_params(params)
    X = as_points(X)
    act = resolve(activation)
    if params.hidden == DEFAULT:  # the 2-2-1 network's own path, equal to mlp.forward
        z, h, logit = Backprop(_single(params), act, "bce").forward(augment(X))
        z, h, logit = z[0], h[0], logit[0, :, 0]
        return Forward(z, h, logit, sigmoid(logit), (z,), (h,))
    zs, hs, logit = mlp.forward(params.layers, X, act)
    return Forward(zs[-1], hs[-1], logit, sigmoid(logit), tuple(zs), tuple(hs))


def penalty(params: Params) -> float:
    """The sum of the squared weights (biases left out): what l2 multiplies."""
    return float(np.sum(weight_mask(params.hidden) * params.to_array() ** 2))


def loss(
    params,
    X: np.ndarray,
    y: np.ndarray,
    activation: str | Activation = "tanh",
    kind: LossKind = "bce",
    l2: float = 0.0,
) -> float:
    """Mean loss over the points, plus l2 * (sum of squared weights) when l2 > 0."""
    check_loss(kind)
    params = as_params(params)
    X = as_points(X)
    y = as_labels(y, len(X))
    logit = forward(params, X, activation).logit
    value = float(loss_from_logit(logit, y, kind))
    if l2:
        value += l2 * penalty(params)
    return value


def gradients(
    params,
    X: np.ndarray,
    y: np.ndarray,
    activation: str | Activation = "tanh",
    kind: LossKind = "bce",
    l2: float = 0.0,
):
    """dL/dtheta of loss(...) (mean over the points), in the structure given: Params named
    like the parameters, or [(dW, db), ...] for layers."""
    check_loss(kind)
    given = params
    params = as_params(params)
    X = as_points(X)
    y = as_labels(y, len(X))
    act = resolve(activation)
    if params.hidden == DEFAULT:  # the 2-2-1 network's own path, equal to mlp.backprop
        xa = augment(X)
        grad = Backprop(_single(params), act, kind, l2)(xa, xa.T, y[:, None])
        out = Params.from_array(grad[0][AUG])
    else:
        grads = mlp.backprop(params.layers, X, y, act, kind, l2)
        out = Params.from_layers(grads)
    return out if isinstance(given, Params) else out.layers


def loss_many(
    thetas: np.ndarray,
    X: np.ndarray,
    y: np.ndarray,
    activation: str | Activation = "tanh",
    kind: LossKind = "bce",
    l2: float = 0.0,
    chunk_elements: int = 4_000_000,
    hidden=DEFAULT,
) -> np.ndarray:
    """loss(...) for many parameter sets at once: thetas is (R, 9) in Params order (R rows
    of the architecture's parameters for another `hidden`).

    Rows are evaluated in chunks so that memory stays near `chunk_elements` numbers."""
    check_loss(kind)
    X = as_points(X)
    y = as_labels(y, len(X))
    hidden = check_hidden(hidden)
    thetas = np.asarray(thetas, dtype=float).reshape(-1, count(hidden))
    act = resolve(activation)
    xa = augment(X)
    if hidden != DEFAULT:
        aug = augmented_order(hidden)
        out = np.concatenate(
            [
                mlp.evaluate(np.ascontiguousarray(part[:, aug].T), hidden, act, kind, xa, y)[0]
                for part in np.array_split(thetas, max(1, len(thetas) // 256))
            ]
        )
        if l2:
            out += l2 * (thetas**2 * weight_mask(hidden)).sum(axis=1)
        return out
    rows = max(1, chunk_elements // max(2 * len(X), 1))
    out = np.empty(len(thetas))
    for start in range(0, len(thetas), rows):
        part = thetas[start : start + rows][:, AUG]
        logit = Backprop(np.ascontiguousarray(part), act, kind).forward(xa)[2][..., 0]
        out[start : start + rows] = loss_from_logit(logit, y, kind)
    if l2:
        out += l2 * (thetas[:, AUG] ** 2 * WEIGHT_MASK_AUG).sum(axis=1)
    return out
