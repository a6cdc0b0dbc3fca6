"""The morph's stage slider for a network: three stages a hidden layer (its matrix, its bias,
its activation), one layer after the other, so the slider runs from 0 to 3 per layer."""

from __future__ import annotations

from tinynet.model import stage_end


def stage_marks(hidden) -> dict[int, str]:
    """The slider's marks: x, Wx, Wx+b, f for 2-2-1 as always; W1x, +b1, f, W2h, ... for two
    hidden layers."""
    hidden = tuple(hidden)
    if len(hidden) == 1:
        return {0: "x", 1: "Wx", 2: "Wx+b", 3: "f"}
    marks = {0: "x"}
    for layer in range(len(hidden)):
        n = layer + 1
        into = "x" if layer == 0 else "h"
        marks.update({3 * layer + 1: f"W{n}{into}", 3 * layer + 2: f"+b{n}", 3 * layer + 3: "f"})
    return marks


def stage_label(hidden) -> str:
    """What the slider sets, for screen readers."""
    end = stage_end(hidden)
    if len(tuple(hidden)) == 1:
        return f"stage t from input (0) to hidden ({end:g})"
    return f"stage t from input (0) through each hidden layer, three steps a layer, to {end:g}"
