"""Export replay: a training run as one HTML file that plays offline with no server: the input
and hidden views at every epoch, Play/Pause, an epoch slider and a speed, all plain HTML
controls that a keyboard reaches. The page says what it shows (activation, data, options, how
the run ended).

The file holds the run's weights at each epoch and the points drawn; each view is computed in
the file by the explorer's own browser maths (assets/views/math.js for 2-2-1; views/mlp.js,
architectures/numbers.js and views.js for any other network; held equal to model/ by the
tests) and drawn by the cartesian plotly.js bundle the explorer serves, plus its gl3d bundle
when a hidden layer has three units. So every epoch is there and the file is about the size
of those bundles (replay/page.html, replay/player.js, and replay/plane.js or replay/layers.js
for the views).
"""

from __future__ import annotations

import functools
import html
import json
import re
from pathlib import Path

import numpy as np

from tinynet.explorer import limits
from tinynet.explorer.limits import GRID_LINES, INPUT_VIEW, LINE_SAMPLES
from tinynet.explorer.views.numbers import activation_box
from tinynet.explorer.widgets import style
from tinynet.model import NAMES, Activation, Params, architecture, forward

HERE = Path(__file__).resolve().parent
ASSETS = HERE.parent / "assets"
PLOTLY_BUNDLE = ASSETS / "vendor" / "plotly-cartesian-4.1.1.min.js"
THREE_D_BUNDLE = ASSETS / "vendor" / "plotly-gl3d-4.1.1.min.js"
PAGE = HERE / "replay" / "page.html"
PLAYER = HERE / "replay" / "player.js"
PLANE = HERE / "replay" / "plane.js"  # 2-2-1's hidden view
LAYERS = HERE / "replay" / "layers.js"  # any other network's hidden views
MATH = ASSETS / "views" / "math.js"
# What layers.js draws with: the page's own code for the other networks' views.
NETWORK_MATHS = (
    ASSETS / "views" / "mlp.js",
    ASSETS / "views" / "views.js",
    ASSETS / "architectures" / "numbers.js",
    ASSETS / "architectures" / "views.js",
)
HEATMAP_N = 61  # the probability picture, per side
PROBE_EPOCHS = 40  # epochs looked at to fit an unbounded hidden space in the view
HIDDEN_LIMIT = 50.0  # the largest hidden view, whatever the weights


def hidden_range(trajectory: np.ndarray, act: Activation, X: np.ndarray) -> list[float]:
    """One hidden view for the whole run, so its axes never jump: the activation's range
    where it is bounded, else everywhere the points and the grid go over the run."""
    box = activation_box(act)
    lo, hi = act.output_range
    if np.isfinite(lo) and np.isfinite(hi):
        return box
    grid = np.array([(a, b) for a in np.linspace(-1, 1, 5) for b in np.linspace(-1, 1, 5)])
    pts = np.concatenate([X, grid])
    for k in np.unique(np.linspace(0, len(trajectory) - 1, PROBE_EPOCHS).round().astype(int)):
        h = forward(Params.from_array(trajectory[k]), pts, act).h
        h = h[np.isfinite(h).all(axis=1)]
        if len(h):
            box = [
                min(box[0], h[:, 0].min()),
                max(box[1], h[:, 0].max()),
                min(box[2], h[:, 1].min()),
                max(box[3], h[:, 1].max()),
            ]
    out = []
    for a, b in (box[:2], box[2:]):
        pad = 0.05 * max(b - a, 0.1)
        out += [max(a - pad, -HIDDEN_LIMIT), min(b + pad, HIDDEN_LIMIT)]
    return [float(v) for v in out]


def layer_spans(
    trajectory: np.ndarray, hidden: tuple[int, ...], act: Activation, X: np.ndarray
) -> list[list[list[float]]]:
    """Each hidden layer's box for the whole run, so no axis jumps: every unit's lowest and
    highest value over the points and the input square, at epochs spread over the run
    (layers.js widens it to the activation's range where that is bounded)."""
    grid = np.array([(a, b) for a in np.linspace(-1, 1, 5) for b in np.linspace(-1, 1, 5)])
    pts = np.concatenate([X, grid])
    low = [np.full(units, np.inf) for units in hidden]
    high = [np.full(units, -np.inf) for units in hidden]
    for k in np.unique(np.linspace(0, len(trajectory) - 1, PROBE_EPOCHS).round().astype(int)):
        run = forward(Params.from_array(trajectory[k], hidden), pts, act)
        for layer, h in enumerate(run.hs):
            h = h[np.isfinite(h).all(axis=1)]
            if len(h):
                low[layer] = np.minimum(low[layer], h.min(axis=0))
                high[layer] = np.maximum(high[layer], h.max(axis=0))
    return [
        [
            [max(float(a), -HIDDEN_LIMIT), min(float(b), HIDDEN_LIMIT)] if a <= b else [-1.0, 1.0]
            for a, b in zip(lo, hi, strict=True)
        ]
        for lo, hi in zip(low, high, strict=True)
    ]


def network_config(act: Activation) -> dict:
    """What the other networks' view code (architectures/numbers.js, views.js) reads from the
    page's config, for this one activation: the limits, the colours and the activation's range."""
    lo, hi = act.output_range
    finite = [float(v) if np.isfinite(v) else None for v in (lo, hi)]
    return {
        "limits": {
            **{
                name: getattr(limits, name)
                for name in ("GRID_LINES", "LINE_SAMPLES", "INPUT_VIEW", "UNBOUNDED_VIEW")
                + ("FIT_LIMIT", "HIST_BINS", "PROBA_BINS", "STAGE_MAX")
            },
            "HEATMAP_N": HEATMAP_N,
        },
        "style": {
            name: getattr(style, name)
            for name in ("SHADE", "LINE_COLOR", "GRID_V", "GRID_H", "CLASS_COLORS")
            + ("CLASS_SYMBOLS", "MARKER_SIZE")
        },
        "activations": {act.name: {"range": finite, "range_follows_param": False}},
    }


def _series(values, n: int) -> list:
    values = list(values or [])
    return [float(v) if v is not None else None for v in values[:n]]


def replay_data(
    run: dict, X, y, drawn, act: Activation, autoplay: bool = True, hidden=architecture.DEFAULT
) -> dict:
    """What the file's player needs: the weights per epoch, the drawn points, the metrics and
    how to draw them."""
    trajectory = np.asarray(run["trajectory"], float)
    Xd, yd = np.asarray(X, float)[drawn], np.asarray(y, int)[drawn]
    n = len(trajectory)
    hidden = tuple(hidden)
    other = {}
    if hidden != architecture.DEFAULT:
        other = {
            "hidden": list(hidden),
            "spans": layer_spans(trajectory, hidden, act, Xd),
            "config": network_config(act),
        }
    return other | {
        "trajectory": trajectory.tolist(),
        "at": _series(run.get("at"), n),
        "X": Xd.tolist(),
        "y": yd.tolist(),
        "loss": _series(run.get("loss"), n),
        "accuracy": _series(run.get("accuracy"), n),
        "activation": act.name,
        "act_param": float(act.value),
        "hidden_range": hidden_range(trajectory, act, Xd) if not other else None,
        "input_view": INPUT_VIEW,
        "heatmap_n": HEATMAP_N,
        "grid_lines": GRID_LINES,
        "line_samples": LINE_SAMPLES,
        "proba_scale": style.PROBA_SCALE,
        "colors": list(style.CLASS_COLORS),
        "grid_colors": [style.GRID_V, style.GRID_H],
        "line_color": style.LINE_COLOR,
        "autoplay": autoplay,
    }


def _script(text: str) -> str:
    """Text safe inside a <script> element (it may hold "</script>" in a string)."""
    return text.replace("</", "<\\/")


@functools.lru_cache(maxsize=16)
def _file(path: Path) -> str:
    """A script the file inlines, read once."""
    return _script(path.read_text(encoding="utf-8"))


def _views(hidden: tuple[int, ...]) -> str:
    """The hidden views' elements, each named for a screen reader."""
    if hidden == architecture.DEFAULT:
        return (
            '<div id="hidden-view" class="view" role="img" aria-label="The hidden space: the '
            "input square's grid after the hidden layer, the data, and the output unit's "
            'line"></div>'
        )
    kinds = {1: "its values on a line", 2: "the plane it makes", 3: "a 3-D view you can turn"}
    return "\n".join(
        f'<div id="layer-view-{layer}" class="view" role="img" aria-label="Hidden layer '
        f'{layer}, {units} unit{"s" if units > 1 else ""}: {kinds[units]}, with the data"></div>'
        for layer, units in enumerate(hidden, start=1)
    )


# The file is made of three kinds of parts: what depends on the network only (the template),
# what differs from run to run (RUN_PARTS), and plotly.js's bundles (FILES), which the page
# already has as its own assets. The template marks where the other two go.
RUN_PARTS = ("title", "heading", "about", "data")
FILES = {"plotly": PLOTLY_BUNDLE, "gl3d": THREE_D_BUNDLE}
MARKER = re.compile(r"@@tinynet-(run|file):(\w+)@@")


def template_files(hidden) -> tuple[str, ...]:
    """The bundles a network's file holds: the gl3d one too when a layer has three units."""
    return ("plotly", "gl3d") if 3 in tuple(hidden) else ("plotly",)


@functools.lru_cache(maxsize=len(architecture.ALL))
def replay_template(hidden: tuple[int, ...] = architecture.DEFAULT) -> str:
    """The file for a network without its run and without plotly.js: the page, the maths, the
    player and the views (about 100 kB), with a marker @@tinynet-run:NAME@@ where each of
    RUN_PARTS goes and @@tinynet-file:NAME@@ where each bundle of template_files goes (fill
    puts them in). The page fetches it as a file that never changes (/_replay/...) and the
    bundles as its own assets, so the server builds none of the file's megabytes per export."""
    hidden = tuple(hidden)
    default = hidden == architecture.DEFAULT
    three = ""
    if 3 in hidden:  # the gl3d bundle sets window.Plotly: the cartesian one is put back
        three = (
            "<script>window.tinynetCartesian = window.Plotly;</script>"
            "<script>@@tinynet-file:gl3d@@</script>"
            "<script>window.tinynetPlotly3d = window.Plotly; "
            "window.Plotly = window.tinynetCartesian;</script>"
        )
    parts = {
        **{name: f"@@tinynet-run:{name}@@" for name in RUN_PARTS},
        "names": json.dumps(list(NAMES)),
        "plotly": "@@tinynet-file:plotly@@",
        "three": three,
        "math": _file(MATH),
        "maths": "" if default else "".join(f"<script>{_file(p)}</script>" for p in NETWORK_MATHS),
        "columns": str(1 + len(hidden)),
        "views": _views(hidden),
        "drawing": _file(PLANE if default else LAYERS),
        "player": _file(PLAYER),
    }
    # One pass: a part's own text is never read for markers.
    text = re.sub(r"@@(\w+)@@", lambda m: parts[m.group(1)], PAGE.read_text(encoding="utf-8"))
    found = sorted(m.groups() for m in MARKER.finditer(text))
    wanted = sorted(
        [("run", name) for name in RUN_PARTS] + [("file", f) for f in template_files(hidden)]
    )
    if found != wanted:  # a script of ours that happened to hold a marker
        raise RuntimeError(f"the replay template's markers are {found}")
    return text


def run_parts(
    run: dict,
    X,
    y,
    drawn,
    act: Activation,
    heading: str,
    about: str,
    autoplay: bool = True,
    hidden=architecture.DEFAULT,
) -> dict[str, str]:
    """The run's own parts of the file (RUN_PARTS), as they go into the template's markers."""
    data = replay_data(run, X, y, drawn, act, autoplay, tuple(hidden))
    return {
        "title": html.escape(heading),
        "heading": html.escape(heading),
        "about": html.escape(about),
        "data": _script(json.dumps(data, separators=(",", ":"))),
    }


def fill(template: str, parts: dict[str, str], files: dict[str, str]) -> str:
    """The template with the run's parts and the bundles' text (made safe inside <script> as
    _script does) in; assets/training/export.js does the same in the page (one pass, so no
    part's text is read for markers)."""
    return MARKER.sub(lambda m: (parts if m.group(1) == "run" else files)[m.group(2)], template)


def replay_html(
    run: dict,
    X,
    y,
    drawn,
    act: Activation,
    heading: str,
    about: str,
    autoplay: bool = True,
    hidden=architecture.DEFAULT,
) -> str:
    """The whole file: the page, plotly.js, the maths, the player and the run's numbers."""
    hidden = tuple(hidden)
    parts = run_parts(run, X, y, drawn, act, heading, about, autoplay, hidden)
    files = {name: _file(FILES[name]) for name in template_files(hidden)}
    return fill(replay_template(hidden), parts, files)
