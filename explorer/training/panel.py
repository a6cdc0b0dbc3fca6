"""Training on the page: the training bar under the views (Train, Pause/Resume, Step, the epoch
scrubber, the speed, the counter), the Training tab (options, the curves that grow as the run
goes, the predicted probabilities) and the Explore tab (weights over time, the loss landscape,
restarts)."""

from __future__ import annotations

from dash import dcc, html

from tinynet.explorer.limits import EPOCHS_MAX, LR_RANGE, RESTARTS_MAX
from tinynet.explorer.state import STARTS, TrainOptions
from tinynet.explorer.training.figures import (
    history_figure,
    landscape_figure,
    restarts_figure,
    weights_figure,
)
from tinynet.explorer.training.runlog import runlog_panel
from tinynet.explorer.widgets.components import graph, help_note, labelled
from tinynet.model import INITS, LOSSES, NAMES, OPTIMIZERS

# Epochs shown per second; "frame" is one epoch per screen frame, "max" as fast as the
# server trains (several epochs a frame when they are there).
SPEEDS = {
    "slow": ("Slow", 4),
    "normal": ("Normal", 16),
    "fast": ("Fast", "frame"),
    "max": ("Fastest", "max"),
}
OPTION_LABELS = {
    "sgd": "SGD",
    "momentum": "Momentum",
    "adam": "Adam",
    "bce": "Cross-entropy",
    "mse": "Squared error",
    "glorot_normal": "Glorot normal",
    "glorot_uniform": "Glorot uniform",
    "he_normal": "He normal",
    "uniform": "Uniform ±0.5",
}


def _number(field: str, label: str, value, hint: str | None = None) -> html.Div:
    # A text box, not type=number: the server reads "0,05" as 0.05 and says what it clamps (a
    # number box would send nothing at all for an entry it cannot read).
    box = dcc.Input(
        id=f"train-{field}", type="text", inputMode="decimal", value=str(value), debounce=True
    )
    return labelled(label, box, f"train-{field}", hint)


def _choice(field: str, label: str, registry: dict, value: str) -> html.Div:
    options = [{"label": OPTION_LABELS.get(name, name), "value": name} for name in registry]
    box = dcc.Dropdown(
        id=f"train-{field}", options=options, value=value, clearable=False, searchable=False
    )
    return labelled(label, box, f"train-{field}")


def training_bar() -> html.Div:
    """Always under the views: what a person needs while watching a run."""
    speed_options = [{"label": label, "value": key} for key, (label, _) in SPEEDS.items()]
    return html.Div(
        [
            html.Div(
                [
                    html.Button(
                        "Train",
                        id="train",
                        className="button",
                        title="Start a new run with the options of the Training tab",
                    ),
                    html.Button(
                        "Pause",
                        id="pause",
                        className="button secondary",
                        disabled=True,
                        title="Pause or go on with the run; when it has ended, play it again",
                    ),
                    html.Button(
                        "+1 epoch",
                        id="step-epoch",
                        className="button secondary",
                        title="Train this run one more epoch (a new run from the weights shown "
                        "if there is none)",
                    ),
                    html.Button(
                        "+1 batch",
                        id="step-batch",
                        className="button secondary",
                        title="Train this run one more mini-batch",
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
                        className="epoch-slider",
                        **{"data-label": "epoch of the run shown"},
                    ),
                    html.Div(
                        dcc.Dropdown(
                            id="speed",
                            options=speed_options,
                            value="normal",
                            clearable=False,
                            searchable=False,
                        ),
                        className="speed",
                        title="How fast the run is shown",
                    ),
                ],
                className="bar-controls",
            ),
            html.Div(
                [
                    html.Span("no run yet", id="epoch-label", className="epoch-label"),
                    html.Span(
                        id="train-message",
                        className="train-message",
                        role="status",
                        **{"aria-live": "polite"},
                    ),
                ],
                className="bar-status",
            ),
        ],
        className="training-bar",
        id="part-training-bar",
        **{"data-part": "training", "aria-label": "Training"},
    )


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
                className="field wide",
            ),
        ],
        className="train-options",
    )


def training_panel(opts: TrainOptions, figures: dict) -> html.Div:
    return html.Div(
        [
            html.H2("Training"),
            options_form(opts),
            html.Div(
                [
                    html.Button(
                        "Initial weights",
                        id="init-weights",
                        className="button secondary",
                        title="Put the seeded starting weights of a fresh run on the sliders",
                    ),
                    html.Button("Fit output layer", id="fit-output", className="button secondary"),
                    html.Button(
                        "Export replay",
                        id="export-replay",
                        className="button secondary",
                        title="A standalone HTML file that plays this run, offline",
                    ),
                    dcc.Store(id="replay-parts"),
                    dcc.Download(id="replay-file"),
                ],
                className="row",
            ),
            html.Div(id="train-details", className="train-details", role="status"),
            html.Div(
                id="export-message", className="message", role="status", **{"aria-live": "polite"}
            ),
            html.Div(graph("history-graph", history_figure(None), "loss"), className="chart-box"),
            html.Div(
                graph("proba-graph", figures["proba"], "probabilities"), className="chart-box"
            ),
            runlog_panel(),
            help_note(
                "What am I looking at?",
                "Train runs gradient descent with the options above (the defaults are the "
                "course notebook's Keras run) while you watch: the views move epoch by epoch and "
                "these curves grow. Pause stops it; Resume goes on from there. When the run has "
                "ended, the epoch slider and Replay show every view as it was after any epoch.",
                "The probability histograms show, for each true class, how sure the network "
                "is: points left of the dashed 0.5 line are predicted class 0.",
            ),
        ],
        className="panel training",
    )


def explore_panel(opts: TrainOptions) -> html.Div:
    return html.Div(
        [
            html.H2("Explore training"),
            html.Div(
                graph("weights-graph", weights_figure(None), "weights"), className="chart-box"
            ),
            html.Div(
                graph("landscape-graph", landscape_figure(None), "landscape"),
                className="chart-box tall",
            ),
            html.Div(
                [
                    _choice_pair("landscape-x", "across", "w13"),
                    _choice_pair("landscape-y", "up", "w23"),
                    html.Button("Show", id="landscape-show", className="button secondary"),
                ],
                className="row",
            ),
            html.Div(
                [
                    _number("restarts", "Runs", opts.restarts, f"1 to {RESTARTS_MAX}"),
                    html.Button("Run restarts", id="run-restarts", className="button secondary"),
                ],
                className="row restarts-box",
            ),
            html.Div(id="restarts-message", className="message", role="status"),
            html.Div(
                graph("restarts-graph", restarts_figure(None), "restarts"), className="chart-box"
            ),
            help_note(
                "What am I looking at?",
                "The nine weights over the run. The loss landscape holds seven weights fixed and "
                "shows the loss over the other two, with the path training took. Restarts train "
                "many seeds side by side: click a point to watch that run.",
            ),
        ],
        className="panel training",
    )


def _choice_pair(box_id: str, label: str, value: str) -> html.Div:
    box = dcc.Dropdown(
        id=box_id, options=list(NAMES), value=value, clearable=False, searchable=False
    )
    return labelled(label, box, box_id)
