"""A run's state and records as plain data, and what is said when a run must stop.

A run's whole state is a few numbers (RunState): its parameters, what the optimizer
remembers, where it is (epoch, mini-batch, update count) and its seed. Each epoch's shuffle
is drawn from (seed, epoch) alone (epoch_order), so training from a RunState needs nothing
else (runs.py says what that makes possible).
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from tinynet.model.architecture import DEFAULT
from tinynet.model.initializers import INITS

MAX_PARAM = 1e6
# A blow-up: the training loss at an epoch's end is more than BLOWUP_FACTOR times the loss the
# run started from, and more than BLOWUP_FLOOR (so a tiny starting loss cannot trip it). For
# cross-entropy a confident network that is wrong everywhere pays about |logit| per point, so
# such a loss means the steps have thrown the weights far past any solution.
BLOWUP_FACTOR = 10.0
BLOWUP_FLOOR = 2.0


@dataclasses.dataclass(frozen=True)
class RunState:
    """Everything needed to go on training one run (parameters in Params order).

    epoch: epochs completed; batch: mini-batches done in the epoch under way; step: updates
    done in all (Adam's t); grad_sum: the sum of this epoch's mini-batch gradients so far (for
    the epoch's mean gradient); start_loss: the training loss the run started from."""

    params: np.ndarray
    optimizer: dict[str, np.ndarray]
    seed: int
    epoch: int = 0
    batch: int = 0
    step: int = 0
    grad_sum: np.ndarray | None = None
    start_loss: float = math.nan
    stopped: str = ""  # why the run cannot go on (diverged, blew up); "" while it can
    hidden: tuple[int, ...] = DEFAULT  # the architecture (model/architecture.py)

    def to_dict(self) -> dict:
        """Plain JSON: lists of floats and numbers."""
        return {
            "params": [float(v) for v in self.params],
            "optimizer": {k: [float(v) for v in arr] for k, arr in self.optimizer.items()},
            "seed": int(self.seed),
            "epoch": int(self.epoch),
            "batch": int(self.batch),
            "step": int(self.step),
            "grad_sum": [float(v) for v in self.grad_sum] if self.grad_sum is not None else None,
            "start_loss": float(self.start_loss),
            "stopped": self.stopped,
            # Only when not 2-2-1: a 2-2-1 run's JSON stays as pages before hidden layers knew it.
            **({} if self.hidden == DEFAULT else {"hidden": list(self.hidden)}),
        }


@dataclasses.dataclass(frozen=True)
class Record:
    """One point of a run's history: where it was (epoch, plus the share of the epoch done when
    it is not an epoch's end) with its parameters and metrics."""

    at: float
    params: np.ndarray
    loss: float
    accuracy: float
    grad_norm: float
    test_loss: float | None = None
    test_accuracy: float | None = None


def epoch_order(seed: int, epoch: int, n: int) -> np.ndarray:
    """The order in which epoch `epoch` (from 1) visits the n points: from (seed, epoch) only."""
    return np.random.default_rng([seed, epoch]).permutation(n)


def initial_params(init: str, seed: int, hidden=DEFAULT) -> np.ndarray:
    """A fresh run's starting numbers (Params order, nine for 2-2-1), drawn with its seed."""
    return INITS[init].draw(np.random.default_rng(seed), hidden)


def divergence_message(epoch: int, lr: float, optimizer: str, what: str) -> str:
    kept = (
        "the starting weights" if epoch == 1 else f"the weights from the end of epoch {epoch - 1}"
    )
    hint = f"Try a smaller learning rate (now {lr:g})"
    if optimizer != "adam":
        hint += ", or the adam optimizer"
    return f"Training diverged in epoch {epoch}: {what}. Kept {kept}. {hint}."


def blowup_message(epoch: int, start: float, now: float, lr: float, optimizer: str) -> str:
    hint = f"Try a learning rate ten times smaller (now {lr:g})"
    if optimizer != "adam":
        hint += ", or the adam optimizer, which takes steps of about the learning rate"
    return (
        f"Training blew up in epoch {epoch}: the loss grew from {start:.3g} to {now:.3g} "
        f"(over {BLOWUP_FACTOR:g} times where it started). The steps are so large that "
        f"each one throws the weights past where the loss is low. Stopped here. {hint}."
    )
