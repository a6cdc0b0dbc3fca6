"""Training as a stack of runs that can stop anywhere and go on later from what it returns.

A run's whole state is a few numbers (RunState): its parameters, what the optimizer
remembers, where it is (epoch, mini-batch, update count) and its seed. Each epoch's shuffle
is drawn from (seed, epoch) alone, so training from a RunState needs nothing else: a run cut
into chunks of any sizes, each chunk given the state the last one returned, follows exactly
the same trajectory as one long call. That is what lets a server train stateless chunks for a
page (any worker can answer the next one) and what `train` and `train_many` are built on.

Internally a stack holds R runs as (P, R) columns in architecture.py's augmented order
(P = 9 for 2-2-1). RunState and Record, the plain data, are in runstate.py.
"""

from __future__ import annotations

import functools
import itertools
import math
import time
from functools import partial

import numpy as np

from tinynet.model import architecture
from tinynet.model.activations import Activation
from tinynet.model.architecture import DEFAULT
from tinynet.model.leanmlp import LeanMLP, evaluate_lean
from tinynet.model.manyruns import ManyRuns, evaluate
from tinynet.model.mlp import StackGradient
from tinynet.model.mlp import evaluate as mlp_evaluate
from tinynet.model.network import AUG, Backprop, augment
from tinynet.model.onerun import OneRun, SignedTanhSGD, evaluate_one
from tinynet.model.optimizers import OPTIMIZERS
from tinynet.model.runstate import (  # noqa: F401 (epoch_order, initial_params: re-exported)
    BLOWUP_FACTOR,
    BLOWUP_FLOOR,
    MAX_PARAM,
    Record,
    RunState,
    blowup_message,
    divergence_message,
    epoch_order,
    initial_params,
)


class Stack:
    """R runs on the same data and options, trained together (vectorised over runs).

    Inside, the runs are columns: parameters and optimizer state (P, R) in augmented order
    (manyruns.py says why; P = 9 for 2-2-1); RunStates and Records carry each run's numbers
    in Params order. The 2-2-1 network trains on its own fast paths (onerun.py,
    manyruns.py), every other architecture on mlp.StackGradient."""

    def __init__(
        self,
        X: np.ndarray,
        y: np.ndarray,
        act: Activation,
        loss: str,
        l2: float,
        optimizer: str,
        lr: float,
        batch_size: int,
        X_test: np.ndarray | None = None,
        y_test: np.ndarray | None = None,
        dtype=np.float64,
        hidden=DEFAULT,
    ):
        self.hidden = architecture.check(hidden)
        self.general = self.hidden != DEFAULT
        self.P = architecture.count(self.hidden)
        self.aug = architecture.augmented_order(self.hidden)
        self.unaug = np.argsort(self.aug)  # augmented -> Params order
        self.dtype = np.dtype(dtype)
        self.act, self.kind, self.l2 = act, loss, float(l2)
        self.opt, self.optimizer, self.lr = OPTIMIZERS[optimizer], optimizer, float(lr)
        self.n = len(X)
        self.size = min(int(batch_size), self.n)
        self.batches = -(-self.n // self.size)  # the last batch may be smaller, as in Keras
        self.xa = augment(X)  # one run: 2-D mini-batches of augmented points (onerun.py)
        self.y_col = y[:, None]
        self.points = (self.xa, y)
        self.test_points = None if X_test is None else (augment(X_test), y_test)
        self.cols = tuple(a.astype(dtype) for a in (X[:, 0], X[:, 1], y))  # many runs' blocks
        self.test = None
        if X_test is not None:
            self.test = tuple(a.astype(dtype) for a in (X_test[:, 0], X_test[:, 1], y_test))

    # -- states in and out ------------------------------------------------------------------

    def start_states(self, seeds: list[int], rows: np.ndarray) -> list[RunState]:
        """Fresh runs from the given starting parameters (R, 9), Params order."""
        rows = np.asarray(rows, float)
        loss, _ = self._measure(self.columns(rows), False)
        zeros = self.opt.init((len(seeds), self.P))
        return [
            RunState(
                params=rows[r].copy(),
                optimizer={k: v[r].copy() for k, v in zeros.items()},
                seed=int(seed),
                grad_sum=np.zeros(self.P),
                start_loss=float(loss[r]),
                hidden=self.hidden,
            )
            for r, seed in enumerate(seeds)
        ]

    def first_record(self, states: list[RunState]) -> list[Record]:
        """Where the runs start: parameters, metrics, and the full-data gradient's norm."""
        if self.general:
            theta = self.columns([s.params for s in states])
            gradient = StackGradient(theta, self.hidden, self.act, self.kind, self.l2)
            R = len(states)
            grad = gradient(np.broadcast_to(self.xa, (R, *self.xa.shape)), self.y_col)
            norms = np.sqrt((grad * grad).sum(axis=0))
            return self._records(theta, 0.0, norms)
        theta = np.stack([s.params[AUG] for s in states])
        backprop = Backprop(theta, self.act, self.kind, self.l2)
        grad = backprop(self.xa, self.xa.T.copy(), self.y_col)
        norms = np.sqrt((grad * grad).sum(axis=1))
        return self._records(np.ascontiguousarray(theta.T), 0.0, norms)

    # -- training ---------------------------------------------------------------------------

    def advance(
        self,
        states: list[RunState],
        until_epoch: int,
        max_updates: int | None = None,
        deadline: float | None = None,
        record_partial: bool = False,
    ) -> tuple[list[RunState], list[list[Record]]]:
        """Train all runs (which must stand at the same place) towards the end of epoch
        `until_epoch`, stopping early after `max_updates` mini-batch updates or once
        time.perf_counter() passes `deadline` (checked after every update, so at least one
        update is made). A record is kept at every epoch's end, and, with `record_partial`,
        where the chunk stops inside an epoch. Runs that diverge or blow up are frozen at their
        last good parameters, with the reason in their state."""
        first = states[0]
        if any(
            (s.epoch, s.batch, s.step) != (first.epoch, first.batch, first.step) for s in states
        ):
            raise ValueError("the runs of a stack must stand at the same place")
        R = len(states)
        dtype = self.dtype if R > 1 else np.float64
        theta = self.columns([s.params for s in states], dtype)
        opt_state = {
            k: self.columns([s.optimizer[k] for s in states], dtype) for k in first.optimizer
        }
        grad_sum = self.columns([s.grad_sum for s in states], dtype)
        start_loss = np.array([s.start_loss for s in states])
        active = np.array([not s.stopped for s in states])
        stopped = [s.stopped for s in states]
        lr_cols = np.where(active, self.lr, 0.0).astype(dtype)[None, :]
        # One run: 2-D mini-batches and the lean gradient (onerun.py); many: manyruns.py's.
        plain_sgd = R == 1 and self.optimizer == "sgd"
        if self.general and R == 1:  # one run of another network: leanmlp.py's lean path
            lean = LeanMLP(
                theta, self.hidden, self.act, self.kind, self.l2, self.lr if plain_sgd else 1.0
            )
            gradient, batches = lean, self._batches_of_one
        elif self.general:  # the general path: the same steps, written for any layers
            gradient = StackGradient(theta, self.hidden, self.act, self.kind, self.l2)
            batches = self._batches_general
        elif R > 1:
            gradient = ManyRuns(theta, self.act, self.kind, self.l2)
            batches = self._batches_of_many
        elif plain_sgd and SignedTanhSGD.takes(self.act, self.kind, self.l2):
            lean, gradient = SignedTanhSGD(theta, self.lr), None
            batches = partial(self._batches_of_one, signed=True)
        else:  # plain SGD: the gradient times lr, its step (onerun.OneRun.sgd)
            lean = OneRun(theta, self.act, self.kind, self.l2, self.lr if plain_sgd else 1.0)
            gradient, batches = lean, self._batches_of_one
        take_step = self.opt.step

        def run_steps(batches_of_epoch, budget: int | None, deadline: float | None) -> int:
            """Updates through the epoch's batches until `budget` updates or `deadline`;
            returns how many were made. (One plain-SGD run: onerun.py's loop, the same steps.)"""
            done = 0
            for xs in batches_of_epoch:
                grad = gradient(*xs)
                np.add(grad_sum, grad, out=grad_sum)
                done += 1
                take_step(theta, grad, opt_state, lr_cols, step + done)
                if done == budget or (deadline is not None and time.perf_counter() > deadline):
                    break
            return done

        if plain_sgd:
            run_steps = partial(lean.sgd, grad_sum=grad_sum)
        epoch, batch, step = first.epoch, first.batch, first.step
        records: list[list[Record]] = [[] for _ in range(R)]
        last_good = theta.copy()
        stop_epoch = [s.epoch for s in states]
        updates, spent = 0, False
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            while epoch < until_epoch and active.any() and not spent:
                orders = np.stack([epoch_order(s.seed, epoch + 1, self.n) for s in states])
                budget = None if max_updates is None else max_updates - updates
                done = run_steps(batches(orders, batch), budget, deadline)
                step, batch, updates = step + done, batch + done, updates + done
                spent = done == budget or (deadline is not None and time.perf_counter() > deadline)
                if batch < self.batches:  # stopped inside the epoch
                    if record_partial:
                        at = epoch + batch / self.batches
                        for r, rec in enumerate(self._records(theta, at)):
                            if active[r]:
                                records[r].append(rec)
                    break
                epoch, batch = epoch + 1, 0
                norms = np.sqrt((grad_sum * grad_sum).sum(axis=0)) / self.batches
                grad_sum[:] = 0.0
                now = self._records(theta, float(epoch), norms)
                loss = np.array([rec.loss for rec in now])
                for r in np.flatnonzero(active & self._troubled(theta, loss, start_loss)):
                    stopped[r] = self._trouble(theta[:, r], loss[r], start_loss[r], epoch)
                    stop_epoch[r] = epoch - 1
                    active[r] = False
                    lr_cols[0, r] = 0.0
                    theta[:, r] = last_good[:, r]
                    for arr in opt_state.values():
                        arr[:, r] = 0.0
                for r in np.flatnonzero(active):
                    records[r].append(now[r])
                last_good[:] = theta
        out = []
        for r, s in enumerate(states):
            frozen = bool(stopped[r]) and not s.stopped
            out.append(
                RunState(
                    params=theta[self.unaug, r].astype(float),
                    optimizer={k: v[self.unaug, r].astype(float) for k, v in opt_state.items()},
                    seed=s.seed,
                    epoch=stop_epoch[r] if frozen else epoch,
                    batch=0 if frozen else batch,
                    step=step,
                    grad_sum=np.zeros(self.P) if frozen else grad_sum[self.unaug, r].astype(float),
                    start_loss=s.start_loss,
                    stopped=stopped[r],
                    hidden=self.hidden,
                )
                if not s.stopped
                else s
            )
        return out, records

    @staticmethod
    def _troubled(theta: np.ndarray, loss: np.ndarray, start_loss: np.ndarray) -> np.ndarray:
        """Which runs must stop: every column checked at once (the reasons: _trouble)."""
        bad = ~(np.isfinite(theta).all(axis=0) & np.isfinite(loss))
        bad |= np.abs(theta).max(axis=0) > MAX_PARAM
        bad |= loss > np.maximum(BLOWUP_FACTOR * start_loss, BLOWUP_FLOOR)
        return bad

    def _trouble(self, column: np.ndarray, loss: float, start_loss: float, epoch: int) -> str:
        if not np.isfinite(column).all() or not math.isfinite(loss):
            what = "the loss became infinite or NaN"
        elif np.abs(column).max() > MAX_PARAM:
            what = f"a parameter went beyond {MAX_PARAM:g}"
        else:
            return blowup_message(epoch, start_loss, loss, self.lr, self.optimizer)
        return divergence_message(epoch, self.lr, self.optimizer, what)

    def _batches_of_many(self, orders: np.ndarray, start: int):
        """The epoch's mini-batches from batch `start` on, each run in its own order: x1, x2
        and the labels as (batch, R) blocks."""
        size = self.size
        # (points, R): row i holds each run's i-th point (contiguous: take is 5x faster so)
        idx = np.ascontiguousarray(orders[:, start * size :].T)
        x1, x2, y = (a.take(idx) for a in self.cols)
        for k in range(0, len(idx), size):
            yield x1[k : k + size], x2[k : k + size], y[k : k + size]

    def _batches_general(self, orders: np.ndarray, start: int):
        """The epoch's mini-batches from batch `start` on for mlp.StackGradient: augmented
        points (R, batch, 3) and labels (R, batch, 1), each run in its own order."""
        idx = orders[:, start * self.size :]
        x, y = self.xa[idx], self.y_col[idx]
        for k in range(0, idx.shape[1], self.size):
            yield x[:, k : k + self.size], y[:, k : k + self.size]

    @functools.cached_property
    def signed_points(self) -> np.ndarray:
        return SignedTanhSGD.signed(self.xa, self.points[1])

    def _batches_of_one(self, orders: np.ndarray, start: int, signed: bool = False):
        """The epoch's mini-batches from batch `start` on: (x, x transposed, labels), or with
        `signed` (x q, its transpose) for SignedTanhSGD."""
        # A plain iterator, not a generator: one layer less per mini-batch.
        order = orders[0]
        size, full = self.size, self.n // self.size
        start = min(start, full)
        points = self.signed_points if signed else self.xa

        def parts(idx):
            x = np.take(points, idx, axis=0)
            x_t = np.ascontiguousarray(x.swapaxes(-1, -2))
            return (x, x_t) if signed else (x, x_t, np.take(self.y_col, idx, axis=0))

        batches = zip(*parts(order[start * size : full * size].reshape(full - start, size)))
        if full * size == self.n:
            return batches
        return itertools.chain(batches, [parts(order[full * size :])])

    def _records(
        self, theta: np.ndarray, at: float, norms: np.ndarray | None = None
    ) -> list[Record]:
        """Each run's record at `at`, from its column of theta (P, R)."""
        R = theta.shape[1]
        loss, acc = self._measure(theta, False)
        test_loss = test_acc = [None] * R
        if self.test is not None:
            test_loss, test_acc = (m.tolist() for m in self._measure(theta, True))
        norms = [math.nan] * R if norms is None else norms.tolist()
        params = theta[self.unaug].T.astype(float)  # (R, P) Params order: a row a record
        return [
            Record(at, params[r], *values)
            for r, values in enumerate(zip(loss.tolist(), acc.tolist(), norms, test_loss, test_acc))
        ]

    def _measure(self, theta: np.ndarray, test: bool) -> tuple[np.ndarray, np.ndarray]:
        """Loss and accuracy of every column of theta on the training (or test) points."""
        if self.general:
            xa, y = self.test_points if test else self.points
            measure = evaluate_lean if theta.shape[1] == 1 else mlp_evaluate
            return measure(theta, self.hidden, self.act, self.kind, xa, y)
        if theta.shape[1] == 1:  # the same numbers, by onerun.py's 2-D products
            return evaluate_one(
                theta, self.act, self.kind, *(self.test_points if test else self.points)
            )
        return evaluate(theta, self.act, self.kind, *(self.test if test else self.cols))

    def columns(self, rows, dtype=np.float64) -> np.ndarray:
        """Runs' numbers (rows in Params order) as (P, R) columns in augmented order."""
        return np.ascontiguousarray(np.asarray(rows, float)[:, self.aug].T, dtype=dtype)
