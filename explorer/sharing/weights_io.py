"""Weights pasted in from elsewhere: tinynet JSON, Keras's get_weights(), or a PyTorch
state_dict, read as text (never evaluated) and mapped onto the network's names (w11 ... b13
for 2-2-1). The network is the one the text fits: JSON names it (or its names do); Keras and
PyTorch text fits by how many numbers it holds, the page's network first (2-3-1 and 2-1-3-1
both have 13: the page's picker then says which).

Conventions: Keras stores a Dense kernel as [inputs][units], so W is its transpose:
kernel [[k11, k12], [k21, k22]] gives w11 = k11, w12 = k21, w21 = k12, w22 = k22. PyTorch
stores nn.Linear.weight as [out][in], which is W itself. Both list each layer's kernel and
bias in turn, the output layer last (Keras [[w13], [w23]], PyTorch [[w13, w23]]).
"""

from __future__ import annotations

import json
import math
import re

from tinynet.explorer.limits import WEIGHT_LIMIT, WEIGHT_MAX
from tinynet.model import Params, architecture

# The networks with each count of numbers (a few counts fit two networks).
BY_COUNT: dict[int, list[tuple[int, ...]]] = {}
for _hidden in architecture.ALL:
    BY_COUNT.setdefault(architecture.count(_hidden), []).append(_hidden)

FORMATS = {
    "tinynet": 'tinynet JSON: {"w11": ..., "b13": ...} (as Download weights saves it)',
    "keras": "Keras: model.get_weights() printed (kernel, bias, output kernel, output bias)",
    "pytorch": "PyTorch: model.state_dict() printed (weight, bias, weight, bias)",
}
MAX_TEXT = 20_000
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_NUMBER = re.compile(r"(?<![A-Za-z_\d.])[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?(?![A-Za-z_\d])")


class WeightsError(ValueError):
    pass


def _numbers(text: str) -> list[float]:
    stripped = _QUOTED.sub(" ", re.sub(r"dtype\s*=\s*[\w.]+", " ", text))
    if re.search(r"\b(nan|inf)\b", stripped, re.IGNORECASE):
        raise WeightsError(
            "the weights contain NaN or infinity: train again, with a smaller learning rate"
        )
    return [float(m) for m in _NUMBER.findall(stripped)]


def read_weights(text: str, fmt: str, page=architecture.DEFAULT) -> tuple[Params, str]:
    """Params from pasted text, and a sentence saying how they were read; `page` is the
    network on the page, which Keras and PyTorch text of its size is read for."""
    if not isinstance(fmt, str) or fmt not in FORMATS:
        raise WeightsError(f"choose one of the formats: {', '.join(FORMATS)}")
    if not isinstance(text, str) or not text.strip():
        raise WeightsError("paste the weights into the box first")
    if len(text) > MAX_TEXT:
        raise WeightsError(f"that is {len(text):,} characters; a tiny network needs far fewer")
    if fmt == "tinynet":
        try:
            # Whole numbers read as floats: a 400-digit one is then infinite (and refused
            # below) instead of an int no float can hold.
            data = json.loads(text, parse_int=float)
        except json.JSONDecodeError as why:
            raise WeightsError(f"not valid JSON (line {why.lineno}, column {why.colno})") from None
        except RecursionError:
            raise WeightsError("not valid weights: brackets nested far too deep") from None
        if not isinstance(data, dict):
            raise WeightsError("expected an object with the nine names w11 ... b13")
        hidden = _json_network(data)
        names = architecture.names(hidden)
        missing = [n for n in names if n not in data]
        if missing:
            raise WeightsError(f"missing {', '.join(missing)}")
        values = [data[n] for n in names]
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            raise WeightsError("every weight must be a number")
        how = "read as tinynet JSON"
    else:
        values = _numbers(text)
        hidden = _network_of(len(values), page)
        if fmt == "keras":
            values = _from_keras(values, hidden)
            how = "read as Keras weights: the kernel is [inputs][units], so W is its transpose"
        else:
            how = "read as a PyTorch state_dict: weight is [out][in], which is W itself"
        if hidden != architecture.DEFAULT:
            how += f", of a {architecture.label(hidden)} network"
    if not all(math.isfinite(v) for v in values):
        raise WeightsError("the weights must be finite numbers")
    if any(abs(v) > WEIGHT_LIMIT for v in values):
        raise WeightsError(f"a weight lies beyond ±{WEIGHT_LIMIT:g}: that network has diverged")
    beyond = [n for n, v in zip(architecture.names(hidden), values) if abs(v) > WEIGHT_MAX]
    if beyond:
        how += (
            f"; {', '.join(beyond)} lie past the sliders' ends (±{WEIGHT_MAX:g}): the sliders "
            "stay at their ends, the network uses the true values"
        )
    return Params(*[float(v) for v in values], hidden=hidden), how


def _network_of(count: int, page: tuple[int, ...]) -> tuple[int, ...]:
    """The network `count` numbers are for: the page's when it fits, else the only one."""
    fits = BY_COUNT.get(count, [])
    if page in fits:
        return page
    if len(fits) == 1:
        return fits[0]
    if fits:
        names = " and ".join(architecture.label(h) for h in fits)
        raise WeightsError(
            f"{count} numbers fit {names}: pick the network first (Network, above the weights)"
        )
    others = ", ".join(
        f"{architecture.label(h)} {architecture.count(h)}"
        for h in architecture.ALL
        if h != architecture.DEFAULT
    )
    raise WeightsError(
        f"found {count} numbers; a 2-2-1 network has 9 (2x2 kernel, 2 biases, 2 output "
        f"weights, 1 output bias), and the other tiny networks {others}"
    )


def _json_network(data: dict) -> tuple[int, ...]:
    """The network tinynet JSON is for: its "hidden" (as links write it), else the one whose
    names it holds, else 2-2-1 (which then names what is missing)."""
    if "hidden" in data:
        try:
            return architecture.check(
                data["hidden"] if not isinstance(data["hidden"], float) else int(data["hidden"])
            )
        except (ValueError, OverflowError) as why:
            raise WeightsError(str(why)) from None
    keys = set(data)
    held = [h for h in architecture.ALL if set(architecture.names(h)) <= keys]
    # The largest network whose names are all there (2-1-1's names are part of 2-3-1's).
    return max(held, key=architecture.count) if held else architecture.DEFAULT


def _from_keras(values: list[float], hidden: tuple[int, ...]) -> list[float]:
    """Keras's layers (kernel [inputs][units], then bias) in Params order (W [units][inputs])."""
    out, k = [], 0
    for units, inputs in architecture.shapes(hidden):
        kernel = values[k : k + inputs * units]
        out += [kernel[i * units + u] for u in range(units) for i in range(inputs)]
        out += values[k + inputs * units : k + (inputs + 1) * units]
        k += (inputs + 1) * units
    return out
