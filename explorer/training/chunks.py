"""Training for the page in stateless chunks: the page posts what the server needs to go on
(the options, the data or its recipe, and each run's state), the server trains for at most
CHUNK_SECONDS and answers with the new states and what happened (a record per epoch). Any
worker of any machine can answer the next chunk; nothing is kept between requests.

One chunk request serves a live run (one run), a Step (one epoch or one mini-batch of the same
run) and the restarts (many runs side by side, each answer keeping only their latest record).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from tinynet import datasets, model
from tinynet.explorer import state as schema
from tinynet.explorer.limits import (
    ACTIVATION_COST,
    EPOCHS_MAX,
    MEASURE_WORK_MAX,
    RESTART_WORK_MAX,
    RESTARTS_MAX,
    UPDATES_MAX,
)
from tinynet.explorer.serving.heavy import heavy_slot
from tinynet.explorer.state import TrainOptions
from tinynet.model import Params, Record, architecture

CHUNK_SECONDS = 0.08  # of training per request; parsing and answering take a little more
GOALS = ("run", "epoch", "batch")


class Refused(ValueError):
    """A request the server will not run, with a message saying what to change."""


def split(opts: TrainOptions, X, y):
    """The training and (when asked for) test points, split the same way by every request."""
    Xtr, Xte, ytr, yte = datasets.split(X, y, opts.test_fraction, seed=opts.seed)
    return Xtr, ytr, (Xte if len(Xte) else None), (yte if len(yte) else None)


def check_work(opts: TrainOptions, n_train: int, runs: int = 1) -> None:
    """The most a run (and the restarts) may ask of the server in all, over every chunk."""
    updates = opts.epochs * math.ceil(n_train / min(opts.batch_size, n_train))
    if updates > UPDATES_MAX:
        raise Refused(
            f"{opts.epochs} epochs of batches of {opts.batch_size} on {n_train} points are "
            f"{updates:,} updates; the limit is {UPDATES_MAX:,}: use fewer epochs or a larger batch"
        )
    work = runs * opts.epochs * n_train
    if runs > 1 and work > RESTART_WORK_MAX:
        raise Refused(
            f"{runs} runs of {opts.epochs} epochs on {n_train} points is too much work "
            f"(limit {RESTART_WORK_MAX:,} point-epochs): use fewer runs or epochs"
        )


def group_size(n_measured: int, hidden, act) -> int:
    """How many runs one request may train side by side: their measuring at an epoch's end
    (runs x points x parameters, weighted by the activation's cost) stays within
    MEASURE_WORK_MAX, so no request costs much more than a chunk's time whatever is asked."""
    per_run = n_measured * architecture.count(hidden) * ACTIVATION_COST.get(act.name, 1.0)
    return int(max(1, min(RESTARTS_MAX, MEASURE_WORK_MAX // max(per_run, 1))))


def _offset(raw) -> int:
    if raw is None:
        return 0
    if isinstance(raw, bool) or not isinstance(raw, int) or not 0 <= raw < RESTARTS_MAX:
        raise Refused(f"offset must be a whole number of runs from 0 to {RESTARTS_MAX - 1}")
    return raw


def options_for_model(opts: TrainOptions, activation) -> dict:
    return dict(
        activation=activation,
        batch_size=opts.batch_size,
        lr=opts.lr,
        optimizer=opts.optimizer,
        init=opts.init,
        l2=opts.l2,
        loss=opts.loss,
    )


def _number(value) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def record_json(rec: Record) -> dict:
    return {
        "at": rec.at,
        "params": [float(v) for v in rec.params],
        "loss": _number(rec.loss),
        "accuracy": rec.accuracy,
        "grad_norm": _number(rec.grad_norm),
        "test_loss": _number(rec.test_loss),
        "test_accuracy": _number(rec.test_accuracy),
    }


def _count(raw) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= RESTARTS_MAX:
        raise Refused(f"count must be a whole number of runs from 1 to {RESTARTS_MAX}")
    return raw


def _until(raw, at: int) -> int:
    """Where an epoch step ends: the end of the epoch under way, or of epoch `until` (a page
    trains a run again from a kept state up to an epoch it has shown, then steps from there)."""
    if raw is None:
        return at + 1
    if isinstance(raw, bool) or not isinstance(raw, int) or not at < raw <= EPOCHS_MAX:
        raise Refused(f"until must be a whole epoch after {at} and at most {EPOCHS_MAX:,}")
    return raw


def _ahead(raw) -> int:
    if raw is None:
        return EPOCHS_MAX
    if isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= EPOCHS_MAX:
        raise Refused(f"ahead must be a whole number of epochs from 1 to {EPOCHS_MAX:,}")
    return raw


def read_hidden(raw: Mapping) -> tuple[int, ...]:
    """The network a request trains: 2-2-1 unless it names another ("hidden": [3] or "3")."""
    if raw.get("hidden") is None:
        return architecture.DEFAULT
    try:
        return architecture.check(raw["hidden"])
    except ValueError as why:
        raise Refused(str(why)) from None


def read_request(raw) -> tuple[TrainOptions, model.Activation, tuple, list[str]]:
    """Options, activation and data of a chunk request, all through the state schema."""
    if not isinstance(raw, Mapping):
        raise Refused("the training request could not be read: reload the page")
    opts, messages = schema.parse_train(raw.get("options"))
    net, more = schema.parse(
        {"activation": raw.get("activation"), "act_param": raw.get("act_param")}
    )
    X, y, problem = schema.parse_data(raw.get("data"))
    if problem:
        raise Refused(problem)
    act = model.resolve(net.activation, net.act_param)
    return opts, act, split(opts, X, y), messages + more


def run_chunk(raw) -> dict:
    """Train one chunk of the runs a request describes; the answer for the page."""
    if not isinstance(raw, Mapping):
        raise Refused("the training request could not be read: reload the page")
    if raw.get("goal") not in GOALS:
        raise Refused(f"goal must be one of {', '.join(GOALS)}")
    # The slot first: a refusal must cost next to nothing (a crowd of heavy requests is
    # mostly refusals), and making 20,000 points of data is part of the heavy work.
    with heavy_slot():
        return _run_chunk(raw)


def _run_chunk(raw: Mapping) -> dict:
    opts, act, (Xtr, ytr, Xte, yte), messages = read_request(raw)
    hidden = read_hidden(raw)
    goal = raw["goal"]
    n = len(Xtr)
    batches = math.ceil(n / min(opts.batch_size, n))
    posted = raw.get("runs")
    group = group_size(n + (0 if Xte is None else len(Xte)), hidden, act)
    later = 0
    if posted is None:  # a fresh start
        count = _count(raw.get("count", 1))
        check_work(opts, n, count)
        # More runs than a request may train: the first group now; the page asks for the
        # rest (`later` of them, from `offset` on) when this group is done.
        offset = _offset(raw.get("offset"))
        later = max(0, count - group)
        count -= later
        seeds = [(opts.seed + offset + k) % (schema.MAX_SEED + 1) for k in range(count)]
        start = None
        if opts.start == "sliders":
            given = raw.get("start")
            names = architecture.names(hidden)
            if not isinstance(given, list) or len(given) != len(names):
                raise Refused(
                    f"the weights to start from are not valid: a {architecture.label(hidden)} "
                    f"network has {len(names)} ({', '.join(names)})"
                )
            net, problems = schema.parse(
                {**dict(zip(names, given)), "hidden": architecture.short(hidden)}
            )
            if problems:
                raise Refused("the weights to start from are not valid: " + "; ".join(problems))
            start = net.params
        states, at = None, (0, 0)
    else:
        if not isinstance(posted, list) or not 1 <= len(posted) <= RESTARTS_MAX:
            raise Refused("the runs to go on with are missing: press Train again")
        if len(posted) > group:
            raise Refused(
                f"{len(posted)} runs at once is more than a request may train on "
                f"{n:,} points ({group} at most): press Restarts again"
            )
        check_work(opts, n, len(posted))
        try:
            states = [schema.parse_run(r, opts, batches, hidden) for r in posted]
        except schema.RunRefused as why:
            raise Refused(f"Training stopped: {why}. The run stays where it was.") from None
        if len({(s.epoch, s.batch) for s in states}) != 1:
            raise Refused("the runs to go on with do not stand at the same place")
        seeds, start, at = [s.seed for s in states], None, (states[0].epoch, states[0].batch)
    until, max_updates = opts.epochs, None
    if goal == "epoch":  # to the end of the epoch under way, or of a given later epoch
        until = _until(raw.get("until"), at[0])
    elif goal == "batch":
        until, max_updates = EPOCHS_MAX, 1
    if until > EPOCHS_MAX:
        raise Refused(f"a run stops at {EPOCHS_MAX:,} epochs")
    # A page watching a run says how far ahead it needs to be: when a whole class presses
    # Train at once, each run gets its first epochs soon instead of a few runs getting many.
    stop_at = until if goal != "run" else min(until, at[0] + _ahead(raw.get("ahead")))
    chunk = model.train_chunk(
        Xtr,
        ytr,
        states,
        seeds=seeds,
        epochs=stop_at,
        seconds=CHUNK_SECONDS,
        max_updates=max_updates,
        record_partial=goal == "batch",
        params=start,
        hidden=hidden,
        X_test=Xte,
        y_test=yte,
        **options_for_model(opts, act),
    )
    many = len(chunk.states) > 1
    records = [[record_json(r) for r in (rs[-1:] if many else rs)] for rs in chunk.records]
    ended = [s.stopped or (s.epoch >= until and s.batch == 0) for s in chunk.states]
    answer = {
        "runs": [s.to_dict() for s in chunk.states],
        "records": records,
        "batches": batches,
        "done": all(ended),
        "messages": messages,
    }
    if later:
        answer["later"] = later
    if chunk.start is not None and not many:  # a live run keeps where it started
        answer["start_runs"] = [s.to_dict() for s in chunk.start]
    return answer


def initial_weights(opts: TrainOptions, hidden=architecture.DEFAULT) -> Params:
    """The weights a fresh run with these options starts from (its epoch 0)."""
    return Params.from_array(model.runs.initial_params(opts.init, opts.seed, hidden), hidden)
