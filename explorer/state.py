"""The app's state schema: the single gate for untrusted input (callback payloads, URLs, files).

`parse` takes any JSON-like mapping and returns a valid State plus one message per value it had
to refuse or clamp. A refused value falls back to the last good state's value (or the default),
so bad input never changes anything else and never raises.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Mapping
from typing import Any

from tinynet.datasets import DATASETS, MAX_NOISE, MAX_SAMPLES, MIN_SAMPLES
from tinynet.explorer.limits import (
    EPOCHS_MAX,
    L2_MAX,
    LR_RANGE,
    RESTARTS_MAX,
    STAGE_MAX,
    TEST_FRACTION_MAX,
    WEIGHT_MAX,
)
from tinynet.model import ACTIVATIONS, INITS, LOSSES, NAMES, OPTIMIZERS, Params

MAX_SEED = 2**32 - 1
MAX_TEXT = 64  # no name in any registry is longer


STARTS = {"init": "a fresh seeded initialisation", "sliders": "the weights on the sliders"}
STEPS_MAX = 50
LESSON_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
# Parts of the page a teacher's link can hide (layout.py gives each the id "part-<name>").
HIDEABLE = {
    "hidden_weights": "the hidden layer's six sliders",
    "output_weights": "the output unit's three sliders",
    "activation": "the activation picker",
    "data": "the data controls",
    "view": "the view options",
    "weights_io": "importing and exporting weights",
    "lesson": "the lesson panel",
    "training": "the training section",
}


@dataclasses.dataclass(frozen=True)
class TrainOptions:
    """How to train; the defaults are the notebook's Keras run."""

    optimizer: str = "sgd"
    lr: float = 0.05
    epochs: int = 150
    batch_size: int = 16
    loss: str = "bce"
    init: str = "glorot_normal"
    seed: int = 42
    l2: float = 0.0
    test_fraction: float = 0.0
    start: str = "init"
    restarts: int = 100


@dataclasses.dataclass(frozen=True)
class State:
    params: Params = Params.default()
    activation: str = "tanh"
    act_param: float | None = None  # None: the activation has no parameter
    dataset: str = "parabola"
    samples: int = DATASETS["parabola"].default_samples
    noise: float = DATASETS["parabola"].default_noise
    data_seed: int = DATASETS["parabola"].default_seed
    stage: float = STAGE_MAX
    grid: bool = False  # straight grid in the input view
    fit: bool = False  # hidden axes fitted to the data instead of the activation's range
    lesson: str = ""  # a lesson's name ("" none); the app checks that it has such a lesson
    step: int = 1
    hide: str = ""  # teacher view: parts of the page hidden, comma-separated, in HIDEABLE order

    @classmethod
    def for_dataset(cls, name: str) -> State:
        """The default state, on data set `name` with its own defaults."""
        ds = DATASETS[name]
        return cls(
            dataset=name,
            samples=ds.default_samples,
            noise=ds.default_noise,
            data_seed=ds.default_seed,
        )

    def to_dict(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        out.pop("params")
        return {**self.params.to_dict(), **out}


class _Reader:
    """Reads fields one by one, collecting a message for each value it cannot take."""

    def __init__(self, raw: Mapping[str, Any], base: State):
        self.raw, self.base, self.messages = raw, base, []

    def number(self, key: str, low: float, high: float, default: float) -> float:
        if key not in self.raw:
            return default
        value = self.raw[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            if isinstance(value, str) and len(value) <= MAX_TEXT:
                try:
                    value = float(value)
                except ValueError:
                    self.messages.append(f"{key}: {value!r} is not a number; kept {default:g}")
                    return default
            else:
                self.messages.append(f"{key}: expected a number; kept {default:g}")
                return default
        try:
            value = float(value)  # a huge int overflows here rather than in isfinite
        except OverflowError:
            self.messages.append(f"{key}: the number is far too large; kept {default:g}")
            return default
        if not math.isfinite(value):
            self.messages.append(f"{key}: {value} is not a finite number; kept {default:g}")
            return default
        if value < low or value > high:
            clamped = min(max(value, low), high)
            self.messages.append(
                f"{key}: {value:g} is outside [{low:g}, {high:g}]; set {clamped:g}"
            )
            return float(clamped)
        return float(value)

    def whole(self, key: str, low: int, high: int, default: int) -> int:
        value = self.number(key, low, high, default)
        if value != int(value):
            self.messages.append(f"{key}: {value:g} is not a whole number; set {round(value)}")
        return int(round(value))

    def choice(self, key: str, allowed: Mapping[str, Any], default: str) -> str:
        if key not in self.raw:
            return default
        value = self.raw[key]
        if isinstance(value, str) and value in allowed:
            return value
        shown = repr(value[:MAX_TEXT]) if isinstance(value, str) else type(value).__name__
        self.messages.append(f"{key}: {shown} is not one of {', '.join(allowed)}; kept {default}")
        return default

    def flag(self, key: str, default: bool) -> bool:
        if key not in self.raw:
            return default
        value = self.raw[key]
        if isinstance(value, bool):
            return value
        if value in (0, 1, "0", "1", "true", "false"):
            return value in (1, "1", "true")
        self.messages.append(f"{key}: expected true or false; kept {str(default).lower()}")
        return default

    def name(self, key: str, pattern: re.Pattern, default: str) -> str:
        if key not in self.raw:
            return default
        value = self.raw[key]
        if isinstance(value, str) and (value == "" or pattern.fullmatch(value)):
            return value
        shown = repr(value[:MAX_TEXT]) if isinstance(value, str) else type(value).__name__
        self.messages.append(f"{key}: {shown} is not a valid name; kept {default or 'none'}")
        return default

    def parts(self, key: str, allowed: Mapping[str, Any], default: str) -> str:
        """A comma-separated choice of several names, written back in the registry's order."""
        if key not in self.raw:
            return default
        value = self.raw[key]
        if not isinstance(value, str) or len(value) > MAX_TEXT * 4:
            self.messages.append(f"{key}: expected names separated by commas; kept {default!r}")
            return default
        asked = {p.strip() for p in value.split(",") if p.strip()}
        unknown = asked - set(allowed)
        if unknown:
            shown = ", ".join(sorted(p[:MAX_TEXT] for p in unknown)[:5])
            self.messages.append(f"{key}: {shown} not among {', '.join(allowed)}; ignored")
        return ",".join(p for p in allowed if p in asked)


def parse(raw: Any, base: State | None = None) -> tuple[State, list[str]]:
    """A valid State from untrusted `raw`; fields it lacks or refuses come from `base`."""
    base = base or State()
    if not isinstance(raw, Mapping):
        return base, [f"expected a set of named values, got {type(raw).__name__}; nothing changed"]
    r = _Reader(raw, base)
    weights = {
        name: r.number(name, -WEIGHT_MAX, WEIGHT_MAX, getattr(base.params, name)) for name in NAMES
    }
    activation = r.choice("activation", ACTIVATIONS, base.activation)
    spec = ACTIVATIONS[activation].param
    act_param = None
    if spec is not None:
        kept = (
            base.act_param if base.activation == activation and base.act_param is not None else None
        )
        act_param = r.number(
            "act_param", spec.low, spec.high, spec.default if kept is None else kept
        )
    dataset = r.choice("dataset", DATASETS, base.dataset)
    ds = DATASETS[dataset]
    same = dataset == base.dataset
    samples = r.whole(
        "samples", MIN_SAMPLES, MAX_SAMPLES, base.samples if same else ds.default_samples
    )
    noise = r.number("noise", 0.0, MAX_NOISE, base.noise if same else ds.default_noise)
    data_seed = r.whole("data_seed", 0, MAX_SEED, base.data_seed if same else ds.default_seed)
    state = State(
        params=Params(**weights),
        activation=activation,
        act_param=act_param,
        dataset=dataset,
        samples=samples,
        noise=noise,
        data_seed=data_seed,
        stage=r.number("stage", 0.0, STAGE_MAX, base.stage),
        grid=r.flag("grid", base.grid),
        fit=r.flag("fit", base.fit),
        lesson=r.name("lesson", LESSON_NAME, base.lesson),
        step=r.whole("step", 1, STEPS_MAX, base.step),
        hide=r.parts("hide", HIDEABLE, base.hide),
    )
    return state, r.messages


def parse_train(raw: Any, base: TrainOptions | None = None) -> tuple[TrainOptions, list[str]]:
    """Valid training options from untrusted `raw`, like parse does for the state."""
    base = base or TrainOptions()
    if not isinstance(raw, Mapping):
        return base, [f"expected a set of named values, got {type(raw).__name__}; nothing changed"]
    r = _Reader(raw, State())
    options = TrainOptions(
        optimizer=r.choice("optimizer", OPTIMIZERS, base.optimizer),
        lr=r.number("lr", *LR_RANGE, base.lr),
        epochs=r.whole("epochs", 1, EPOCHS_MAX, base.epochs),
        batch_size=r.whole("batch_size", 1, MAX_SAMPLES, base.batch_size),
        loss=r.choice("loss", LOSSES, base.loss),
        init=r.choice("init", INITS, base.init),
        seed=r.whole("seed", 0, MAX_SEED, base.seed),
        l2=r.number("l2", 0.0, L2_MAX, base.l2),
        test_fraction=r.number("test_fraction", 0.0, TEST_FRACTION_MAX, base.test_fraction),
        start=r.choice("start", STARTS, base.start),
        restarts=r.whole("restarts", 1, RESTARTS_MAX, base.restarts),
    )
    return options, r.messages


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
    if points.shape != (len(y), 2) or not np.isfinite(points).all():
        return None, None, "the data must be pairs of finite numbers: reload the page"
    if not np.isin(labels, (0, 1)).all() or len(np.unique(labels)) < 2:
        return None, None, "the data needs labels 0 and 1, both present: reload the page"
    return points, labels.astype(int), ""
