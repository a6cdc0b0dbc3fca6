"""Shareable links: the page opens the state its address holds, and Copy link writes it."""

from __future__ import annotations

import dataclasses

from dash import ClientsideFunction, Dash, Input, Output, State, no_update

from tinynet.explorer.data.points import load_for
from tinynet.explorer.page.clientside import clientside
from tinynet.explorer.sharing.url import from_query
from tinynet.explorer.state import HIDEABLE, TrainOptions
from tinynet.model import NAMES

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


def control_values(state, train: TrainOptions) -> list:
    """What each of CONTROLS shows for a state and training options."""
    options = [k for k, on in (("grid", state.grid), ("fit", state.fit)) if on]
    return (
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


def applied(state, train: TrainOptions) -> list:
    """What the controls, the pending activation parameter and the data store get when a
    state is applied whole (a link opened, a lesson's preset)."""
    return [*control_values(state, train), state.act_param, load_for(state)]


def fields_from_controls(values: list, act_param=None) -> dict:
    """The inverse of control_values: CONTROLS' values named in the link's vocabulary, for
    url.from_fields to check."""
    named = dict(zip([cid for cid, _ in CONTROLS], values))
    options = named.pop("view-options", None)
    options = options if isinstance(options, list) else []
    raw = {"grid": "grid" in options, "fit": "fit" in options, "act_param": act_param}
    for cid, value in named.items():
        if value is not None:
            raw[cid.replace("train-", "train_").replace("-", "_")] = value
    return {k: v for k, v in raw.items() if v is not None}


def register(app: Dash) -> None:
    @app.callback(
        *[Output(cid, prop, allow_duplicate=True) for cid, prop in CONTROLS],
        Output("pending-act-param", "data"),
        Output("data", "data", allow_duplicate=True),
        Output("link-message", "children"),
        Output("link-opened", "data"),
        Output("lesson-link", "data"),
        Output("hide", "data"),
        Input("url", "search"),
        State("link-opened", "data"),
        prevent_initial_call="initial_duplicate",
    )
    def open_link(search, opened):
        # Only the address the page was opened with: Copy link later writes the address too.
        if opened or not search or search == "?":
            return (no_update,) * (len(CONTROLS) + 3) + (True, no_update, no_update)
        state, train, messages = from_query(search)
        notice = ""
        if messages:
            notice = "This link had problems, so parts of it were left at their defaults: " + (
                "; ".join(messages[:6]) + ("; …" if len(messages) > 6 else "")
            )
        lesson = {"lesson": state.lesson, "step": state.step} if state.lesson else no_update
        return (
            *applied(state, train),
            notice,
            True,
            lesson,
            state.hide or no_update,
        )

    app.clientside_callback(
        ClientsideFunction(namespace="tinynet", function_name="copy_link"),
        [
            Output("url", "search"),
            Output("link-copy", "content"),
            Output("link-message", "children", allow_duplicate=True),
        ],
        [Input("copy-link", "n_clicks")],
        [State(cid, prop) for cid, prop in CONTROLS]
        + [State("act-param", "value"), State("lesson-pos", "data"), State("hide", "data")],
        prevent_initial_call=True,
    )
    clientside(
        app,
        "apply_hide",
        [Output(f"part-{name}", "style") for name in HIDEABLE] + [Output("hide-note", "style")],
        [Input("hide", "data")],
        [State("config", "data")],
    )
    clientside(
        app,
        "show_all",
        [Output("hide", "data", allow_duplicate=True)],
        [Input("show-all", "n_clicks")],
        initial=False,
    )
