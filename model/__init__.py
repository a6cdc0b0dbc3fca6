"""Tiny networks in NumPy: parameters, activations, forward pass, losses, training, geometry.

The default is the course notebook's 2-2-1 network, h = f(W x + b),
p = sigmoid(w13 h1 + w23 h2 + b13); `architecture` names the others (one or two hidden
layers of 1-3 units) and `mlp` is the general path they take.
"""

from tinynet.model import architecture, initializers, mlp, runs
from tinynet.model.activations import (
    ACTIVATIONS,
    Activation,
    ActivationParam,
    resolve,
    saturated,
    sigmoid,
)
from tinynet.model.geometry import STAGES, det, layer_stage, stage, stage_end
from tinynet.model.initializers import INITS
from tinynet.model.network import LOSSES, Forward, forward, gradients, loss, loss_many
from tinynet.model.optimizers import OPTIMIZERS
from tinynet.model.params import NAMES, Params
from tinynet.model.runs import Record, RunState
from tinynet.model.separability import (
    OutputFit,
    Separability,
    best_line_accuracy,
    fit_output_layer,
    linearly_separable,
)
from tinynet.model.training import Chunk, History, TrainResult, train, train_chunk, train_many

__all__ = [
    "architecture",
    "initializers",
    "mlp",
    "runs",
    "ACTIVATIONS",
    "INITS",
    "LOSSES",
    "NAMES",
    "OPTIMIZERS",
    "STAGES",
    "Activation",
    "ActivationParam",
    "Chunk",
    "Forward",
    "History",
    "OutputFit",
    "Params",
    "Record",
    "RunState",
    "Separability",
    "TrainResult",
    "best_line_accuracy",
    "det",
    "fit_output_layer",
    "forward",
    "gradients",
    "layer_stage",
    "linearly_separable",
    "loss",
    "loss_many",
    "resolve",
    "saturated",
    "sigmoid",
    "stage",
    "stage_end",
    "train",
    "train_chunk",
    "train_many",
]
