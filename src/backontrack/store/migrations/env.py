"""Alembic's entry point: always given a connection by backontrack.store.migrations (never a URL)."""

from __future__ import annotations

from alembic import context

from backontrack.store.schema import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite changes tables by copying them
)
with context.begin_transaction():
    context.run_migrations()
