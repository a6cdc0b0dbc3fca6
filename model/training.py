"""Mini-batch training of a tiny network (2-2-1 unless told): one run (`train`), many at once
(`train_many`), or a chunk at a time (`train_chunk`), all on the stack of runs in runs.py.

Run r draws its initial weights from a Generator seeded with its seed, and epoch k's shuffle
from (seed, k) alone. So a run cut into chunks of any sizes is the run of one call, bit for bit;
alone (train) or in a stack of others (train_many) it takes the same steps, equal to rounding:
a stack sums in another order, and a rounding difference grows like any other perturbation
where training is sensitive (see train_many for what that comes to).
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Sequence

import numpy as np

from tinynet.model.activations import Activation, resolve
from tinynet.model.architecture import DEFAULT, label
from tinynet.model.architecture import check as check_hidden
from tinynet.model.initializers import INITS
from tinynet.model.network import LOSSES, as_labels, as_points
from tinynet.model.optimizers import OPTIMIZERS
from tinynet.model.params import Params
from tinynet.model.runs import Record, RunState, Stack, initial_params


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
    params: Params  # the final (or, after divergence, the last good) parameters
    history: History
    # (epochs_run + 1, P) in Params order (P = 9 for 2-2-1): the start, then every epoch
    trajectory: np.ndarray
    epochs_run: int
    diverged: bool = False  # stopped early: diverged or blew up (message says which)
    message: str = ""
    seed: int = 0
    state: RunState | None = None  # train(..., resume=state) goes on from here

    def params_at(self, epoch: int) -> Params:
        return Params.from_array(self.trajectory[epoch], self.params.hidden)


@dataclasses.dataclass(frozen=True)
class Chunk:
    """What train_chunk did: each run's state to go on from, and its new records (a fresh
    start's first record is its epoch 0)."""

    states: list[RunState]
    records: list[list[Record]]
    # A fresh start's states at epoch 0 (None when the chunk went on from given states): a
    # page keeps them to train again from the start to any epoch it has shown.
    start: list[RunState] | None = None

    @property
    def done(self) -> bool:
        return all(s.stopped for s in self.states)


def check_options(epochs, batch_size, lr, optimizer, init, l2, loss) -> None:
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


PRECISIONS = (np.dtype(np.float64), np.dtype(np.float32))
# How far train_many's runs stray from train's float64 run of the same seed, the largest
# difference over a whole run (benchmarks/bench_precision.py: 200 seeds of each of 7
# configurations at learning rates up to 0.1, 150 epochs). In float32, parameters: median
# 2e-5, 95% of runs under 2e-4, the worst 3.6e-3 (a ReLU run whose loss drops suddenly);
# losses: median 3e-7, the worst 2e-4. In float64: median 5e-15, the worst 3e-11. At a learning
# rate where training is chaotic (5, say) a rounding difference can grow to anything (float32:
# parameters 5.3 apart; float64: 0.02). A float32 run also moves slightly with the stack it is
# in (1e-5 here). The bounds below, with room, are held over many seeds by
# tests/model/test_training.py.
FLOAT32_PARAMS_TYPICAL = 1e-4  # the median run
FLOAT32_PARAMS_MOST = 1e-3  # 90% of runs
FLOAT32_PARAMS_MAX = 1e-2  # every run, at learning rates up to 0.1
FLOAT32_LOSS_MAX = 1e-3
FLOAT64_PARAMS_MAX = 1e-9


def check_dtype(dtype) -> np.dtype:
    try:  # (not "dtype in PRECISIONS": float64 == None is True for NumPy, as np.dtype(None))
        checked = np.dtype(dtype) if dtype is not None else None
    except TypeError:
        checked = None
    if checked is None or checked not in PRECISIONS:
        raise ValueError(f"dtype must be float64 or float32, got {dtype!r}")
    return checked


def check_seed(seed) -> int:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a whole number >= 0, got {seed!r}")
    return int(seed)


def resolve_hidden(hidden, params: Params | None, states) -> tuple[int, ...]:
    """The architecture asked for: `hidden`, else the one of `params` or of the states; they
    must agree."""
    known = [] if hidden is None else [check_hidden(hidden)]
    if params is not None:
        known.append(params.hidden)
    if states:
        known += [tuple(s.hidden) for s in states]
    if len(set(known)) > 1:
        raise ValueError(
            "the architecture asked for and the parameters' differ: "
            + ", ".join(sorted({label(h) for h in known}))
        )
    return known[0] if known else DEFAULT


def train_chunk(
    X: np.ndarray,
    y: np.ndarray,
    states: Sequence[RunState] | None = None,
    *,
    seeds: Sequence[int] = (42,),
    epochs: int = 150,
    seconds: float | None = None,
    max_updates: int | None = None,
    record_partial: bool = False,
    activation: str | Activation = "tanh",
    batch_size: int = 16,
    lr: float = 0.05,
    optimizer: str = "sgd",
    init: str = "glorot_normal",
    l2: float = 0.0,
    loss: str = "bce",
    params: Params | None = None,
    X_test: np.ndarray | None = None,
    y_test: np.ndarray | None = None,
    dtype=np.float64,
    hidden=None,
) -> Chunk:
    """Train runs towards the end of epoch `epochs`, for at most `seconds` of time and
    `max_updates` mini-batch updates (at least one), from `states` (what the last chunk
    returned) or, when None, from fresh runs: one per seed, starting from `params` or drawn
    with `init`. The options must be the same for every chunk of a run. `dtype` float32 trains
    a stack of several runs in single precision (see train_many); one run is always float64.
    `hidden` is the architecture (architecture.py; 2-2-1 unless told, or `params`' or the
    states' own)."""
    check_options(epochs, batch_size, lr, optimizer, init, l2, loss)
    hidden = resolve_hidden(hidden, params, states)
    dtype = check_dtype(dtype)
    act = resolve(activation)
    X = as_points(X)
    y = as_labels(y, len(X))
    if len(X) == 0:
        raise ValueError("no training points")
    if X_test is not None and y_test is not None:
        X_test = as_points(X_test)
        y_test = as_labels(y_test, len(X_test))
    else:
        X_test = y_test = None
    stack = Stack(X, y, act, loss, l2, optimizer, lr, batch_size, X_test, y_test, dtype, hidden)
    first: list[list[Record]] = []
    start = None
    if states is None:
        seeds = [check_seed(s) for s in seeds]
        if not seeds:
            raise ValueError("seeds must name at least one seed")
        if params is None:
            rows = np.stack([initial_params(init, s, hidden) for s in seeds])
        else:
            rows = np.tile(params.to_array(), (len(seeds), 1))
        states = start = stack.start_states(seeds, rows)
        first = [[rec] for rec in stack.first_record(states)]
    deadline = None if seconds is None else time.perf_counter() + seconds
    states, records = stack.advance(list(states), epochs, max_updates, deadline, record_partial)
    if first:
        records = [a + b for a, b in zip(first, records)]
    return Chunk(states, records, start)


def _result(state: RunState, records: list[Record], seed: int) -> TrainResult:
    def series(name):
        values = [getattr(r, name) for r in records]
        return None if values[0] is None else np.array(values, float)

    history = History(
        series("loss"),
        series("accuracy"),
        series("grad_norm"),
        series("test_loss"),
        series("test_accuracy"),
    )
    trajectory = np.stack([r.params for r in records])
    return TrainResult(
        Params.from_array(trajectory[-1], state.hidden),
        history,
        trajectory,
        state.epoch,
        diverged=bool(state.stopped),
        message=state.stopped,
        seed=seed,
        state=state,
    )


def _train_runs(X, y, seeds, activation, epochs, params, resume, X_test, y_test, **options):
    """Whole runs: fresh ones (or `resume` states) trained to the end of epoch `epochs`."""
    chunk = train_chunk(
        X,
        y,
        resume,
        seeds=seeds,
        epochs=epochs,
        activation=activation,
        params=params,
        X_test=X_test,
        y_test=y_test,
        **options,
    )
    return [_result(s, r, s.seed) for s, r in zip(chunk.states, chunk.records)]


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
    resume: RunState | None = None,
    hidden=None,
) -> TrainResult:
    """Train by mini-batch gradient descent, reshuffling every epoch (the notebook's Keras run).

    Starts from `params` when given, else from `init` drawn with `seed`; or goes on from
    `resume` (a result's `.state`) up to epoch `epochs`, with the same options. A run whose
    loss becomes non-finite, whose parameters pass 1e6, or whose loss blows up (ten times its
    start, and over 2) stops with diverged=True, keeps its last good parameters and says why.
    With `resume`, the history and trajectory hold only the epochs trained in this call.
    `hidden` picks the architecture: (3,) for 2-3-1, (2, 2) for 2-2-2-1 (architecture.py
    names them all); 2-2-1 unless told, or the one `params` or `resume` has.
    """
    if resume is not None and resume.epoch >= epochs:
        raise ValueError(f"the run already stands at epoch {resume.epoch}: ask for more epochs")
    return _train_runs(
        X,
        y,
        [seed],
        activation,
        epochs,
        params,
        None if resume is None else [resume],
        X_test,
        y_test,
        batch_size=batch_size,
        lr=lr,
        optimizer=optimizer,
        init=init,
        l2=l2,
        loss=loss,
        hidden=hidden,
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
    dtype=np.float32,
    hidden=None,
) -> list[TrainResult]:
    """One run per seed, trained together as a stack (vectorised over runs, not a loop).

    By default in float32, about 1.6 times faster than float64 at 100 runs and at 1,000
    (the element-wise maths moves half the bytes, and float32 tanh is several times cheaper).
    A run then follows train's float64 run for that seed closely, not exactly: typically
    within 2e-5 in every parameter over the whole run, a few runs whose loss drops suddenly by
    up to a few thousandths, and at a chaotic learning rate by anything (the FLOAT32_*
    figures above say what was measured); a run on the edge of blowing up may stop an epoch
    apart. dtype=np.float64 follows train to rounding (typically 1e-14, at most 3e-11 as
    measured) except, again, where training is chaotic. For runs that must match train's,
    use float64 and a learning rate that trains smoothly (the page's restarts use float64).
    Histories and parameters come back as float64 either way.
    """
    seeds = list(seeds)
    if not seeds:
        raise ValueError("seeds must name at least one seed")
    return _train_runs(
        X,
        y,
        seeds,
        activation,
        epochs,
        params,
        None,
        X_test,
        y_test,
        batch_size=batch_size,
        lr=lr,
        optimizer=optimizer,
        init=init,
        l2=l2,
        loss=loss,
        dtype=dtype,
        hidden=hidden,
    )
