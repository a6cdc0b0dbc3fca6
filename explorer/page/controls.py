"""The side column's panels (the activation, the data, the network with weights in and out)
and the view options above the views."""

from __future__ import annotations

from dash import dcc, html

from tinynet.datasets import DATASETS, MAX_SAMPLES, MIN_SAMPLES
from tinynet.explorer.architectures.picker import picker
from tinynet.explorer.sharing.weights_io import FORMATS
from tinynet.explorer.state import State
from tinynet.explorer.views.follow import follow_panel
from tinynet.explorer.widgets import style
from tinynet.explorer.widgets.components import graph, help_note, labelled, legend, section
from tinynet.model import ACTIVATIONS


def activation_panel(state: State, figures: dict) -> html.Section:
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
        # MathML made on the server from the registry's LaTeX (page/config.py), put into the
        # page by assets/page/richtext.js whenever the activation changes. A long formula
        # scrolls sideways in a narrow panel: focusable, so the keyboard can scroll it too.
        html.Div(
            id="formula",
            className="formula",
            tabIndex=0,
            role="region",
            **{"aria-label": "Formula"},
        ),
        html.P(act.effect, id="effect", className="hint"),
        html.Div(
            graph("activation-graph", figures["activation"], "activation"), className="chart-box"
        ),
        legend(
            ("─", "#222", "f(z)"),
            ("╌", style.NEGATIVE, "f′(z)"),
            # Another network's words: assets/architectures/nets.js (histogramWords).
            ("■", style.GRID_V, html.Span("z1 of the data", id="hist1-label")),
            ("■", style.GRID_H, html.Span("z2 of the data", id="hist2-label")),
        ),
        html.P(id="saturation", className="readout"),
        help_note(
            "What am I looking at?",
            "The activation f and its slope f'. The bars show where the data's "
            "pre-activations z1 = w11 x1 + w12 x2 + b11 and z2 fall. Where f' is almost 0 "
            "the unit is saturated: moving its weights hardly changes anything, so gradient "
            "descent learns slowly there.",
        ),
    )


def data_panel(state: State) -> html.Section:
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
        # How a built-in set is made; hidden while the page holds data of its own (an upload,
        # a link's points), which the picker then names (assets/data/picker.js).
        html.Div(
            [
                html.Div(
                    [
                        # No min/max/step on these boxes: the browser would then send nothing
                        # for an out-of-range entry; the server clamps it and says so instead.
                        labelled(
                            "Samples",
                            dcc.Input(
                                id="samples", type="number", value=state.samples, debounce=True
                            ),
                            "samples",
                            f"{MIN_SAMPLES} to {MAX_SAMPLES:,}",
                        ),
                        labelled(
                            "Data seed",
                            dcc.Input(
                                id="data-seed", type="number", value=state.data_seed, debounce=True
                            ),
                            "data-seed",
                        ),
                    ],
                    className="row",
                ),
                html.Div(
                    labelled(
                        "Noise",
                        dcc.Slider(
                            id="noise", min=0, max=1, step=0.01, value=state.noise, marks=None
                        ),
                        "noise",
                    ),
                    **{"data-label": "noise"},
                ),
            ],
            id="recipe-controls",
        ),
        html.P(DATASETS[state.dataset].description, id="data-description", className="hint"),
        html.Div(
            [
                html.Div(
                    dcc.Upload(
                        html.Button("Upload CSV…", className="button secondary", tabIndex="-1"),
                        id="upload",
                        accept=".csv,text/csv",
                        max_size=-1,  # checked in the page (assets/data/files.js) and on the server
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
        add_points(),
        html.Div(id="data-message", className="message", role="status", **{"aria-live": "polite"}),
    )


def add_points() -> html.Fieldset:
    """Click the input plot to add a point (as in the ConvNetJS demo), or type one in."""
    return html.Fieldset(
        [
            html.Legend("Add points"),
            dcc.RadioItems(
                id="click-class",
                options=[{"label": " class 0 ●", "value": 0}, {"label": " class 1 ▲", "value": 1}],
                value=0,
                inline=True,
                className="checklist",
            ),
            html.Small(
                "Click the input plot to add a point of this class; shift-click adds the other.",
                className="hint",
            ),
            html.Div(
                [
                    labelled("x1", dcc.Input(id="add-x1", type="number", value=0), "add-x1"),
                    labelled("x2", dcc.Input(id="add-x2", type="number", value=0), "add-x2"),
                    html.Button("Add point", id="add-point", className="button secondary"),
                ],
                className="row add-row",
            ),
            dcc.Store(id="input-click"),
        ],
        className="question",
    )


def weights_io_panel() -> html.Section:
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
        **{"data-part": "weights_io"},
    )


def view_options(state: State) -> html.Span:
    value = [k for k, on in (("grid", state.grid), ("fit", state.fit)) if on]
    return html.Span(
        dcc.Checklist(
            id="view-options",
            options=[
                {"label": " grid in the input", "value": "grid"},
                {"label": " fit hidden axes", "value": "fit"},
            ],
            value=value,
            inline=True,
            className="checklist view-options",
        ),
        **{"data-part": "view", "data-group-label": "View options"},
    )


def network_panel(figures: dict, state: State) -> html.Div:
    """The network as a diagram, its equations with the numbers, and weights in and out."""
    return html.Div(
        [
            section(
                "Network",
                picker("hidden-network", state.params.hidden),
                html.Div(
                    graph("diagram-graph", figures["diagram"], "network"), className="diagram-box"
                ),
                legend(
                    ("─", style.POSITIVE, "positive weight"),
                    ("╌", style.NEGATIVE, "negative weight"),
                    ("", "#444", "thicker = larger"),
                ),
                html.Pre(id="equations", className="equations"),
                html.P(id="det-note", className="hint"),
                follow_panel(),
                help_note(
                    "What am I looking at?",
                    "The network with its weights: blue solid edges are positive, orange dashed "
                    "ones negative, thicker means larger. det W is the factor by which W scales "
                    "areas: near 0 the plane is squashed onto a line.",
                ),
            ),
            weights_io_panel(),
        ]
    )
