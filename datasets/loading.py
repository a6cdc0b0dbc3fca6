"""load(): one entry point to every registered data set, with its arguments checked."""

from __future__ import annotations

import math

import numpy as np

from tinynet.datasets.generators import DATASETS, into_box
from tinynet.datasets.limits import MAX_NOISE, MAX_SAMPLES, MAX_SEED, MIN_SAMPLES


def _whole(name: str, value, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{name} must be a whole number from {low} to {high}, got {value!r}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be from {low} to {high}, got {value}")
    return int(value)


def load(
    name: str = "parabola",
    n_samples: int | None = None,
    noise: float | None = None,
    seed: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """X float (n, 2) inside [-1, 1]^2 and y int (n,) in {0, 1}.

    None takes the data set's own default (parabola: 2000 points, no noise, shuffled with
    seed 13, exactly as the classroom widget made it).
    """
    if name not in DATASETS:
        raise ValueError(f"unknown data set {name!r}; choose one of {', '.join(DATASETS)}")
    ds = DATASETS[name]
    n = (
        ds.default_samples
        if n_samples is None
        else _whole("n_samples", n_samples, MIN_SAMPLES, MAX_SAMPLES)
    )
    if noise is None:
        noise = ds.default_noise
    if isinstance(noise, bool) or not isinstance(noise, (int, float, np.floating, np.integer)):
        raise ValueError(f"noise must be a number from 0 to {MAX_NOISE}, got {noise!r}")
    if not math.isfinite(noise) or not 0 <= noise <= MAX_NOISE:
        raise ValueError(f"noise must be from 0 to {MAX_NOISE}, got {noise}")
    seed = ds.default_seed if seed is None else _whole("seed", seed, 0, MAX_SEED)
    X, y = ds.make(n, float(noise), seed)
    return into_box(np.asarray(X, dtype=float)), np.asarray(y, dtype=int)
