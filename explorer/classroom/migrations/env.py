"""Alembic's environment for the class database: run by database.migrate() on a connection it
is given (there is no alembic.ini: the explorer migrates its own database when it starts)."""

from alembic import context

from tinynet.explorer.classroom.tables import metadata

connection = context.config.attributes["connection"]
# SQLite alters tables by copying them ("batch" mode); PostgreSQL alters them in place.
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
