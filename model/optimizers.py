"""Optimizers: a registry of name -> Optimizer, each updating a stack of parameter rows in place.

`lr` is an (R, 1) array so that a run that has stopped (diverged) can be frozen with lr = 0
while the other runs of train_many go on.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import numpy as np

State = dict[str, np.ndarray]


def _sgd_init(shape: tuple[int, ...]) -> State:
    return {}


def _sgd_step(theta: np.ndarray, grad: np.ndarray, state: State, lr: np.ndarray, t: int) -> None:
    # In place (the gradient is spent once the step is taken): no temporary array.
    np.multiply(grad, lr, out=grad)
    theta -= grad


def _momentum_init(shape: tuple[int, ...]) -> State:
    return {"velocity": np.zeros(shape)}


def _momentum_step(theta, grad, state, lr, t) -> None:
    # Keras's form: velocity = 0.9 velocity - lr grad; theta += velocity.
    vel = state["velocity"]
    vel *= MOMENTUM
    vel -= lr * grad
    theta += vel


def _adam_init(shape: tuple[int, ...]) -> State:
    return {"m": np.zeros(shape), "v": np.zeros(shape)}


def _adam_step(theta, grad, state, lr, t) -> None:
    m, v = state["m"], state["v"]
    m *= ADAM_BETA1
    m += (1.0 - ADAM_BETA1) * grad
    v *= ADAM_BETA2
    v += (1.0 - ADAM_BETA2) * grad * grad
    m_hat = m / (1.0 - ADAM_BETA1**t)
    v_hat = v / (1.0 - ADAM_BETA2**t)
    theta -= lr * m_hat / (np.sqrt(v_hat) + ADAM_EPS)


MOMENTUM = 0.9
ADAM_BETA1, ADAM_BETA2, ADAM_EPS = 0.9, 0.999, 1e-7  # Keras's defaults


@dataclasses.dataclass(frozen=True)
class Optimizer:
    name: str
    description: str
    init: Callable[[tuple[int, ...]], State]
    step: Callable[[np.ndarray, np.ndarray, State, np.ndarray, int], None]

    def reset_rows(self, state: State, rows: np.ndarray) -> None:
        for arr in state.values():
            arr[rows] = 0.0


OPTIMIZERS: dict[str, Optimizer] = {
    o.name: o
    for o in [
        Optimizer(
            "sgd", "plain stochastic gradient descent: theta -= lr * grad", _sgd_init, _sgd_step
        ),
        Optimizer(
            "momentum", "SGD with momentum 0.9 (Keras's form)", _momentum_init, _momentum_step
        ),
        Optimizer("adam", "Adam (beta1 0.9, beta2 0.999, eps 1e-7)", _adam_init, _adam_step),
    ]
}
