"""A run the page posts back to go on training (model.RunState as JSON), checked like every
other payload: a tampered or damaged state is refused with the reason, and the run stays where
it was on the page."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from tinynet.explorer.limits import EPOCHS_MAX, WEIGHT_LIMIT
from tinynet.explorer.state.training import MAX_SEED, TrainOptions
from tinynet.model import OPTIMIZERS, RunState, architecture

KEYS = {"params", "optimizer", "seed", "epoch", "batch", "step", "grad_sum", "start_loss"}
# What the optimizers remember stays far below this in any run that has not diverged.
MEMORY_LIMIT = 1e12
MESSAGE_MAX = 600


class RunRefused(ValueError):
    """A posted run that cannot be trained on, with what is wrong with it."""


def _whole(raw: Mapping, key: str, low: int, high: int) -> int:
    value = raw.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise RunRefused(f"{key} must be a whole number from {low:,} to {high:,}")
    return value


def _numbers(value: Any, what: str, limit: float, count: int = 9) -> np.ndarray:
    if not isinstance(value, list) or len(value) != count:
        raise RunRefused(f"{what} must be {count} numbers")
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
        raise RunRefused(f"{what} must be {count} numbers")
    try:
        arr = np.array(value, dtype=float)
    except OverflowError:  # a whole number past the floats' range
        raise RunRefused(f"{what} must be finite and within ±{limit:g}") from None
    if not np.isfinite(arr).all() or np.abs(arr).max() > limit:
        raise RunRefused(f"{what} must be finite and within ±{limit:g}")
    return arr


def parse_run(
    raw: Any, options: TrainOptions, batches: int, expected_hidden=architecture.DEFAULT
) -> RunState:
    """A RunState from what the page posted, for a run trained with `options` in `batches`
    mini-batches an epoch; RunRefused says what is wrong."""
    if not isinstance(raw, Mapping) or not KEYS <= set(raw) <= KEYS | {"stopped", "hidden"}:
        raise RunRefused("the run's state is incomplete")
    try:
        hidden = architecture.check(raw.get("hidden", list(architecture.DEFAULT)))
    except ValueError as exc:
        raise RunRefused(f"the run's network: {exc}") from None
    if hidden != expected_hidden:
        raise RunRefused("the run's network is not the one it was started with")
    count = architecture.count(hidden)
    if raw.get("stopped"):
        raise RunRefused("this run has stopped; press Train for a new one")
    epoch = _whole(raw, "epoch", 0, EPOCHS_MAX)
    batch = _whole(raw, "batch", 0, batches - 1)
    step = _whole(raw, "step", 0, (EPOCHS_MAX + 1) * batches)
    if step != epoch * batches + batch:
        raise RunRefused("the run's update count does not match its epoch and batch")
    memory = raw["optimizer"]
    expected = set(OPTIMIZERS[options.optimizer].init((1, count)))
    if not isinstance(memory, Mapping) or set(memory) != expected:
        raise RunRefused(f"the optimizer's memory does not belong to {options.optimizer}")
    optimizer = {
        k: _numbers(memory[k], f"optimizer {k}", MEMORY_LIMIT, count) for k in sorted(expected)
    }
    if "v" in optimizer and (optimizer["v"] < 0).any():
        raise RunRefused("adam's second moment cannot be negative")
    start_loss = raw["start_loss"]
    if (
        isinstance(start_loss, bool)
        or not isinstance(start_loss, (int, float))
        or abs(start_loss) > 1e300  # (a 400-digit integer overflows math.isfinite)
        or not math.isfinite(start_loss)
        or start_loss < 0
    ):
        raise RunRefused("start_loss must be a finite number >= 0")
    return RunState(
        params=_numbers(raw["params"], "params", WEIGHT_LIMIT, count),
        optimizer=optimizer,
        seed=_whole(raw, "seed", 0, MAX_SEED),
        epoch=epoch,
        batch=batch,
        step=step,
        grad_sum=_numbers(raw["grad_sum"], "grad_sum", MEMORY_LIMIT, count),
        start_loss=float(start_loss),
        hidden=hidden,
    )
