"""The page's own callbacks: the weights' sliders, boxes and store kept in step (in the page)."""

from __future__ import annotations

from dash import Dash, Input, Output, State

from tinynet.explorer.widgets.clientside import clientside
from tinynet.model import NAMES


def register(app: Dash) -> None:
    clientside(
        app,
        "sync_weights",
        [Output("weights", "data")]
        + [Output(f"box-{n}", "value") for n in NAMES]
        + [Output("typed-message", "children"), Output("architecture", "data")],
        [Input(f"box-{n}", "value") for n in NAMES] + [Input("weights-in", "data")],
        [State("weights", "data"), State("config", "data")],
        initial=False,
    )
