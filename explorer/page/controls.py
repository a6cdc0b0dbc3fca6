"""The controls column: the nine weights laid out like the maths, the activation, the data,
the view options and importing weights."""

from __future__ import annotations

from dash import dcc, html

from tinynet.datasets import DATASETS, MAX_SAMPLES, MIN_SAMPLES
from tinynet.explorer.page.components import labelled, section, weight_slider
from tinynet.explorer.sharing.weights_io import FORMATS
from tinynet.explorer.state import State
from tinynet.model import ACTIVATIONS


def weights_panel(state: State) -> html.Section:
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
                    [
                        html.Div(
                            [html.Span(""), html.Span("x1"), html.Span("x2"), html.Span("bias")],
                            className="weight-head",
                        ),
                        row("h1", ("w11", "w12", "b11")),
                        row("h2", ("w21", "w22", "b12")),
                    ],
                    id="part-hidden_weights",
                    className="part",
                ),
                html.Div(
                    [
                        html.Div(
                            [html.Span(""), html.Span("h1"), html.Span("h2"), html.Span("bias")],
                            className="weight-head",
                        ),
                        row("out", ("w13", "w23", "b13")),
                    ],
                    id="part-output_weights",
                    className="part",
                ),
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
        # Written by assets/page/typed.js only (no callback), when a typed value is refused.
        html.Div(id="typed-message", className="message", role="status", **{"aria-live": "polite"}),
    )


def activation_panel(state: State) -> html.Section:
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
        id="part-activation",
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
        id="part-data",
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
        id="part-weights_io",
    )


def view_panel(state: State) -> html.Section:
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
        id="part-view",
    )
