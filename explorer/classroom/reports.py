"""What a joined page reports, checked before anything is stored: the lesson step it is on,
each Check, each run's end, and its picture (as a link's query, read through the state schema
like any link). A Check is graded here again, on the state the page sends, so what the board
shows is the server's verdict, not the page's claim."""

from __future__ import annotations

import math
from collections.abc import Mapping

from tinynet.explorer.classroom.store import Refused
from tinynet.explorer.lessons.checks import Situation, evaluate
from tinynet.explorer.lessons.files import Lesson
from tinynet.explorer.limits import EPOCHS_MAX
from tinynet.explorer.serving.heavy import heavy_slot
from tinynet.explorer.sharing.url import MAX_QUERY, from_query, to_query

KINDS = ("step", "check", "run", "picture")
REPORTS_MAX = 50  # in one request
CLOCK_SLACK_S = 86400  # a page's own time is taken when it is within a day of the server's


def _whole(raw, low: int, high: int) -> int | None:
    if isinstance(raw, bool) or not isinstance(raw, int) or not low <= raw <= high:
        return None
    return raw


def _number(raw, low: float, high: float) -> float | None:
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        return None
    value = float(raw)
    return value if math.isfinite(value) and low <= value <= high else None


def _where(raw: Mapping, lessons: dict[str, Lesson]) -> tuple[str, int]:
    lesson = raw.get("lesson")
    if not isinstance(lesson, str) or lesson not in lessons:
        raise Refused("a report names a lesson this server does not have")
    step = _whole(raw.get("step"), 1, len(lessons[lesson].steps))
    if step is None:
        raise Refused(f"a report names a step that lesson {lesson} does not have")
    return lesson, step


def _state(raw: Mapping):
    query = raw.get("state")
    if not isinstance(query, str) or len(query) > MAX_QUERY:
        raise Refused("a report's picture could not be read")
    state, train, _ = from_query(query)  # what cannot be used is left at its default
    return state, train


def check_reports(raw, lessons: dict[str, Lesson], now: float) -> list[dict]:
    """The reports of one request, each checked (and a Check graded); Refused says why not."""
    if not isinstance(raw, list) or not raw or len(raw) > REPORTS_MAX:
        raise Refused(f"send 1 to {REPORTS_MAX} reports at a time")
    out = []
    for item in raw:
        if not isinstance(item, Mapping) or item.get("kind") not in KINDS:
            raise Refused(f"a report's kind is one of {', '.join(KINDS)}")
        seq = _whole(item.get("seq"), 1, 2**31 - 1)
        if seq is None:
            raise Refused("a report's seq is a whole number from 1")
        at = _number(item.get("at"), now - CLOCK_SLACK_S, now + 60)
        report = {"seq": seq, "kind": item["kind"], "at": min(at, now) if at else now}
        kind = item["kind"]
        if kind == "step":
            report["lesson"], report["step"] = _where(item, lessons)
        elif kind == "check":
            report.update(_check(item, lessons))
        elif kind == "run":
            report["detail"] = _run(item)
        else:
            state, train = _state(item)
            report["picture"] = to_query(state, train)
        out.append(report)
    return out


def _check(raw: Mapping, lessons: dict[str, Lesson]) -> dict:
    lesson, number = _where(raw, lessons)
    step = lessons[lesson].steps[number - 1]
    if not step.check:
        raise Refused(f"step {number} of lesson {lesson} has nothing to check")
    state, train = _state(raw)
    answer = raw.get("answer")
    answer = answer if isinstance(answer, str) and answer in step.choices else None
    with heavy_slot():  # graded again here: the same work as the page's Check
        verdict = evaluate(step.check, Situation(state, train, step.state, step.train, answer))
    return {
        "lesson": lesson,
        "step": number,
        "passed": verdict.passed,
        "detail": {"unmet": list(verdict.unmet)},
    }


def _run(raw: Mapping) -> dict:
    epochs = _number(raw.get("epochs"), 0, EPOCHS_MAX + 1)
    accuracy = _number(raw.get("accuracy"), 0.0, 1.0)
    loss = raw.get("loss")
    loss = None if loss is None else _number(loss, 0.0, 1e6)
    if epochs is None or accuracy is None or (raw.get("loss") is not None and loss is None):
        raise Refused("a run's report holds its epochs, accuracy (0 to 1) and loss")
    return {"epochs": epochs, "accuracy": accuracy, "loss": loss}
