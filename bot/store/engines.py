"""Turn a user's DATABASE_URL into an async SQLAlchemy engine set up for sharing.

SQLite gets a busy timeout and `BEGIN IMMEDIATE` on every connection and WAL once at start-up
(`enable_wal`), so several processes can share one file; PostgreSQL gets psycopg 3 and
pre-pinged connections. Passwords never leave `URL` unmasked.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import aiosqlite
from sqlalchemy import event, make_url
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import StaticPool

from bot.store.errors import StoreUnreachableError

SQLITE_BUSY_TIMEOUT_MS = 30_000
_WAL_RETRY_S = 0.005
_POSTGRES_SCHEMES = ("postgres", "postgresql", "postgresql+psycopg")


def normalise_url(url: str) -> URL:
    """Pick the async driver: `sqlite+aiosqlite`, `postgresql+psycopg`; keep everything else."""
    parsed = make_url(url)
    if parsed.drivername in ("sqlite", "sqlite+aiosqlite"):
        return parsed.set(drivername="sqlite+aiosqlite")
    if parsed.drivername in _POSTGRES_SCHEMES:
        return parsed.set(drivername="postgresql+psycopg")
    raise ValueError(f"unsupported database {parsed.drivername!r}: use sqlite or postgresql")


def describe_url(url: URL) -> str:
    """The URL as logs may show it: password masked."""
    return url.render_as_string(hide_password=True)


# What a database that does not answer raises, on either backend.
UNREACHABLE = (OSError, OperationalError, InterfaceError)


def is_unavailable(error: BaseException) -> bool:
    """True when `error` says the database cannot be used right now (down, locked for longer
    than the busy timeout, a read-only file), as opposed to a bug: the user is told to retry."""
    return isinstance(error, (*UNREACHABLE, StoreUnreachableError, PoolTimeoutError))


def unreachable(url: URL, error: BaseException) -> StoreUnreachableError:
    """The store's error for `error`, one of `UNREACHABLE`: where (password masked) and its kind."""
    cause = error.orig if isinstance(error, DBAPIError) else error
    return StoreUnreachableError(where=describe_url(url), reason=type(cause).__name__)


def is_memory(url: URL) -> bool:
    """True for an in-memory SQLite database (one shared connection)."""
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def create_store_engine(url: URL) -> AsyncEngine:
    """An engine for `url` (already normalised); creates a SQLite file's parent folders."""
    if url.get_backend_name() == "postgresql":
        return create_async_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
    if is_memory(url):
        engine = create_async_engine(url, poolclass=StaticPool)
    else:
        Path(str(url.database)).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url)
    _take_over_sqlite_transactions(engine)
    return engine


async def enable_wal(engine: AsyncEngine) -> None:
    """Put a SQLite file in WAL mode (it stays so); nothing for PostgreSQL or in-memory SQLite.

    Switching needs an exclusive lock taken from a shared one; when another process holds the
    write lock (creating the schema, say), SQLite answers "database is locked" at once instead of
    calling the busy handler, to avoid a deadlock. So the switch is retried here, outside any
    transaction, for as long as the busy timeout; once the file is in WAL it is a no-op.
    """
    if engine.dialect.name != "sqlite" or is_memory(engine.url):
        return
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    async with engine.connect() as connection:
        raw = await connection.get_raw_connection()
        driver = raw.driver_connection
        if not isinstance(driver, aiosqlite.Connection):
            raise TypeError(f"expected an aiosqlite connection, got {type(driver).__name__}")
        while True:
            try:
                await (await driver.execute("PRAGMA journal_mode = WAL")).close()
            except aiosqlite.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                await asyncio.sleep(_WAL_RETRY_S)
            else:
                return


def _take_over_sqlite_transactions(engine: AsyncEngine) -> None:
    """SQLAlchemy's documented recipe: the driver stops managing BEGIN, we emit our own.

    `BEGIN IMMEDIATE` takes the write lock up front, so a transaction that reads and then
    writes never fails with "database is locked"; waiting writers sleep in the busy handler.
    """

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
