"""Mini-batch training of the 2-2-1 network, one run (`train`) or many at once (`train_many`).

Both go through one loop over a stack of R parameter rows, so a run trains the same whether
alone or among others: run r draws its initial weights and every epoch's shuffle from its own
numpy Generator seeded with seeds[r], exactly as `train(seed=seeds[r])` does.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

import numpy as np

from tinynet.model.activations import Activation, resolve
from tinynet.model.initializers import INITS
from tinynet.model.network import (
    AUG,
    LOSSES,
    Backprop,
    accuracy_from_logit,
    as_labels,
    as_points,
    augment,
    loss_from_logit,
)
from tinynet.model.optimizers import OPTIMIZERS
from tinynet.model.params import Params

MAX_PARAM = 1e6


@dataclasses.dataclass(frozen=True)
class History:
    """Metrics per epoch; index 0 is the start, index k the end of epoch k."""

    loss: np.ndarray
    accuracy: np.ndarray
    # |dL/dtheta|: at index 0 on the whole training set, after that the norm of the epoch's
    # mean mini-batch gradient (what the updates followed; far cheaper than a full pass).
    grad_norm: np.ndarray
    test_loss: np.ndarray | None = None
    test_accuracy: np.ndarray | None = None


@dataclasses.dataclass(frozen=True)
class TrainResult:
    params: Params  # the final (or, after divergence, the last finite) parameters
    history: History
    trajectory: np.ndarray  # (epochs_run + 1, 9) in Params order: the start, then every epoch
    epochs_run: int
    diverged: bool = False
    message: str = ""
    seed: int = 0

    def params_at(self, epoch: int) -> Params:
        return Params.from_array(self.trajectory[epoch])


def _check_options(epochs, batch_size, lr, optimizer, init, l2, loss) -> None:
    def positive_int(name: str, value) -> None:
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{name} must be a whole number >= 1, got {value!r}")

    positive_int("epochs", epochs)
    positive_int("batch_size", batch_size)
    if not isinstance(lr, (int, float)) or not math.isfinite(lr) or lr <= 0:
        raise ValueError(f"lr (learning rate) must be a finite number > 0, got {lr!r}")
    if not isinstance(l2, (int, float)) or not math.isfinite(l2) or l2 < 0:
        raise ValueError(f"l2 must be a finite number >= 0, got {l2!r}")
    for name, value, registry in (
        ("optimizer", optimizer, OPTIMIZERS),
        ("init", init, INITS),
        ("loss", loss, LOSSES),
    ):
        if value not in registry:
            raise ValueError(f"unknown {name} {value!r}; choose one of {', '.join(registry)}")


def _check_seed(seed) -> int:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a whole number >= 0, got {seed!r}")
    return int(seed)


def _metrics(backprop: Backprop, xa, y):
    """Loss and accuracy of every row on all the points (a forward pass only)."""
    logit = backprop.forward(xa)[2][..., 0]
    return loss_from_logit(logit, y, backprop.kind), accuracy_from_logit(logit, y)


def _norm(grad: np.ndarray) -> np.ndarray:
    return np.sqrt((grad * grad).sum(axis=1))


def _batches(xa: np.ndarray, y_col: np.ndarray, order: np.ndarray, size: int):
    """Each run's mini-batches in its own shuffled order, as contiguous (R, size, 3) blocks."""
    R, n = order.shape
    full = n // size
    idx = order[:, : full * size].reshape(R, full, size).transpose(1, 0, 2)  # (full, R, size)
    xe = np.take(xa, idx, axis=0)
    xe_t = np.ascontiguousarray(xe.swapaxes(-1, -2))
    ye = np.take(y_col, idx, axis=0)
    for k in range(full):
        yield xe[k], xe_t[k], ye[k]
    if full * size < n:  # the last, smaller batch, as Keras also trains on it
        rest = order[:, full * size :]
        xr = np.take(xa, rest, axis=0)
        yield xr, xr.swapaxes(-1, -2), np.take(y_col, rest, axis=0)


def _divergence_message(epoch: int, lr: float, optimizer: str, what: str) -> str:
    kept = (
        "the starting weights" if epoch == 1 else f"the weights from the end of epoch {epoch - 1}"
    )
    hint = f"Try a smaller learning rate (now {lr:g})"
    if optimizer != "adam":
        hint += ", or the adam optimizer"
    return f"Training diverged in epoch {epoch}: {what}. Kept {kept}. {hint}."


def _train_stack(
    X,
    y,
    seeds,
    activation,
    epochs,
    batch_size,
    lr,
    optimizer,
    init,
    l2,
    loss,
    params,
    X_test,
    y_test,
    activation_param=None,
) -> list[TrainResult]:
    _check_options(epochs, batch_size, lr, optimizer, init, l2, loss)
    seeds = [_check_seed(s) for s in seeds]
    act: Activation = resolve(activation, activation_param)
    X = as_points(X)
    y = as_labels(y, len(X))
    has_test = X_test is not None and y_test is not None
    if has_test:
        X_test = as_points(X_test)
        y_test = as_labels(y_test, len(X_test))
    n, R = len(X), len(seeds)
    if n == 0:
        raise ValueError("no training points")
    opt = OPTIMIZERS[optimizer]
    rngs = [np.random.default_rng(s) for s in seeds]
    if params is None:
        start = np.stack([INITS[init].draw(rng) for rng in rngs])
    else:
        start = np.tile(params.to_array(), (R, 1))
    theta = start[:, AUG]  # augmented order, updated in place below
    backprop = Backprop(theta, act, loss, l2)
    state = opt.init(theta.shape)
    lr_rows = np.full((R, 1), float(lr))
    active = np.ones(R, bool)
    stopped_at = np.full(R, epochs)  # epochs completed per run
    messages = [""] * R

    xa = augment(X)
    xa_t, y_col = xa.T.copy(), y[:, None]
    if has_test:
        xa_test = augment(X_test)
    traj = np.empty((epochs + 1, R, 9))
    metrics = np.full((5, epochs + 1, R), np.nan)  # loss, acc, grad norm, test loss, test acc
    traj[0] = theta
    metrics[2, 0] = _norm(backprop(xa, xa_t, y_col))
    metrics[:2, 0] = _metrics(backprop, xa, y)
    if has_test:
        metrics[3:, 0] = _metrics(backprop, xa_test, y_test)
    grad_sum = np.zeros_like(theta)

    step = 0
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for epoch in range(1, epochs + 1):
            order = np.stack([rng.permutation(n) for rng in rngs])
            grad_sum[:] = 0.0
            for xb, xb_t, yb in _batches(xa, y_col, order, batch_size):
                step += 1
                grad = backprop(xb, xb_t, yb)
                grad_sum += grad
                opt.step(theta, grad, state, lr_rows, step)
            loss_now, acc_now = _metrics(backprop, xa, y)
            epoch_metrics = (loss_now, acc_now, _norm(grad_sum) / -(-n // batch_size))
            bad = active & (
                ~np.isfinite(theta).all(axis=1)
                | (np.abs(theta).max(axis=1) > MAX_PARAM)
                | ~np.isfinite(epoch_metrics[0])
            )
            for r in np.flatnonzero(bad):
                what = (
                    f"a parameter went beyond {MAX_PARAM:g}"
                    if np.isfinite(theta[r]).all() and np.isfinite(epoch_metrics[0][r])
                    else "the loss became infinite or NaN"
                )
                messages[r] = _divergence_message(epoch, lr, optimizer, what)
            if bad.any():
                # Freeze the run at its last finite parameters; the others go on.
                theta[bad] = traj[epoch - 1, bad]
                opt.reset_rows(state, bad)
                lr_rows[bad] = 0.0
                active &= ~bad
                stopped_at[bad] = epoch - 1
                epoch_metrics = tuple(m.copy() for m in epoch_metrics)
                for m, previous in zip(epoch_metrics, metrics[:3, epoch - 1]):
                    m[bad] = previous[bad]
            traj[epoch] = theta
            metrics[:3, epoch] = epoch_metrics
            if has_test:
                metrics[3:, epoch] = _metrics(backprop, xa_test, y_test)
            if not active.any():
                break
    traj = traj[:, :, AUG]  # back to Params order

    results = []
    for r, seed in enumerate(seeds):
        k = int(stopped_at[r])
        m = metrics[:, : k + 1, r]
        history = History(
            m[0].copy(),
            m[1].copy(),
            m[2].copy(),
            m[3].copy() if has_test else None,
            m[4].copy() if has_test else None,
        )
        results.append(
            TrainResult(
                Params.from_array(traj[k, r]),
                history,
                traj[: k + 1, r].copy(),
                k,
                diverged=bool(messages[r]),
                message=messages[r],
                seed=seed,
            )
        )
    return results


def train(
    X: np.ndarray,
    y: np.ndarray,
    activation: str | Activation = "tanh",
    epochs: int = 150,
    batch_size: int = 16,
    lr: float = 0.05,
    optimizer: str = "sgd",
    seed: int = 42,
    init: str = "glorot_normal",
    l2: float = 0.0,
    loss: str = "bce",
    params: Params | None = None,
    X_test: np.ndarray | None = None,
    y_test: np.ndarray | None = None,
) -> TrainResult:
    """Train by mini-batch gradient descent, reshuffling every epoch (the notebook's Keras run).

    Starts from `params` when given, else from `init` drawn with `seed`. A run whose loss
    becomes non-finite, or whose parameters pass 1e6, stops with diverged=True and keeps its
    last finite parameters.
    """
    return _train_stack(
        X,
        y,
        [seed],
        activation,
        epochs,
        batch_size,
        lr,
        optimizer,
        init,
        l2,
        loss,
        params,
        X_test,
        y_test,
    )[0]


def train_many(
    X: np.ndarray,
    y: np.ndarray,
    seeds: Sequence[int],
    activation: str | Activation = "tanh",
    epochs: int = 150,
    batch_size: int = 16,
    lr: float = 0.05,
    optimizer: str = "sgd",
    init: str = "glorot_normal",
    l2: float = 0.0,
    loss: str = "bce",
    params: Params | None = None,
    X_test: np.ndarray | None = None,
    y_test: np.ndarray | None = None,
) -> list[TrainResult]:
    """One run per seed, trained together as a stack (vectorised over runs, not a loop)."""
    seeds = list(seeds)
    if not seeds:
        raise ValueError("seeds must name at least one seed")
    return _train_stack(
        X,
        y,
        seeds,
        activation,
        epochs,
        batch_size,
        lr,
        optimizer,
        init,
        l2,
        loss,
        params,
        X_test,
        y_test,
    )
