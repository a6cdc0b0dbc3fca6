"""Training options from untrusted input, through the same reader as the page's state."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from tinynet.datasets import MAX_SAMPLES
from tinynet.explorer.limits import EPOCHS_MAX, L2_MAX, LR_RANGE, RESTARTS_MAX, TEST_FRACTION_MAX
from tinynet.explorer.state.reader import Reader
from tinynet.model import INITS, LOSSES, OPTIMIZERS

MAX_SEED = 2**32 - 1
STARTS = {"init": "a fresh seeded initialisation", "sliders": "the weights on the sliders"}


@dataclasses.dataclass(frozen=True)
class TrainOptions:
    """How to train; the defaults are the notebook's Keras run."""

    optimizer: str = "sgd"
    lr: float = 0.05
    epochs: int = 150
    batch_size: int = 16
    loss: str = "bce"
    init: str = "glorot_normal"
    seed: int = 42
    l2: float = 0.0
    test_fraction: float = 0.0
    start: str = "init"
    restarts: int = 100


def parse_train(raw: Any, base: TrainOptions | None = None) -> tuple[TrainOptions, list[str]]:
    """Valid training options from untrusted `raw`, like parse does for the state."""
    base = base or TrainOptions()
    if not isinstance(raw, Mapping):
        return base, [f"expected a set of named values, got {type(raw).__name__}; nothing changed"]
    r = Reader(raw)
    options = TrainOptions(
        optimizer=r.choice("optimizer", OPTIMIZERS, base.optimizer),
        lr=r.number("lr", *LR_RANGE, base.lr),
        epochs=r.whole("epochs", 1, EPOCHS_MAX, base.epochs),
        batch_size=r.whole("batch_size", 1, MAX_SAMPLES, base.batch_size),
        loss=r.choice("loss", LOSSES, base.loss),
        init=r.choice("init", INITS, base.init),
        seed=r.whole("seed", 0, MAX_SEED, base.seed),
        l2=r.number("l2", 0.0, L2_MAX, base.l2),
        test_fraction=r.number("test_fraction", 0.0, TEST_FRACTION_MAX, base.test_fraction),
        start=r.choice("start", STARTS, base.start),
        restarts=r.whole("restarts", 1, RESTARTS_MAX, base.restarts),
    )
    return options, r.messages
