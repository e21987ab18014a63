"""A read-only look at `DATABASE_URL` for `python -m bot check`: reachable, schema version.

It never creates, migrates or writes anything: a SQLite file that does not exist yet is
reported as having no schema (start-up creates it), not made. The version is the Alembic
revision the database is at; `pending` the revisions the next start-up applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.store.engines import describe_url, is_memory, normalise_url
from bot.store.errors import SchemaTooNewError, StoreUnreachableError
from bot.store.migrations import current_revision, head_revision, pending_after

CONNECT_TIMEOUT_SECONDS = 5


@dataclass(frozen=True)
class SchemaStatus:
    """Where the database is (password masked), the revision it is at (None: no schema yet),
    the one this code expects, and whether a newer bot migrated it."""

    where: str
    version: str | None
    head: str
    too_new: bool = False

    @property
    def pending(self) -> int:
        """Migrations start-up will apply (0 when up to date or too new)."""
        return 0 if self.too_new else len(pending_after(self.version))


async def read_schema_status(url: str) -> SchemaStatus:
    """Connect read-only and read the schema revision; `StoreUnreachableError` when it fails."""
    normalised = normalise_url(url)
    where = describe_url(normalised)
    head = head_revision()
    engine = _read_only_engine(normalised)
    if engine is None:
        return SchemaStatus(where, None, head)
    try:
        version = await current_revision(engine)
    except SchemaTooNewError as error:
        return SchemaStatus(where, error.found, head, too_new=True)
    except (OSError, OperationalError, InterfaceError) as error:
        cause = error.orig if isinstance(error, DBAPIError) else error
        raise StoreUnreachableError(where=where, reason=type(cause).__name__) from None
    finally:
        await engine.dispose()
    return SchemaStatus(where, version, head)


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
