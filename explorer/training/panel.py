"""The training part of the page: options, the buttons, the replay and the training views."""

from __future__ import annotations

from dash import dcc, html

from tinynet.explorer.limits import EPOCHS_MAX, LR_RANGE, RESTARTS_MAX
from tinynet.explorer.page.components import help_note, labelled
from tinynet.explorer.state import STARTS, TrainOptions
from tinynet.explorer.training.figures import (
    history_figure,
    landscape_figure,
    restarts_figure,
    weights_figure,
)
from tinynet.model import INITS, LOSSES, NAMES, OPTIMIZERS

GRAPH_CONFIG = {"displaylogo": False, "responsive": True}


def _number(field: str, label: str, value, hint: str | None = None) -> html.Div:
    # No min/max on the box: the server clamps and says so (the browser would send nothing).
    box = dcc.Input(id=f"train-{field}", type="number", value=value, debounce=True)
    return labelled(label, box, f"train-{field}", hint)


def _choice(field: str, label: str, registry: dict, value: str) -> html.Div:
    options = [{"label": name, "value": name} for name in registry]
    box = dcc.Dropdown(
        id=f"train-{field}", options=options, value=value, clearable=False, searchable=False
    )
    return labelled(label, box, f"train-{field}")


def _graph(graph_id: str, figure: dict, height: int, name: str) -> dcc.Graph:
    config = {**GRAPH_CONFIG, "toImageButtonOptions": {"filename": f"tinynet-{name}"}}
    return dcc.Graph(id=graph_id, figure=figure, style={"height": f"{height}px"}, config=config)


def options_form(opts: TrainOptions) -> html.Div:
    return html.Div(
        [
            _choice("optimizer", "Optimizer", OPTIMIZERS, opts.optimizer),
            _number("lr", "Learning rate", opts.lr, f"{LR_RANGE[0]:g} to {LR_RANGE[1]:g}"),
            _number("epochs", "Epochs", opts.epochs, f"1 to {EPOCHS_MAX:,}"),
            _number("batch_size", "Batch size", opts.batch_size),
            _choice("loss", "Loss", LOSSES, opts.loss),
            _choice("init", "Initialisation", INITS, opts.init),
            _number("seed", "Seed", opts.seed),
            _number("l2", "L2 penalty", opts.l2),
            _number("test_fraction", "Test share", opts.test_fraction, "0 to 0.9"),
            html.Div(
                [
                    html.Label("Start from", htmlFor="train-start"),
                    dcc.RadioItems(
                        id="train-start",
                        options=[
                            {"label": f" {text}", "value": key} for key, text in STARTS.items()
                        ],
                        value=opts.start,
                    ),
                ],
                className="field",
            ),
        ],
        className="train-options",
    )


def training_section(opts: TrainOptions, proba: dict) -> html.Section:
    return html.Section(
        [
            html.H2("Training"),
            options_form(opts),
            html.Div(
                [
                    html.Button("Train", id="train", className="button"),
                    html.Button(
                        "Initial weights",
                        id="init-weights",
                        className="button secondary",
                        title="Put the seeded starting weights of a fresh run on the sliders",
                    ),
                    html.Button("Step: 1 epoch", id="step-epoch", className="button secondary"),
                    html.Button("Step: 1 batch", id="step-batch", className="button secondary"),
                    html.Button("Fit output layer", id="fit-output", className="button secondary"),
                    html.Span(
                        [
                            _number("restarts", "Runs", opts.restarts, f"1 to {RESTARTS_MAX}"),
                            html.Button(
                                "Run restarts", id="run-restarts", className="button secondary"
                            ),
                        ],
                        className="restarts-box",
                    ),
                ],
                className="train-buttons",
            ),
            html.Div(
                id="train-message",
                className="message train-message",
                role="status",
                **{"aria-live": "polite"},
            ),
            html.Div(
                [
                    html.Button(
                        "Play",
                        id="replay-play",
                        className="button",
                        **{"aria-label": "Play the training replay"},
                    ),
                    html.Div(
                        dcc.Slider(
                            id="epoch",
                            min=0,
                            max=1,
                            step=1,
                            value=0,
                            marks=None,
                            updatemode="drag",
                            allow_direct_input=False,
                            disabled=True,
                        ),
                        className="stage-slider",
                        **{"data-label": "epoch of the training replay"},
                    ),
                    html.Span("no run yet", id="epoch-label", className="hint"),
                    html.Button(
                        "Export replay",
                        id="export-replay",
                        className="button secondary",
                        title="A standalone HTML file that plays this run, offline",
                    ),
                    dcc.Download(id="replay-file"),
                ],
                className="stage-row replay-row",
            ),
            html.Div(
                id="export-message", className="message", role="status", **{"aria-live": "polite"}
            ),
            html.Div(
                [
                    html.Div(
                        [_graph("history-graph", history_figure(None), 300, "loss")],
                        className="view",
                    ),
                    html.Div(
                        [_graph("proba-graph", proba, 300, "probabilities")], className="view"
                    ),
                    html.Div(
                        [_graph("weights-graph", weights_figure(None), 300, "weights")],
                        className="view",
                    ),
                    html.Div(
                        [
                            _graph("landscape-graph", landscape_figure(None), 320, "landscape"),
                            html.Div(
                                [
                                    _choice_pair("landscape-x", "across", "w13"),
                                    _choice_pair("landscape-y", "up", "w23"),
                                    html.Button(
                                        "Show", id="landscape-show", className="button secondary"
                                    ),
                                ],
                                className="row",
                            ),
                        ],
                        className="view",
                    ),
                    html.Div(
                        [_graph("restarts-graph", restarts_figure(None), 300, "restarts")],
                        className="view",
                    ),
                ],
                className="train-views",
            ),
            help_note(
                "What am I looking at?",
                "Train runs gradient descent with the options above (the defaults are the "
                "course notebook's Keras run) and then fills the sliders with the learned "
                "weights. The epoch slider and Play replay the run: every view above shows the "
                "network as it was after that epoch.",
                "The probability histograms show, for each true class, how sure the network "
                "is: points left of the dashed 0.5 line are predicted class 0. The loss "
                "landscape holds seven weights fixed and shows the loss over the other two, "
                "with the path training took. Restarts train many seeds at once: click a "
                "point to load that run.",
            ),
        ],
        className="panel training",
        id="training",
    )


def _choice_pair(box_id: str, label: str, value: str) -> html.Div:
    box = dcc.Dropdown(
        id=box_id, options=list(NAMES), value=value, clearable=False, searchable=False
    )
    return labelled(label, box, box_id)
