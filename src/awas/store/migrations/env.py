"""Alembic environment: always run with a connection handed in by awas.store.migrate."""

from __future__ import annotations

from alembic import context

from awas.store.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `awas db upgrade`, which supplies the connection")

# render_as_batch lets ALTER TABLE work on SQLite (copy-and-move) with the same migration files.
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
