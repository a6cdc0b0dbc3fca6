"""Callbacks, registered on the app the factory makes (never module-level @callback).

Slider moves are clientside (assets/tinynet_app.js): the server only makes data sets. Every
server callback goes through state.parse, so anything posted to it is checked first.
"""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, State, ctx, no_update

from datasets import DATASETS
from explorer import state as schema
from explorer.data import load_for
from explorer.uploads import read_upload
from explorer.weights_io import WeightsError, read_weights
from model import NAMES

WEIGHTS = list(NAMES)


def _clientside(app: Dash, name: str, outputs, inputs, states=(), initial=True) -> None:
    app.clientside_callback(
        ClientsideFunction(namespace="tinynet", function_name=name),
        outputs,
        inputs,
        list(states),
        prevent_initial_call=initial if isinstance(initial, str) else not initial,
    )


def register(app: Dash) -> None:
    _clientside(
        app,
        "update_views",
        [
            Output("input-graph", "figure"),
            Output("hidden-graph", "figure"),
            Output("activation-graph", "figure"),
            Output("diagram-graph", "figure"),
            Output("accuracy", "children"),
            Output("det", "children"),
            Output("det", "className"),
            Output("equations", "children"),
            Output("saturation", "children"),
            Output("view-message", "children"),
            Output("proba-graph", "figure"),
        ]
        + [Output(f"grad-{n}", "children") for n in WEIGHTS],
        [Input(n, "value") for n in WEIGHTS]
        + [
            Input("activation", "value"),
            Input("act-param", "value"),
            Input("stage", "value"),
            Input("view-options", "value"),
            Input("data", "data"),
            Input("train-loss", "value"),
            Input("train-l2", "value"),
            Input("replay-params", "data"),
        ],
        [State("config", "data"), State("templates", "data")],
    )
    _clientside(
        app,
        "activation_changed",
        [
            Output("act-param-box", "style"),
            Output("act-param", "min"),
            Output("act-param", "max"),
            Output("act-param", "value"),
            Output("formula", "children"),
            Output("effect", "children"),
            Output("pending-act-param", "data", allow_duplicate=True),
        ],
        [Input("activation", "value")],
        # A link's parameter waits here for its activation to be set (then it is used up).
        [State("config", "data"), State("pending-act-param", "data")],
        initial="initial_duplicate",
    )
    _clientside(
        app,
        "reset_weights",
        [Output(n, "value") for n in WEIGHTS],
        [Input("reset", "n_clicks")],
        initial=False,
    )
    _clientside(
        app,
        "toggle_play",
        [Output("play-clock", "disabled"), Output("play", "children"), Output("stage", "value")],
        [Input("play", "n_clicks")],
        [State("play-clock", "disabled"), State("stage", "value")],
    )
    _clientside(
        app,
        "play_tick",
        [
            Output("stage", "value", allow_duplicate=True),
            Output("play-clock", "disabled", allow_duplicate=True),
            Output("play", "children", allow_duplicate=True),
        ],
        [Input("play-clock", "n_intervals")],
        [State("stage", "value")],
        initial=False,
    )

    @app.callback(
        *[Output(n, "value", allow_duplicate=True) for n in WEIGHTS],
        Output("weights-message", "children"),
        Input("weights-load", "n_clicks"),
        State("weights-text", "value"),
        State("weights-format", "value"),
        prevent_initial_call=True,
    )
    def load_weights(_clicks, text, fmt):
        try:
            params, how = read_weights(text, fmt)
        except WeightsError as why:
            return (no_update,) * 9 + (f"Not loaded: {why}.",)
        return (*params.to_array().tolist(), f"Loaded: {how}.")

    _clientside(
        app,
        "download_state",
        [Output("state-file", "data")],
        [Input("state-download", "n_clicks")],
        [State(n, "value") for n in WEIGHTS]
        + [State("activation", "value"), State("act-param", "value")],
        initial=False,
    )

    @app.callback(
        Output("data", "data", allow_duplicate=True),
        Output("data-message", "children", allow_duplicate=True),
        Output("data-description", "children", allow_duplicate=True),
        Input("upload-payload", "data"),
        prevent_initial_call=True,
    )
    def upload(payload):
        payload = payload if isinstance(payload, dict) else {}
        data, message = read_upload(payload.get("contents"), payload.get("filename"))
        if data is None:
            return no_update, message, no_update
        return data, message, "Your own data. Links do not carry uploaded points."

    _clientside(
        app,
        "check_upload",
        [
            Output("upload-payload", "data"),
            Output("data-message", "children", allow_duplicate=True),
        ],
        [Input("upload", "contents")],
        [State("upload", "filename"), State("config", "data")],
        initial=False,
    )
    # Teacher view: the parts a link hides, and the way back to all of them.
    _clientside(
        app,
        "apply_hide",
        [Output(f"part-{name}", "style") for name in schema.HIDEABLE]
        + [Output("hide-note", "style")],
        [Input("hide", "data")],
        [State("config", "data")],
    )
    _clientside(
        app,
        "show_all",
        [Output("hide", "data", allow_duplicate=True)],
        [Input("show-all", "n_clicks")],
        initial=False,
    )
    app.clientside_callback(
        ClientsideFunction(namespace="tinynet_points", function_name="add_point"),
        [
            Output("data", "data", allow_duplicate=True),
            Output("data-message", "children", allow_duplicate=True),
            Output("data-description", "children", allow_duplicate=True),
        ],
        [Input("input-click", "data"), Input("add-point", "n_clicks")],
        [
            State("add-x1", "value"),
            State("add-x2", "value"),
            State("click-class", "value"),
            State("data", "data"),
            State("config", "data"),
        ],
        prevent_initial_call=True,
    )
    _clientside(
        app,
        "download_csv",
        [Output("download", "data")],
        [Input("download-csv", "n_clicks")],
        [State("data", "data")],
        initial=False,
    )

    @app.callback(
        Output("data", "data"),
        Output("samples", "value"),
        Output("noise", "value"),
        Output("data-seed", "value"),
        Output("data-description", "children"),
        Output("data-message", "children"),
        Input("dataset", "value"),
        Input("samples", "value"),
        Input("noise", "value"),
        Input("data-seed", "value"),
        State("data", "data"),
        prevent_initial_call=True,
    )
    def make_data(dataset, samples, noise, data_seed, current):
        if not isinstance(dataset, str) or dataset not in DATASETS:
            _, messages = schema.parse({"dataset": dataset})
            return (no_update,) * 5 + (" ".join(messages),)
        base = schema.State.for_dataset(dataset)
        raw = {"dataset": dataset}
        # A new data set picked by hand starts from its own defaults; a link sets all four.
        if set(ctx.triggered_prop_ids) != {"dataset.value"}:
            # Refused values fall back to the options that made the data now on the page.
            made_by = current.get("made_by") if isinstance(current, dict) else None
            base, _ = schema.parse(made_by if isinstance(made_by, dict) else {}, base)
            raw.update(samples=samples, noise=noise, data_seed=data_seed)
        state, messages = schema.parse(raw, base)
        return (
            load_for(state),
            state.samples,
            state.noise,
            state.data_seed,
            DATASETS[state.dataset].description,
            " ".join(messages),
        )
