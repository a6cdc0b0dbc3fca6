"""The toy data sets: a registry of name -> Dataset. Every set lands in the [-1, 1]^2 view box.

scikit-learn makes the sets it has generators for (moons, circles, blobs, gaussian); parabola,
xor and spiral are drawn here. Each is deterministic for a given seed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import numpy as np
from sklearn.datasets import make_blobs, make_circles, make_gaussian_quantiles, make_moons

Maker = Callable[[int, float, int], tuple[np.ndarray, np.ndarray]]


def into_box(X: np.ndarray) -> np.ndarray:
    """Shrink uniformly (about the origin) only if some point lies outside [-1, 1]^2."""
    peak = float(np.max(np.abs(X))) if len(X) else 0.0
    return X / peak if peak > 1.0 else X


def _jitter(X: np.ndarray, noise: float, rng: np.random.Generator) -> np.ndarray:
    return X + rng.normal(0.0, noise, X.shape) if noise > 0 else X


def _split(n: int) -> tuple[int, int]:
    return n - n // 2, n // 2


def make_parabola(n: int, noise: float, seed: int):
    """The classroom widget's set: class 0 on x2 = x1^2, class 1 on x2 = x1^2 - 0.5,
    x1 evenly spaced in [-1, 1], then shuffled."""
    rng = np.random.default_rng(seed)
    n0, n1 = _split(n)
    x0, x1 = np.linspace(-1.0, 1.0, n0), np.linspace(-1.0, 1.0, n1)
    X = np.concatenate([np.column_stack([x0, x0**2]), np.column_stack([x1, x1**2 - 0.5])])
    y = np.concatenate([np.zeros(n0, int), np.ones(n1, int)])
    X = _jitter(X, noise, rng)
    order = rng.permutation(n)
    return X[order], y[order]


def make_moons_set(n: int, noise: float, seed: int):
    X, y = make_moons(n_samples=_split(n), noise=noise or None, random_state=seed)
    # The noiseless moons span [-1, 2] x [-0.5, 1]: centre them and fit them to +-0.9.
    return (X - [0.5, 0.25]) * 0.6, y


def make_circles_set(n: int, noise: float, seed: int):
    X, y = make_circles(n_samples=_split(n), noise=noise or None, factor=0.5, random_state=seed)
    return X * 0.9, y


def make_blobs_set(n: int, noise: float, seed: int):
    X, y = make_blobs(
        n_samples=list(_split(n)),
        centers=[(-0.45, -0.45), (0.45, 0.45)],
        cluster_std=max(noise, 1e-6),
        random_state=seed,
    )
    return X, y


def make_gaussian_set(n: int, noise: float, seed: int):
    X, y = make_gaussian_quantiles(
        cov=0.1, n_samples=n, n_features=2, n_classes=2, random_state=seed
    )
    return _jitter(X, noise, np.random.default_rng(seed)), y


def make_xor(n: int, noise: float, seed: int):
    """Uniform in the four quadrants, kept a little off the axes; class 1 where x1 x2 > 0."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(0.05, 0.95, (n, 2)) * rng.choice([-1.0, 1.0], (n, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(int)
    return _jitter(X, noise, rng), y


def make_spiral(n: int, noise: float, seed: int):
    """Two interleaved spirals of 1.75 turns, as the Playground draws them."""
    rng = np.random.default_rng(seed)
    parts = []
    for label, count in enumerate(_split(n)):
        s = np.arange(count) / max(count, 1)
        angle = 1.75 * 2 * np.pi * s + np.pi * label
        parts.append(np.column_stack([s * np.sin(angle), s * np.cos(angle)]) * 0.95)
    X = np.concatenate(parts)
    y = np.repeat([0, 1], _split(n))
    X = _jitter(X, noise, rng)
    order = rng.permutation(n)
    return X[order], y[order]


@dataclasses.dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    description: str
    make: Maker
    default_samples: int = 500
    default_noise: float = 0.0
    default_seed: int = 0
    noise_meaning: str = "standard deviation of the Gaussian jitter added to every point"


DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in [
        Dataset(
            "parabola",
            "Two parabolas",
            "The classroom widget's set: two parallel "
            "parabolas, x2 = x1^2 and x2 = x1^2 - 0.5. No straight line separates them.",
            make_parabola,
            2000,
            0.0,
            13,
        ),
        Dataset(
            "moons",
            "Two moons",
            "Two interleaving half circles (scikit-learn's make_moons).",
            make_moons_set,
            500,
            0.1,
        ),
        Dataset(
            "circles",
            "Circles",
            "A small circle inside a larger one (scikit-learn's make_circles).",
            make_circles_set,
            500,
            0.05,
        ),
        Dataset(
            "blobs",
            "Two blobs",
            "Two round clusters that a straight line separates (scikit-learn's make_blobs).",
            make_blobs_set,
            500,
            0.15,
            noise_meaning="standard deviation of each cluster",
        ),
        Dataset(
            "xor",
            "XOR",
            "Opposite quadrants share a class: the classic problem a single line cannot solve.",
            make_xor,
            500,
            0.0,
        ),
        Dataset(
            "spiral",
            "Spiral",
            "Two spirals wound into each other: hard for two hidden units.",
            make_spiral,
            500,
            0.0,
        ),
        Dataset(
            "gaussian",
            "Gaussian core",
            "A Gaussian cloud split by distance from its "
            "centre into a core and a ring (scikit-learn's make_gaussian_quantiles).",
            make_gaussian_set,
            500,
            0.0,
        ),
    ]
}
