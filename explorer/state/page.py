"""The page's state: the network, the activation, the data's recipe, the view and lesson.

`parse` takes any JSON-like mapping and returns a valid State plus one message per value it had
to refuse or clamp. A refused value falls back to the last good state's value (or the default),
so bad input never changes anything else and never raises.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import Any

from tinynet.datasets import DATASETS, MAX_NOISE, MAX_SAMPLES, MIN_SAMPLES
from tinynet.explorer.limits import STAGE_MAX, WEIGHT_LIMIT
from tinynet.explorer.state.reader import Reader
from tinynet.explorer.state.training import MAX_SEED
from tinynet.model import ACTIVATIONS, Params, architecture, stage_end

STEPS_MAX = 50
WEIGHT_NAME = re.compile(r"[wb]\d[\d_]{0,4}")  # how every architecture names its numbers
LESSON_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
# Parts of the page a teacher's link can hide (their elements carry data-part="<name>").
HIDEABLE = {
    "hidden_weights": "the hidden layer's six sliders",
    "output_weights": "the output unit's three sliders",
    "activation": "the activation picker",
    "data": "the data controls",
    "view": "the view options",
    "weights_io": "importing and exporting weights",
    "lesson": "the lesson panel",
    "training": "the training bar, the Training tab and the Explore tab",
    "explore": "the Explore tab (weights over time, the loss landscape, restarts)",
    "network": "the Network tab (the diagram and its equations)",
}


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

    def with_network(self, hidden) -> State:
        """This state on another network: its Reset weights, the morph at its end."""
        return dataclasses.replace(self, params=Params.default(hidden), stage=stage_end(hidden))

    def to_dict(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        out.pop("params")
        # Old links name no architecture: 2-2-1's stays unwritten, so they read as before.
        if self.params.hidden != architecture.DEFAULT:
            out["hidden"] = architecture.short(self.params.hidden)
        return {**self.params.to_dict(), **out}


def parse(raw: Any, base: State | None = None) -> tuple[State, list[str]]:
    """A valid State from untrusted `raw`; fields it lacks or refuses come from `base`."""
    base = base or State()
    if not isinstance(raw, Mapping):
        return base, [f"expected a set of named values, got {type(raw).__name__}; nothing changed"]
    r = Reader(raw)
    # The weights as they are (trained ones go past the sliders' ends), up to where training
    # itself would call a run diverged.
    hidden = r.architecture("hidden", base.params.hidden)
    kept = base.params if base.params.hidden == hidden else Params.default(hidden)
    # Weights named for another network (a link edited by hand, w11 with hidden=3) do not
    # fit this one: it opens with its own start, and says so.
    foreign = sorted(k for k in raw if WEIGHT_NAME.fullmatch(str(k)) and k not in kept.names)
    if foreign:
        r.messages.append(
            f"{', '.join(foreign[:4])}{' ...' if len(foreign) > 4 else ''}: not weights of a "
            f"{architecture.label(hidden)} network; its weights start as Reset sets them"
        )
    weights = {
        name: r.number(name, -WEIGHT_LIMIT, WEIGHT_LIMIT, getattr(kept, name))
        for name in kept.names
    }
    if foreign:
        weights = Params.default(hidden).to_dict()
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
        params=Params(**weights, hidden=hidden),
        activation=activation,
        act_param=act_param,
        dataset=dataset,
        samples=samples,
        noise=noise,
        data_seed=data_seed,
        # Three stages a hidden layer; on another network than base's the morph starts at its end.
        stage=r.number(
            "stage",
            0.0,
            stage_end(hidden),
            base.stage if base.params.hidden == hidden else stage_end(hidden),
        ),
        grid=r.flag("grid", base.grid),
        fit=r.flag("fit", base.fit),
        lesson=r.name("lesson", LESSON_NAME, base.lesson),
        step=r.whole("step", 1, STEPS_MAX, base.step),
        hide=r.parts("hide", HIDEABLE, base.hide),
    )
    return state, r.messages
