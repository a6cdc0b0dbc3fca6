"""Figure builders: numbers in (from views.compute_views), Plotly figure dicts out.

The browser patches these same figures in place of the server on every slider move
(tinynet_views.js), so the trace order below is part of the contract: TRACES names it.
"""

from __future__ import annotations

import numpy as np

from explorer import style
from explorer.limits import INPUT_VIEW
from explorer.views import STAGE_LABELS, grid_families, input_axis
from model import Activation, Params

TRACES = {
    "input": ["proba", "boundary", "grid", "class0", "class1"],
    "hidden": ["shade_neg", "shade_pos", "grid_v", "grid_h", "class0", "class1", "line"],
    "activation": ["hist1", "hist2", "f", "df"],
    "diagram": ["w11", "w12", "w21", "w22", "w13", "w23", "nodes", "labels"],
}
# Diagram geometry: node positions and which nodes each weight joins.
NODES = {"x1": (0, 1), "x2": (0, 0), "h1": (1, 1), "h2": (1, 0), "p": (2, 0.5)}
EDGES = {
    "w11": ("x1", "h1"),
    "w12": ("x2", "h1"),
    "w21": ("x1", "h2"),
    "w22": ("x2", "h2"),
    "w13": ("h1", "p"),
    "w23": ("h2", "p"),
}


def _xy(points: np.ndarray) -> dict:
    """x and y lists with NaN turned into None (a break in the line, and valid JSON)."""
    pts = np.asarray(points, float).reshape(-1, 2)
    return {
        "x": [None if np.isnan(v) else float(v) for v in pts[:, 0]],
        "y": [None if np.isnan(v) else float(v) for v in pts[:, 1]],
    }


def _axes(title_x: str, title_y: str, rng: list[float] | None = None) -> dict:
    common = dict(
        zeroline=False,
        showgrid=True,
        gridcolor="#e5e5e5",
        mirror=True,
        showline=True,
        linecolor="#999",
        ticks="outside",
    )
    x = dict(title=dict(text=title_x), **common)
    y = dict(title=dict(text=title_y), scaleanchor="x", scaleratio=1, **common)
    if rng is not None:
        x["range"], y["range"] = rng[0:2], rng[2:4]
    return {"xaxis": x, "yaxis": y}


def _layout(title: str, **extra) -> dict:
    layout = dict(
        title=dict(text=title, x=0.02, xanchor="left", font=dict(size=15)),
        margin=dict(l=50, r=12, t=40, b=70),
        font=dict(family=style.FONT, size=12),
        plot_bgcolor="white",
        paper_bgcolor="white",
        showlegend=True,
        legend=dict(orientation="h", x=0, y=-0.2, yanchor="top", font=dict(size=11)),
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
            color=style.CLASS_COLORS[k],
            symbol=style.CLASS_SYMBOLS[k],
            size=style.MARKER_SIZE,
            line=dict(color="white", width=0.8),
        ),
        hovertemplate=("h1 %{x:.3f}<br>h2 %{y:.3f}" if hidden else "x1 %{x:.3f}<br>x2 %{y:.3f}")
        + f"<extra>{style.CLASS_NAMES[k]}</extra>",
    )


def input_figure(views: dict, X_drawn: np.ndarray, y_drawn: np.ndarray, grid: bool) -> dict:
    """Input space: p as a heatmap, the p = 0.5 curve, the data, and optionally the grid."""
    g = input_axis().tolist()
    proba = np.asarray(views["proba"]).tolist()
    vertical, horizontal = grid_families()
    gap = np.full((1, 2), np.nan)
    data = [
        dict(
            type="heatmap",
            name="p(class 1)",
            x=g,
            y=g,
            z=proba,
            zmin=0,
            zmax=1,
            colorscale=style.PROBA_SCALE,
            showscale=True,
            hoverongaps=False,
            colorbar=dict(title=dict(text="p"), thickness=10, len=0.8, x=1.02),
            hovertemplate="x1 %{x:.2f}<br>x2 %{y:.2f}<br>p %{z:.3f}<extra></extra>",
        ),
        dict(
            type="contour",
            name="p = 0.5",
            x=g,
            y=g,
            z=proba,
            showscale=False,
            contours=dict(start=0.5, end=0.5, size=1, coloring="none"),
            line=dict(color=style.LINE_COLOR, width=2.5, dash="dash"),
            hoverinfo="skip",
            showlegend=True,
        ),
        dict(
            type="scatter",
            mode="lines",
            name="grid",
            visible=grid,
            **_xy(np.concatenate([vertical, gap, horizontal])),
            line=dict(color="rgba(80,80,80,0.35)", width=1),
            hoverinfo="skip",
            showlegend=False,
        ),
        _points(_xy(X_drawn[y_drawn == 0]), 0),
        _points(_xy(X_drawn[y_drawn == 1]), 1),
    ]
    r = [-INPUT_VIEW, INPUT_VIEW] * 2
    return dict(data=data, layout=_layout("Input space: p(class 1)", **_axes("x1", "x2", r)))


def stage_title(t: float) -> str:
    if t >= 3:
        return "Hidden space: h = f(W x + b)"
    k = min(int(t), 2)
    return f"Stage t = {t:.2f}: {STAGE_LABELS[k]} → {STAGE_LABELS[k + 1]}"


def hidden_note(params: Params) -> str:
    if params.w13 == 0 and params.w23 == 0:
        return "w13 = w23 = 0: the output ignores h1 and h2; no line, p is the same everywhere"
    return ""


def _lines(name: str, xy: dict, color: str, **extra) -> dict:
    trace = dict(
        type="scatter",
        mode="lines",
        name=name,
        **xy,
        hoverinfo="skip",
        line=dict(color=color, width=1),
    )
    trace.update(extra)
    return trace


def _shade(name: str, xy: dict, fill: str) -> dict:
    return _lines(
        name, xy, fill, fill="toself", fillcolor=fill, showlegend=False, line=dict(width=0)
    )


def hidden_figure(views: dict, t: float, params: Params) -> dict:
    """Hidden space: the warped grid, the data pushed through, the output line and its sides."""
    data = [
        _shade("predicted class 0", _xy(views["shade_neg"]), style.SHADE[0]),
        _shade("predicted class 1", _xy(views["shade_pos"]), style.SHADE[1]),
        _lines("x1 = const", _xy(views["hidden_v"]), style.GRID_V, opacity=0.55, showlegend=False),
        _lines("x2 = const", _xy(views["hidden_h"]), style.GRID_H, opacity=0.55, showlegend=False),
        _points(_xy(views["hidden_0"]), 0, hidden=True),
        _points(_xy(views["hidden_1"]), 1, hidden=True),
        _lines(
            "output line",
            _xy(views["line"]),
            style.LINE_COLOR,
            line=dict(color=style.LINE_COLOR, width=2.5, dash="dash"),
        ),
    ]
    note = hidden_note(params)
    layout = _layout(stage_title(t), **_axes("h1", "h2", list(views["range"])))
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


def activation_figure(views: dict, act: Activation) -> dict:
    """f and f' with histograms of the pre-activations z1, z2 underneath."""
    z = np.asarray(views["curve_z"]).tolist()
    bins = np.asarray(views["bins"]).tolist()
    width = 2 * views["zlim"] / len(bins)

    def bars(name: str, counts, color: str) -> dict:
        return dict(
            type="bar",
            name=name,
            x=bins,
            y=np.asarray(counts).tolist(),
            yaxis="y2",
            width=width,
            marker=dict(color=color, opacity=0.35),
            hovertemplate="%{y:.1%} of points<extra>" + name + "</extra>",
        )

    data = [
        bars("z1", views["hist1"], style.GRID_V),
        bars("z2", views["hist2"], style.GRID_H),
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
    layout = _layout(
        f"Activation: {act.title}",
        barmode="overlay",
        xaxis=dict(
            title=dict(text="z" if act.elementwise else "z1 - z2"),
            range=[-views["zlim"], views["zlim"]],
            **axis,
        ),
        yaxis=dict(title=dict(text="f, f'"), **axis),
        # The bars fill the lower part of the panel, under the curves; hover gives the shares.
        yaxis2=dict(
            overlaying="y",
            side="right",
            showgrid=False,
            showticklabels=False,
            range=[0, histogram_top(views)],
            fixedrange=True,
        ),
    )
    return dict(data=data, layout=layout)


def histogram_top(views: dict) -> float:
    """Top of the histogram axis: the tallest bar reaches 40% of the panel's height."""
    tallest = max(max(views["hist1"], default=0.0), max(views["hist2"], default=0.0))
    return max(float(tallest), 1e-9) * 2.5


def edge_style(weight: float) -> dict:
    """Colour by sign (and dash, so colour is not the only cue), width by magnitude."""
    return dict(
        color=style.POSITIVE if weight >= 0 else style.NEGATIVE,
        width=round(1 + min(abs(weight), 8.0) * 1.1, 2),
        dash="solid" if weight >= 0 else "dash",
    )


def diagram_figure(params: Params) -> dict:
    """The 2-2-1 network: edges coloured by sign and sized by magnitude, biases on the nodes."""
    data = []
    for name, (a, b) in EDGES.items():
        (xa, ya), (xb, yb) = NODES[a], NODES[b]
        data.append(
            dict(
                type="scatter",
                mode="lines",
                x=[xa, xb],
                y=[ya, yb],
                name=name,
                line=edge_style(getattr(params, name)),
                hoverinfo="skip",
                showlegend=False,
            )
        )
    names = list(NODES)
    data.append(
        dict(
            type="scatter",
            mode="markers+text",
            x=[NODES[n][0] for n in names],
            y=[NODES[n][1] for n in names],
            text=names,
            textposition="middle center",
            marker=dict(size=34, color="white", line=dict(color="#444", width=1.5)),
            hoverinfo="skip",
            showlegend=False,
        )
    )
    data.append(
        dict(
            type="scatter",
            mode="text",
            showlegend=False,
            hoverinfo="skip",
            **diagram_labels(params),
        )
    )
    layout = _layout("Network", showlegend=False)
    layout.update(
        xaxis=dict(visible=False, range=[-0.25, 2.35]),
        yaxis=dict(visible=False, range=[-0.35, 1.3]),
        margin=dict(l=4, r=4, t=34, b=4),
    )
    return dict(data=data, layout=layout)


def diagram_labels(params: Params) -> dict:
    """Weight values near each edge's middle and biases under the units."""
    xs, ys, texts = [], [], []
    offsets = {"w11": 0.1, "w12": -0.22, "w21": 0.22, "w22": -0.1, "w13": 0.12, "w23": -0.12}
    for name, (a, b) in EDGES.items():
        (xa, ya), (xb, yb) = NODES[a], NODES[b]
        xs.append(xa + 0.3 * (xb - xa))
        ys.append(ya + 0.3 * (yb - ya) + offsets[name])
        texts.append(f"{name} {getattr(params, name):.2f}")
    for node, bias in (("h1", "b11"), ("h2", "b12"), ("p", "b13")):
        x, y = NODES[node]
        xs.append(x)
        ys.append(y - 0.24)
        texts.append(f"{bias} {getattr(params, bias):.2f}")
    return {"x": xs, "y": ys, "text": texts}
