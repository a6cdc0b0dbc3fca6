"""Figure builders for training: the run's curves, its weights, the predicted-probability
histograms, the loss landscape and the restarts. Numbers in, Plotly figure dicts out."""

from __future__ import annotations

import numpy as np

from tinynet.explorer.views.figures import base_layout, polyline_path
from tinynet.explorer.widgets import style
from tinynet.model import NAMES

# Nine distinguishable line styles for the nine weights: colour and dash both vary.
WEIGHT_COLORS = [
    "#0072B2",
    "#56B4E9",
    "#009E73",
    "#2ca02c",
    "#D55E00",
    "#E69F00",
    "#CC79A7",
    "#6a3d9a",
    "#444444",
]
WEIGHT_DASHES = ["solid", "dash", "solid", "dash", "dot", "dot", "solid", "dash", "dot"]


def _empty(title: str, words: str) -> dict:
    layout = base_layout(title, xaxis=dict(visible=False), yaxis=dict(visible=False))
    layout["annotations"] = [
        dict(
            text=words,
            xref="paper",
            yref="paper",
            x=0.5,
            y=0.5,
            showarrow=False,
            font=dict(size=13, color="#666"),
        )
    ]
    return dict(data=[], layout=layout)


def _series(records: list[dict], key: str) -> list:
    return [r.get(key) for r in records]


def history_figure(run: dict | None) -> dict:
    """Loss and accuracy per epoch, training (solid) and test (dashed), from a run's records
    ({"records": [{"at", "loss", "accuracy", ...}], "loss_kind": ...}). With no records: the
    styled, empty figure the page fills in as a run grows (assets/training/charts.js)."""
    if run is None:
        return _empty("Loss and accuracy", "Press Train to see the curves")
    records = run.get("records") or []
    at = _series(records, "at")

    def curve(name: str, key: str, color: str, dash: str = "solid", right: bool = False):
        trace = dict(
            type="scatter",
            mode="lines",
            name=name,
            x=at,
            y=_series(records, key),
            line=dict(color=color, width=2, dash=dash),
        )
        if right:
            trace["yaxis"] = "y2"
        return trace

    data = [
        curve("training loss", "loss", style.NEGATIVE),
        curve("training accuracy", "accuracy", style.POSITIVE, right=True),
        curve("test loss", "test_loss", style.NEGATIVE, "dash"),
        curve("test accuracy", "test_accuracy", style.POSITIVE, "dash", right=True),
    ]
    last = at[-1] if at else 1
    layout = base_layout(
        "Loss and accuracy",
        showlegend=True,
        legend=dict(orientation="h", x=0, y=-0.3, font=dict(size=11)),
        xaxis=dict(title=dict(text="epoch"), range=[0, max(last, 1)]),
        yaxis=dict(
            title=dict(text=f"loss ({run.get('loss_kind', 'bce')})"),
            rangemode="tozero",
            color=style.NEGATIVE_TEXT,
        ),
        yaxis2=dict(
            title=dict(text="accuracy"),
            overlaying="y",
            side="right",
            range=[0, 1.02],
            tickvals=[0, 0.25, 0.5, 0.75, 1],
            tickformat=".0%",
            color=style.POSITIVE,
            showgrid=False,
        ),
        margin=dict(l=55, r=55, t=36, b=70),
    )
    return dict(data=data, layout=layout)


def weights_figure(run: dict | None) -> dict:
    """The nine weights over the epochs, from a run's records (empty: the page's template)."""
    if run is None:
        return _empty("Weights over training", "Press Train to see the weights move")
    records = run.get("records") or []
    at = _series(records, "at")
    params = [r["params"] for r in records]
    data = [
        dict(
            type="scatter",
            mode="lines",
            name=name,
            x=at,
            y=[p[k] for p in params],
            line=dict(color=WEIGHT_COLORS[k], dash=WEIGHT_DASHES[k], width=1.8),
        )
        for k, name in enumerate(NAMES)
    ]
    layout = base_layout(
        "Weights over training",
        showlegend=True,
        legend=dict(font=dict(size=11), x=1.02, y=1),
        xaxis=dict(title=dict(text="epoch"), range=[0, max(at[-1] if at else 1, 1)]),
        yaxis=dict(title=dict(text="value"), zeroline=True, zerolinecolor="#bbb"),
        margin=dict(l=50, r=70, t=36, b=44),
    )
    return dict(data=data, layout=layout)


def proba_shapes(views: dict) -> list[dict]:
    """Histograms of p for each class (bars as filled step outlines) and the 0.5 threshold."""
    hists = (views["proba_hist0"], views["proba_hist1"])
    tallest = max(max(h, default=0.0) for h in hists) or 1e-12
    shapes = []
    for k, counts in enumerate(hists):
        edges = np.linspace(0.0, 1.0, len(counts) + 1)
        points = [(0.0, 0.0)]
        for left, right, count in zip(edges[:-1], edges[1:], counts):
            height = 0.9 * float(count) / tallest
            points += [(left, height), (right, height)]
        points.append((1.0, 0.0))
        shapes.append(
            dict(
                type="path",
                path=polyline_path(np.array(points), close=True),
                xref="x",
                yref="paper",
                fillcolor=style.CLASS_COLORS[k],
                opacity=0.45,
                line=dict(width=0),
                layer="below",
            )
        )
    shapes.append(
        dict(
            type="line",
            xref="x",
            yref="paper",
            x0=0.5,
            x1=0.5,
            y0=0,
            y1=1,
            line=dict(color=style.LINE_COLOR, width=2, dash="dash"),
        )
    )
    return shapes


def proba_figure(views: dict) -> dict:
    """How sure the network is about each class: p for the class-0 and the class-1 points."""
    layout = base_layout(
        "Predicted p(class 1), by true class",
        xaxis=dict(title=dict(text="p(class 1)"), range=[0, 1], fixedrange=True),
        yaxis=dict(
            title=dict(text="share of the class"),
            showticklabels=False,
            fixedrange=True,
            range=[0, 1],
        ),
    )
    layout["shapes"] = proba_shapes(views)
    return dict(data=[], layout=layout)


def landscape_figure(land: dict | None) -> dict:
    """The loss over two parameters, with the current point and the training path."""
    if not land:
        return _empty("Loss landscape", "Choose two weights and press Show")
    data = [
        dict(
            type="contour",
            x=land["x"],
            y=land["y"],
            z=land["z"],
            colorscale="Viridis",
            reversescale=True,
            ncontours=24,
            colorbar=dict(title=dict(text="loss"), thickness=10),
            hovertemplate=f"{land['first']} %{{x:.2f}}<br>{land['second']} %{{y:.2f}}"
            "<br>loss %{z:.4f}<extra></extra>",
            name="loss",
        ),
    ]
    if land.get("path"):
        path = np.asarray(land["path"])
        data.append(
            dict(
                type="scatter",
                mode="lines+markers",
                name="training path",
                x=path[:, 0].tolist(),
                y=path[:, 1].tolist(),
                line=dict(color="white", width=2),
                marker=dict(size=3, color="white"),
            )
        )
    data.append(
        dict(
            type="scatter",
            mode="markers",
            name="now",
            x=[land["here"][0]],
            y=[land["here"][1]],
            marker=dict(size=12, color="#D55E00", symbol="x", line=dict(color="white", width=1)),
        )
    )
    layout = base_layout(
        f"Loss over {land['first']} and {land['second']}",
        xaxis=dict(title=dict(text=land["first"])),
        yaxis=dict(title=dict(text=land["second"])),
    )
    return dict(data=data, layout=layout)


def restarts_figure(result: dict | None) -> dict:
    """One point per run: its loss, coloured and shaped by whether it reached 100% (the
    restarts' runs as {"runs": [{"seed", "loss", "accuracy"}]}; the page moves the points as
    the runs train)."""
    if result is None:
        return _empty("Restarts", "Run restarts to compare many seeds")
    runs = result.get("runs") or []
    data = []
    for perfect, name, k in ((True, "100% accuracy", 0), (False, "below 100%", 1)):
        rows = [r for r in runs if (r["accuracy"] == 1.0) == perfect]
        data.append(
            dict(
                type="scatter",
                mode="markers",
                name=name,
                x=[r["seed"] for r in rows],
                y=[max(r["loss"], 1e-6) for r in rows],
                customdata=[r["seed"] for r in rows],
                text=[
                    f"seed {r['seed']}: loss {r['loss']:.4f}, accuracy {r['accuracy']:.1%}"
                    for r in rows
                ],
                hovertemplate="%{text}<br>click to watch this run<extra></extra>",
                marker=dict(color=style.CLASS_COLORS[k], symbol=style.CLASS_SYMBOLS[k], size=8),
            )
        )
    layout = base_layout(
        "Restarts: loss per seed",
        showlegend=True,
        legend=dict(orientation="h", x=0, y=-0.3, font=dict(size=11)),
        xaxis=dict(title=dict(text="seed")),
        yaxis=dict(title=dict(text="loss"), type="log", dtick=1, exponentformat="power"),
        margin=dict(l=55, r=12, t=36, b=70),
    )
    return dict(data=data, layout=layout)
