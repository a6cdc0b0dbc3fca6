"""The data's callbacks: a built-in set made on the server through the state schema, a CSV
checked in the page then read on the server, points added and the CSV written in the page."""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, State, ctx, no_update

from tinynet.datasets import DATASETS
from tinynet.explorer import state as schema
from tinynet.explorer.data.points import load_for
from tinynet.explorer.data.uploads import read_upload
from tinynet.explorer.serving.heavy import heavy_slot
from tinynet.explorer.widgets.clientside import clientside


def register(app: Dash) -> None:
    @app.callback(
        Output("data", "data", allow_duplicate=True),
        Output("data-message", "children", allow_duplicate=True),
        Output("data-description", "children", allow_duplicate=True),
        Input("upload-payload", "data"),
        prevent_initial_call=True,
    )
    def upload(payload):
        payload = payload if isinstance(payload, dict) else {}
        with heavy_slot():  # a 2 MB CSV is a second of parsing: no class waits behind it
            data, message = read_upload(payload.get("contents"), payload.get("filename"))
        if data is None:
            return no_update, message, no_update
        return data, message, "Your own data, uploaded. Copy link carries it."

    clientside(
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
    # The picker names the data on the page: a built-in set, or "Your data: NAME, N points".
    clientside(
        app,
        "show_data",
        [
            Output("dataset", "value", allow_duplicate=True),
            Output("dataset", "placeholder"),
            Output("recipe-controls", "style"),
        ],
        [Input("data", "data")],
        initial="initial_duplicate",
    )
    clientside(
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
        if dataset is None:  # the page holds data of its own: the picker names it, no set
            return (no_update,) * 6
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
        with heavy_slot():  # 20,000 points made and sent: heavy work, queued as training is
            data = load_for(state)
        if isinstance(current, dict) and current.get("made_by") == data["made_by"]:
            # Already the data on the page (a link sets the data and its options together;
            # points added to it must stay).
            data = no_update
        return (
            data,
            state.samples,
            state.noise,
            state.data_seed,
            DATASETS[state.dataset].description,
            " ".join(messages),
        )
