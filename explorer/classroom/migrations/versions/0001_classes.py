"""The first class database: settings, classes, students, events, progress, join attempts.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "settings",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "classes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("code", sa.String(12), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("lesson", sa.String(64), nullable=True),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("closed_at", sa.Float, nullable=True),
        sa.Column("keep", sa.Boolean, nullable=False),
        sa.Column("paused", sa.Boolean, nullable=False),
        sa.Column("pace", sa.Integer, nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_table(
        "students",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "class_id",
            sa.Integer,
            sa.ForeignKey("classes.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("nickname", sa.String(200), nullable=False),
        sa.Column("nickname_key", sa.String(200), nullable=False),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("joined_at", sa.Float, nullable=False),
        sa.Column("left_at", sa.Float, nullable=True),
        sa.Column("seen_at", sa.Float, nullable=False),
        sa.Column("last_seq", sa.Integer, nullable=False),
        sa.Column("lesson", sa.String(64), nullable=True),
        sa.Column("step", sa.Integer, nullable=True),
        sa.Column("picture", sa.Text, nullable=True),
        sa.Column("picture_seq", sa.Integer, nullable=False),
        sa.Column("last_accuracy", sa.Float, nullable=True),
        sa.Column("changed", sa.Integer, nullable=False),
        sa.UniqueConstraint("class_id", "nickname_key", name="uq_students_class_nickname"),
    )
    op.create_index("ix_students_class_changed", "students", ["class_id", "changed"])
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "student_id",
            sa.Integer,
            sa.ForeignKey("students.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("at", sa.Float, nullable=False),
        sa.Column("lesson", sa.String(64), nullable=True),
        sa.Column("step", sa.Integer, nullable=True),
        sa.Column("passed", sa.Boolean, nullable=True),
        sa.Column("detail", sa.Text, nullable=True),
        sa.UniqueConstraint("student_id", "seq", name="uq_events_student_seq"),
    )
    op.create_table(
        "progress",
        sa.Column(
            "student_id",
            sa.Integer,
            sa.ForeignKey("students.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("lesson", sa.String(64), primary_key=True),
        sa.Column("step", sa.Integer, primary_key=True),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("passed", sa.Boolean, nullable=False),
        sa.Column("first_pass_at", sa.Float, nullable=True),
        sa.Column("unmet", sa.Text, nullable=True),
    )
    op.create_table(
        "join_attempts",
        sa.Column("address", sa.String(64), primary_key=True),
        sa.Column("minute", sa.Integer, primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    for name in ("join_attempts", "progress", "events", "students", "classes", "settings"):
        op.drop_table(name)
