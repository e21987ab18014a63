"""A read-only look at `DATABASE_URL` for `python -m bot check`: reachable, schema version.

It never creates, migrates or writes anything: a SQLite file that does not exist yet is
reported as version 0 (start-up creates it), not made. One call, `read_schema_status`, so
the way the version is read can change (Alembic) without its callers changing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, func, inspect, select
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.store.engines import describe_url, is_memory, normalise_url
from bot.store.errors import StoreUnreachableError
from bot.store.migrations import HEAD
from bot.store.schema import schema_version

CONNECT_TIMEOUT_SECONDS = 5


@dataclass(frozen=True)
class SchemaStatus:
    """Where the database is (password masked), the version it is at and the one this code
    expects; `version` 0 means no schema yet."""

    where: str
    version: int
    head: int = HEAD

    @property
    def pending(self) -> int:
        """Migrations start-up will apply (0 when up to date or too new)."""
        return max(0, self.head - self.version)

    @property
    def too_new(self) -> bool:
        return self.version > self.head


async def read_schema_status(url: str) -> SchemaStatus:
    """Connect read-only and read the schema version; `StoreUnreachableError` when it fails."""
    normalised = normalise_url(url)
    where = describe_url(normalised)
    engine = _read_only_engine(normalised)
    if engine is None:
        return SchemaStatus(where, 0)
    try:
        async with engine.connect() as connection:
            version = await connection.run_sync(_version_of)
    except (OSError, OperationalError, InterfaceError) as error:
        cause = error.orig if isinstance(error, DBAPIError) else error
        raise StoreUnreachableError(where=where, reason=type(cause).__name__) from None
    finally:
        await engine.dispose()
    return SchemaStatus(where, version)


def _read_only_engine(url: URL) -> AsyncEngine | None:
    """An engine that cannot write; None when there is nothing to read yet (new SQLite)."""
    if url.get_backend_name() == "postgresql":
        return create_async_engine(url, connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS})
    if is_memory(url):
        return None
    path = Path(str(url.database))
    if not path.exists():
        return None
    uri = URL.create("sqlite+aiosqlite", database=f"file:{path}?mode=ro", query={"uri": "true"})
    return create_async_engine(uri)


def _version_of(connection: Connection) -> int:
    if not inspect(connection).has_table(schema_version.name):
        return 0
    version = connection.execute(select(func.max(schema_version.c.version))).scalar_one()
    return int(version or 0)
