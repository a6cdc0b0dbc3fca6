"""Opening the class database: SQLite by default (a file in the user's data folder, or
--class-db PATH), PostgreSQL with --class-db postgresql://... when several processes or
machines serve one class. Opening migrates it to this version's schema (Alembic), so a later
version opens an older class file. A database that cannot be opened is one line saying what
and where (ClassDatabaseError), never a traceback."""

from __future__ import annotations

import os
import time
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
APP_NAME = "tinynet-explorer"
BUSY_TIMEOUT_MS = 5000  # a SQLite writer waits this long for another one (gunicorn workers)
MIGRATE_TRIES = 5  # several processes may open a new database at once


# Every engine this process opened: a forked worker must not use its parent's connections.
OPENED: list[Engine] = []


def after_fork() -> None:
    """In a new worker process (gunicorn's post_fork): drop the connections inherited from the
    parent, without closing them under the parent's feet; the worker opens its own."""
    for engine in OPENED:
        engine.dispose(close=False)


class ClassDatabaseError(ValueError):
    """The class database cannot be used: the message says what and where, in one line."""


def default_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "classes.sqlite3"


def database_url(where: str | None) -> str:
    """The SQLAlchemy URL for --class-db: a path (or nothing: the user's data folder) is
    SQLite; postgresql://... is PostgreSQL through psycopg 3."""
    if where is None or where == "":
        where = str(default_path())
    if where.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + where.split("://", 1)[1]
    if where.startswith(("sqlite:", "postgresql+psycopg:")):
        return where
    return "sqlite:///" + str(Path(where).expanduser().resolve())


def shown(url: str) -> str:
    """Where the database is, for a message: the path, or the URL without its password."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or ":memory:"
    return parsed.render_as_string(hide_password=True).replace("postgresql+psycopg", "postgresql")


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never wait for the writer
    cursor.execute("PRAGMA synchronous=NORMAL")  # with WAL: committed work survives a crash
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")  # deleting a class deletes its students' data
    cursor.close()


def migrate(engine: Engine) -> None:
    """Bring the schema to this version's (Alembic), whatever version the database is at."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    for attempt in range(MIGRATE_TRIES):
        try:
            with engine.begin() as connection:
                if connection.dialect.name == "postgresql":
                    # One process at a time, on every machine sharing the database.
                    connection.execute(text("SELECT pg_advisory_xact_lock(731202)"))
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
            return
        except OperationalError:
            # Another process of this server was creating the same tables: look again.
            if attempt == MIGRATE_TRIES - 1 or engine.dialect.name != "sqlite":
                raise
            time.sleep(0.2 * (attempt + 1))


def first_line(why: BaseException) -> str:
    """The driver's own words, one line (SQLAlchemy wraps them in several)."""
    said = str(getattr(why, "orig", None) or why).strip()
    return said.splitlines()[0] if said else type(why).__name__


def open_database(where: str | None) -> Engine:
    """An engine on the class database, migrated and checked; ClassDatabaseError otherwise."""
    try:
        url = database_url(where)
        parsed = make_url(url)
    except (ArgumentError, ValueError) as why:
        raise ClassDatabaseError(
            f"--class-db {where!r} is not a path or a database URL: {why}"
        ) from None
    place = shown(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        folder = Path(parsed.database).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as why:
            raise ClassDatabaseError(
                f"cannot make the folder for the class database {place}: {why.strerror}"
            ) from None
    options = {"pool_pre_ping": True}
    if parsed.get_backend_name() == "postgresql":
        options.update(pool_size=5, max_overflow=5, connect_args={"connect_timeout": 5})
    try:
        engine = create_engine(url, **options)
    except (ArgumentError, ImportError, ValueError) as why:
        raise ClassDatabaseError(f"cannot use the class database {place}: {why}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        migrate(engine)
        if engine.dialect.name == "sqlite" and parsed.database:
            os.chmod(parsed.database, 0o600)  # the teacher key is in there
    except (DBAPIError, OSError) as why:
        engine.dispose()
        raise ClassDatabaseError(
            f"cannot open the class database {place}: {first_line(why)}"
        ) from None
    OPENED.append(engine)
    return engine
