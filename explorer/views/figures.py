"""Figure builders: numbers in (from views.compute_views), Plotly figure dicts out.

The browser rebuilds these same figures on every slider move (assets/views/views.js mirrors
each function here). What moves on a weight change is kept out of the traces wherever it can
be: the heatmap is a layout image and the boundary, shaded sides, histograms and diagram edges
are layout shapes. Plotly then repaints only those, and leaves alone the traces whose arrays
are the same objects as before (the data's markers), which is what keeps a slider step within
a few frames. TRACES lists each figure's traces in order: part of the contract with the JS.
"""

from __future__ import annotations

import numpy as np

from tinynet.explorer.limits import INPUT_VIEW
from tinynet.explorer.views.numbers import STAGE_LABELS, grid_families, proba_pixels
from tinynet.explorer.views.png import data_uri
from tinynet.explorer.widgets import style
from tinynet.model import Activation, Params

TRACES = {
    "input": ["grid", "class0", "class1"],
    "hidden": ["shade_neg", "shade_pos", "grid_v", "grid_h", "class0", "class1", "line"],
    "activation": ["f", "df"],
    "diagram": ["nodes"],
}


def _xy(points: np.ndarray) -> dict:
    """x and y lists with NaN turned into None (a break in the line, and valid JSON)."""
    pts = np.asarray(points, float).reshape(-1, 2)
    return {
        "x": [None if np.isnan(v) else float(v) for v in pts[:, 0]],
        "y": [None if np.isnan(v) else float(v) for v in pts[:, 1]],
    }


def _num(v: float) -> str:
    return repr(float(v))


def polyline_path(points: np.ndarray, close: bool = False) -> str:
    """SVG path through the points in data units; a NaN row starts a new piece ('' for none)."""
    pieces, current = [], []
    for x, y in np.asarray(points, float).reshape(-1, 2):
        if np.isnan(x) or np.isnan(y):
            if current:
                pieces.append(current)
            current = []
        else:
            current.append(f"{_num(x)},{_num(y)}")
    if current:
        pieces.append(current)
    end = " Z" if close else ""
    return " ".join("M" + " L".join(piece) + end for piece in pieces)


def _axes(title_x: str, title_y: str, rng: list[float]) -> dict:
    common = dict(
        zeroline=False,
        showgrid=True,
        gridcolor="#e5e5e5",
        mirror=True,
        showline=True,
        linecolor="#999",
        ticks="outside",
        # The views never zoom or pan: their moving parts are painted for these ranges.
        fixedrange=True,
    )
    # Equal units on both axes; the plot area shrinks to the ranges' shape ("domain") rather
    # than the ranges growing to fill the box, so colour maps and shaded sides fill the plot.
    # The full domain is said every time: Plotly writes the shrunk domain into the layout it
    # draws, and a later Plotly.react from there grows the range instead (an activation change
    # then drew the grid past the shaded frame).
    return {
        "xaxis": dict(
            title=dict(text=title_x),
            range=list(rng[0:2]),
            domain=[0, 1],
            constrain="domain",
            **common,
        ),
        "yaxis": dict(
            title=dict(text=title_y),
            range=list(rng[2:4]),
            domain=[0, 1],
            scaleanchor="x",
            scaleratio=1,
            constrain="domain",
            **common,
        ),
    }


def base_layout(title: str, **extra) -> dict:
    # Legends are HTML under each graph: a Plotly legend costs a repaint on every step.
    layout = dict(
        title=dict(text=title, x=0.02, xanchor="left", font=dict(size=15)),
        margin=dict(l=50, r=12, t=40, b=44),
        font=dict(family=style.FONT, size=12),
        plot_bgcolor="white",
        paper_bgcolor="white",
        showlegend=False,
        shapes=[],
        annotations=[],
    )
    layout.update(extra)
    return layout


def _points(xy: dict, k: int, hidden: bool = False) -> dict:
    return dict(
        type="scatter",
        mode="markers",
        name=style.CLASS_NAMES[k],
        **xy,
        marker=dict(
            color=style.CLASS_COLORS[k], symbol=style.CLASS_SYMBOLS[k], size=style.MARKER_SIZE
        ),
        hovertemplate=("h1 %{x:.3f}<br>h2 %{y:.3f}" if hidden else "x1 %{x:.3f}<br>x2 %{y:.3f}")
        + f"<extra>{style.CLASS_NAMES[k]}</extra>",
    )


def _path_shape(path: str, **style_) -> dict:
    return dict(type="path", path=path, xref="x", yref="y", **style_)


def heatmap_image(views: dict) -> dict:
    return dict(
        source=data_uri(proba_pixels(np.asarray(views["proba"]), style.PROBA_SCALE)),
        xref="x",
        yref="y",
        x=-INPUT_VIEW,
        y=INPUT_VIEW,
        sizex=2 * INPUT_VIEW,
        sizey=2 * INPUT_VIEW,
        sizing="stretch",
        layer="below",
    )


def boundary_shape(views: dict) -> dict:
    return _path_shape(
        polyline_path(views["boundary"]), line=dict(color=style.LINE_COLOR, width=2.5, dash="dash")
    )


def input_figure(views: dict, X_drawn: np.ndarray, y_drawn: np.ndarray, grid: bool) -> dict:
    """Input space: p as a picture, the p = 0.5 curve, the data, and optionally the grid."""
    vertical, horizontal = grid_families()
    gap = np.full((1, 2), np.nan)
    data = [
        dict(
            type="scatter",
            mode="lines",
            name="grid",
            visible=grid,
            **_xy(np.concatenate([vertical, gap, horizontal])),
            line=dict(color="rgba(80,80,80,0.35)", width=1),
            hoverinfo="skip",
        ),
        _points(_xy(X_drawn[y_drawn == 0]), 0),
        _points(_xy(X_drawn[y_drawn == 1]), 1),
    ]
    r = [-INPUT_VIEW, INPUT_VIEW] * 2
    layout = base_layout("Input space: p(class 1)", **_axes("x1", "x2", r))
    layout["images"] = [heatmap_image(views)]
    layout["shapes"] = [boundary_shape(views)]
    return dict(data=data, layout=layout)


def stage_title(t: float) -> str:
    if t >= 3:
        return "Hidden space: h = f(W x + b)"
    k = min(int(t), 2)
    return f"Stage t = {t:.2f}: {STAGE_LABELS[k]} → {STAGE_LABELS[k + 1]}"


def hidden_note(params: Params, t: float = 3.0) -> str:
    if t < 3:
        return "The output line lives in the hidden space, after f: it shows at stage 3"
    if params.w13 == 0 and params.w23 == 0:
        return "w13 = w23 = 0: the output ignores h1 and h2; no line, p is the same everywhere"
    return ""


def hidden_figure(views: dict, t: float, params: Params) -> dict:
    """Hidden space: the warped grid, the data pushed through, the output line and its sides.
    (All traces: the points move on every step anyway, so shapes would only add work.)"""

    def lines(name: str, key: str, color: str, **extra) -> dict:
        trace = dict(
            type="scatter",
            mode="lines",
            name=name,
            **_xy(views[key]),
            line=dict(color=color, width=1),
            hoverinfo="skip",
        )
        trace.update(extra)
        return trace

    data = [
        lines(
            "predicted class 0",
            "shade_neg",
            style.SHADE[0],
            fill="toself",
            fillcolor=style.SHADE[0],
            line=dict(width=0),
        ),
        lines(
            "predicted class 1",
            "shade_pos",
            style.SHADE[1],
            fill="toself",
            fillcolor=style.SHADE[1],
            line=dict(width=0),
        ),
        lines("x1 = const", "hidden_v", style.GRID_V, opacity=0.55),
        lines("x2 = const", "hidden_h", style.GRID_H, opacity=0.55),
        _points(_xy(views["hidden_0"]), 0, hidden=True),
        _points(_xy(views["hidden_1"]), 1, hidden=True),
        lines(
            "output line",
            "line",
            style.LINE_COLOR,
            line=dict(color=style.LINE_COLOR, width=2.5, dash="dash"),
        ),
    ]
    # The line and its sides belong to the space after f: while the plane morphs towards it
    # (t < 3) they are not drawn, and the note says why.
    if t < 3:
        for k in (0, 1, 6):
            data[k]["visible"] = False
    note = hidden_note(params, t)
    layout = base_layout(stage_title(t), **_axes("h1", "h2", list(views["range"])))
    layout["annotations"] = [
        dict(
            text=note,
            visible=bool(note),
            xref="paper",
            yref="paper",
            x=0.5,
            y=0.98,
            showarrow=False,
            bgcolor="rgba(255,255,255,0.85)",
            font=dict(size=11),
        )
    ]
    return dict(data=data, layout=layout)


def histogram_path(views: dict, counts) -> str:
    """A closed step outline of one histogram, in data x and paper y: the tallest bar of the
    two reaches 40% of the panel's height."""
    tallest = max(max(views["hist1"], default=0.0), max(views["hist2"], default=0.0), 1e-12)
    bins = np.asarray(views["bins"], float)
    half = views["zlim"] / len(bins)
    points = [(bins[0] - half, 0.0)]
    for center, count in zip(bins, counts):
        height = 0.4 * float(count) / tallest
        points += [(center - half, height), (center + half, height)]
    points.append((bins[-1] + half, 0.0))
    return polyline_path(np.array(points), close=True)


def activation_shapes(views: dict) -> list[dict]:
    return [
        dict(
            type="path",
            path=histogram_path(views, views[key]),
            xref="x",
            yref="paper",
            fillcolor=color,
            opacity=0.35,
            line=dict(width=0),
            layer="below",
        )
        for key, color in (("hist1", style.GRID_V), ("hist2", style.GRID_H))
    ]


def activation_figure(views: dict, act: Activation) -> dict:
    """f and f' with histograms of the pre-activations z1, z2 underneath."""
    z = np.asarray(views["curve_z"]).tolist()
    data = [
        dict(
            type="scatter",
            mode="lines",
            name="f(z)",
            x=z,
            y=np.asarray(views["curve_f"]).tolist(),
            line=dict(color="#222", width=2.5),
        ),
        dict(
            type="scatter",
            mode="lines",
            name="f'(z)",
            x=z,
            y=np.asarray(views["curve_df"]).tolist(),
            line=dict(color=style.NEGATIVE, width=2, dash="dash"),
        ),
    ]
    axis = dict(zeroline=True, zerolinecolor="#bbb", showgrid=True, gridcolor="#eee")
    layout = base_layout(
        f"Activation: {act.title}",
        xaxis=dict(
            title=dict(text="z" if act.elementwise else "z1 - z2"),
            range=[-views["zlim"], views["zlim"]],
            **axis,
        ),
        yaxis=dict(title=dict(text="f, f'"), **axis),
    )
    layout["shapes"] = activation_shapes(views)
    return dict(data=data, layout=layout)
