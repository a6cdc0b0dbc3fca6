"""Trying a lesson's checks: each must fail at its step's preset and pass with its solution.

Used by the tests for the built-in lessons and by `tinynet lessons` for a teacher's own files,
so a check that cannot fail (or cannot pass) is caught before a class meets it.
"""

from __future__ import annotations

import dataclasses

from tinynet import datasets, model
from tinynet.explorer.lessons.checks import Situation, Verdict, evaluate
from tinynet.explorer.lessons.files import Lesson, Step
from tinynet.explorer.sharing.url import from_fields
from tinynet.explorer.state import State, TrainOptions
from tinynet.explorer.training.chunks import options_for_model, split
from tinynet.model import resolve


def situation(step: Step, state: State, train: TrainOptions, answer=None) -> Situation:
    return Situation(state, train, step.state, step.train, answer)


def trained(state: State, train: TrainOptions) -> State:
    """The state after pressing Train and letting the run end: its last weights, as they are.
    (The page trains the same run in chunks, which is the same run bit for bit.)"""
    X, y = datasets.load(state.dataset, state.samples, state.noise, state.data_seed)
    act = resolve(state.activation, state.act_param)
    Xtr, ytr, Xte, yte = split(train, X, y)
    result = model.train(
        Xtr,
        ytr,
        epochs=train.epochs,
        seed=train.seed,
        params=state.params if train.start == "sliders" else None,
        hidden=state.params.hidden,
        X_test=Xte,
        y_test=yte,
        **options_for_model(train, act),
    )
    return dataclasses.replace(state, params=result.params)


def solved(step: Step) -> tuple[State, TrainOptions, str | None]:
    """The state the step's solution leads to, and the answer it picks."""
    fields = dict(step.solution or {})
    press_train = fields.pop("train", False)
    answer = fields.pop("answer", None)
    state, train, messages = from_fields(fields, step.state, step.train, what="the solution")
    if messages:
        raise ValueError("solution: " + "; ".join(messages))
    if press_train:
        state = trained(state, train)
    return state, train, answer


@dataclasses.dataclass(frozen=True)
class Trial:
    lesson: str
    step: int  # from 1
    at_start: Verdict
    solved: Verdict | None  # None: the step has no solution to try

    @property
    def ok(self) -> bool:
        return not self.at_start.passed and self.solved is not None and self.solved.passed


def trial(lesson: Lesson) -> list[Trial]:
    """Every checked step of a lesson, at its start and with its solution."""
    out = []
    for i, step in enumerate(lesson.steps, 1):
        if not step.check:
            continue
        start = evaluate(step.check, situation(step, step.state, step.train))
        verdict = None
        if step.solution is not None:
            state, train, answer = solved(step)
            verdict = evaluate(step.check, situation(step, state, train, answer))
        out.append(Trial(lesson.name, i, start, verdict))
    return out
