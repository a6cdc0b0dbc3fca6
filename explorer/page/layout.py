"""The page, built around the two views: a slim top bar; the picture column (readouts, the input
and hidden views, the training bar, the nine weights with a map per hidden unit); and a side
column of tabs (lesson, data, activation, training, network) that scrolls on its own, so
nothing there pushes the views away. On a narrow screen the side column goes under the picture.
"""

from __future__ import annotations

from dash import dcc, html

from tinynet.explorer.classroom.panel import class_tools
from tinynet.explorer.classroom.panel import stores as class_stores
from tinynet.explorer.lessons.panel import lesson_panel
from tinynet.explorer.page.controls import (
    activation_panel,
    data_panel,
    network_panel,
    view_options,
)
from tinynet.explorer.page.tabs import tabs
from tinynet.explorer.page.weights import weights_block
from tinynet.explorer.state import State, TrainOptions
from tinynet.explorer.training.panel import explore_panel, training_bar, training_panel
from tinynet.explorer.views.stages import stage_label, stage_marks
from tinynet.explorer.widgets import style
from tinynet.explorer.widgets.components import graph, help_tip, legend, probability_bar
from tinynet.model import stage_end

CLASSES = (
    ("●", style.CLASS_COLORS[0], "class 0"),
    ("▲", style.CLASS_COLORS[1], "class 1"),
)


def _input_view(figures: dict) -> html.Div:
    return html.Div(
        [
            html.Div(graph("input-graph", figures["input"], "input-space"), className="view-box"),
            # What the view shows, in words, for a screen reader (assets/views/describe.js).
            html.P(id="input-graph-text", className="sr-only"),
            html.Div(
                [
                    legend(*CLASSES, ("╌", style.LINE_COLOR, "p = 0.5 boundary")),
                    probability_bar(*(c for _, c in style.PROBA_SCALE)),
                    help_tip(
                        "The plane of the two inputs. Colour is the network's probability of "
                        "class 1 at every point; the dashed curve is where it is exactly 0.5: "
                        "the decision boundary. Circles are class 0, triangles class 1.",
                        "The boundary is curved although the output unit draws a straight "
                        "line: the line lives in the hidden space (right), and the hidden "
                        "layer bends the plane before the line is drawn.",
                    ),
                ],
                className="legend-row",
            ),
        ],
        className="view",
        id="view-input",
    )


def _hidden_view(state: State, figures: dict) -> html.Div:
    return html.Div(
        [
            html.Div(
                graph("hidden-graph", figures["hidden"], "hidden-space"), className="view-box"
            ),
            # The hidden layers of any other network, one graph each (assets/architectures/).
            html.Div(id="layer-views", className="layer-views"),
            html.P(id="hidden-graph-text", className="sr-only"),
            html.Div(
                [
                    legend(
                        ("─", style.GRID_V, "x1 const"),
                        ("─", style.GRID_H, "x2 const"),
                        ("╌", style.LINE_COLOR, "output line"),
                        (("■", "■"), style.SHADE_SOLID, "predicted 0, 1"),
                    ),
                    help_tip(
                        "The plane as the hidden units see it. The purple and green curves are "
                        "the straight grid lines of the input square after the layer: "
                        "h = f(W x + b). The points move with them.",
                        "The dashed line is the output unit, w13 h1 + w23 h2 + b13 = 0; the "
                        "shaded sides are what it predicts. It lives in this space after f, so "
                        "it shows at the end of the morph (stage 3). Slide the stage from 0 to 3 "
                        "(or press Morph) to watch the layer act in three steps: the matrix W, "
                        "the bias b, then the activation f.",
                    ),
                ],
                className="legend-row",
            ),
            html.Div(
                [
                    html.Button(
                        "▶ Morph",
                        id="play",
                        className="button small",
                        title="Play the stages: input, W x, W x + b, f(W x + b)",
                        **{"aria-label": "Play the morph from the input to the hidden space"},
                    ),
                    html.Div(
                        dcc.Slider(
                            id="stage",
                            min=0,
                            max=stage_end(state.params.hidden),
                            step=0.01,
                            value=state.stage,
                            updatemode="drag",
                            marks=stage_marks(state.params.hidden),
                            allow_direct_input=False,
                        ),
                        className="stage-slider",
                        id="stage-box",
                        **{"data-label": stage_label(state.params.hidden)},
                    ),
                    dcc.Interval(id="play-clock", interval=40, disabled=True),
                ],
                className="stage-row",
            ),
        ],
        className="view",
        id="view-hidden",
    )


def _readouts(state: State) -> html.Div:
    return html.Div(
        [
            html.Span(id="accuracy", className="readout big", role="status"),
            html.Span(id="det", className="readout"),
            view_options(state),
            # Messages float over the top of the views: the row never grows, so nothing under
            # it moves when one comes or goes (a slider being dragged stays under the pointer).
            html.Div(
                [
                    html.Span(id="view-message", className="message problem", role="status"),
                    # Written by assets/page/weights.js when a typed value is refused or lies
                    # past a slider's end.
                    html.Span(
                        id="typed-message",
                        className="message typed",
                        role="status",
                        **{"aria-live": "polite"},
                    ),
                ],
                className="readout-notes",
            ),
        ],
        className="readout-row",
    )


def _topbar(classroom: bool) -> html.Header:
    return html.Header(
        [
            html.H1(
                "tinynet explorer",
                title="A 2-2-1 neural network: two inputs, two hidden units, one sigmoid output.",
            ),
            html.Div(
                id="notice",
                className="notice",
                role="status",
                **{"aria-live": "polite"},
            ),
            *([class_tools()] if classroom else []),
            html.Span(
                [
                    "This link hides some controls. ",
                    html.Button("Show all controls", id="show-all", className="button small"),
                ],
                id="hide-note",
                className="hide-note",
                style={"display": "none"},
            ),
            html.Div(
                [
                    html.Button(
                        "Copy link",
                        id="copy-link",
                        className="button secondary",
                        title="A link that reopens exactly this picture",
                    ),
                    html.Span(
                        dcc.Input(
                            id="link-text",
                            type="text",
                            readOnly=True,
                            className="link-text",
                            style={"display": "none"},
                        ),
                        **{"data-label": "The link to this picture"},
                    ),
                    html.Span(
                        id="link-message",
                        className="message",
                        role="status",
                        **{"aria-live": "polite"},
                    ),
                ],
                className="link-tools",
            ),
        ],
        className="topbar",
    )


def page(state: State, figures: dict, data: dict, config: dict, lessons: dict) -> html.Div:
    train = TrainOptions()
    side = tabs(
        [
            ("lesson", "Lesson", lesson_panel(lessons)),
            ("data", "Data", data_panel(state)),
            ("activation", "Activation", activation_panel(state, figures)),
            ("training", "Training", training_panel(train, figures)),
            # Restarts and the landscape train too: hiding training hides them as well.
            ("explore", "Explore", explore_panel(train), "training explore"),
            ("network", "Network", network_panel(figures, state)),
        ]
    )
    return html.Div(
        [
            dcc.Location(id="url", refresh=False),
            _topbar(bool(config.get("classroom"))),
            html.Main(
                [
                    html.Section(
                        [
                            _readouts(state),
                            html.Div(
                                [_input_view(figures), _hidden_view(state, figures)],
                                className="views",
                            ),
                            weights_block(state),
                            training_bar(),
                        ],
                        className="picture",
                        **{"aria-label": "The network's views, weights and training"},
                    ),
                    html.Aside(side, className="side", **{"aria-label": "Lessons and settings"}),
                ],
                className="workspace",
            ),
            dcc.Store(id="weights", data=list(state.params.to_array())),
            dcc.Store(id="weights-in"),
            dcc.Store(id="architecture", data=list(state.params.hidden)),
            dcc.Store(id="run"),
            dcc.Store(id="chunk-request"),
            dcc.Store(id="chunk-answer"),
            dcc.Store(id="restarts-request"),
            dcc.Store(id="restarts-answer"),
            dcc.Store(id="pending-act-param", data=state.act_param),
            dcc.Store(id="link-opened", data=False),
            dcc.Store(id="hide", data=state.hide),
            dcc.Store(id="data", data=data),
            dcc.Store(id="config", data=config),
            dcc.Store(id="templates", data=figures),
            *class_stores(),
        ],
        className="page",
    )
