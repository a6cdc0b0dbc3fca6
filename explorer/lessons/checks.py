"""A lesson step's check: conditions on the state, each with a sentence that says why it holds
or not.

A check is a TOML table such as `{ at_least = { accuracy = 1.0 }, only_changed = ["w13"] }`.
The quantities it may name (QUANTITIES) are computed from the state with model/, on the data
set the state names; the conditions (CONDITIONS) compare them. Nothing in a check is code.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping
from functools import cached_property
from typing import Any

import numpy as np

from tinynet import datasets, model
from tinynet.explorer.sharing.url import FIELDS, TRAIN_PREFIX
from tinynet.explorer.state import State, TrainOptions
from tinynet.model import NAMES, architecture
from tinynet.model.network import accuracy_from_logit

TOLERANCE = 0.05  # equals: within this of the value (the sliders step 0.01)
# Every parameter name of every network (a check may name those of the network its step sets).
ALL_NAMES = {name for hidden in architecture.ALL for name in architecture.names(hidden)}


@dataclasses.dataclass(frozen=True)
class Situation:
    """What a check looks at: the state now, the step's preset, and the answer picked."""

    state: State
    train: TrainOptions
    preset: State
    preset_train: TrainOptions
    answer: str | None = None

    @cached_property
    def data(self) -> tuple[np.ndarray, np.ndarray]:
        s = self.state
        return datasets.load(s.dataset, s.samples, s.noise, s.data_seed)

    @cached_property
    def act(self) -> model.Activation:
        return model.resolve(self.state.activation, self.state.act_param)

    @cached_property
    def forward(self) -> model.Forward:
        return model.forward(self.state.params, self.data[0], self.act)

    @cached_property
    def grad(self) -> model.Params:
        X, y = self.data
        return model.gradients(self.state.params, X, y, self.act, self.train.loss)

    def field(self, name: str) -> Any:
        """A state or training field by its link name (w11, activation, train_loss, ...)."""
        if name.startswith(TRAIN_PREFIX):
            return getattr(self.train, name[len(TRAIN_PREFIX) :])
        if name == "hidden":  # 2-2-1's state names no network; a check may still ask
            return architecture.short(self.state.params.hidden)
        return self.state.to_dict().get(name)


def _accuracy(s: Situation) -> float:
    return float(accuracy_from_logit(s.forward.logit, s.data[1]))


def _dead_units(s: Situation) -> float:
    slopes = np.abs(s.act.der(s.forward.z))
    return float(np.sum(np.all(slopes == 0, axis=0)))


def _hidden_grad(s: Situation) -> float:
    """The size of the loss's slope for every hidden layer's weights and biases."""
    return float(
        math.hypot(*(float(np.linalg.norm(np.r_[W.ravel(), b])) for W, b in s.grad.layers[:-1]))
    )


def _det(s: Situation) -> float:
    """det W of a first layer of two units (NaN for the others: it has no square W)."""
    W = s.state.params.W
    return float(np.linalg.det(W)) if W.shape == (2, 2) else math.nan


# name -> (what it is, how to compute it); numbers only. "accuracy" is a share, shown in %.
QUANTITIES: dict[str, tuple[str, Callable[[Situation], float]]] = {
    "accuracy": ("the accuracy on the data", _accuracy),
    "loss": (
        "the log-loss on the data",
        lambda s: model.loss(s.state.params, *s.data, s.act, "bce"),
    ),
    "det": ("det W", _det),
    "abs_det": ("|det W|", lambda s: abs(_det(s))),
    "saturated": (
        "the share of saturated hidden units over the data",
        lambda s: float(model.saturated(s.act, s.forward.z).mean()),
    ),
    "dead_units": ("the number of dead hidden units", _dead_units),
    "separable": (
        "whether a straight line separates the hidden points (1 yes, 0 no)",
        lambda s: float(model.linearly_separable(s.forward.h, s.data[1]).separable),
    ),
    "hidden_grad": ("the slope of the loss for the hidden layers", _hidden_grad),
}


# People's names for the fields a check may name (the weights keep their own: w11, b13, ...).
FIELD_LABELS = {
    "activation": "the activation",
    "dataset": "the data set",
    "samples": "the number of points",
    "noise": "the noise",
    "stage": "the stage",
    TRAIN_PREFIX + "loss": "the loss",
    TRAIN_PREFIX + "optimizer": "the optimizer",
    TRAIN_PREFIX + "lr": "the learning rate",
    TRAIN_PREFIX + "epochs": "the number of epochs",
    TRAIN_PREFIX + "batch_size": "the batch size",
    TRAIN_PREFIX + "init": "the initialisation",
    TRAIN_PREFIX + "start": "where training starts",
}
LOSS_NAMES = {"bce": "cross-entropy", "mse": "squared error"}


def _shown(name: str, value: Any) -> str:
    """A value as a person reads it: 85.3%, ReLU, cross-entropy, 0.5."""
    if name == "accuracy" and isinstance(value, float):
        return f"{100 * value:.1f}%"
    if name == "activation" and value in model.ACTIVATIONS:
        return model.ACTIVATIONS[value].title
    if name == TRAIN_PREFIX + "loss" and value in LOSS_NAMES:
        return LOSS_NAMES[value]
    if name == "separable" and isinstance(value, float):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)


def _label(name: str) -> str:
    return QUANTITIES[name][0] if name in QUANTITIES else FIELD_LABELS.get(name, name)


def value_of(s: Situation, name: str) -> Any:
    return QUANTITIES[name][1](s) if name in QUANTITIES else s.field(name)


def _compare(s: Situation, targets: Mapping[str, Any], test, words: str) -> list[tuple]:
    out = []
    for name, target in targets.items():
        value = value_of(s, name)
        ok = test(value, target)
        now = f"{_label(name)} is {_shown(name, value)}"
        wanted = f"{words} {_shown(name, target)}"
        said = f"{now}: {wanted}, as asked" if ok else f"{now}, but needs to be {wanted}"
        out.append((ok, said, f"{name} {wanted}"))
    return out


def _equal(value: Any, target: Any, tolerance: float) -> bool:
    if isinstance(target, str) or isinstance(value, str):
        return value == target
    return abs(float(value) - float(target)) <= tolerance


def _unchanged(s: Situation, names, want_same: bool) -> list[tuple]:
    """only_changed (want_same: the others are as the step set them) or changed (these moved)."""
    preset = s.preset.to_dict()
    moved = [n for n in names if not _equal(value_of(s, n), preset[n], 1e-9)]
    if want_same:
        out = [
            (
                False,
                f"{n} changed from {_shown(n, preset[n])} to {_shown(n, value_of(s, n))}: "
                "put it back (this step asks to leave it)",
                f"leave {n} as set",
            )
            for n in moved
        ]
        return out or [
            (True, "the weights you were not asked to change are as the step set them", "")
        ]
    kept = [n for n in names if n not in moved]
    out = [
        (False, f"{n} is still {_shown(n, preset[n])}: this step asks to change it", f"change {n}")
        for n in kept
    ]
    return out or [(True, f"{', '.join(names)} moved from where the step started", "")]


def _answer(s: Situation, expected: str) -> list[tuple]:
    if s.answer is None:
        return [(False, "no answer is picked yet", "the answer")]
    if s.answer == expected:
        return [(True, f"the answer picked is “{s.answer}”", "")]
    return [(False, f"the answer picked is “{s.answer}”, which is not it", "the answer")]


def _one_of(s: Situation, targets: Mapping[str, Any]) -> list[tuple]:
    out = []
    for name, allowed in targets.items():
        value = value_of(s, name)
        now = f"{_label(name)} is {_shown(name, value)}"
        wanted = " or ".join(_shown(name, a) for a in allowed)
        out.append(
            (True, f"{now}, as asked", "")
            if value in allowed
            else (False, f"{now}, but needs to be {wanted}", f"{name} {wanted}")
        )
    return out


def _conditions(tolerance: float) -> dict[str, Callable[[Situation, Any], list[tuple]]]:
    others = lambda s, names: [n for n in s.state.params.names if n not in names]  # noqa: E731
    return {
        "at_least": lambda s, t: _compare(s, t, lambda v, x: v >= x, "at least"),
        "at_most": lambda s, t: _compare(s, t, lambda v, x: v <= x, "at most"),
        "equals": lambda s, t: _compare(s, t, lambda v, x: _equal(v, x, tolerance), "about"),
        "one_of": _one_of,
        "only_changed": lambda s, names: _unchanged(s, others(s, names), True),
        "changed": lambda s, names: _unchanged(s, names, False),
        "answer": _answer,
    }


CONDITIONS = tuple(_conditions(TOLERANCE))


def problems(check: Any) -> list[str]:
    """What is wrong with a check table (empty when it is fine), for the lesson file's author."""
    if not isinstance(check, Mapping):
        return ["check must be a table, such as { at_least = { accuracy = 1.0 } }"]
    out = []
    for kind, arg in check.items():
        if kind == "tolerance":
            if not isinstance(arg, (int, float)) or isinstance(arg, bool) or arg < 0:
                out.append("check.tolerance must be a number >= 0")
        elif kind not in CONDITIONS:
            out.append(f"check.{kind} is not one of {', '.join(CONDITIONS)}")
        elif kind == "answer":
            if not isinstance(arg, str):
                out.append("check.answer must be the text of one of the choices")
        elif kind in ("only_changed", "changed"):
            if not isinstance(arg, list) or not set(arg) <= ALL_NAMES:
                out.append(
                    f"check.{kind} must list weight names (2-2-1: {', '.join(NAMES)}; the other "
                    "networks name theirs w1_11, b1_1, ...)"
                )
        elif not isinstance(arg, Mapping) or not arg:
            out.append(f"check.{kind} must be a table of names and values")
        else:
            for name, target in arg.items():
                if name not in QUANTITIES and name not in FIELDS:
                    out.append(f"check.{kind}: {name!r} is neither a quantity nor a state field")
                elif kind == "one_of" and not isinstance(target, list):
                    out.append(f"check.one_of.{name} must be a list of values")
                elif kind in ("at_least", "at_most") and not isinstance(target, (int, float)):
                    out.append(f"check.{kind}.{name} must be a number")
    return out


@dataclasses.dataclass(frozen=True)
class Verdict:
    passed: bool
    conditions: tuple[tuple[bool, str], ...]  # (met, sentence) for each, unmet ones first
    # What each unmet condition asks for, in a few words ("w21 about 1", "the answer"): the
    # class board counts the students stuck on each.
    unmet: tuple[str, ...] = ()

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(text for _, text in self.conditions)


def evaluate(check: Mapping[str, Any], situation: Situation) -> Verdict:
    """Every condition of a (valid) check on the situation."""
    conditions = _conditions(float(check.get("tolerance", TOLERANCE)))
    results = []
    for kind, arg in check.items():
        if kind != "tolerance":
            results += conditions[kind](situation, arg)
    failing = [(ok, text) for ok, text, _ in results if not ok]
    passing = [(ok, text) for ok, text, _ in results if ok]
    unmet = tuple(goal for ok, _, goal in results if not ok)
    return Verdict(not failing, tuple(failing + passing), unmet)
