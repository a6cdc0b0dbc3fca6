"""Training callbacks. The page drives a run (assets/training/live.js) and asks the server for it
chunk by chunk; every server callback here reads its inputs through the state schema and holds
the heavy slot only for a bounded time."""

from __future__ import annotations

import numpy as np
from dash import ClientsideFunction, Dash, Input, Output, State, no_update

from tinynet.explorer import state as schema
from tinynet.explorer.limits import EPOCHS_MAX
from tinynet.explorer.serving.errors import LOG, SENTENCE
from tinynet.explorer.serving.heavy import Busy
from tinynet.explorer.training import runlog
from tinynet.explorer.training.actions import fit_output, landscape
from tinynet.explorer.training.chunks import Refused, initial_weights, run_chunk
from tinynet.explorer.training.figures import landscape_figure
from tinynet.explorer.widgets.clientside import clientside
from tinynet.model import architecture, resolve

# A live run asks again this soon (seconds) when the server was busy: the slot frees up
# within a chunk's time (about 0.1 s), and a run that waits a whole second falls behind.
CHUNK_RETRY_AFTER = 0.5

OPTION_FIELDS = [
    "optimizer",
    "lr",
    "epochs",
    "batch_size",
    "loss",
    "init",
    "seed",
    "l2",
    "test_fraction",
    "start",
]
# What starting or stepping a run reads: the options, the network, the data, and what frames
# are painted with.
RUN_STATES = [State(f"train-{f}", "value") for f in OPTION_FIELDS] + [
    State("weights", "data"),
    State("activation", "value"),
    State("act-param", "value"),
    State("data", "data"),
    State("stage", "value"),
    State("view-options", "value"),
    State("config", "data"),
    State("templates", "data"),
]
NETWORK = [
    State("weights", "data"),
    State("activation", "value"),
    State("act-param", "value"),
    State("data", "data"),
    State("architecture", "data"),
]
MESSAGE = Output("train-message", "children", allow_duplicate=True)
WEIGHTS_IN = Output("weights-in", "data", allow_duplicate=True)


def read_network(weights, activation, act_param, data, hidden=None) -> tuple:
    """The network and data on the page, checked: (params, activation, X, y)."""
    try:
        hidden = architecture.check(hidden if hidden is not None else architecture.DEFAULT)
    except ValueError as why:
        raise Refused(f"the network on the page could not be read: {why}") from None
    names = architecture.names(hidden)
    values = weights if isinstance(weights, list) and len(weights) == len(names) else []
    state, messages = schema.parse(
        {
            **dict(zip(names, values)),
            "hidden": architecture.short(hidden),
            "activation": activation,
            "act_param": act_param,
        }
    )
    if len(values) != len(names) or messages:
        raise Refused("the weights on the page could not be read: reload the page")
    data = data if isinstance(data, dict) else {}
    X, y, problem = schema.parse_points(data.get("X"), data.get("y"))
    if problem:
        raise Refused(problem)
    return state.params, resolve(state.activation, state.act_param), X, y


def answer_chunk(request) -> dict:
    """run_chunk's answer with the request's id, or the reason it was refused."""
    ident = request.get("id") if isinstance(request, dict) else None
    ident = ident if isinstance(ident, str) and len(ident) <= 40 else None
    try:
        return {"id": ident, **run_chunk(request)}
    except Refused as why:
        return {"id": ident, "error": str(why)}
    except Busy:
        # Not an HTTP error: a live run waits as long as it takes and asks again
        # (assets/training/live.js), where retry.js would give up after three tries.
        return {"id": ident, "busy": CHUNK_RETRY_AFTER}
    except Exception as error:  # a bug: the run stops with a sentence, the log has the rest
        LOG.error("a training chunk failed: %s", error, exc_info=error)
        return {"id": ident, "error": f"Training stopped. {SENTENCE}"}


def register(app: Dash) -> None:
    runlog.register(app, RUN_STATES, MESSAGE)
    clientside(
        app,
        "train_click",
        [Output("train-details", "children"), MESSAGE],
        [Input("train", "n_clicks")],
        RUN_STATES,
        initial=False,
    )
    clientside(
        app,
        "step_click",
        [Output("train-details", "children", allow_duplicate=True), MESSAGE],
        [Input("step-epoch", "n_clicks"), Input("step-batch", "n_clicks")],
        RUN_STATES,
        initial=False,
    )

    @app.callback(
        Output("chunk-answer", "data"),
        Input("chunk-request", "data"),
        prevent_initial_call=True,
    )
    def train_chunk(request):
        return answer_chunk(request)

    clientside(
        app, "take_chunk", [Output("run", "data")], [Input("chunk-answer", "data")], initial=False
    )
    for name, trigger in (
        ("pause_click", Input("pause", "n_clicks")),
        ("scrub", Input("epoch", "value")),
        ("set_speed", Input("speed", "value")),
        # A lesson moving on stops a run in motion (live.js; its buttons stop it at the press).
        ("lesson_moved", Input("lesson-pos", "data")),
    ):
        app.clientside_callback(
            ClientsideFunction(namespace="tinynet", function_name=name),
            Output("pause", "title", allow_duplicate=True),
            trigger,
            prevent_initial_call=True,
        )

    # Restarts: many seeds side by side, chunk by chunk (assets/training/restarts.js).
    clientside(
        app,
        "restarts_click",
        [Output("restarts-message", "children")],
        [Input("run-restarts", "n_clicks")],
        [State("train-restarts", "value")] + RUN_STATES,
        initial=False,
    )

    @app.callback(
        Output("restarts-answer", "data"),
        Input("restarts-request", "data"),
        prevent_initial_call=True,
    )
    def restarts_chunk(request):
        return answer_chunk(request)

    clientside(
        app,
        "take_restarts",
        [Output("restarts-message", "children", allow_duplicate=True)],
        [Input("restarts-answer", "data")],
        [State("templates", "data")],
        initial=False,
    )
    clientside(
        app,
        "pick_restart",
        [Output("train-details", "children", allow_duplicate=True), MESSAGE],
        [Input("restarts-graph", "clickData")],
        RUN_STATES,
        initial=False,
    )

    @app.callback(
        WEIGHTS_IN,
        MESSAGE,
        Input("init-weights", "n_clicks"),
        State("train-init", "value"),
        State("train-seed", "value"),
        State("architecture", "data"),
        prevent_initial_call=True,
    )
    def start_weights(_clicks, init, seed, hidden):
        opts, messages = schema.parse_train({"init": init, "seed": seed})
        try:
            hidden = architecture.check(hidden if hidden is not None else architecture.DEFAULT)
        except ValueError as why:
            return no_update, f"Not set: {why}"
        params = initial_weights(opts, hidden)
        text = (
            f"The starting weights of a fresh run: {opts.init}, seed {opts.seed}. "
            "Train with 'a fresh seeded initialisation' starts exactly here."
        )
        weights = {"values": params.to_array().tolist(), "why": "init", "hidden": list(hidden)}
        return weights, " ".join([text, *messages])

    @app.callback(
        WEIGHTS_IN,
        MESSAGE,
        Input("fit-output", "n_clicks"),
        *NETWORK,
        prevent_initial_call=True,
    )
    def fit(_clicks, *network):
        try:
            params, act, X, y = read_network(*network)
            fitted, text = fit_output(params, X, y, act)
        except Refused as why:
            return no_update, str(why)
        weights = {
            "values": fitted.to_array().tolist(),
            "why": "fit",
            "hidden": list(params.hidden),
        }
        return weights, text

    @app.callback(
        Output("landscape-graph", "figure"),
        MESSAGE,
        Input("landscape-show", "n_clicks"),
        State("landscape-x", "value"),
        State("landscape-y", "value"),
        State("run", "data"),
        State("train-loss", "value"),
        State("train-l2", "value"),
        *NETWORK,
        prevent_initial_call=True,
    )
    def show_landscape(_clicks, first, second, run, loss, l2, *network):
        opts, messages = schema.parse_train({"loss": loss, "l2": l2})
        try:
            params, act, X, y = read_network(*network)
            names = params.names
            if first not in names or second not in names or first == second:
                return no_update, "Choose two different weights for the landscape."
            path = run_path(run, len(names))
            land = landscape(params, X, y, act, opts.loss, opts.l2, first, second, path)
        except Refused as why:
            return no_update, str(why)
        return landscape_figure(land), " ".join([land["note"], *messages])


def run_path(run, count: int = 9) -> list | None:
    """The weights along a run the page sent back: at most EPOCHS_MAX + 1 rows of `count`
    finite numbers (the network's parameters, nine for 2-2-1), or None."""
    records = run.get("records") if isinstance(run, dict) else None
    if not isinstance(records, list) or not 0 < len(records) <= 2 * EPOCHS_MAX + 1:
        return None
    try:
        rows = np.asarray([r["params"] for r in records], dtype=float)
    except (TypeError, ValueError, KeyError):
        return None
    if rows.shape != (len(records), count) or not np.isfinite(rows).all():
        return None
    return rows.tolist()
