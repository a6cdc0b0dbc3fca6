"""What the hidden layer does to the plane, step by step."""

from __future__ import annotations

import numpy as np

from tinynet.model.activations import Activation, resolve
from tinynet.model.network import as_points
from tinynet.model.params import Params

STAGES = ("input x", "linear map W x", "plus bias W x + b", "activation f(W x + b)")


def det(params: Params) -> float:
    """det(W) = w11 w22 - w12 w21: how W scales areas; 0 folds the plane onto a line."""
    return params.w11 * params.w22 - params.w12 * params.w21


def stage(
    params: Params, points: np.ndarray, activation: str | Activation = "tanh", t: float = 3.0
) -> np.ndarray:
    """The points partway through the layer, t in [0, 3], moving continuously:

    0 -> 1: x slides to W x along (1 - s) x + s W x, i.e. the matrix goes from I to W;
    1 -> 2: the bias is added, W x + s b;
    2 -> 3: the activation blends in, (1 - s) z + s f(z).
    """
    X = as_points(points)
    t = float(t)
    if not np.isfinite(t):
        raise ValueError(f"t must be a finite number in [0, 3], got {t}")
    t = min(max(t, 0.0), 3.0)
    Wx = X @ params.W.T
    if t <= 1.0:
        return (1.0 - t) * X + t * Wx
    z = Wx + params.b
    if t <= 2.0:
        return Wx + (t - 1.0) * params.b
    s = t - 2.0
    return (1.0 - s) * z + s * resolve(activation).f(z)


def stage_end(hidden) -> float:
    """Where the morph ends for a network: three stages (W, b, f) per hidden layer."""
    return 3.0 * len(tuple(hidden))


def layer_stage(
    params: Params,
    points: np.ndarray,
    activation: str | Activation = "tanh",
    layer: int = 0,
    t: float = 3.0,
) -> np.ndarray:
    """Hidden layer `layer` (0 the first) partway, t in [0, 3], as `stage` is for 2-2-1: the
    layer's input h (the points through the layers before it, whole) slides to W h, the bias
    is added, the activation blends in.

    The input may have another number of units than the layer; it is drawn in the layer's
    space by its first units, the rest zero: a plane entering a layer of three lies flat at
    h3 = 0 and rises, a plane entering a layer of one is seen by its first coordinate. For
    2-2-1 this is `stage` itself."""
    X = as_points(points)
    t = float(t)
    if not np.isfinite(t):
        raise ValueError(f"t must be a finite number in [0, 3], got {t}")
    t = min(max(t, 0.0), 3.0)
    layers = params.layers
    if not isinstance(layer, (int, np.integer)) or not 0 <= layer < len(layers) - 1:
        raise ValueError(
            f"layer must be a hidden layer of this network, 0 to {len(layers) - 2}, got {layer!r}"
        )
    act = resolve(activation)
    h = X
    for W, b in layers[:layer]:
        h = act.fn(h @ W.T + b, act.value)
    W, b = layers[layer]
    Wh = h @ W.T
    if t <= 1.0:
        start = np.zeros_like(Wh)
        k = min(h.shape[1], Wh.shape[1])
        start[:, :k] = h[:, :k]
        return (1.0 - t) * start + t * Wh
    if t <= 2.0:
        return Wh + (t - 1.0) * b
    z = Wh + b
    s = t - 2.0
    return (1.0 - s) * z + s * act.fn(z, act.value)
