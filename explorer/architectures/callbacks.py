"""What picking a network does, all in the page (assets/architectures/pick.js): the two
pickers agree, and a network other than the one on screen starts from its Reset weights."""

from __future__ import annotations

from dash import Dash, Input, Output, State

from tinynet.explorer.architectures.picker import PICKERS
from tinynet.explorer.widgets.clientside import clientside


def register(app: Dash) -> None:
    clientside(
        app,
        "pick_architecture",
        [Output(p, "value", allow_duplicate=True) for p in PICKERS]
        + [
            Output("weights-in", "data", allow_duplicate=True),
            Output("stage", "value", allow_duplicate=True),  # a network picked shows its end
        ],
        [Input(p, "value") for p in PICKERS],
        [State("architecture", "data"), State("weights-in", "data"), State("config", "data")],
        initial=False,
    )
    clientside(
        app,
        "landscape_names",
        [
            Output("landscape-x", "options"),
            Output("landscape-x", "value"),
            Output("landscape-y", "options"),
            Output("landscape-y", "value"),
        ],
        [Input("architecture", "data")],
        [State("config", "data")],
    )
    clientside(
        app,
        "show_architecture",
        [Output(p, "value", allow_duplicate=True) for p in PICKERS]
        + [
            # The morph's slider runs three stages a hidden layer (views/stages.py).
            Output("stage", "max"),
            Output("stage", "marks"),
            Output("stage", "value", allow_duplicate=True),
            Output("stage-box", "data-label"),
        ],
        [Input("architecture", "data")],
        [State("stage", "value"), State("config", "data")],
        initial=False,
    )
