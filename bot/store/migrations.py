"""Create or migrate the schema at start-up, once, even when several processes start together.

PostgreSQL serialises start-ups with a transaction-scoped advisory lock; SQLite with the write
lock `BEGIN IMMEDIATE` takes. A fresh database gets today's tables and is stamped at `HEAD`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Connection, func, inspect, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store.engines import enable_wal
from bot.store.errors import SchemaTooNewError
from bot.store.schema import metadata, schema_version

log = logging.getLogger(__name__)

Step = Callable[[Connection], None]

BASELINE = 1
# Later schema changes append (version, step) here, in order. A released step is never edited:
# databases already past it will not run it again.
MIGRATIONS: tuple[tuple[int, Step], ...] = ()
HEAD = max([BASELINE, *(version for version, _ in MIGRATIONS)])

# Any constant works, as long as every bot process uses the same one ("prevbot" in ASCII).
_ADVISORY_LOCK_KEY = 0x70726576626F74


async def migrate(engine: AsyncEngine, *, now: datetime) -> int:
    """Bring the database to `HEAD`; return the version it was at (0 when it was empty)."""
    await enable_wal(engine)
    async with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            await connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK_KEY}
            )
        return await connection.run_sync(_migrate_locked, now)


def _migrate_locked(connection: Connection, now: datetime) -> int:
    if not inspect(connection).has_table(schema_version.name):
        metadata.create_all(connection)
        connection.execute(schema_version.insert().values(version=HEAD, applied_at=now))
        log.info("store: created schema version %d", HEAD)
        return 0
    current = connection.execute(select(func.max(schema_version.c.version))).scalar_one()
    if current > HEAD:
        raise SchemaTooNewError(found=current, supported=HEAD)
    for version, step in MIGRATIONS:
        if version > current:
            step(connection)
            connection.execute(schema_version.insert().values(version=version, applied_at=now))
            log.info("store: migrated schema to version %d", version)
    return int(current)
