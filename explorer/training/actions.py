"""The server's other training actions on the page's network: fit the output layer, and the
loss landscape. Each takes checked values (state/), calls model/, holds the heavy slot for a
bounded time, and returns plain values for the page."""

from __future__ import annotations

import numpy as np

from tinynet import model
from tinynet.explorer.limits import LANDSCAPE_N, LANDSCAPE_POINTS, LANDSCAPE_SPAN
from tinynet.explorer.serving.heavy import heavy_slot
from tinynet.model import Params


def fit_output(params: Params, X, y, activation) -> tuple[Params, str]:
    """model.fit_output_layer: keep W and b, fit w13, w23, b13; the fitted weights as they are
    (a slider pins at its end, its box holds the true value)."""
    with heavy_slot():
        fit = model.fit_output_layer(params, X, y, activation)
    verdict = "Yes: " if fit.separability.separable else "No: "
    return fit.params, (
        f"{verdict}{fit.separability.reason}. The fitted output line gets {fit.accuracy:.1%} right."
    )


def sample(X, y, most: int, seed: int = 0):
    """At most `most` of the points, the same ones every time (a fixed seeded sample)."""
    if len(y) <= most:
        return X, y
    pick = np.sort(np.random.default_rng(seed).choice(len(y), most, replace=False))
    return X[pick], y[pick]


def landscape(
    params: Params,
    X,
    y,
    activation,
    kind: str,
    l2: float,
    first: str,
    second: str,
    trajectory: list | None,
) -> dict:
    """The loss over two parameters, the others held at their current values, on at most
    LANDSCAPE_POINTS of the points (so a request's work is bounded whatever the data); any
    network's parameters by its names."""
    i, j = params.names.index(first), params.names.index(second)
    here = params.to_array()
    spans = []
    for k in (i, j):
        lo, hi = here[k] - 3.0, here[k] + 3.0
        if trajectory:
            path = np.asarray(trajectory, float)[:, k]
            lo, hi = min(lo, path.min() - 0.5), max(hi, path.max() + 0.5)
        lo, hi = max(lo, here[k] - LANDSCAPE_SPAN), min(hi, here[k] + LANDSCAPE_SPAN)
        spans.append(np.linspace(lo, hi, LANDSCAPE_N))
    a, b = np.meshgrid(spans[0], spans[1])
    thetas = np.tile(here, (a.size, 1))
    thetas[:, i], thetas[:, j] = a.ravel(), b.ravel()
    Xs, ys = sample(X, y, LANDSCAPE_POINTS)
    with heavy_slot():
        values = model.loss_many(
            thetas, Xs, ys, activation, kind, l2, chunk_elements=500_000, hidden=params.hidden
        )
    note = ""
    if len(ys) < len(y):
        note = f"The landscape uses {len(ys):,} of the {len(y):,} points (a fixed sample)."
    return {
        "first": first,
        "second": second,
        "x": spans[0].tolist(),
        "y": spans[1].tolist(),
        "z": values.reshape(a.shape).tolist(),
        "here": [float(here[i]), float(here[j])],
        "path": None if not trajectory else np.asarray(trajectory, float)[:, [i, j]].tolist(),
        "note": note,
    }
