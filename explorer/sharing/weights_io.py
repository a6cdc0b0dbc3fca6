"""Weights pasted in from elsewhere: tinynet JSON, Keras's get_weights(), or a PyTorch
state_dict, read as text (never evaluated) and mapped onto w11 ... b13.

Conventions: Keras stores a Dense kernel as [inputs][units], so W is its transpose:
kernel [[k11, k12], [k21, k22]] gives w11 = k11, w12 = k21, w21 = k12, w22 = k22. PyTorch
stores nn.Linear.weight as [out][in], which is W itself. Both then list the hidden bias, the
output kernel (Keras [[w13], [w23]], PyTorch [[w13, w23]]) and the output bias.
"""

from __future__ import annotations

import json
import math
import re

from tinynet.explorer.limits import WEIGHT_LIMIT, WEIGHT_MAX
from tinynet.model import NAMES, Params

FORMATS = {
    "tinynet": 'tinynet JSON: {"w11": ..., "b13": ...} (as Download state saves it)',
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


def read_weights(text: str, fmt: str) -> tuple[Params, str]:
    """Params from pasted text, and a sentence saying how they were read."""
    if not isinstance(fmt, str) or fmt not in FORMATS:
        raise WeightsError(f"choose one of the formats: {', '.join(FORMATS)}")
    if not isinstance(text, str) or not text.strip():
        raise WeightsError("paste the weights into the box first")
    if len(text) > MAX_TEXT:
        raise WeightsError(f"that is {len(text):,} characters; a 2-2-1 network needs far fewer")
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
        missing = [n for n in NAMES if n not in data]
        if missing:
            raise WeightsError(f"missing {', '.join(missing)}")
        values = [data[n] for n in NAMES]
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            raise WeightsError("every weight must be a number")
        how = "read as tinynet JSON"
    else:
        values = _numbers(text)
        if len(values) != 9:
            raise WeightsError(
                f"found {len(values)} numbers; a 2-2-1 network has 9 (2x2 kernel, 2 biases, "
                "2 output weights, 1 output bias)"
            )
        if fmt == "keras":
            k11, k12, k21, k22, b1, b2, o1, o2, ob = values
            values = [k11, k21, k12, k22, b1, b2, o1, o2, ob]
            how = "read as Keras weights: the kernel is [inputs][units], so W is its transpose"
        else:
            how = "read as a PyTorch state_dict: weight is [out][in], which is W itself"
    if not all(math.isfinite(v) for v in values):
        raise WeightsError("the weights must be finite numbers")
    if any(abs(v) > WEIGHT_LIMIT for v in values):
        raise WeightsError(f"a weight lies beyond ±{WEIGHT_LIMIT:g}: that network has diverged")
    beyond = [n for n, v in zip(NAMES, values) if abs(v) > WEIGHT_MAX]
    if beyond:
        how += (
            f"; {', '.join(beyond)} lie past the sliders' ends (±{WEIGHT_MAX:g}): the sliders "
            "stay at their ends, the network uses the true values"
        )
    return Params(*[float(v) for v in values]), how
