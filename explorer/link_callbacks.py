"""Shareable links: the page opens the state its address holds, and Copy link writes it."""

from __future__ import annotations

import dataclasses

from dash import ClientsideFunction, Dash, Input, Output, State, no_update

from explorer.data import load_for
from explorer.state import TrainOptions
from explorer.url import from_query
from model import NAMES

TRAIN_FIELDS = [f.name for f in dataclasses.fields(TrainOptions)]
CONTROLS = (
    [(n, "value") for n in NAMES]
    + [
        ("activation", "value"),
        ("dataset", "value"),
        ("samples", "value"),
        ("noise", "value"),
        ("data-seed", "value"),
        ("stage", "value"),
        ("view-options", "value"),
    ]
    + [(f"train-{f}", "value") for f in TRAIN_FIELDS]
)


def register(app: Dash) -> None:
    @app.callback(
        *[Output(cid, prop, allow_duplicate=True) for cid, prop in CONTROLS],
        Output("pending-act-param", "data"),
        Output("data", "data", allow_duplicate=True),
        Output("link-message", "children"),
        Output("link-opened", "data"),
        Input("url", "search"),
        State("link-opened", "data"),
        prevent_initial_call="initial_duplicate",
    )
    def open_link(search, opened):
        # Only the address the page was opened with: Copy link later writes the address too.
        if opened or not search or search == "?":
            return (no_update,) * (len(CONTROLS) + 3) + (True,)
        state, train, messages = from_query(search)
        options = [k for k, on in (("grid", state.grid), ("fit", state.fit)) if on]
        values = (
            list(state.params.to_array())
            + [
                state.activation,
                state.dataset,
                state.samples,
                state.noise,
                state.data_seed,
                state.stage,
                options,
            ]
            + [getattr(train, f) for f in TRAIN_FIELDS]
        )
        notice = ""
        if messages:
            notice = "This link had problems, so parts of it were left at their defaults: " + (
                "; ".join(messages[:6]) + ("; …" if len(messages) > 6 else "")
            )
        return (*values, state.act_param, load_for(state), notice, True)

    app.clientside_callback(
        ClientsideFunction(namespace="tinynet", function_name="copy_link"),
        [
            Output("url", "search"),
            Output("link-copy", "content"),
            Output("link-message", "children", allow_duplicate=True),
        ],
        [Input("copy-link", "n_clicks")],
        [State(cid, prop) for cid, prop in CONTROLS] + [State("act-param", "value")],
        prevent_initial_call=True,
    )
