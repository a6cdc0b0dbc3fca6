"""Shareable links: the page opens the state its address holds (own points included), and
Copy link writes the address and copies it (assets/sharing/links.js)."""

from __future__ import annotations

import dataclasses
from urllib.parse import parse_qs, parse_qsl, urlencode

import numpy as np
from dash import Dash, Input, Output, State, no_update

from tinynet.datasets import MAX_SAMPLES
from tinynet.explorer.data.points import data_payload, load_for
from tinynet.explorer.sharing.url import from_query, points_from
from tinynet.explorer.state import TrainOptions
from tinynet.explorer.widgets.clientside import clientside
from tinynet.model import architecture

TRAIN_FIELDS = [f.name for f in dataclasses.fields(TrainOptions)]
# The controls a whole state sets (the weights go through the `weights-in` store).
CONTROLS = (
    [
        ("activation", "value"),
        ("dataset", "value"),
        ("samples", "value"),
        ("noise", "value"),
        ("data-seed", "value"),
        ("stage", "value"),
        ("view-options", "value"),
    ]
    + [(f"train-{f}", "value") for f in TRAIN_FIELDS]
    + [("hidden", "value")]
)
DATA_CONTROLS = ("dataset", "samples", "noise", "data-seed")
CHOICES = {"optimizer", "loss", "init", "start"}  # drop-downs; the other options are text boxes


def option_text(value) -> str:
    """A number as its text box shows it: repr for floats, so a link reopens exact values."""
    return repr(value) if isinstance(value, float) else str(value)


def control_values(state, train: TrainOptions) -> list:
    """What each of CONTROLS shows for a state and training options."""
    options = [k for k, on in (("grid", state.grid), ("fit", state.fit)) if on]
    return (
        [
            state.activation,
            state.dataset,
            state.samples,
            state.noise,
            state.data_seed,
            state.stage,
            options,
        ]
        + [
            getattr(train, f) if f in CHOICES else option_text(getattr(train, f))
            for f in TRAIN_FIELDS
        ]
        + [architecture.short(state.params.hidden)]
    )


def applied(state, train: TrainOptions, own=None, why: str = "state") -> list:
    """What the controls, the weights, the pending activation parameter and the data store get
    when a state is applied whole (a link opened, a lesson's preset). Own points (url.
    points_from) replace the data set ("points": the data controls stay as they are, so the
    set is not made again over them) or are added to it ("added"). `why` tells the page who set
    the weights (a run in motion stops for them)."""
    values = control_values(state, train)
    data = load_for(state)
    if own is not None:
        kind, X, y, name = own
        if kind == "added":
            base, drawn = len(data["y"]), data["drawn"]
            # A link may add no more than the page can hold (a forged one could add 10,000 to
            # a set of 20,000): the first that fit are kept, and the note says so.
            room = max(0, MAX_SAMPLES - base)
            X, y = X[:room], y[:room]
            data = data_payload(
                np.concatenate([np.asarray(data["X"], float), X]),
                np.concatenate([np.asarray(data["y"], int), y]),
                "own",
                note=name,
                made_by=data["made_by"],
                title=data["title"],
            )
            # Drawn as on the page the link came from: the set's own subset, then every added one.
            data["drawn"] = drawn + list(range(base, base + len(y)))
            data["added"] = len(y)
        else:
            data = data_payload(X, y, "own", note=name, title=name)
            values = [
                no_update if cid in DATA_CONTROLS else v for (cid, _), v in zip(CONTROLS, values)
            ]
    weights = {
        "values": state.params.to_array().tolist(),
        "why": why,
        "hidden": list(state.params.hidden),
    }
    return [*values, weights, state.act_param, data]


APPLIED = [Output(cid, prop, allow_duplicate=True) for cid, prop in CONTROLS] + [
    Output("weights-in", "data", allow_duplicate=True),
    Output("pending-act-param", "data", allow_duplicate=True),
    Output("data", "data", allow_duplicate=True),
]


def fields_from_controls(values: list, weights, act_param=None) -> dict:
    """The inverse of control_values: CONTROLS' values and the weights named in the link's
    vocabulary, for url.from_fields to check."""
    named = dict(zip([cid for cid, _ in CONTROLS], values))
    options = named.pop("view-options", None)
    options = options if isinstance(options, list) else []
    raw = {"grid": "grid" in options, "fit": "fit" in options, "act_param": act_param}
    try:
        names = architecture.names(architecture.check(named.get("hidden") or "2"))
    except ValueError:
        names = ()  # the schema says what is wrong with it
    if isinstance(weights, list) and len(weights) == len(names):
        raw.update(zip(names, weights))
    for cid, value in named.items():
        if value is not None:
            raw[cid.replace("train-", "train_").replace("-", "_")] = value
    return {k: v for k, v in raw.items() if v is not None}


def without_join(search):
    """The query without a class's join code (the Join form takes it, not the picture)."""
    if not isinstance(search, str) or "join=" not in search:
        return search
    kept = [(k, v) for k, v in parse_qsl(search.lstrip("?"), keep_blank_values=True) if k != "join"]
    return "?" + urlencode(kept) if kept else ""


def names_only_a_lesson(search: str | None) -> bool:
    fields = set(parse_qs((search or "").lstrip("?"), keep_blank_values=True))
    return bool(fields) and fields <= {"lesson", "step", "hide"}


def own_data_note(own, data: dict) -> str:
    """What the reopened page says about the data a link brought (`data`: the page's data)."""
    kind, _, y, name = own
    labels = np.asarray(data["y"])
    counts = [int((labels == k).sum()) for k in (0, 1)]
    what = f"the data set it names with {name}" if kind == "added" else name
    note = (
        f"This link holds its own data ({what}): {len(labels):,} points, {counts[0]:,} of "
        f"class 0 and {counts[1]:,} of class 1."
    )
    kept = data.get("added", len(y)) if kind == "added" else len(y)
    if kept < len(y):
        note += (
            f" Only the first {kept:,} of the {len(y):,} added points were kept: the page "
            f"holds at most {MAX_SAMPLES:,}."
        )
    return note


def register(app: Dash) -> None:
    @app.callback(
        *APPLIED,
        Output("notice", "children"),
        Output("notice", "className"),
        Output("link-opened", "data"),
        Output("lesson-link", "data"),
        Output("hide", "data"),
        Output("data-description", "children", allow_duplicate=True),
        Input("url", "search"),
        State("url", "hash"),
        State("link-opened", "data"),
        prevent_initial_call="initial_duplicate",
    )
    def open_link(search, fragment, opened):
        # A class's join link (?join=CODE) is for the Join form (assets/classroom/join.js).
        search = without_join(search)
        # Only the address the page was opened with: Copy link later writes the address too.
        if opened or ((not search or search == "?") and not fragment):
            return (no_update,) * (len(APPLIED) + 2) + (True, no_update, no_update, no_update)
        state, train, messages = from_query(search or "")
        raw_name = None
        if isinstance(search, str) and "data_name=" in search:
            raw_name = parse_qs(search.lstrip("?")).get("data_name", [None])[0]
        own, problems = points_from(fragment, raw_name)
        messages += problems
        notes, kind = [], "notice"
        values = applied(state, train, own)
        if own is not None:
            notes.append(own_data_note(own, values[-1]))
        if messages:
            kind = "notice problem"
            notes.append(
                "This link had problems, so parts of it were left at their defaults: "
                + "; ".join(messages[:6])
                + ("; …" if len(messages) > 6 else "")
            )
        lesson = no_update
        if state.lesson:
            # A link that names only a lesson (as a teacher writes one by hand) opens the step
            # with its picture; a copied link keeps the picture it carries.
            setup = not fragment and names_only_a_lesson(search)
            lesson = {"lesson": state.lesson, "step": state.step, "setup": setup}
        return (
            *values,
            " ".join(notes),
            kind,
            True,
            lesson,
            state.hide or no_update,
            f"Your own data, from the link: {own[3]}." if own is not None else no_update,
        )

    clientside(
        app,
        "copy_link",
        [
            Output("url", "search"),
            Output("url", "hash"),
            Output("link-message", "children"),
            Output("link-message", "className"),
            Output("link-text", "value"),
            Output("link-text", "style"),
        ],
        [Input("copy-link", "n_clicks")],
        [State(cid, prop) for cid, prop in CONTROLS]
        + [
            State("weights", "data"),
            State("act-param", "value"),
            State("lesson-pos", "data"),
            State("hide", "data"),
            State("data", "data"),
        ],
        initial=False,
    )
    # Teacher view: the parts a link hides (in the page: the body's data-hide attribute), and
    # the way back to all of them.
    clientside(
        app,
        "apply_hide",
        [Output("hide-note", "style")],
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
