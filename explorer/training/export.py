"""Export replay: a training run as one HTML file that plays offline with no server: the input
and hidden views at every epoch, Play/Pause, an epoch slider and a speed, all plain HTML
controls that a keyboard reaches. The page says what it shows (activation, data, options, how
the run ended).

The file holds the run's weights at each epoch and the points drawn; each view is computed in
the file by the explorer's own browser maths (assets/views/math.js, held equal to model/ by the
tests) and drawn by the same cartesian plotly.js bundle the explorer serves. So every epoch is
there and the file is about the size of that bundle (replay/page.html, replay/player.js).
"""

from __future__ import annotations

import functools
import html
import json
from pathlib import Path

import numpy as np

from tinynet.explorer.limits import GRID_LINES, INPUT_VIEW, LINE_SAMPLES
from tinynet.explorer.views.numbers import activation_box
from tinynet.explorer.widgets import style
from tinynet.model import NAMES, Activation, Params, forward

HERE = Path(__file__).resolve().parent
ASSETS = HERE.parent / "assets"
PLOTLY_BUNDLE = ASSETS / "vendor" / "plotly-cartesian-4.1.1.min.js"
PAGE = HERE / "replay" / "page.html"
PLAYER = HERE / "replay" / "player.js"
MATH = ASSETS / "views" / "math.js"
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


def _series(values, n: int) -> list:
    values = list(values or [])
    return [float(v) if v is not None else None for v in values[:n]]


def replay_data(run: dict, X, y, drawn, act: Activation, autoplay: bool = True) -> dict:
    """What the file's player needs: the weights per epoch, the drawn points, the metrics and
    how to draw them."""
    trajectory = np.asarray(run["trajectory"], float)
    Xd, yd = np.asarray(X, float)[drawn], np.asarray(y, int)[drawn]
    n = len(trajectory)
    return {
        "trajectory": trajectory.tolist(),
        "at": _series(run.get("at"), n),
        "X": Xd.tolist(),
        "y": yd.tolist(),
        "loss": _series(run.get("loss"), n),
        "accuracy": _series(run.get("accuracy"), n),
        "activation": act.name,
        "act_param": float(act.value),
        "hidden_range": hidden_range(trajectory, act, Xd),
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


@functools.lru_cache(maxsize=4)
def _file(path: Path) -> str:
    """A script the file inlines, read once."""
    return _script(path.read_text(encoding="utf-8"))


def replay_html(
    run: dict, X, y, drawn, act: Activation, heading: str, about: str, autoplay: bool = True
) -> str:
    """The whole file: the page, plotly.js, the maths, the player and the run's numbers."""
    data = replay_data(run, X, y, drawn, act, autoplay)
    parts = {
        "title": html.escape(heading),
        "heading": html.escape(heading),
        "about": html.escape(about),
        "names": json.dumps(list(NAMES)),
        "plotly": _file(PLOTLY_BUNDLE),
        "math": _file(MATH),
        "player": _file(PLAYER),
        "data": _script(json.dumps(data, separators=(",", ":"))),
    }
    page = PAGE.read_text(encoding="utf-8")
    for key, value in parts.items():
        page = page.replace(f"@@{key}@@", value)
    return page
