"""The page's data sent back with a request, checked before anything uses it."""

from __future__ import annotations

from typing import Any

from tinynet.datasets import MAX_SAMPLES, MIN_SAMPLES


def parse_points(X: Any, y: Any) -> tuple[Any, Any, str]:
    """The page's data sent back with a request: (X, y, '') when it is a valid set of labelled
    points, else (None, None, why)."""
    import numpy as np

    if not isinstance(X, list) or not isinstance(y, list) or len(X) != len(y):
        return None, None, "the data is missing or malformed: reload the page"
    if not MIN_SAMPLES <= len(y) <= MAX_SAMPLES:
        return None, None, f"the data must have {MIN_SAMPLES} to {MAX_SAMPLES} points"
    try:
        points = np.array(X, dtype=float)
        labels = np.array(y, dtype=float)
    except (TypeError, ValueError):
        return None, None, "the data has entries that are not numbers: reload the page"
    except OverflowError:  # a whole number past the floats' range (400 digits, say)
        return None, None, "the data holds a number far too large: reload the page"
    if points.shape != (len(y), 2) or not np.isfinite(points).all():
        return None, None, "the data must be pairs of finite numbers: reload the page"
    if not np.isin(labels, (0, 1)).all() or len(np.unique(labels)) < 2:
        return None, None, "the data needs labels 0 and 1, both present: reload the page"
    return points, labels.astype(int), ""


def parse_data(raw: Any) -> tuple[Any, Any, str]:
    """The data a request names: a built-in set by its recipe ({"made_by": {"dataset": ...,
    "samples": ..., "noise": ..., "data_seed": ...}}, made again here) or the points themselves
    ({"X": [...], "y": [...]}, for uploaded or added points). (X, y, '') or (None, None, why)."""
    from tinynet import datasets
    from tinynet.explorer.state.page import parse

    if not isinstance(raw, dict):
        return None, None, "the data is missing or malformed: reload the page"
    recipe = raw.get("made_by")
    if isinstance(recipe, dict) and recipe:
        keys = {"dataset", "samples", "noise", "data_seed"}
        state, messages = parse({k: v for k, v in recipe.items() if k in keys})
        if messages or set(recipe) != keys:
            return None, None, "the data's recipe is not valid: reload the page"
        X, y = datasets.load(state.dataset, state.samples, state.noise, state.data_seed)
        return X, y, ""
    return parse_points(raw.get("X"), raw.get("y"))
