"""A server's class, set up once when it starts (`tinynet serve`, the WSGI entry point): the
database opened and migrated, classes older than 30 days and not kept deleted, the teacher's
key read (or set, or made), and the teacher's address to print."""

from __future__ import annotations

from tinynet.explorer.classroom import store
from tinynet.explorer.classroom.database import ClassDatabaseError, open_database, shown
from tinynet.explorer.classroom.routes import Classroom


def open_classroom(class_db: str | None, teacher_key: str | None, public_url: str | None):
    """(the Classroom for create_app, where its data is) or ClassDatabaseError in one line."""
    engine = open_database(class_db)
    try:
        with engine.begin() as conn:
            key = store.teacher_key(conn, teacher_key)
            store.delete_old(conn)
    except store.Refused as why:
        raise ClassDatabaseError(f"--teacher-key: {why}") from None
    classroom = Classroom(engine=engine, lessons={}, public_url=public_url, teacher_key=key)
    return classroom, shown(str(engine.url))


def teacher_address(base: str, key: str) -> str:
    return f"{base.rstrip('/')}/teacher?key={key}"
