"""Which tiny networks there are: two inputs, one or two hidden layers of 1-3 units, one output.

An architecture is the tuple of its hidden layers' sizes: (2,) is the course notebook's
2-2-1 network (the default), (3,) is 2-3-1, (2, 2) is 2-2-2-1. Layer l (from 1) has a weight
matrix W of shape (units out, units in), as torch's nn.Linear, and a bias b; the output layer
is the last. A parameter set is these numbers in one row ("Params order"): layer by layer, W
row by row, then b. For 2-2-1 that row is the classroom's nine names, w11 ... b13; the other
architectures name a weight w{layer}_{unit}{input} and a bias b{layer}_{unit}.

Inside the training loops a row is kept in "augmented order": per layer the matrix
A = [W^T; b] of shape (units in + 1, units out), row by row, so that one product of the
layer's inputs padded with a column of ones, [h, 1] @ A, gives W h + b.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

import numpy as np

INPUTS = 2
MIN_UNITS, MAX_UNITS = 1, 3
MAX_LAYERS = 2
DEFAULT: tuple[int, ...] = (2,)
CLASSROOM_NAMES: tuple[str, ...] = ("w11", "w12", "w21", "w22", "b11", "b12", "w13", "w23", "b13")
RANGE = (  # (MAX_LAYERS = 2 written out)
    f"one or two hidden layers of {MIN_UNITS} to {MAX_UNITS} units each "
    f"(2-1-1 up to 2-3-3-1), written like 3 or 2,2"
)


def check(hidden) -> tuple[int, ...]:
    """The architecture as a tuple of hidden sizes, from a tuple or list, a whole number, or
    text such as "3", "2,2" or "2-3-2-1"; anything else gets a sentence naming the range."""
    sizes = _parse(hidden)
    if (
        sizes is None
        or not 1 <= len(sizes) <= MAX_LAYERS
        or any(not MIN_UNITS <= k <= MAX_UNITS for k in sizes)
    ):
        raise ValueError(f"a network here has {RANGE}; got {hidden!r}")
    return sizes


def _parse(hidden) -> tuple[int, ...] | None:
    if isinstance(hidden, str):
        text = hidden.strip()
        full = re.fullmatch(r"2-(\d)(?:-(\d))?-1", text)
        if full:
            return tuple(int(g) for g in full.groups() if g is not None)
        if not re.fullmatch(r"\d{1,2}(\s*,\s*\d{1,2})*", text):
            return None
        return tuple(int(part) for part in text.split(","))
    if isinstance(hidden, bool):
        return None
    if isinstance(hidden, (int, np.integer)):
        return (int(hidden),)
    if isinstance(hidden, Sequence) and all(
        isinstance(k, (int, np.integer)) and not isinstance(k, bool) for k in hidden
    ):
        return tuple(int(k) for k in hidden)
    return None


def label(hidden: Sequence[int]) -> str:
    """ "2-3-1" for (3,)."""
    return "-".join(str(k) for k in (INPUTS, *hidden, 1))


def short(hidden: Sequence[int]) -> str:
    """ "3" or "2,2": how links, lesson files and the CLI write it."""
    return ",".join(str(k) for k in hidden)


def widths(hidden: Sequence[int]) -> tuple[int, ...]:
    """Every layer's size, inputs first and the output last: (2, 3, 1) for (3,)."""
    return (INPUTS, *hidden, 1)


def shapes(hidden: Sequence[int]) -> list[tuple[int, int]]:
    """Each layer's W shape (units out, units in)."""
    w = widths(hidden)
    return [(w[i + 1], w[i]) for i in range(len(w) - 1)]


def count(hidden: Sequence[int]) -> int:
    """How many numbers a parameter set has (9 for 2-2-1)."""
    return sum(o * (i + 1) for o, i in shapes(hidden))


@functools.cache
def names(hidden: tuple[int, ...]) -> tuple[str, ...]:
    """The parameters' names in Params order."""
    if hidden == DEFAULT:
        return CLASSROOM_NAMES
    out: list[str] = []
    for layer, (units, inputs) in enumerate(shapes(hidden), start=1):
        out += [f"w{layer}_{u}{i}" for u in range(1, units + 1) for i in range(1, inputs + 1)]
        out += [f"b{layer}_{u}" for u in range(1, units + 1)]
    return tuple(out)


@functools.cache
def weight_mask(hidden: tuple[int, ...]) -> np.ndarray:
    """1 for a weight, 0 for a bias, in Params order (the L2 penalty takes weights only, as
    Keras's kernel_regularizer and the Playground do)."""
    mask = []
    for units, inputs in shapes(hidden):
        mask += [1.0] * (units * inputs) + [0.0] * units
    out = np.array(mask)
    out.flags.writeable = False
    return out


def weight_mask_augmented(hidden: tuple[int, ...]) -> np.ndarray:
    """weight_mask in augmented order (what the training loops multiply)."""
    return weight_mask(hidden)[augmented_order(hidden)]


@functools.cache
def augmented_order(hidden: tuple[int, ...]) -> np.ndarray:
    """aug[k] = the Params-order index of augmented position k (for 2-2-1 only w12 and w21
    trade places, so the map is its own inverse there)."""
    order: list[int] = []
    start = 0
    for units, inputs in shapes(hidden):
        W = np.arange(start, start + units * inputs).reshape(units, inputs)
        b = np.arange(start + units * inputs, start + units * (inputs + 1))
        order += np.vstack([W.T, b[None, :]]).ravel().tolist()
        start += units * (inputs + 1)
    out = np.array(order)
    out.flags.writeable = False
    return out


def blocks(hidden: Sequence[int]) -> list[tuple[int, int, int]]:
    """Each layer's A = [W^T; b] as (start, rows, columns) in augmented order."""
    out, start = [], 0
    for units, inputs in shapes(hidden):
        out.append((start, inputs + 1, units))
        start += (inputs + 1) * units
    return out


# Every architecture there is, smallest first: what the page's picker offers.
ALL: tuple[tuple[int, ...], ...] = tuple(
    [(k,) for k in range(MIN_UNITS, MAX_UNITS + 1)]
    + [(a, b) for a in range(MIN_UNITS, MAX_UNITS + 1) for b in range(MIN_UNITS, MAX_UNITS + 1)]
)
