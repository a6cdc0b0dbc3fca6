"""The network's diagram as a Plotly figure: the units as circles, each weight an edge coloured
by its sign (and dashed when negative, so colour is not the only cue) and as wide as it is
large, with the weights and biases written beside them. assets/views/views.js redraws the
edges and labels on every slider move from the same geometry (page/config.py hands it over)."""

from __future__ import annotations

from tinynet.explorer.views.figures import base_layout
from tinynet.explorer.widgets import style
from tinynet.model import Params

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
LABEL_OFFSETS = {"w11": 0.1, "w12": -0.22, "w21": 0.22, "w22": -0.1, "w13": 0.12, "w23": -0.12}
# How far along its edge a weight's label sits: clear of the node circles at either end (at a
# third of the way it ran under the start node in the side column's width).
LABEL_ALONG = 0.45
BIASES = (("h1", "b11"), ("h2", "b12"), ("p", "b13"))


def edge_style(weight: float) -> dict:
    """Colour by sign (and dash, so colour is not the only cue), width by magnitude."""
    return dict(
        color=style.POSITIVE if weight >= 0 else style.NEGATIVE,
        width=round(1 + min(abs(weight), 8.0) * 1.1, 2),
        dash="solid" if weight >= 0 else "dash",
    )


def diagram_shapes(params: Params) -> list[dict]:
    shapes = []
    for name, (a, b) in EDGES.items():
        (xa, ya), (xb, yb) = NODES[a], NODES[b]
        shapes.append(
            dict(
                type="line",
                x0=xa,
                y0=ya,
                x1=xb,
                y1=yb,
                xref="x",
                yref="y",
                line=edge_style(getattr(params, name)),
                layer="below",
            )
        )
    return shapes


def diagram_annotations(params: Params) -> list[dict]:
    """Weight values near each edge's start and biases under the units."""
    notes = []
    for name, (a, b) in EDGES.items():
        (xa, ya), (xb, yb) = NODES[a], NODES[b]
        notes.append(
            dict(
                x=xa + LABEL_ALONG * (xb - xa),
                y=ya + LABEL_ALONG * (yb - ya) + LABEL_OFFSETS[name],
                text=f"{name} {getattr(params, name):.2f}",
                showarrow=False,
            )
        )
    for node, bias in BIASES:
        x, y = NODES[node]
        notes.append(
            dict(x=x, y=y - 0.24, text=f"{bias} {getattr(params, bias):.2f}", showarrow=False)
        )
    return notes


def diagram_figure(params: Params) -> dict:
    """The 2-2-1 network: edges coloured by sign and sized by magnitude, biases on the nodes."""
    names = list(NODES)
    data = [
        dict(
            type="scatter",
            mode="markers+text",
            x=[NODES[n][0] for n in names],
            y=[NODES[n][1] for n in names],
            text=names,
            textposition="middle center",
            marker=dict(size=34, color="white", line=dict(color="#444", width=1.5)),
            hoverinfo="skip",
        )
    ]
    layout = base_layout("Network")
    layout.update(
        xaxis=dict(visible=False, range=[-0.25, 2.35], fixedrange=True),
        yaxis=dict(visible=False, range=[-0.35, 1.3], fixedrange=True),
        margin=dict(l=4, r=4, t=34, b=4),
        shapes=diagram_shapes(params),
        annotations=diagram_annotations(params),
    )
    return dict(data=data, layout=layout)
