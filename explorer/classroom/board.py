"""What the teacher sees of a class: the students who changed since the board last looked
(their nickname, picture, step and marks), how the class stands on each step ("12 of 24 passed
step 3; 7 stuck on w21 about 1"), and the results as CSV for a gradebook."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter, defaultdict
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.engine import Connection

from tinynet.explorer.classroom import store
from tinynet.explorer.classroom.tables import progress, students
from tinynet.explorer.lessons.files import Lesson

STUCK_SHOWN = 3  # goals listed per step


def info(cls) -> dict:
    return {
        "id": cls.id,
        "name": cls.name,
        "code": cls.code,
        "lesson": cls.lesson,
        "paused": bool(cls.paused),
        "pace": cls.pace,
        "closed": cls.closed_at is not None,
        "keep": bool(cls.keep),
        "created_at": cls.created_at,
        "version": cls.version,
    }


def board(conn: Connection, class_id: int, since: int, lessons: dict[str, Lesson]) -> dict:
    """What changed in the class since the board saw it at version `since` (-1: everything),
    or nothing."""
    cls = store.class_row(conn, class_id)
    if since == cls.version:
        return {"version": cls.version, "unchanged": True}
    rows = conn.execute(select(students).where(students.c.class_id == class_id)).all()
    marks = defaultdict(list)
    for p in conn.execute(
        select(progress)
        .join(students, students.c.id == progress.c.student_id)
        .where(students.c.class_id == class_id)
    ):
        marks[p.student_id].append(p)
    full = since < 0 or since > cls.version
    changed = [r for r in rows if full or r.changed > since]
    return {
        "version": cls.version,
        "full": full,
        "class": info(cls),
        "students": [_tile(r, marks[r.id]) for r in changed],
        "summary": summary(rows, marks, cls.lesson, lessons),
    }


def _tile(row, marks: list) -> dict:
    return {
        "id": row.id,
        "number": row.number,
        "nickname": row.nickname,
        "left": row.left_at is not None,
        "lesson": row.lesson,
        "step": row.step,
        "picture": row.picture,
        "accuracy": row.last_accuracy,
        "seen_at": row.seen_at,
        "marks": [
            {"lesson": m.lesson, "step": m.step, "passed": bool(m.passed), "attempts": m.attempts}
            for m in sorted(marks, key=lambda m: (m.lesson, m.step))
        ],
    }


def summary(rows: list, marks: dict, class_lesson: str | None, lessons) -> list[dict]:
    """Per step with a check (of the class's lesson, or of every lesson students checked): how
    many passed, how many tried, and the goals most of the others are stuck on."""
    present = [r for r in rows if r.left_at is None]
    seen = {(m.lesson, m.step) for r in present for m in marks[r.id]}
    if class_lesson in lessons:
        steps = lessons[class_lesson].steps
        wanted = [(class_lesson, k + 1) for k, s in enumerate(steps) if s.check]
    else:
        wanted = sorted(seen)
    out = []
    for lesson, step in wanted:
        mine = [m for r in present for m in marks[r.id] if (m.lesson, m.step) == (lesson, step)]
        stuck = Counter(
            goal for m in mine if not m.passed and m.unmet for goal in json.loads(m.unmet)
        )
        out.append(
            {
                "lesson": lesson,
                "step": step,
                "students": len(present),
                "tried": len(mine),
                "passed": sum(1 for m in mine if m.passed),
                "stuck": [[goal, n] for goal, n in stuck.most_common(STUCK_SHOWN)],
            }
        )
    return out


def _cell(value) -> str:
    """A value as a spreadsheet cell that never becomes a formula (a nickname "=1+1")."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def results_csv(conn: Connection, class_id: int) -> str:
    """One row per student and step checked: nickname, lesson, step, passed, attempts, first
    pass time (UTC), last accuracy (the student's last run)."""
    store.class_row(conn, class_id)
    rows = conn.execute(
        select(
            students.c.nickname,
            students.c.last_accuracy,
            progress.c.lesson,
            progress.c.step,
            progress.c.passed,
            progress.c.attempts,
            progress.c.first_pass_at,
        )
        .join(progress, progress.c.student_id == students.c.id, isouter=True)
        .where(students.c.class_id == class_id)
        .order_by(students.c.number, progress.c.lesson, progress.c.step)
    ).all()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["nickname", "lesson", "step", "passed", "attempts", "first_pass_utc", "last_accuracy"]
    )
    for r in rows:
        when = (
            datetime.fromtimestamp(r.first_pass_at, UTC).isoformat(timespec="seconds")
            if r.first_pass_at
            else ""
        )
        writer.writerow(
            [
                _cell(r.nickname),
                r.lesson or "",
                r.step if r.step is not None and r.lesson else "",
                ("yes" if r.passed else "no") if r.lesson else "",
                r.attempts if r.attempts is not None else "",
                when,
                f"{r.last_accuracy:.4f}" if r.last_accuracy is not None else "",
            ]
        )
    return out.getvalue()
