"""The page: controls on the left laid out like the maths, the four views on the right."""

from __future__ import annotations

from dash import dcc, html

from datasets import DATASETS, MAX_SAMPLES, MIN_SAMPLES
from explorer import style
from explorer.components import (
    help_note,
    labelled,
    legend,
    probability_bar,
    section,
    weight_slider,
)
from explorer.limits import STAGE_MAX
from explorer.state import State, TrainOptions
from explorer.training_panel import training_section
from explorer.weights_io import FORMATS
from model import ACTIVATIONS

# The camera button is replaced (assets/tinynet_canvas.js) by PNG and SVG buttons that save
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


def _weights(state: State) -> html.Section:
    p = state.params

    def row(unit: str, names: tuple[str, str, str]) -> html.Div:
        return html.Div(
            [html.Span(unit, className="unit")] + [weight_slider(n, getattr(p, n)) for n in names],
            className="weight-row",
        )

    return section(
        "Weights",
        html.Div(
            [
                html.Div(
                    [html.Span(""), html.Span("x1"), html.Span("x2"), html.Span("bias")],
                    className="weight-head",
                ),
                row("h1", ("w11", "w12", "b11")),
                row("h2", ("w21", "w22", "b12")),
                html.Div(
                    [html.Span(""), html.Span("h1"), html.Span("h2"), html.Span("bias")],
                    className="weight-head",
                ),
                row("out", ("w13", "w23", "b13")),
            ],
            className="weights",
        ),
        html.Div(
            [
                html.Button("Reset weights", id="reset", className="button"),
                html.Small(
                    "Arrow keys step 0.01, Page Up/Down 0.1; type in the box for any value.",
                    className="hint",
                ),
            ],
            className="row",
        ),
        # Written by assets/tinynet_typed.js only (no callback), when a typed value is refused.
        html.Div(id="typed-message", className="message", role="status", **{"aria-live": "polite"}),
    )


def _activation(state: State) -> html.Section:
    act = ACTIVATIONS[state.activation]
    return section(
        "Activation",
        labelled(
            "Activation f",
            dcc.Dropdown(
                id="activation",
                options=[{"label": a.title, "value": name} for name, a in ACTIVATIONS.items()],
                value=state.activation,
                clearable=False,
                searchable=False,
            ),
            "activation",
        ),
        html.Div(
            labelled(
                "Parameter",
                dcc.Slider(
                    id="act-param",
                    min=0,
                    max=1,
                    step=0.01,
                    marks=None,
                    value=state.act_param or 0.0,
                    updatemode="drag",
                ),
                "act-param",
            ),
            id="act-param-box",
            style={"display": "none" if act.param is None else "block"},
            **{"data-label": "activation parameter"},
        ),
        dcc.Markdown(f"$${act.formula}$$", id="formula", mathjax=True, className="formula"),
        html.P(act.effect, id="effect", className="hint"),
    )


def _data(state: State) -> html.Section:
    return section(
        "Data",
        labelled(
            "Data set",
            dcc.Dropdown(
                id="dataset",
                options=[{"label": d.title, "value": name} for name, d in DATASETS.items()],
                value=state.dataset,
                clearable=False,
                searchable=False,
            ),
            "dataset",
        ),
        html.Div(
            [
                # No min/max/step on these boxes: the browser would then send nothing for an
                # out-of-range entry; the server clamps it and says so instead.
                labelled(
                    "Samples",
                    dcc.Input(id="samples", type="number", value=state.samples, debounce=True),
                    "samples",
                    f"{MIN_SAMPLES} to {MAX_SAMPLES:,}",
                ),
                labelled(
                    "Data seed",
                    dcc.Input(id="data-seed", type="number", value=state.data_seed, debounce=True),
                    "data-seed",
                ),
            ],
            className="row",
        ),
        html.Div(
            labelled(
                "Noise",
                dcc.Slider(id="noise", min=0, max=1, step=0.01, value=state.noise, marks=None),
                "noise",
            ),
            **{"data-label": "noise"},
        ),
        html.P(DATASETS[state.dataset].description, id="data-description", className="hint"),
        html.Div(
            [
                html.Div(
                    dcc.Upload(
                        html.Button("Upload CSV…", className="button secondary", tabIndex="-1"),
                        id="upload",
                        accept=".csv,text/csv",
                        max_size=-1,  # checked in the page (tinynet_app.js) and on the server
                    ),
                    **{"data-label": "Upload a CSV file of x1,x2,label rows"},
                ),
                html.Button("Download CSV", id="download-csv", className="button secondary"),
                dcc.Download(id="download"),
                dcc.Store(id="upload-payload"),
            ],
            className="row",
        ),
        html.Small("CSV rows x1,x2,label; any two labels.", className="hint"),
        html.Div(id="data-message", className="message", role="status", **{"aria-live": "polite"}),
    )


def _weights_io() -> html.Section:
    return section(
        "Import weights",
        labelled(
            "Format",
            dcc.Dropdown(
                id="weights-format",
                options=[
                    {"label": text.split(":")[0], "value": key} for key, text in FORMATS.items()
                ],
                value="keras",
                clearable=False,
                searchable=False,
            ),
            "weights-format",
        ),
        labelled(
            "Paste the weights",
            dcc.Textarea(
                id="weights-text",
                className="weights-text",
                placeholder="[array([[-4.776, -4.353], [-4.538, 4.01]]), ...]",
            ),
            "weights-text",
            "Keras: print(model.get_weights()). PyTorch: print(model.state_dict()).",
        ),
        html.Div(
            [
                html.Button("Load weights", id="weights-load", className="button secondary"),
                html.Button(
                    "Download state (JSON)", id="state-download", className="button secondary"
                ),
                dcc.Download(id="state-file"),
            ],
            className="row",
        ),
        html.Div(
            id="weights-message", className="message", role="status", **{"aria-live": "polite"}
        ),
    )


def _view_options(state: State) -> html.Section:
    value = [k for k, on in (("grid", state.grid), ("fit", state.fit)) if on]
    return section(
        "View",
        dcc.Checklist(
            id="view-options",
            options=[
                {"label": " straight grid in the input space", "value": "grid"},
                {"label": " fit the hidden axes to the data", "value": "fit"},
            ],
            value=value,
            className="checklist",
        ),
    )


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


def page(state: State, figures: dict, data: dict, config: dict) -> html.Div:
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
                            _weights(state),
                            _activation(state),
                            _data(state),
                            _view_options(state),
                            _weights_io(),
                        ],
                        className="controls",
                    ),
                    html.Div([_views(state, figures), training], className="right"),
                ],
                className="main",
            ),
            dcc.Store(id="run"),
            dcc.Store(id="replay-params"),
            dcc.Store(id="run-figures"),
            dcc.Store(id="pending-act-param", data=state.act_param),
            dcc.Store(id="link-opened", data=False),
            dcc.Store(id="data", data=data),
            dcc.Store(id="config", data=config),
            dcc.Store(id="templates", data=figures),
        ],
        className="page",
    )
