"""What happens to a class's data: small functions that take a connection (inside the caller's
transaction) and read or write the tables. Anything refused raises Refused with the sentence
for the page and the HTTP status to answer with."""

from __future__ import annotations

import json
import time

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from tinynet.explorer.classroom import keys
from tinynet.explorer.classroom.tables import (
    classes,
    events,
    join_attempts,
    progress,
    settings,
    students,
)

STUDENTS_MAX = 200  # in one class
OPEN_CLASSES_MAX = 30  # on one server
KEEP_DAYS = 30  # a class not marked "keep" is deleted this long after it was made
JOIN_FAILURES_PER_MINUTE = 10  # wrong codes from one address before it must wait
NAME_MAX = 60


class Refused(ValueError):
    """A request the class will not take: `str()` is the sentence, `status` the HTTP status."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


# -- the teacher's key ---------------------------------------------------------------------


def teacher_key(conn: Connection, wanted: str | None = None) -> str:
    """The key the teacher's address holds: `wanted` when given (it replaces the kept one), else
    the kept one, else a new one (kept, so every process and restart accepts the same)."""
    kept = conn.execute(select(settings.c.value).where(settings.c.name == "teacher_key"))
    kept = kept.scalar_one_or_none()
    if wanted is not None:
        if not keys.key_is_valid(wanted):
            raise Refused("a teacher key is 22 to 200 letters, digits, - and _ (a secret)")
        if kept is None:
            conn.execute(insert(settings).values(name="teacher_key", value=wanted))
        elif kept != wanted:
            conn.execute(
                update(settings).where(settings.c.name == "teacher_key").values(value=wanted)
            )
        return wanted
    if kept is not None:
        return kept
    made = keys.new_teacher_key()
    conn.execute(insert(settings).values(name="teacher_key", value=made))
    return made


def new_teacher_key(conn: Connection) -> str:
    """A new key: the old teacher address stops working."""
    made = keys.new_teacher_key()
    conn.execute(delete(settings).where(settings.c.name == "teacher_key"))
    conn.execute(insert(settings).values(name="teacher_key", value=made))
    return made


# -- classes ---------------------------------------------------------------------------------


def class_row(conn: Connection, class_id: int):
    row = conn.execute(select(classes).where(classes.c.id == class_id)).first()
    if row is None:
        raise Refused("there is no such class (it may have been deleted)", 404)
    return row


def new_class(conn: Connection, name, lesson: str | None, now: float | None = None):
    if not isinstance(name, str) or not 1 <= len(" ".join(name.split())) <= NAME_MAX:
        raise Refused(f"a class's name is 1 to {NAME_MAX} characters")
    open_now = conn.execute(
        select(func.count()).select_from(classes).where(classes.c.closed_at.is_(None))
    ).scalar_one()
    if open_now >= OPEN_CLASSES_MAX:
        raise Refused(
            f"{OPEN_CLASSES_MAX} classes are open on this server, the most it holds: close one",
            409,
        )
    now = time.time() if now is None else now
    for _ in range(20):  # a code already taken: draw another
        code = keys.new_code()
        taken = conn.execute(select(classes.c.id).where(classes.c.code == code)).first()
        if taken is None:
            break
    made = conn.execute(
        insert(classes)
        .values(
            code=code,
            name=" ".join(name.split()),
            lesson=lesson,
            created_at=now,
            keep=False,
            paused=False,
            version=0,
        )
        .returning(classes.c.id)
    ).scalar_one()
    return class_row(conn, made)


def list_classes(conn: Connection) -> list:
    counts = (
        select(students.c.class_id, func.count().label("n"))
        .where(students.c.left_at.is_(None))
        .group_by(students.c.class_id)
        .subquery()
    )
    query = (
        select(classes, func.coalesce(counts.c.n, 0).label("students"))
        .outerjoin(counts, counts.c.class_id == classes.c.id)
        .order_by(classes.c.created_at.desc())
    )
    return list(conn.execute(query))


def bump(conn: Connection, class_id: int) -> int:
    """The class's version, one more: a board asking "what changed since" sees this change."""
    return conn.execute(
        update(classes)
        .where(classes.c.id == class_id)
        .values(version=classes.c.version + 1)
        .returning(classes.c.version)
    ).scalar_one()


def change_class(conn: Connection, class_id: int, **values) -> None:
    """Close or reopen, pause or resume, set the pace, keep: what the teacher's buttons do."""
    class_row(conn, class_id)
    conn.execute(update(classes).where(classes.c.id == class_id).values(**values))
    bump(conn, class_id)


def delete_class(conn: Connection, class_id: int) -> None:
    """The class and everything of its students (events and progress go with them)."""
    class_row(conn, class_id)
    ids = select(students.c.id).where(students.c.class_id == class_id)
    conn.execute(delete(events).where(events.c.student_id.in_(ids)))
    conn.execute(delete(progress).where(progress.c.student_id.in_(ids)))
    conn.execute(delete(students).where(students.c.class_id == class_id))
    conn.execute(delete(classes).where(classes.c.id == class_id))


def delete_old(conn: Connection, now: float | None = None) -> int:
    """Classes made more than KEEP_DAYS ago and not kept: deleted. How many."""
    now = time.time() if now is None else now
    old = conn.execute(
        select(classes.c.id).where(
            classes.c.created_at < now - KEEP_DAYS * 86400, classes.c.keep.is_(False)
        )
    ).scalars()
    old = list(old)
    for class_id in old:
        delete_class(conn, class_id)
    return len(old)


# -- students --------------------------------------------------------------------------------


def _minute(now: float) -> int:
    return int(now // 60)


def check_join_rate(conn: Connection, address: str, now: float) -> None:
    # Addresses are kept only while they count (a few minutes): every join forgets older ones.
    conn.execute(delete(join_attempts).where(join_attempts.c.minute < _minute(now) - 5))
    failures = conn.execute(
        select(func.coalesce(func.sum(join_attempts.c.failures), 0)).where(
            join_attempts.c.address == address[:64],
            join_attempts.c.minute >= _minute(now) - 1,
        )
    ).scalar_one()
    if failures >= JOIN_FAILURES_PER_MINUTE:
        raise Refused(
            "Too many wrong codes from this address: wait a minute, then check the code "
            "your teacher shows and try again.",
            429,
        )


def note_wrong_code(conn: Connection, address: str, now: float) -> None:
    minute, address = _minute(now), address[:64]
    done = conn.execute(
        update(join_attempts)
        .where(join_attempts.c.address == address, join_attempts.c.minute == minute)
        .values(failures=join_attempts.c.failures + 1)
    )
    if done.rowcount == 0:
        conn.execute(insert(join_attempts).values(address=address, minute=minute, failures=1))


def open_class_by_code(conn: Connection, code: str):
    row = conn.execute(select(classes).where(classes.c.code == code)).first()
    if row is None:
        raise Refused("There is no open class with that code: check it with your teacher.", 404)
    if row.closed_at is not None:
        raise Refused(f"The class “{row.name}” is closed: ask your teacher.", 403)
    return row


def join(conn: Connection, code: str, shown: str, compared: str, now: float):
    """A new student in the open class with this code: (class, student id, secret)."""
    cls = open_class_by_code(conn, code)
    taken = conn.execute(
        select(students.c.id).where(
            students.c.class_id == cls.id, students.c.nickname_key == compared
        )
    ).first()
    if taken is not None:
        raise Refused(f"Someone in this class is already called “{shown}”: pick another.", 409)
    count = conn.execute(
        select(func.count()).select_from(students).where(students.c.class_id == cls.id)
    ).scalar_one()
    if count >= STUDENTS_MAX:
        raise Refused(f"This class is full ({STUDENTS_MAX} students): ask your teacher.", 409)
    secret, hashed = keys.new_student_secret()
    version = bump(conn, cls.id)
    try:
        made = conn.execute(
            insert(students)
            .values(
                class_id=cls.id,
                number=count + 1,
                nickname=shown,
                nickname_key=compared,
                secret_hash=hashed,
                joined_at=now,
                seen_at=now,
                last_seq=0,
                picture_seq=0,
                changed=version,
                lesson=cls.lesson,
                step=1 if cls.lesson else None,
            )
            .returning(students.c.id)
        ).scalar_one()
    except IntegrityError:  # the same nickname, a moment ago, from another worker
        raise Refused(
            f"Someone in this class is already called “{shown}”: pick another.", 409
        ) from None
    return cls, made, secret


def student(conn: Connection, student_id, secret):
    """The student whose secret this is (and their class), or Refused 403, saying nothing of
    whether the student exists."""
    if isinstance(student_id, bool) or not isinstance(student_id, int):
        raise Refused("this page is not in a class any more: join again", 403)
    row = conn.execute(
        select(students, classes.c.closed_at.label("class_closed"))
        .join(classes, classes.c.id == students.c.class_id)
        .where(students.c.id == student_id)
    ).first()
    if row is None or not keys.same_secret(
        keys.secret_hash(secret) if isinstance(secret, str) else None, row.secret_hash
    ):
        raise Refused("this page is not in a class any more: join again", 403)
    return row


def leave(conn: Connection, row, now: float) -> None:
    version = bump(conn, row.class_id)
    conn.execute(
        update(students).where(students.c.id == row.id).values(left_at=now, changed=version)
    )


# -- what students report --------------------------------------------------------------------


def record(conn: Connection, row, reports: list[dict], now: float) -> int:
    """Store a student's reports (already checked by reports.py), in order; a report the
    student sent before (its seq is not new) is ignored. The last seq stored is returned: the
    page forgets everything up to it."""
    last, seen = row.last_seq, row.last_seq
    changes: dict = {"seen_at": now}
    for report in sorted(reports, key=lambda r: r["seq"]):
        seq = report["seq"]
        if seq <= seen:
            continue
        seen = seq
        kind = report["kind"]
        if kind == "picture":
            changes.update(picture=report["picture"], picture_seq=seq)
            continue
        conn.execute(
            insert(events).values(
                student_id=row.id,
                seq=seq,
                kind=kind,
                at=report.get("at", now),
                lesson=report.get("lesson"),
                step=report.get("step"),
                passed=report.get("passed"),
                detail=json.dumps(report["detail"]) if report.get("detail") else None,
            )
        )
        if kind in ("step", "check"):
            changes.update(lesson=report["lesson"], step=report["step"])
        if kind == "check":
            _progress(conn, row.id, report, now)
        if kind == "run":
            changes["last_accuracy"] = report["detail"]["accuracy"]
    if seen > last:
        changes["last_seq"] = seen
        changes["changed"] = bump(conn, row.class_id)
    conn.execute(update(students).where(students.c.id == row.id).values(**changes))
    return seen


def _progress(conn: Connection, student_id: int, report: dict, now: float) -> None:
    key = (
        (progress.c.student_id == student_id)
        & (progress.c.lesson == report["lesson"])
        & (progress.c.step == report["step"])
    )
    before = conn.execute(select(progress).where(key)).first()
    unmet = json.dumps(report["detail"]["unmet"]) if not report["passed"] else None
    if before is None:
        conn.execute(
            insert(progress).values(
                student_id=student_id,
                lesson=report["lesson"],
                step=report["step"],
                attempts=1,
                passed=report["passed"],
                first_pass_at=now if report["passed"] else None,
                unmet=unmet,
            )
        )
        return
    conn.execute(
        update(progress)
        .where(key)
        .values(
            attempts=before.attempts + 1,
            passed=before.passed or report["passed"],
            first_pass_at=before.first_pass_at or (now if report["passed"] else None),
            unmet=None if before.passed or report["passed"] else unmet,
        )
    )


def status(row) -> dict:
    """What a student's page needs to know of its class: paused, how far it may go."""
    return {
        "name": row.name,
        "code": row.code,
        "lesson": row.lesson,
        "paused": bool(row.paused),
        "pace": row.pace,
        "closed": row.closed_at is not None,
    }
