"""Export replay: a training run as one standalone HTML file (Plotly inlined, no server, works
offline) that plays the input and hidden views epoch by epoch, with a slider and Play/Pause.

The numbers come from views.py, the same ones the app draws; the probability
picture is coarser (41 x 41) and at most FRAMES_MAX epochs are kept, so the file stays a few MB.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from tinynet.explorer.limits import INPUT_VIEW, STAGE_MAX
from tinynet.explorer.page import style
from tinynet.explorer.views.numbers import hidden_view, input_axis, proba_grid
from tinynet.model import Activation, Params

PLOTLY_BUNDLE = (
    Path(__file__).resolve().parents[1] / "assets" / "vendor" / "plotly-cartesian-4.1.1.min.js"
)

FRAMES_MAX = 40
PICTURE_N = 41
FRAME_MS = 120


def frame_epochs(epochs: int, most: int = FRAMES_MAX) -> list[int]:
    """Evenly spread epochs from 0 to `epochs`, both ends included, at most `most`."""
    if epochs + 1 <= most:
        return list(range(epochs + 1))
    return sorted({int(round(k)) for k in np.linspace(0, epochs, most)})


def _xy(points: np.ndarray) -> tuple[list, list]:
    points = np.asarray(points, float).reshape(-1, 2)
    clean = [None if not np.isfinite(v) else round(float(v), 4) for v in points[:, 0]]
    other = [None if not np.isfinite(v) else round(float(v), 4) for v in points[:, 1]]
    return clean, other


def _moving(params: Params, act: Activation, Xd, yd) -> tuple[list, list]:
    """The traces that change from epoch to epoch, and the hidden view's range."""
    v = hidden_view(params, act, STAGE_MAX, Xd, yd)
    picture = proba_grid(params, act, PICTURE_N).round(3)
    traces = [
        go.Heatmap(z=picture),
        go.Contour(z=picture),
        go.Scatter(x=_xy(v["hidden_v"])[0], y=_xy(v["hidden_v"])[1]),
        go.Scatter(x=_xy(v["hidden_h"])[0], y=_xy(v["hidden_h"])[1]),
        go.Scatter(x=_xy(v["hidden_0"])[0], y=_xy(v["hidden_0"])[1]),
        go.Scatter(x=_xy(v["hidden_1"])[0], y=_xy(v["hidden_1"])[1]),
        go.Scatter(x=_xy(v["line"])[0], y=_xy(v["line"])[1]),
    ]
    return traces, v["range"]


def replay_figure(run: dict, X, y, drawn, act: Activation) -> go.Figure:
    """run: the page's run store (trajectory, loss, accuracy per epoch)."""
    trajectory = np.asarray(run["trajectory"], float)
    epochs = frame_epochs(len(trajectory) - 1)
    loss, accuracy = run.get("loss") or [], run.get("accuracy") or []
    axis = input_axis(PICTURE_N).round(4)
    Xd, yd = np.asarray(X)[drawn], np.asarray(y)[drawn]

    def title(k: int) -> str:
        parts = [f"Epoch {k} of {len(trajectory) - 1}"]
        if k < len(loss):
            parts.append(f"loss {loss[k]:.3f}")
        if k < len(accuracy):
            parts.append(f"accuracy {100 * accuracy[k]:.1f}%")
        return " · ".join(parts)

    fig = make_subplots(rows=1, cols=2, subplot_titles=("Input space: p(class 1)", "Hidden space"))
    first, box = _moving(Params.from_array(trajectory[epochs[0]]), act, Xd, yd)
    heat, contour, grid_v, grid_h, h0, h1, line = first
    heat.update(
        x=axis,
        y=axis,
        zmin=0,
        zmax=1,
        zsmooth="best",
        colorscale=style.PROBA_SCALE,
        showscale=False,
    )
    contour.update(
        x=axis,
        y=axis,
        contours=dict(start=0.5, end=0.5, size=1, coloring="none"),
        line=dict(color=style.LINE_COLOR, dash="dash", width=2),
        showscale=False,
        hoverinfo="skip",
        name="p = 0.5",
    )
    for grid, color, name in (
        (grid_v, style.GRID_V, "x1 = const"),
        (grid_h, style.GRID_H, "x2 = const"),
    ):
        grid.update(
            mode="lines", line=dict(color=color, width=1), opacity=0.6, hoverinfo="skip", name=name
        )
    line.update(
        mode="lines", line=dict(color=style.LINE_COLOR, dash="dash", width=2), name="output line"
    )
    for trace, k, symbol in ((h0, 0, "circle"), (h1, 1, "triangle-up")):
        trace.update(
            mode="markers",
            marker=dict(color=style.CLASS_COLORS[k], symbol=symbol, size=6),
            name=f"class {k}",
        )
    for k, symbol in ((0, "circle"), (1, "triangle-up")):
        pts = Xd[yd == k]
        fig.add_trace(
            go.Scatter(
                x=pts[:, 0].round(5),
                y=pts[:, 1].round(5),
                mode="markers",
                marker=dict(color=style.CLASS_COLORS[k], symbol=symbol, size=6),
                name=f"class {k}",
                showlegend=False,
            ),
            row=1,
            col=1,
        )
    moving_at = len(fig.data)
    for trace, col in zip(first, (1, 1, 2, 2, 2, 2, 2)):
        fig.add_trace(trace, row=1, col=col)
    frames = []
    for k in epochs:
        traces, _ = _moving(Params.from_array(trajectory[k]), act, Xd, yd)
        frames.append(
            go.Frame(
                name=str(k),
                data=[
                    dict(type=t.type, x=axis, y=axis, z=t.z)
                    if t.type != "scatter"
                    else dict(x=t.x, y=t.y)
                    for t in traces
                ],
                traces=list(range(moving_at, moving_at + len(traces))),
                layout=dict(title_text=title(k)),
            )
        )
    fig.frames = frames
    play = dict(frame=dict(duration=FRAME_MS, redraw=True), fromcurrent=True, mode="immediate")
    fig.update_layout(
        title_text=title(epochs[0]),
        width=1000,
        height=600,
        margin=dict(b=120),
        template="simple_white",
        updatemenus=[
            dict(
                type="buttons",
                direction="left",
                x=0,
                y=-0.16,
                xanchor="left",
                yanchor="top",
                buttons=[
                    dict(label="Play", method="animate", args=[None, play]),
                    dict(
                        label="Pause",
                        method="animate",
                        args=[[None], dict(frame=dict(duration=0), mode="immediate")],
                    ),
                ],
            )
        ],
        sliders=[
            dict(
                x=0.16,
                y=-0.1,
                len=0.84,
                currentvalue=dict(visible=False),
                steps=[
                    dict(
                        label=str(k),
                        method="animate",
                        args=[
                            [str(k)],
                            dict(frame=dict(duration=0, redraw=True), mode="immediate"),
                        ],
                    )
                    for k in epochs
                ],
            )
        ],
    )
    fig.update_xaxes(range=[-INPUT_VIEW, INPUT_VIEW], title_text="x1", row=1, col=1)
    fig.update_yaxes(range=[-INPUT_VIEW, INPUT_VIEW], title_text="x2", row=1, col=1)
    fig.update_xaxes(range=box[:2], title_text="h1", row=1, col=2)
    fig.update_yaxes(range=box[2:], title_text="h2", row=1, col=2)
    return fig


def replay_html(run: dict, X, y, drawn, act: Activation) -> str:
    """The page, with plotly.js inlined so it plays offline: the same cartesian bundle the
    explorer serves (assets/vendor), a third of the full one."""
    fig = replay_figure(run, X, y, drawn, act)
    page = pio.to_html(
        fig,
        include_plotlyjs=False,
        full_html=True,
        auto_play=False,
        config={"displaylogo": False},
        div_id="replay",
    )
    bundle = PLOTLY_BUNDLE.read_text(encoding="utf-8")
    return page.replace("<head>", f'<head><meta charset="utf-8"><script>{bundle}</script>', 1)
