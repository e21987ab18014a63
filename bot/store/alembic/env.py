"""Alembic's entry point: migrate on the connection `bot.store.migrations` hands over.

That connection is already inside the transaction holding the start-up lock, so Alembic opens no
transaction of its own and every revision lands, or none does.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from bot.store.schema import metadata

connection = context.config.attributes["connection"]
if not isinstance(connection, Connection):
    raise TypeError("bot.store.migrations hands Alembic an open connection")
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
