"""The page: the controls (controls.py) on the left, the four views and training on the right."""

from __future__ import annotations

from dash import dcc, html

from tinynet.explorer.lessons.panel import lesson_panel
from tinynet.explorer.limits import STAGE_MAX
from tinynet.explorer.page import style
from tinynet.explorer.page.components import help_note, legend, probability_bar
from tinynet.explorer.page.controls import (
    activation_panel,
    data_panel,
    view_panel,
    weights_io_panel,
    weights_panel,
)
from tinynet.explorer.state import State, TrainOptions
from tinynet.explorer.training.panel import training_section

# The camera button is replaced (assets/views/canvas.js) by PNG and SVG buttons that save
# the whole figure, canvas layer included.
CLASSES = (
    ("●", style.CLASS_COLORS[0], "class 0"),
    ("▲", style.CLASS_COLORS[1], "class 1"),
)
GRAPH_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["toImage", "select2d", "lasso2d"],
}


def _graph(graph_id: str, figure: dict, height: int, name: str) -> dcc.Graph:
    return dcc.Graph(
        id=graph_id,
        figure=figure,
        style={"height": f"{height}px"},
        config={**GRAPH_CONFIG, "toImageButtonOptions": {"filename": f"tinynet-{name}"}},
    )


def _views(state: State, figures: dict) -> html.Div:
    return html.Div(
        [
            html.Div(
                [
                    _graph("input-graph", figures["input"], 440, "input-space"),
                    html.Div(
                        [
                            legend(*CLASSES, ("╌", style.LINE_COLOR, "p = 0.5 boundary")),
                            probability_bar(*(c for _, c in style.PROBA_SCALE)),
                        ],
                        className="legend-row",
                    ),
                    help_note(
                        "What am I looking at?",
                        "The plane of the two inputs. Colour is the network's probability of "
                        "class 1 at every point; the dashed curve is where it is exactly 0.5: "
                        "the decision boundary. Circles are class 0, triangles class 1.",
                        "The boundary is curved although the output unit draws a straight "
                        "line: the line lives in the hidden space (right), and the hidden "
                        "layer bends the plane before the line is drawn.",
                    ),
                ],
                className="view",
            ),
            html.Div(
                [
                    _graph("hidden-graph", figures["hidden"], 440, "hidden-space"),
                    legend(
                        *CLASSES,
                        ("─", style.GRID_V, "x1 = const"),
                        ("─", style.GRID_H, "x2 = const"),
                        ("╌", style.LINE_COLOR, "output line"),
                        ("■", style.SHADE_SOLID[0], "predicted 0"),
                        ("■", style.SHADE_SOLID[1], "predicted 1"),
                    ),
                    html.Div(
                        [
                            html.Button(
                                "Play",
                                id="play",
                                className="button",
                                **{"aria-label": "Play the stages from input to hidden"},
                            ),
                            html.Div(
                                dcc.Slider(
                                    id="stage",
                                    min=0,
                                    max=STAGE_MAX,
                                    step=0.01,
                                    value=state.stage,
                                    updatemode="drag",
                                    marks={0: "x", 1: "Wx", 2: "Wx+b", 3: "f(Wx+b)"},
                                    allow_direct_input=False,
                                ),
                                className="stage-slider",
                                **{"data-label": "stage t from input (0) to hidden (3)"},
                            ),
                        ],
                        className="stage-row",
                    ),
                    dcc.Interval(id="play-clock", interval=40, disabled=True),
                    help_note(
                        "What am I looking at?",
                        "The plane as the hidden units see it. The purple and green curves are "
                        "the straight grid lines of the input square after the layer: "
                        "h = f(W x + b). The points move with them.",
                        "The dashed line is the output unit, w13 h1 + w23 h2 + b13 = 0; the "
                        "shaded sides are what it predicts. Slide the stage from 0 to 3 (or "
                        "press Play) to watch the layer act in three steps: the matrix W, the "
                        "bias b, then the activation f.",
                    ),
                ],
                className="view",
            ),
            html.Div(
                [
                    _graph("activation-graph", figures["activation"], 300, "activation"),
                    legend(
                        ("─", "#222", "f(z)"),
                        ("╌", style.NEGATIVE, "f′(z)"),
                        ("■", style.GRID_V, "z1 of the data"),
                        ("■", style.GRID_H, "z2 of the data"),
                    ),
                    html.P(id="saturation", className="readout"),
                    help_note(
                        "What am I looking at?",
                        "The activation f and its slope f'. The bars show where the data's "
                        "pre-activations z1 = w11 x1 + w12 x2 + b11 and z2 fall. Where f' is "
                        "almost 0 the unit is saturated: moving its weights hardly changes "
                        "anything, so gradient descent learns slowly there.",
                    ),
                ],
                className="view",
            ),
            html.Div(
                [
                    _graph("diagram-graph", figures["diagram"], 230, "network"),
                    legend(
                        ("─", style.POSITIVE, "positive weight"),
                        ("╌", style.NEGATIVE, "negative weight"),
                        ("", "#444", "thicker = larger"),
                    ),
                    html.Div(
                        [
                            html.P(id="accuracy", className="readout big"),
                            html.P(id="det", className="readout"),
                            html.Pre(id="equations", className="equations"),
                            html.Div(
                                id="view-message",
                                className="message",
                                role="status",
                                **{"aria-live": "polite"},
                            ),
                        ],
                        className="readouts",
                    ),
                    help_note(
                        "What am I looking at?",
                        "The network with its weights: blue solid edges are positive, orange "
                        "dashed ones negative, thicker means larger. Accuracy and log-loss use "
                        "every point of the data set. det W is the factor by which W scales "
                        "areas: near 0 the plane is squashed onto a line.",
                    ),
                ],
                className="view",
            ),
        ],
        className="views",
    )


def page(state: State, figures: dict, data: dict, config: dict, lessons: dict) -> html.Div:
    training = training_section(TrainOptions(), figures["proba"])
    return html.Div(
        [
            dcc.Location(id="url", refresh=False),
            html.Header(
                [
                    html.Div(
                        [
                            html.Button(
                                "Copy link",
                                id="copy-link",
                                className="button secondary",
                                title="A link that reopens exactly this picture",
                            ),
                            dcc.Clipboard(id="link-copy", style={"display": "none"}),
                            html.Span(
                                id="link-message",
                                className="message",
                                role="status",
                                **{"aria-live": "polite"},
                            ),
                            html.Span(
                                [
                                    "This link hides some controls. ",
                                    html.Button(
                                        "Show all controls",
                                        id="show-all",
                                        className="button secondary",
                                    ),
                                ],
                                id="hide-note",
                                className="message",
                                style={"display": "none"},
                            ),
                        ],
                        className="header-tools",
                    ),
                    html.H1("tinynet explorer"),
                    html.P(
                        "A 2-2-1 neural network: two inputs, two hidden units, one sigmoid "
                        "output. Move the weights and watch the hidden layer bend the plane "
                        "until one straight line can separate the classes.",
                        className="lede",
                    ),
                ]
            ),
            html.Main(
                [
                    html.Div(
                        [
                            lesson_panel(lessons),
                            weights_panel(state),
                            activation_panel(state),
                            data_panel(state),
                            view_panel(state),
                            weights_io_panel(),
                        ],
                        className="controls",
                    ),
                    html.Div(
                        [_views(state, figures), html.Div(training, id="part-training")],
                        className="right",
                    ),
                ],
                className="main",
            ),
            dcc.Store(id="run"),
            dcc.Store(id="replay-params"),
            dcc.Store(id="run-figures"),
            dcc.Store(id="pending-act-param", data=state.act_param),
            dcc.Store(id="link-opened", data=False),
            dcc.Store(id="hide", data=state.hide),
            dcc.Store(id="data", data=data),
            dcc.Store(id="config", data=config),
            dcc.Store(id="templates", data=figures),
        ],
        className="page",
    )
