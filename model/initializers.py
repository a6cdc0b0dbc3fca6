"""Weight initialisations: a registry of name -> Initializer. Biases always start at 0.

Keras's truncated normals (glorot_normal, he_normal) redraw anything beyond two standard
deviations and divide the standard deviation by 0.8796..., the std of a unit normal cut at +-2,
so that the drawn weights keep the intended variance.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable

import numpy as np

from tinynet.model import architecture
from tinynet.model.architecture import DEFAULT

TRUNC_STD = 0.87962566103423978


def truncated_normal(rng: np.random.Generator, std: float, size: int) -> np.ndarray:
    values = rng.normal(0.0, 1.0, size)
    while True:
        bad = np.abs(values) > 2.0
        if not bad.any():
            return values * (std / TRUNC_STD)
        values[bad] = rng.normal(0.0, 1.0, int(bad.sum()))


def glorot_normal(rng: np.random.Generator, fan_in: int, fan_out: int) -> np.ndarray:
    return truncated_normal(rng, math.sqrt(2.0 / (fan_in + fan_out)), fan_in * fan_out)


def glorot_uniform(rng: np.random.Generator, fan_in: int, fan_out: int) -> np.ndarray:
    limit = math.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, fan_in * fan_out)


def he_normal(rng: np.random.Generator, fan_in: int, fan_out: int) -> np.ndarray:
    return truncated_normal(rng, math.sqrt(2.0 / fan_in), fan_in * fan_out)


def small_normal(rng: np.random.Generator, fan_in: int, fan_out: int) -> np.ndarray:
    return rng.normal(0.0, 0.05, fan_in * fan_out)  # Keras RandomNormal's default


def playground_uniform(rng: np.random.Generator, fan_in: int, fan_out: int) -> np.ndarray:
    return rng.uniform(-0.5, 0.5, fan_in * fan_out)


Draw = Callable[[np.random.Generator, int, int], np.ndarray]


@dataclasses.dataclass(frozen=True)
class Initializer:
    name: str
    description: str
    hidden: Draw
    output: Draw

    def draw(self, rng: np.random.Generator, hidden=DEFAULT) -> np.ndarray:
        """A parameter set in Params order (nine numbers for 2-2-1): layer by layer its
        kernel, drawn with `hidden` (the output layer with `output`), and zero biases."""
        shapes = architecture.shapes(hidden)
        parts = []
        for index, (units, inputs) in enumerate(shapes):
            draw = self.output if index == len(shapes) - 1 else self.hidden
            # Drawn in Keras's kernel layout (input i -> unit j), so W is its transpose.
            kernel = draw(rng, inputs, units).reshape(inputs, units)
            parts += [kernel.T.ravel(), np.zeros(units)]
        return np.concatenate(parts)


INITS: dict[str, Initializer] = {
    i.name: i
    for i in [
        Initializer(
            "glorot_normal",
            "the notebook's Keras run: Glorot normal hidden kernel, normal(0, 0.05) output kernel",
            glorot_normal,
            small_normal,
        ),
        Initializer(
            "glorot_uniform",
            "Glorot uniform in both layers (Keras's Dense default)",
            glorot_uniform,
            glorot_uniform,
        ),
        Initializer("he_normal", "He normal in both layers (for ReLU)", he_normal, he_normal),
        Initializer(
            "uniform",
            "uniform in [-0.5, 0.5] in both layers, as the Playground does",
            playground_uniform,
            playground_uniform,
        ),
    ]
}
