"""Lessons: TOML files of steps, each with text, a preset, a check and hints; never code.

A lesson file holds `title`, optional `summary` and `order`, and `[[steps]]`. A step has
`title`, `text` (Markdown with $math$, shown as HTML made by markdown.py; every other text is
plain), and optionally `preset` (fields in the link's vocabulary: w11,
activation, dataset, train_loss, ...), `question` with `choices`, `check` (see checks.py),
`hints`, `explain` (said when the check passes) and `solution` (a preset that passes the check;
`train = true` in it means "then press Train"; the tests and `tinynet lessons` try it).

Presets add up: a step's state is the previous step's preset state with its own preset on top,
so every student who opens step 3 sees the same picture whatever they did in step 2.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tinynet.explorer.lessons import checks
from tinynet.explorer.lessons.markdown import lesson_html
from tinynet.explorer.sharing.url import from_fields
from tinynet.explorer.state import LESSON_NAME, STEPS_MAX, State, TrainOptions

BUILT_IN = Path(__file__).parent / "builtin"
FILE_MAX_BYTES = 256 * 1024
TEXT_MAX = 4000


class LessonError(ValueError):
    """A lesson file that cannot be used, with where the problem is."""

    def __init__(self, source: str, line: int | None, message: str):
        self.source, self.line, self.message = source, line, message
        where = f"{source}, line {line}" if line else source
        super().__init__(f"{where}: {message}")


@dataclasses.dataclass(frozen=True)
class Step:
    title: str
    text: str
    preset: Mapping[str, Any]  # as written in the file; `state` is what it adds up to
    state: State
    train: TrainOptions
    question: str = ""
    choices: tuple[str, ...] = ()
    check: Mapping[str, Any] | None = None
    hints: tuple[str, ...] = ()
    explain: str = ""
    solution: Mapping[str, Any] | None = None

    @property
    def html(self) -> str:
        """The text as the page shows it (made once per text)."""
        return lesson_html(self.text)


# What a step in a file may hold: every Step field but the two that presets add up to.
STEP_KEYS = {f.name for f in dataclasses.fields(Step)} - {"state", "train"}


@dataclasses.dataclass(frozen=True)
class Lesson:
    name: str
    title: str
    summary: str
    steps: tuple[Step, ...]
    order: int = 1000


def _text(table: Mapping, key: str, required: bool = False) -> str:
    value = table.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise ValueError(f"{key} must be {'non-empty ' if required else ''}text")
    if len(value) > TEXT_MAX:
        raise ValueError(f"{key} is longer than {TEXT_MAX} characters")
    return value


def _texts(table: Mapping, key: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{key} must be a list of texts")
    return tuple(value)


def _step(raw: Any, state: State, train: TrainOptions) -> Step:
    if not isinstance(raw, Mapping):
        raise ValueError("a step must be a table")
    unknown = set(raw) - STEP_KEYS
    if unknown:
        raise ValueError(
            f"unknown keys {', '.join(sorted(unknown))} (allowed: {sorted(STEP_KEYS)})"
        )
    preset = raw.get("preset", {})
    if not isinstance(preset, Mapping):
        raise ValueError("preset must be a table such as { activation = 'relu', b11 = -3 }")
    state, train, messages = from_fields(dict(preset), state, train, what="the preset")
    if messages:
        raise ValueError("preset: " + "; ".join(messages))
    check = raw.get("check")
    if check is not None and (trouble := checks.problems(check)):
        raise ValueError("; ".join(trouble))
    choices = _texts(raw, "choices")
    if check and "answer" in check and check["answer"] not in choices:
        raise ValueError("check.answer must be one of the step's choices")
    solution = raw.get("solution")
    if solution is not None and not isinstance(solution, Mapping):
        raise ValueError("solution must be a table like a preset")
    step = Step(
        title=_text(raw, "title", required=True),
        text=_text(raw, "text"),
        preset=dict(preset),
        state=state,
        train=train,
        question=_text(raw, "question"),
        choices=choices,
        check=dict(check) if check is not None else None,
        hints=_texts(raw, "hints"),
        explain=_text(raw, "explain"),
        solution=dict(solution) if solution is not None else None,
    )
    lesson_html(step.text)  # made now, so the first student to open the step does not wait
    return step


def _step_lines(text: str) -> list[int]:
    """The line of each [[steps]] header, to say where a step's problem is."""
    return [i for i, line in enumerate(text.splitlines(), 1) if line.strip() == "[[steps]]"]


def parse_lesson(text: str, name: str, source: str) -> Lesson:
    """A Lesson from the text of a TOML file; LessonError says what and where when it fails."""
    if not LESSON_NAME.fullmatch(name):
        raise LessonError(source, None, "the file name must be lower-case letters, digits, - or _")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as why:
        found = re.search(r"line (\d+)", str(why))
        raise LessonError(source, int(found.group(1)) if found else None, str(why)) from None
    try:
        title, summary = _text(raw, "title", required=True), _text(raw, "summary")
        order = raw.get("order", 1000)
        if not isinstance(order, int) or isinstance(order, bool):
            raise ValueError("order must be a whole number")
        steps_raw = raw.get("steps")
        if not isinstance(steps_raw, list) or not 1 <= len(steps_raw) <= STEPS_MAX:
            raise ValueError(f"a lesson needs 1 to {STEPS_MAX} [[steps]]")
    except ValueError as why:
        raise LessonError(source, None, str(why)) from None
    lines = _step_lines(text)
    state, train, steps = State(), TrainOptions(), []
    for i, step_raw in enumerate(steps_raw):
        try:
            step = _step(step_raw, state, train)
        except ValueError as why:
            line = lines[i] if i < len(lines) else None
            raise LessonError(source, line, f"step {i + 1}: {why}") from None
        steps.append(step)
        state, train = step.state, step.train
    return Lesson(name, title, summary, tuple(steps), order)


def load_file(path: Path) -> Lesson:
    source = path.name
    try:
        if path.stat().st_size > FILE_MAX_BYTES:
            raise LessonError(source, None, f"the file is larger than {FILE_MAX_BYTES:,} bytes")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as why:
        raise LessonError(source, None, f"cannot be read: {why}") from None
    return parse_lesson(text, path.stem, source)


def load_dir(directory: Path) -> tuple[list[Lesson], list[LessonError]]:
    """Every *.toml lesson in a directory; the ones that fail are returned as errors."""
    lessons, errors = [], []
    for path in sorted(Path(directory).glob("*.toml")):
        try:
            lessons.append(load_file(path))
        except LessonError as why:
            errors.append(why)
    return lessons, errors


def registry(extra: list[Lesson] = ()) -> dict[str, Lesson]:
    """The built-in lessons plus `extra` (a teacher's file replaces a built-in of its name),
    in the order the panel lists them."""
    found = {lesson.name: lesson for lesson in [*LESSONS.values(), *extra]}
    return dict(sorted(found.items(), key=lambda kv: (kv[1].order, kv[0])))


def with_teacher_lessons(
    directory: str | Path | None, given_by: str = "--lessons"
) -> tuple[dict[str, Lesson], list[str]]:
    """The built-in lessons plus the good files of a teacher's directory, and one line per
    file that could not be used (by name and line). `given_by` names where the directory was
    said (an option, an environment variable) in the error when it is not one."""
    if directory is None:
        return dict(LESSONS), []
    path = Path(directory)
    if not path.is_dir():
        raise ValueError(f"{given_by}: {directory} is not a directory")
    extra, errors = load_dir(path)
    notes = [f"lesson not loaded: {e}" for e in errors]
    notes += [
        f"lesson {lesson.name}: your file replaces the built-in one"
        for lesson in extra
        if lesson.name in LESSONS
    ]
    return registry(extra), notes


def _built_in() -> dict[str, Lesson]:
    lessons, errors = load_dir(BUILT_IN)
    if errors:  # a broken built-in lesson is a bug in this package: fail loudly
        raise errors[0]
    return {lesson.name: lesson for lesson in lessons}


LESSONS = dict(sorted(_built_in().items(), key=lambda kv: (kv[1].order, kv[0])))
