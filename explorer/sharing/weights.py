"""Weights in and out: pasted Keras / PyTorch / JSON text read on the server (never
evaluated), and the weights and activation saved as JSON by the page."""

from __future__ import annotations

from dash import Dash, Input, Output, State, no_update

from tinynet.explorer.sharing.weights_io import WeightsError, read_weights
from tinynet.explorer.widgets.clientside import clientside
from tinynet.model import architecture


def register(app: Dash) -> None:
    @app.callback(
        Output("weights-in", "data", allow_duplicate=True),
        Output("weights-message", "children"),
        Output("weights-message", "className"),
        Input("weights-load", "n_clicks"),
        State("weights-text", "value"),
        State("weights-format", "value"),
        State("architecture", "data"),
        prevent_initial_call=True,
    )
    def load_weights(_clicks, text, fmt, page):
        try:
            page = architecture.check(page) if page is not None else architecture.DEFAULT
        except ValueError:
            page = architecture.DEFAULT  # the store is the page's own; a forged one reads 2-2-1
        try:
            params, how = read_weights(text, fmt, page)
        except WeightsError as why:
            return no_update, f"Not loaded: {why}.", "message problem"
        return (
            {"values": params.to_array().tolist(), "why": "import", "hidden": list(params.hidden)},
            f"Loaded: {how}.",
            "message ok",
        )

    clientside(
        app,
        "download_state",
        [Output("state-file", "data")],
        [Input("state-download", "n_clicks")],
        [
            State("weights", "data"),
            State("activation", "value"),
            State("act-param", "value"),
            State("architecture", "data"),
        ],
        initial=False,
    )
