"""`tinynet class ACTION`: the class data from the shell (the teacher's address, a new key, the
classes, deleting them or keeping them past the 30 days)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, update

from tinynet.explorer.classroom import store
from tinynet.explorer.classroom.database import open_database, shown
from tinynet.explorer.classroom.opening import teacher_address
from tinynet.explorer.classroom.tables import classes


def run(args) -> int:
    engine = open_database(args.class_db)
    try:
        with engine.begin() as conn:
            return ACTIONS[args.action](conn, args)
    finally:
        engine.dispose()


def _link(conn, args) -> int:
    print(teacher_address(args.url, store.teacher_key(conn)))
    return 0


def _new_key(conn, args) -> int:
    key = store.new_teacher_key(conn)
    print(f"The teacher's key is new; the old address no longer opens the board. Key: {key}")
    return 0


def _list(conn, args) -> int:
    rows = store.list_classes(conn)
    if not rows:
        print(f"No classes in {shown(str(conn.engine.url))}.")
    for c in rows:
        made = datetime.fromtimestamp(c.created_at, UTC).strftime("%Y-%m-%d")
        state = "closed" if c.closed_at else "open"
        kept = ", kept" if c.keep else ""
        print(f"{c.code}  {c.name}  ({c.students} students, made {made}, {state}{kept})")
    return 0


def _by_codes(conn, codes) -> list:
    found = []
    for code in codes:
        row = conn.execute(select(classes).where(classes.c.code == code.upper())).first()
        if row is None:
            raise ValueError(f"no class has the code {code}")
        found.append(row)
    return found


def _delete(conn, args) -> int:
    if args.all == bool(args.codes):
        raise ValueError("name the classes' codes, or --all")
    rows = store.list_classes(conn) if args.all else _by_codes(conn, args.codes)
    for row in rows:
        store.delete_class(conn, row.id)
        print(f"Deleted {row.code} ({row.name}) and its students' data.")
    return 0


def _keep(conn, args) -> int:
    for row in _by_codes(conn, args.codes):
        conn.execute(update(classes).where(classes.c.id == row.id).values(keep=not args.no))
        print(f"{row.code} ({row.name}) " + ("may go after 30 days." if args.no else "is kept."))
    return 0


ACTIONS = {"link": _link, "new-key": _new_key, "list": _list, "delete": _delete, "keep": _keep}
