"""The class on a student's page: the top bar's Join control (built in the page by
assets/classroom/join.js: a code and a nickname, then "In Period 5 as Alex · Leave"), and what
the page reports while joined (assets/classroom/report.js): the lesson step, each Check, each
run's end, the picture. Only when the server keeps a class database."""

from __future__ import annotations

from dash import Dash, Input, Output, State, dcc, html

from tinynet.explorer.sharing.links import CONTROLS
from tinynet.explorer.widgets.clientside import clientside

# What the picture is made of, as Copy link reads it (assets/sharing/links.js: stateQuery).
PICTURE = [
    *[State(cid, prop) for cid, prop in CONTROLS],
    State("weights", "data"),
    State("act-param", "value"),
    State("lesson-pos", "data"),
    State("hide", "data"),
]
UNUSED = Output("class-tools", "title")  # clientside callbacks here only report


def class_tools() -> html.Div:
    return html.Div(id="class-tools", className="class-tools", **{"aria-label": "Class"})


def stores() -> list:
    # The class's status (paused, how far the lesson may go), for the lesson's callbacks.
    return [dcc.Store(id="class-status")]


def register(app: Dash) -> None:
    # The picture, a moment after it changes (the reporter sends it at most every 2 s).
    clientside(
        app,
        "class_picture",
        [UNUSED],
        [Input(p.component_id, p.component_property) for p in PICTURE],
    )
    clientside(app, "class_step", [UNUSED], [Input("lesson-pos", "data")], initial=False)
    clientside(
        app,
        "class_check",
        [UNUSED],
        [Input("lesson-check", "n_clicks")],
        [*PICTURE, State("lesson-choice", "value")],
        initial=False,
    )
