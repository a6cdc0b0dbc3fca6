"""Weights in and out: pasted Keras / PyTorch / JSON text read on the server (never
evaluated), and the weights and activation saved as JSON by the page."""

from __future__ import annotations

from dash import Dash, Input, Output, State, no_update

from tinynet.explorer.page.clientside import clientside
from tinynet.explorer.sharing.weights_io import WeightsError, read_weights
from tinynet.model import NAMES

WEIGHTS = list(NAMES)


def register(app: Dash) -> None:
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

    clientside(
        app,
        "download_state",
        [Output("state-file", "data")],
        [Input("state-download", "n_clicks")],
        [State(n, "value") for n in WEIGHTS]
        + [State("activation", "value"), State("act-param", "value")],
        initial=False,
    )
