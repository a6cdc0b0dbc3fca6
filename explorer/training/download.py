"""The page's Export replay: the server checks the run and makes its own parts of the file
(export.run_parts: its numbers and words, a few hundred kB at most); the page fetches the rest:
the file's template for the network (the page, the maths, the player: about 100 kB that never
change) from /_replay/, and plotly.js's bundles (1.5-3.2 MB) as the assets it already has. It
fills the template in (assets/training/export.js) and downloads the file. So the server builds,
encodes and compresses none of the file's megabytes for an export: a template is made and
compressed once per network (serving/compression.py keeps it) and the browser caches it."""

from __future__ import annotations

import functools
import hashlib

import numpy as np
from dash import Dash, Input, Output, State, no_update
from flask import Response, abort

from tinynet.explorer import state as schema
from tinynet.explorer.data.points import drawn_subset
from tinynet.explorer.training.callbacks import NETWORK, Refused, read_network, run_path
from tinynet.explorer.training.export import FILES, replay_template, run_parts, template_files
from tinynet.explorer.widgets.clientside import clientside
from tinynet.model import architecture

ROUTE = "/_replay/"
NETWORKS = {architecture.label(hidden): hidden for hidden in architecture.ALL}


@functools.lru_cache(maxsize=len(architecture.ALL))
def _stamp(hidden: tuple[int, ...]) -> str:
    """The template's fingerprint: its URL changes whenever its text does, so a browser may keep
    it for good."""
    return hashlib.sha256(replay_template(hidden).encode()).hexdigest()[:16]


def template_path(hidden) -> str:
    hidden = tuple(hidden)
    return f"{ROUTE}{architecture.label(hidden)}.{_stamp(hidden)}.html"


def register(app: Dash) -> None:
    @app.server.get(ROUTE + "<name>")
    def replay_file_template(name: str):
        network, _, rest = name.partition(".")
        hidden = NETWORKS.get(network)
        if hidden is None or rest != f"{_stamp(hidden)}.html":
            abort(404)
        # Plain text: it is a part of a file the page puts together, never a page of this site.
        return Response(
            replay_template(hidden),
            mimetype="text/plain",
            headers={"Cache-Control": "public, max-age=31536000, immutable"},
        )

    @app.callback(
        Output("replay-parts", "data"),
        Output("export-message", "children"),
        Input("export-replay", "n_clicks"),
        State("run", "data"),
        *NETWORK,
        prevent_initial_call=True,
    )
    def export_replay(_clicks, run, *network):
        try:
            params, act, X, y = read_network(*network)
        except Refused as why:
            return no_update, f"Not exported: {why}"
        trajectory = run_path(run, len(params.names))
        if trajectory is None:
            return no_update, "Train first: the replay is exported from the current run."
        n = len(trajectory)
        records = run["records"]
        checked = {
            "trajectory": trajectory,
            "at": _finite_series([r.get("at") for r in records], n),
            "loss": _finite_series([r.get("loss") for r in records], n),
            "accuracy": _finite_series([r.get("accuracy") for r in records], n),
        }
        heading, about = replay_words(run, checked, act, network[3], params.hidden)
        parts = run_parts(
            checked, X, y, drawn_subset(len(y)), act, heading, about, hidden=params.hidden
        )
        made = {
            "template": app.get_relative_path(template_path(params.hidden)),
            "parts": parts,
            # The bundles, by file name: the page fetches them beside its own plotly.js.
            "files": {name: FILES[name].name for name in template_files(params.hidden)},
            "filename": "tinynet-replay.html",
            "message": f"Exported the replay of {n - 1} steps: open the file in any browser, "
            "no server or internet needed.",
        }
        return made, "Making the file..."

    # The page puts the file together and downloads it; it says so only once it has.
    clientside(
        app,
        "export_replay_file",
        [
            Output("replay-file", "data"),
            Output("export-message", "children", allow_duplicate=True),
        ],
        [Input("replay-parts", "data")],
        initial=False,
    )


def replay_words(
    run: dict, checked: dict, act, data: dict, hidden=architecture.DEFAULT
) -> tuple[str, str]:
    """The replay's heading and the line under it: what was trained, how, and how it ended."""
    opts, _ = schema.parse_train(run.get("options") if isinstance(run.get("options"), dict) else {})
    title = data.get("title") if isinstance(data, dict) else None
    title = title if isinstance(title, str) and title else "the data on the page"
    network = "" if hidden == architecture.DEFAULT else f"{architecture.label(hidden)}, "
    heading = f"tinynet replay: {network}{act.title} on {title[:60]}"
    options = (
        f"{opts.optimizer.upper() if opts.optimizer == 'sgd' else opts.optimizer.title()}, "
        f"learning rate {opts.lr:g}, batch {opts.batch_size}, "
        f"{'cross-entropy' if opts.loss == 'bce' else 'squared error'} loss"
        + (f", L2 {opts.l2:g}" if opts.l2 else "")
        + f", seed {opts.seed}"
    )
    at, acc, loss = checked["at"], checked["accuracy"], checked["loss"]
    end = f"epoch {at[-1]:g}" if at else f"step {len(checked['trajectory']) - 1}"
    ended = f"Shown to {end}"
    if acc:
        ended += f": accuracy {100 * acc[-1]:.1f}%"
    if loss:
        ended += f", loss {loss[-1]:.4f}"
    points = len(data.get("y", [])) if isinstance(data, dict) else 0
    return heading, f"{options}; {points:,} points. {ended}."


def _finite_series(values, n: int) -> list[float]:
    """A per-epoch series sent back by the page, or [] when it is not n finite numbers."""
    if not isinstance(values, list) or len(values) != n:
        return []
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return []
    return [float(v) for v in values] if np.isfinite(values).all() else []
