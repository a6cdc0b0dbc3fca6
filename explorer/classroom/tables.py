"""The class data: SQLAlchemy Core tables, one place (the migrations in migrations/versions
make the same schema; a test compares them).

Times are Unix seconds (float). A class's `version` counts its changes: every student's row
carries the version at which it last changed, so a board asks for what changed since it last
looked."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

# The server's own settings: the teacher key (kept here so that every worker, restart and
# machine sharing the database accepts the same one).
settings = Table(
    "settings",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("value", Text, nullable=False),
)

classes = Table(
    "classes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("code", String(12), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("lesson", String(64), nullable=True),  # the lesson the class does, if any
    Column("created_at", Float, nullable=False),
    Column("closed_at", Float, nullable=True),  # no one joins a closed class
    Column("keep", Boolean, nullable=False, default=False),  # not deleted after 30 days
    Column("paused", Boolean, nullable=False, default=False),
    Column("pace", Integer, nullable=True),  # students may go up to this step of the lesson
    Column("version", Integer, nullable=False, default=0),
)

students = Table(
    "students",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("class_id", Integer, ForeignKey("classes.id", ondelete="CASCADE"), nullable=False),
    Column("number", Integer, nullable=False),  # order of joining: "Student 3" when anonymised
    Column("nickname", String(200), nullable=False),
    Column("nickname_key", String(200), nullable=False),  # the nickname as it is compared
    Column("secret_hash", String(64), nullable=False),
    Column("joined_at", Float, nullable=False),
    Column("left_at", Float, nullable=True),
    Column("seen_at", Float, nullable=False),
    Column("last_seq", Integer, nullable=False, default=0),  # the last event acknowledged
    Column("lesson", String(64), nullable=True),
    Column("step", Integer, nullable=True),
    Column("picture", Text, nullable=True),  # the picture as a link's query
    Column("picture_seq", Integer, nullable=False, default=0),
    Column("last_accuracy", Float, nullable=True),  # the last run's
    Column("changed", Integer, nullable=False, default=0),  # the class version it changed at
    UniqueConstraint("class_id", "nickname_key", name="uq_students_class_nickname"),
)
Index("ix_students_class_changed", students.c.class_id, students.c.changed)

# What a student did that a teacher may grade: moving to a step, a Check, a run's end.
events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("student_id", Integer, ForeignKey("students.id", ondelete="CASCADE"), nullable=False),
    Column("seq", Integer, nullable=False),  # the page's own count: a resent event is ignored
    Column("kind", String(12), nullable=False),
    Column("at", Float, nullable=False),
    Column("lesson", String(64), nullable=True),
    Column("step", Integer, nullable=True),
    Column("passed", Boolean, nullable=True),
    Column("detail", Text, nullable=True),  # JSON: the conditions not met, a run's numbers
    UniqueConstraint("student_id", "seq", name="uq_events_student_seq"),
)

# Each student's standing on each step they checked.
progress = Table(
    "progress",
    metadata,
    Column(
        "student_id",
        Integer,
        ForeignKey("students.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("lesson", String(64), primary_key=True),
    Column("step", Integer, primary_key=True),
    Column("attempts", Integer, nullable=False, default=0),
    Column("passed", Boolean, nullable=False, default=False),
    Column("first_pass_at", Float, nullable=True),
    Column("unmet", Text, nullable=True),  # JSON list: the goals the last check did not meet
)

# Wrong join codes by address and minute: guessing is slowed down whatever worker answers.
join_attempts = Table(
    "join_attempts",
    metadata,
    Column("address", String(64), primary_key=True),
    Column("minute", Integer, primary_key=True),
    Column("failures", Integer, nullable=False, default=0),
)
