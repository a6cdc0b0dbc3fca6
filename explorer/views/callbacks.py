"""The views' callbacks, all in the page (assets/views/): a slider move never waits for the
server. The page checks what it reads like the server's state schema does."""

from __future__ import annotations

from dash import Dash, Input, Output, State

from tinynet.explorer.widgets.clientside import clientside
from tinynet.model import NAMES

WEIGHTS = list(NAMES)


def register(app: Dash) -> None:
    clientside(
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
        [
            Input("weights", "data"),
            Input("activation", "value"),
            Input("act-param", "value"),
            Input("stage", "value"),
            Input("view-options", "value"),
            Input("data", "data"),
            Input("train-loss", "value"),
            Input("train-l2", "value"),
        ],
        [State("config", "data"), State("templates", "data"), State("architecture", "data")],
    )
    clientside(
        app,
        "activation_changed",
        [
            Output("act-param-box", "style"),
            Output("act-param", "min"),
            Output("act-param", "max"),
            Output("act-param", "value"),
            Output("formula", "className"),
            Output("effect", "children"),
            Output("pending-act-param", "data", allow_duplicate=True),
        ],
        [Input("activation", "value")],
        # A link's parameter waits here for its activation to be set (then it is used up).
        [State("config", "data"), State("pending-act-param", "data")],
        initial="initial_duplicate",
    )
    clientside(
        app,
        "reset_weights",
        [Output("weights-in", "data", allow_duplicate=True)],
        [Input("reset", "n_clicks")],
        [State("weights", "data"), State("architecture", "data"), State("config", "data")],
        initial=False,
    )
    clientside(
        app,
        "toggle_play",
        [Output("play-clock", "disabled"), Output("play", "children"), Output("stage", "value")],
        [Input("play", "n_clicks")],
        [State("play-clock", "disabled"), State("stage", "value"), State("architecture", "data")],
    )
    clientside(
        app,
        "play_tick",
        [
            Output("stage", "value", allow_duplicate=True),
            Output("play-clock", "disabled", allow_duplicate=True),
            Output("play", "children", allow_duplicate=True),
        ],
        [Input("play-clock", "n_intervals")],
        [State("stage", "value"), State("architecture", "data")],
        initial=False,
    )
