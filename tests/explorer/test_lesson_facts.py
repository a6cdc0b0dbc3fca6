"""Every number a built-in lesson states about the data, recomputed from model/: each fact is
a sentence of the lesson and how to compute it. A lesson that drifts from what the network
does (or a change to the network that makes a lesson wrong) fails here."""

from __future__ import annotations

import dataclasses
import math
import re

import numpy as np
import pytest

from tinynet import datasets, model
from tinynet.explorer.lessons.files import LESSONS
from tinynet.explorer.lessons.trial import solved, trained
from tinynet.model import Params


def data_of(state):
    return datasets.load(state.dataset, state.samples, state.noise, state.data_seed)


def accuracy(state) -> float:
    X, y = data_of(state)
    logit = model.forward(state.params, X, model.resolve(state.activation, state.act_param)).logit
    return float(((logit > 0) == (y == 1)).mean())


def hidden(state):
    X, y = data_of(state)
    return model.forward(state.params, X, state.activation).h, y


def xor():
    return data_of(step("one-unit", 1).state)


def step(lesson: str, k: int):
    return LESSONS[lesson].steps[k - 1]


def after_training(lesson: str, k: int, **changes):
    s = step(lesson, k)
    state = dataclasses.replace(s.state, **{k: v for k, v in changes.items() if k != "loss"})
    train = dataclasses.replace(s.train, **({"loss": changes["loss"]} if "loss" in changes else {}))
    return trained(state, train)


def pct(value: float) -> str:
    return f"{100 * value:.1f}%"


PRESET_5 = Params(-3, 3, -3, -3, 1, -1, 0, 1, 0)


def best_line_parabolas_linear():
    # The most accurate straight line in the input plane (a linear layer keeps lines straight).
    X, y = datasets.load("parabola")
    return pct(model.best_line_accuracy(X, y))


def fit_parabolas_linear():
    X, y = datasets.load("parabola")
    return pct(model.fit_output_layer(PRESET_5, X, y, "linear").accuracy)


def preset_6_tanh(which: str):
    def compute():
        H, y = hidden(step("relu-separates", 1).state)
        if which == "best":
            return pct(model.best_line_accuracy(H, y))
        X, _ = data_of(step("relu-separates", 1).state)
        return pct(
            model.fit_output_layer(step("relu-separates", 1).state.params, X, y, "tanh").accuracy
        )

    return compute


def sigmoid_slope(z: float) -> float:
    s = 1 / (1 + math.exp(-z))
    return s * (1 - s)


def gradient_ratio() -> str:
    s = step("cross-entropy", 1).state
    X, y = data_of(s)
    bce = model.gradients(s.params, X, y, "tanh", "bce").to_array()
    mse = model.gradients(s.params, X, y, "tanh", "mse").to_array()
    return f"about {round(np.linalg.norm(bce) / np.linalg.norm(mse))} times"


# (lesson, step, field, the words in the lesson, how to compute them)
FACTS = [
    ("linear-maps", 6, "explain", "85.4%", best_line_parabolas_linear),
    ("linear-maps", 6, "explain", "74.4%", fit_parabolas_linear),
    ("separate-the-points", 4, "explain", "85.4%", best_line_parabolas_linear),
    ("separate-the-points", 4, "explain", "74.4%", fit_parabolas_linear),
    (
        "separate-the-points",
        1,
        "explain",
        "4.2 times larger",
        lambda: f"{math.sqrt(model.det(PRESET_5)):.1f} times larger",
    ),
    ("relu-separates", 1, "explain", "91.6%", preset_6_tanh("best")),
    ("relu-separates", 1, "explain", "86.6%", preset_6_tanh("fit")),
    (
        "vanishing-gradient",
        1,
        "explain",
        "46.8%",
        lambda: pct(accuracy(after_training("vanishing-gradient", 1))),
    ),
    ("vanishing-gradient", 1, "explain", "0.0025", lambda: f"{sigmoid_slope(6):.4f}"[:6]),
    (
        "vanishing-gradient",
        2,
        "explain",
        "a hundred times more",
        lambda: "a hundred times more" if round(0.25 / sigmoid_slope(6), -2) == 100 else "?",
    ),
    (
        "vanishing-gradient",
        3,
        "explain",
        "46.8% to 100%",
        lambda: (
            pct(accuracy(after_training("vanishing-gradient", 1)))
            + " to "
            + f"{100 * accuracy(after_training('vanishing-gradient', 3)):.0f}%"
        ),
    ),
    ("cross-entropy", 2, "explain", "about 35 times", gradient_ratio),
    ("one-unit", 1, "explain", "72.6%", lambda: pct(model.best_line_accuracy(*xor()))),
    (
        "third-unit",
        1,
        "explain",
        "80.8%",
        lambda: pct(accuracy(after_training("third-unit", 1))),
    ),
    ("two-layers", 4, "explain", "99.4%", lambda: pct(accuracy(solved(step("two-layers", 4))[0]))),
    (
        "cross-entropy",
        2,
        "explain",
        "95.9%",
        lambda: pct(accuracy(after_training("cross-entropy", 1))),
    ),
    (
        "cross-entropy",
        2,
        "explain",
        "reaches 100%",
        lambda: f"reaches {100 * accuracy(after_training('cross-entropy', 2, loss='bce')):.0f}%",
    ),
]


@pytest.mark.parametrize("lesson, number, field, words, compute", FACTS)
def test_each_number_a_lesson_states_is_what_the_network_does(
    lesson, number, field, words, compute
):
    text = getattr(step(lesson, number), field)
    assert words in " ".join(text.split()), f"{lesson} step {number} no longer says {words!r}"
    assert compute() == words


def test_every_stated_percentage_is_in_the_list_of_facts():
    """A new number in a lesson needs its computation here too."""
    stated = set()
    for name, lesson in LESSONS.items():
        for k, s in enumerate(lesson.steps, 1):
            for field in ("text", "explain"):
                for found in re.findall(r"\d+\.\d+%", getattr(s, field)):
                    stated.add((name, k, found))
    covered = {(lesson, k, w) for lesson, k, _, w, _ in FACTS if w.endswith("%")}
    covered |= {(lesson, k, w.split()[0]) for lesson, k, _, w, _ in FACTS if " to " in w}
    assert stated <= covered, stated - covered


@pytest.mark.parametrize("seed", range(8))
def test_one_tanh_unit_never_beats_the_best_straight_line_on_xor(seed):
    """one-unit's claim, for trained and random weights alike: a monotone unit's boundary is
    one straight line of the plane."""
    X, y = xor()
    best = model.best_line_accuracy(X, y)
    trained_params = model.train(X, y, hidden=(1,), seed=seed, epochs=60).params
    rng = np.random.default_rng(seed)
    random_params = Params.from_array(rng.normal(scale=4, size=5), (1,))
    for params in (trained_params, random_params):
        logit = model.forward(params, X, "tanh").logit
        assert ((logit > 0) == (y == 1)).mean() <= best + 1e-12


def test_the_third_unit_lesson_states_what_the_3d_view_shows():
    """third-unit step 2: trained, 2-3-1 is separable by a plane in its hidden space, which 2-2-1
    (step 1) is not."""
    two = after_training("third-unit", 1)
    three = after_training("third-unit", 2)
    assert three.params.hidden == (3,) and two.params.hidden == (2,)
    X, y = data_of(three)
    assert model.linearly_separable(model.forward(three.params, X, "tanh").h, y).separable
    assert not model.linearly_separable(model.forward(two.params, X, "tanh").h, y).separable
