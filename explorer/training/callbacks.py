"""Training callbacks. The server trains; the page replays the run by itself (no request per
frame). Every server callback reads its inputs through the state schema."""

from __future__ import annotations

import time

import numpy as np
from dash import ClientsideFunction, Dash, Input, Output, State, ctx, no_update

from tinynet.explorer import state as schema
from tinynet.explorer.data.points import drawn_subset
from tinynet.explorer.limits import EPOCHS_MAX, WEIGHT_MAX
from tinynet.explorer.training.actions import (
    Refused,
    fit_output,
    initial_weights,
    landscape,
    restarts,
    step,
    train_run,
)
from tinynet.explorer.training.export import replay_html
from tinynet.explorer.training.figures import (
    history_figure,
    landscape_figure,
    restarts_figure,
    weights_figure,
)
from tinynet.model import NAMES, resolve

TRAIN_FIELDS = [
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
    "restarts",
]
SLIDERS = [Output(n, "value", allow_duplicate=True) for n in NAMES]
CONTEXT = (
    [State(f"train-{f}", "value") for f in TRAIN_FIELDS]
    + [State(n, "value") for n in NAMES]
    + [State("activation", "value"), State("act-param", "value"), State("data", "data")]
)


def _read(values: list) -> tuple:
    """Options, network state and data from the callback's context, all checked."""
    k = len(TRAIN_FIELDS)
    opts, messages = schema.parse_train(dict(zip(TRAIN_FIELDS, values[:k])))
    weights = dict(zip(NAMES, values[k : k + 9]))
    activation, act_param, data = values[k + 9 :]
    state, more = schema.parse({**weights, "activation": activation, "act_param": act_param})
    data = data if isinstance(data, dict) else {}
    X, y, problem = schema.parse_points(data.get("X"), data.get("y"))
    if problem:
        raise Refused(problem)
    return opts, state, resolve(state.activation, state.act_param), X, y, messages + more


def _slider_values(values) -> tuple[list[float], str]:
    """Weights for the sliders: rounded to 4 decimals and held within the sliders' range."""
    out = [round(min(max(float(v), -WEIGHT_MAX), WEIGHT_MAX), 4) for v in values]
    beyond = [n for n, v in zip(NAMES, values) if abs(v) > WEIGHT_MAX]
    note = ""
    if beyond:
        note = (
            f" {', '.join(beyond)} went past ±{WEIGHT_MAX:g}, the sliders' end, so the "
            "sliders hold the nearest value (the weights chart shows the true ones)."
        )
    return out, note


def _say(messages: list[str], main: str) -> str:
    return " ".join([main] + [m for m in messages if m])


def register(app: Dash) -> None:
    @app.callback(
        Output("run", "data"),
        *SLIDERS,
        Output("run-figures", "data"),
        Output("epoch", "max"),
        Output("epoch", "value"),
        Output("epoch", "disabled"),
        Output("train-message", "children"),
        Input("train", "n_clicks"),
        Input("restarts-graph", "clickData"),
        *CONTEXT,
        running=[
            (Output("train", "disabled"), True, False),
            (Output("train", "children"), "Training…", "Train"),
        ],
        prevent_initial_call=True,
    )
    def train(_clicks, click, *values):
        try:
            opts, state, act, X, y, messages = _read(list(values))
            if ctx.triggered_id == "restarts-graph":
                seed = _clicked_seed(click)
                opts = schema.TrainOptions(**{**opts.__dict__, "seed": seed})
            start = time.perf_counter()
            run = train_run(opts, X, y, act, state.params)
        except Refused as why:
            return (no_update,) * 14 + (str(why),)
        took = time.perf_counter() - start
        final, note = _slider_values(run["trajectory"][-1])
        last = run["epochs_run"]
        text = (
            f"Trained {last} epochs (seed {opts.seed}) in {took:.2f} s: accuracy "
            f"{run['accuracy'][-1]:.1%}, loss {run['loss'][-1]:.4f}."
        )
        if run["diverged"]:
            text = run["message"]
        text += note
        return (
            run,
            *final,
            {"history": history_figure(run), "weights": weights_figure(run)},
            max(last, 1),
            last,
            False,
            _say(messages, text),
        )

    @app.callback(
        *SLIDERS,
        Output("train-message", "children", allow_duplicate=True),
        Input("step-epoch", "n_clicks"),
        Input("step-batch", "n_clicks"),
        *CONTEXT,
        prevent_initial_call=True,
    )
    def step_once(epochs, batches, *values):
        what = "batch" if ctx.triggered_id == "step-batch" else "epoch"
        count = batches if what == "batch" else epochs
        count = count if isinstance(count, int) and not isinstance(count, bool) else 0
        try:
            opts, state, act, X, y, messages = _read(list(values))
            params = step(opts, X, y, act, state.params, what, int(count))
        except Refused as why:
            return (no_update,) * 9 + (str(why),)
        values, note = _slider_values(params.to_array())
        text = f"One {what} of {opts.optimizer}, learning rate {opts.lr:g}.{note}"
        return (*values, _say(messages, text))

    @app.callback(
        *SLIDERS,
        Output("train-message", "children", allow_duplicate=True),
        Input("init-weights", "n_clicks"),
        *CONTEXT,
        prevent_initial_call=True,
    )
    def start_weights(_clicks, *values):
        k = len(TRAIN_FIELDS)
        opts, messages = schema.parse_train(dict(zip(TRAIN_FIELDS, values[:k])))
        params = initial_weights(opts)
        text = (
            f"The starting weights of a fresh run: {opts.init}, seed {opts.seed}. "
            "Train with 'a fresh seeded initialisation' starts exactly here."
        )
        return (*_slider_values(params.to_array())[0], _say(messages, text))

    @app.callback(
        Output("w13", "value", allow_duplicate=True),
        Output("w23", "value", allow_duplicate=True),
        Output("b13", "value", allow_duplicate=True),
        Output("train-message", "children", allow_duplicate=True),
        Input("fit-output", "n_clicks"),
        *CONTEXT,
        prevent_initial_call=True,
    )
    def fit(_clicks, *values):
        try:
            _, state, act, X, y, messages = _read(list(values))
        except Refused as why:
            return no_update, no_update, no_update, str(why)
        params, text = fit_output(state.params, X, y, act)
        return params.w13, params.w23, params.b13, _say(messages, text)

    @app.callback(
        Output("restarts-graph", "figure"),
        Output("train-message", "children", allow_duplicate=True),
        Input("run-restarts", "n_clicks"),
        *CONTEXT,
        running=[(Output("run-restarts", "disabled"), True, False)],
        prevent_initial_call=True,
    )
    def run_restarts(_clicks, *values):
        try:
            opts, state, act, X, y, messages = _read(list(values))
            result = restarts(opts, X, y, act, state.params)
        except Refused as why:
            return no_update, str(why)
        return restarts_figure(result), _say(
            messages, result["summary"] + " Click a run to load it."
        )

    @app.callback(
        Output("landscape-graph", "figure"),
        Output("train-message", "children", allow_duplicate=True),
        Input("landscape-show", "n_clicks"),
        State("landscape-x", "value"),
        State("landscape-y", "value"),
        State("run", "data"),
        *CONTEXT,
        prevent_initial_call=True,
    )
    def show_landscape(_clicks, first, second, run, *values):
        if first not in NAMES or second not in NAMES or first == second:
            return no_update, "Choose two different weights for the landscape."
        try:
            opts, state, act, X, y, messages = _read(list(values))
        except Refused as why:
            return no_update, str(why)
        trajectory = run.get("trajectory") if isinstance(run, dict) else None
        if not _valid_trajectory(trajectory):
            trajectory = None
        land = landscape(state.params, X, y, act, opts.loss, opts.l2, first, second, trajectory)
        return landscape_figure(land), _say(messages, "")

    # A replay frame sets one store (the views follow it); the sliders catch up when the
    # replay stands still, since updating nine sliders costs more than a whole frame.
    app.clientside_callback(
        ClientsideFunction(namespace="tinynet", function_name="replay_epoch"),
        [Output("replay-params", "data"), Output("epoch-label", "children")],
        [Input("epoch", "value")],
        [State("run", "data")],
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction(namespace="tinynet", function_name="sync_sliders"),
        [Output(n, "value", allow_duplicate=True) for n in NAMES],
        [Input("epoch", "value")],
        [State("run", "data")] + [State(n, "value") for n in NAMES],
        prevent_initial_call=True,
    )
    # The run's charts are drawn just after the views, which matter more right after training.
    app.clientside_callback(
        ClientsideFunction(namespace="tinynet", function_name="show_run_figures"),
        [Output("history-graph", "figure"), Output("weights-graph", "figure")],
        [Input("run-figures", "data")],
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction(namespace="tinynet", function_name="toggle_replay"),
        Output("replay-play", "children"),
        Input("replay-play", "n_clicks"),
        [
            State("epoch", "value"),
            State("run", "data"),
            State("activation", "value"),
            State("act-param", "value"),
            State("stage", "value"),
            State("view-options", "value"),
            State("data", "data"),
            State("config", "data"),
            State("templates", "data"),
        ],
        prevent_initial_call=True,
    )


def register_export(app: Dash) -> None:
    @app.callback(
        Output("replay-file", "data"),
        Output("export-message", "children"),
        Input("export-replay", "n_clicks"),
        State("run", "data"),
        *CONTEXT,
        prevent_initial_call=True,
    )
    def export_replay(_clicks, run, *values):
        if not isinstance(run, dict) or not _valid_trajectory(run.get("trajectory")):
            return no_update, "Train first: the replay is exported from the current run."
        try:
            _, _, act, X, y, _ = _read(list(values))
        except Refused as why:
            return no_update, f"Not exported: {why}"
        n = len(run["trajectory"])
        checked = {
            "trajectory": run["trajectory"],
            "loss": _finite_series(run.get("loss"), n),
            "accuracy": _finite_series(run.get("accuracy"), n),
        }
        html_text = replay_html(checked, X, y, drawn_subset(len(y)), act)
        epochs = n - 1
        return (
            dict(content=html_text, filename="tinynet-replay.html", type="text/html"),
            f"Exported the replay of {epochs} epochs: open the file in any browser, no server "
            "or internet needed.",
        )


def _finite_series(values, n: int) -> list[float]:
    """A per-epoch series sent back by the page, or [] when it is not n finite numbers."""
    if not isinstance(values, list) or len(values) != n:
        return []
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return []
    return [float(v) for v in values] if np.isfinite(values).all() else []


def _clicked_seed(click) -> int:
    try:
        seed = click["points"][0]["customdata"]
    except (TypeError, KeyError, IndexError):
        raise Refused("click a point of the restarts plot to load that run") from None
    opts, messages = schema.parse_train({"seed": seed})
    if messages:
        raise Refused("that run's seed is not valid: run the restarts again")
    return opts.seed


def _valid_trajectory(trajectory) -> bool:
    """A run sent back by the page: at most EPOCHS_MAX + 1 rows of nine finite numbers."""
    if not isinstance(trajectory, list) or not 0 < len(trajectory) <= EPOCHS_MAX + 1:
        return False
    try:
        rows = np.asarray(trajectory, dtype=float)
    except (TypeError, ValueError):
        return False
    return rows.shape == (len(trajectory), 9) and bool(np.isfinite(rows).all())
