"""The run log (Training tab): this page's runs side by side (network, activation, data,
options, seed, final accuracy and loss), so settings can be compared, and any of them shown
again with its charts, epoch slider and replay. Kept in the page (assets/training/runlog.js);
a row's Show goes through the `runlog-show` store to a clientside callback that has the
page's current activation and data to check the run against."""

from __future__ import annotations

from dash import Dash, Input, Output, dcc, html

from tinynet.explorer.widgets.clientside import clientside

EMPTY = "No run has ended on this page yet: each run you train is listed here when it ends."


def runlog_panel() -> html.Div:
    return html.Div(
        [
            html.H3("This page's runs"),
            html.Div(html.P(EMPTY, className="hint"), id="run-log", className="run-log"),
            dcc.Store(id="runlog-show"),
        ],
        className="run-log-box",
    )


def register(app: Dash, run_states: list, message: Output) -> None:
    clientside(
        app,
        "show_logged",
        [Output("run", "data", allow_duplicate=True), message],
        [Input("runlog-show", "data")],
        run_states,
        initial=False,
    )
