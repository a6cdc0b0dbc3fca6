"""The data the page holds: the whole set (for accuracy and loss) and which points it draws."""

from __future__ import annotations

import numpy as np

from tinynet import datasets
from tinynet.explorer.limits import DRAWN_MAX
from tinynet.explorer.state import State


def drawn_subset(n: int, seed: int = 0) -> list[int]:
    """A fixed, seeded subsample of at most DRAWN_MAX indices: markers cost the most to
    repaint, so large sets are drawn in part while every point still counts in the readouts."""
    if n <= DRAWN_MAX:
        return list(range(n))
    return sorted(np.random.default_rng(seed).choice(n, DRAWN_MAX, replace=False).tolist())


def data_payload(
    X: np.ndarray, y: np.ndarray, name: str, note: str = "", made_by=None, title: str = ""
) -> dict:
    """What the page keeps: the points, the drawn subset, and the options that made them
    (the last good options, should the next ones be refused); `title` is what the page calls
    the data (a built-in set's title, an uploaded file's name)."""
    return {
        "name": name,
        "title": title or name,
        "made_by": made_by or {},
        "X": np.asarray(X, float).tolist(),
        "y": np.asarray(y, int).tolist(),
        "drawn": drawn_subset(len(y)),
        "note": note,
    }


def load_for(state: State) -> dict:
    X, y = datasets.load(state.dataset, state.samples, state.noise, state.data_seed)
    made_by = {k: getattr(state, k) for k in ("dataset", "samples", "noise", "data_seed")}
    title = datasets.DATASETS[state.dataset].title
    return data_payload(X, y, state.dataset, made_by=made_by, title=title)


def arrays(payload: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return (
        np.asarray(payload["X"], float).reshape(-1, 2),
        np.asarray(payload["y"], int),
        np.asarray(payload["drawn"], int),
    )
