"""The class database: its migrations make exactly the schema the code uses, an older database
opens and keeps its data, one that cannot be opened is one line (never a traceback), and the
`tinynet class` commands."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, insert, inspect, select

from tinynet.explorer.classroom.database import ClassDatabaseError, database_url, open_database
from tinynet.explorer.classroom.tables import classes, metadata
from tinynet.explorer.cli import main


def test_the_migrations_make_the_schema_the_code_uses(tmp_path):
    engine = open_database(str(tmp_path / "c.sqlite3"))
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), metadata)
        version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar_one()
    assert differences == [] and version == "0001"
    engine.dispose()


def test_opening_again_keeps_the_data_and_migrating_twice_changes_nothing(tmp_path):
    where = str(tmp_path / "c.sqlite3")
    engine = open_database(where)
    with engine.begin() as conn:
        conn.execute(
            insert(classes).values(
                code="ACDEFG", name="P1", created_at=1.0, keep=True, paused=False, version=0
            )
        )
    engine.dispose()
    again = open_database(where)
    with again.connect() as conn:
        assert conn.execute(select(classes.c.name)).scalars().all() == ["P1"]
    assert set(inspect(again).get_table_names()) >= {"classes", "students", "events"}
    again.dispose()


def test_the_database_file_is_readable_only_by_its_owner(tmp_path):
    where = tmp_path / "c.sqlite3"
    open_database(str(where)).dispose()
    assert oct(os.stat(where).st_mode & 0o777) == "0o600"


def test_sqlite_waits_for_another_writer_and_readers_never_wait(tmp_path):
    engine = open_database(str(tmp_path / "c.sqlite3"))
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar_one() == 5000
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
    engine.dispose()


@pytest.mark.parametrize(
    "where, words",
    [
        ("/proc/no/such/folder/c.sqlite3", "cannot make the folder for the class database"),
        ("postgresql://nobody:wrong@127.0.0.1:9/none", "cannot open the class database"),
        ("sqlite:////proc/version", "cannot open the class database /proc/version"),
    ],
)
def test_a_database_that_cannot_be_opened_is_one_line(where, words):
    with pytest.raises(ClassDatabaseError) as why:
        open_database(where)
    said = str(why.value)
    assert words in said and "\n" not in said
    assert "wrong" not in said  # a password is never repeated


def test_postgresql_urls_go_through_psycopg_3():
    assert database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert database_url("/tmp/x.sqlite3") == "sqlite:////tmp/x.sqlite3"


def test_serve_with_a_database_it_cannot_open_says_so_in_one_line():
    done = subprocess.run(
        [sys.executable, "-m", "tinynet", "serve", "--no-browser", "--class-db",
         "postgresql://nobody:secret@127.0.0.1:9/none"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2 and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot open the class database" in lines[0]
    assert "postgresql://nobody:***@127.0.0.1:9/none" in lines[0] and "secret" not in lines[0]


def test_the_class_commands(tmp_path, capsys):
    where = str(tmp_path / "c.sqlite3")
    assert main(["class", "link", "--class-db", where, "--url", "http://10.0.0.2:8050"]) == 0
    first = capsys.readouterr().out.strip()
    assert first.startswith("http://10.0.0.2:8050/teacher?key=")
    assert main(["class", "new-key", "--class-db", where]) == 0
    capsys.readouterr()
    main(["class", "link", "--class-db", where, "--url", "http://10.0.0.2:8050"])
    assert capsys.readouterr().out.strip() != first  # the old address no longer opens the board
    engine = create_engine(database_url(where))
    with engine.begin() as conn:
        for code in ("ACDEFG", "HJKMNP"):
            conn.execute(
                insert(classes).values(
                    code=code, name="P" + code, created_at=1.0, keep=False, paused=False, version=0
                )
            )
    engine.dispose()
    main(["class", "keep", "acdefg", "--class-db", where])
    main(["class", "list", "--class-db", where])
    listed = capsys.readouterr().out
    assert "ACDEFG  PACDEFG  (0 students, made 1970-01-01, open, kept)" in listed
    assert main(["class", "delete", "HJKMNP", "--class-db", where]) == 0
    assert "Deleted HJKMNP" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["class", "delete", "NOSUCH", "--class-db", where])
    assert "no class has the code NOSUCH" in capsys.readouterr().err
    assert main(["class", "delete", "--all", "--class-db", where]) == 0
    main(["class", "list", "--class-db", where])
    assert "No classes in" in capsys.readouterr().out
