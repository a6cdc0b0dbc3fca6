"""The server's side of training in the explorer: each action takes checked options (state.py)
and the page's data, calls model/, and returns plain JSON for the page's stores."""

from __future__ import annotations

import math
import threading

import numpy as np

from tinynet import datasets, model
from tinynet.explorer.limits import LANDSCAPE_N, RESTART_WORK_MAX, UPDATES_MAX, WEIGHT_MAX
from tinynet.explorer.state import TrainOptions
from tinynet.model import NAMES, Params

# Training holds the GIL most of the time (many small NumPy calls), so a worker process gains
# nothing from running two at once, and each one would hold a server thread that quick
# requests (data sets, links, fits) need. Heavy work waits its turn here instead.
HEAVY_SLOTS = threading.BoundedSemaphore(1)


class Refused(ValueError):
    """A request the server will not run, with a message saying what to change."""


def _split(opts: TrainOptions, X, y):
    Xtr, Xte, ytr, yte = datasets.split(X, y, opts.test_fraction, seed=opts.seed)
    return Xtr, ytr, (Xte if len(Xte) else None), (yte if len(yte) else None)


def check_work(opts: TrainOptions, n_train: int, runs: int = 1) -> None:
    updates = opts.epochs * math.ceil(n_train / min(opts.batch_size, n_train))
    if updates > UPDATES_MAX:
        raise Refused(
            f"{opts.epochs} epochs of batches of {opts.batch_size} on {n_train} points are "
            f"{updates:,} updates; the limit is {UPDATES_MAX:,}: use fewer epochs or a larger batch"
        )
    work = runs * opts.epochs * n_train
    if runs > 1 and work > RESTART_WORK_MAX:
        raise Refused(
            f"{runs} runs of {opts.epochs} epochs on {n_train} points is too much work for one "
            f"request (limit {RESTART_WORK_MAX:,} point-epochs): use fewer runs or epochs"
        )


def _options(opts: TrainOptions, activation) -> dict:
    return dict(
        activation=activation,
        epochs=opts.epochs,
        batch_size=opts.batch_size,
        lr=opts.lr,
        optimizer=opts.optimizer,
        init=opts.init,
        l2=opts.l2,
        loss=opts.loss,
    )


def run_payload(result: model.TrainResult, opts: TrainOptions) -> dict:
    """What the page keeps of a run: every epoch's weights and metrics, for the replay."""
    h = result.history

    def series(values):
        return None if values is None else [float(v) for v in values]

    return {
        "trajectory": result.trajectory.round(12).tolist(),
        "loss": series(h.loss),
        "accuracy": series(h.accuracy),
        "test_loss": series(h.test_loss),
        "test_accuracy": series(h.test_accuracy),
        "grad_norm": series(h.grad_norm),
        "epochs_run": result.epochs_run,
        "diverged": result.diverged,
        "message": result.message,
        "seed": result.seed,
        "loss_kind": opts.loss,
        "names": list(NAMES),
    }


def train_run(opts: TrainOptions, X, y, activation, params: Params) -> dict:
    """Train from the sliders or a fresh init (opts.start); the whole run for the replay."""
    Xtr, ytr, Xte, yte = _split(opts, X, y)
    check_work(opts, len(Xtr))
    start = params if opts.start == "sliders" else None
    with HEAVY_SLOTS:
        result = model.train(
            Xtr,
            ytr,
            seed=opts.seed,
            params=start,
            X_test=Xte,
            y_test=yte,
            **_options(opts, activation),
        )
    return run_payload(result, opts)


def step(opts: TrainOptions, X, y, activation, params: Params, what: str, count: int) -> Params:
    """One epoch, or one mini-batch, of training from the sliders (count varies the shuffle)."""
    Xtr, ytr, _, _ = _split(opts, X, y)
    seed = (opts.seed + count) % 2**32
    if what == "batch":
        rng = np.random.default_rng(seed)
        pick = rng.choice(len(Xtr), min(opts.batch_size, len(Xtr)), replace=False)
        Xtr, ytr = Xtr[pick], ytr[pick]
    options = _options(opts, activation) | {"epochs": 1}
    result = model.train(Xtr, ytr, seed=seed, params=params, **options)
    if result.diverged:
        raise Refused(result.message)
    return result.params


def fit_output(params: Params, X, y, activation) -> tuple[Params, str]:
    """model.fit_output_layer, brought into the sliders' range without moving the line."""
    fit = model.fit_output_layer(params, X, y, activation)
    out = fit.params
    biggest = max(abs(out.w13), abs(out.w23), abs(out.b13))
    note = ""
    if biggest > WEIGHT_MAX:
        k = WEIGHT_MAX / biggest
        out = out.replace(w13=out.w13 * k, w23=out.w23 * k, b13=out.b13 * k)
        note = (
            f" The fitted output weights reached {biggest:.1f}; they are scaled down to fit "
            "the sliders: the line is the same, the probabilities a little softer."
        )
    verdict = "Yes: " if fit.separability.separable else "No: "
    return out, (
        f"{verdict}{fit.separability.reason}. The best output line gets "
        f"{fit.accuracy:.1%} right.{note}"
    )


def restarts(opts: TrainOptions, X, y, activation, params: Params) -> dict:
    """opts.restarts runs from consecutive seeds, trained together; one row per run."""
    Xtr, ytr, Xte, yte = _split(opts, X, y)
    check_work(opts, len(Xtr), opts.restarts)
    seeds = [(opts.seed + k) % 2**32 for k in range(opts.restarts)]
    start = params if opts.start == "sliders" else None
    with HEAVY_SLOTS:
        runs = model.train_many(
            Xtr, ytr, seeds, params=start, X_test=Xte, y_test=yte, **_options(opts, activation)
        )
    rows = [
        {
            "seed": r.seed,
            "loss": float(r.history.loss[-1]),
            "accuracy": float(r.history.accuracy[-1]),
            "diverged": r.diverged,
            "weights": r.params.to_dict(),
        }
        for r in runs
    ]
    perfect = sum(row["accuracy"] == 1.0 for row in rows)
    dead = sum(row["diverged"] for row in rows)
    summary = f"{perfect} of {len(rows)} runs reach 100% training accuracy"
    if dead:
        summary += f"; {dead} diverged"
    losses = sorted(row["loss"] for row in rows)
    summary += f". Final loss: median {losses[len(losses) // 2]:.3g}, worst {losses[-1]:.3g}."
    return {"runs": rows, "summary": summary}


def landscape(
    params: Params,
    X,
    y,
    activation,
    kind: str,
    l2: float,
    first: str,
    second: str,
    trajectory: list | None,
) -> dict:
    """The loss over two parameters, the other seven held at their current values."""
    i, j = NAMES.index(first), NAMES.index(second)
    here = params.to_array()
    spans = []
    for k in (i, j):
        lo, hi = here[k] - 3.0, here[k] + 3.0
        if trajectory:
            path = np.asarray(trajectory, float)[:, k]
            lo, hi = min(lo, path.min() - 0.5), max(hi, path.max() + 0.5)
        spans.append(np.linspace(max(lo, -2 * WEIGHT_MAX), min(hi, 2 * WEIGHT_MAX), LANDSCAPE_N))
    a, b = np.meshgrid(spans[0], spans[1])
    thetas = np.tile(here, (a.size, 1))
    thetas[:, i], thetas[:, j] = a.ravel(), b.ravel()
    values = model.loss_many(thetas, X, y, activation, kind, l2).reshape(a.shape)
    return {
        "first": first,
        "second": second,
        "x": spans[0].tolist(),
        "y": spans[1].tolist(),
        "z": values.tolist(),
        "here": [float(here[i]), float(here[j])],
        "path": None if not trajectory else np.asarray(trajectory, float)[:, [i, j]].tolist(),
    }


def initial_weights(opts: TrainOptions) -> Params:
    """The weights a fresh run with these options starts from (its epoch 0)."""
    return Params.from_array(model.INITS[opts.init].draw(np.random.default_rng(opts.seed)))
