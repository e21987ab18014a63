"""Bring the schema to Alembic's head at start-up, once, even when several processes start together.

The revisions live in `bot/store/alembic/versions`. Start-ups are serialised by one transaction
that holds a lock while Alembic reads `alembic_version` and migrates: a transaction-scoped
advisory lock on PostgreSQL, the file's write lock (`BEGIN IMMEDIATE`) on SQLite. The next
process waits, then finds nothing left to do.

A database created by the hand-written migrations this replaced (a `schema_version` table at
version 1, no `alembic_version`) is adopted: stamped at the baseline revision, then upgraded.

`schema_version` and `pending_migrations` read a database without changing it (for `check`).
"""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, inspect, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store.engines import (
    UNREACHABLE,
    create_store_engine,
    enable_wal,
    normalise_url,
    unreachable,
)
from bot.store.errors import SchemaTooNewError

log = logging.getLogger(__name__)

BASELINE = "0001"
_LEGACY_TABLE = "schema_version"
_LEGACY_VERSION = 1
# Any constant works, as long as every bot process uses the same one ("prevbot" in ASCII).
_ADVISORY_LOCK_KEY = 0x70726576626F74


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(Path(__file__).with_name("alembic")))
    return config


def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(_config())


def head_revision() -> str:
    """The revision this code migrates to."""
    head = _scripts().get_current_head()
    if head is None:
        raise RuntimeError("bot/store/alembic/versions holds no revision")
    return head


async def migrate(engine: AsyncEngine) -> str | None:
    """Bring the database to the head revision; return the one it was at (None when empty)."""
    await enable_wal(engine)
    async with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            await connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK_KEY}
            )
        return await connection.run_sync(_migrate_locked)


def _migrate_locked(connection: Connection) -> str | None:
    config = _config()
    scripts = ScriptDirectory.from_config(config)
    current = _current_revision(connection, scripts)
    if current is not None and _is_legacy(connection):
        MigrationContext.configure(connection).stamp(scripts, BASELINE)
        log.info("store: adopted a schema_version %d database at %s", _LEGACY_VERSION, BASELINE)
    config.attributes["connection"] = connection
    command.upgrade(config, "head")
    head = scripts.get_current_head()
    if current is None:
        log.info("store: created schema at revision %s", head)
    elif current != head:
        log.info("store: migrated schema from revision %s to %s", current, head)
    return current


def _is_legacy(connection: Connection) -> bool:
    """A database the hand-written migrations made and Alembic never stamped."""
    return not MigrationContext.configure(connection).get_current_heads() and inspect(
        connection
    ).has_table(_LEGACY_TABLE)


def _current_revision(connection: Connection, scripts: ScriptDirectory) -> str | None:
    """The revision the database is at; a legacy database counts as the baseline.

    Raises `SchemaTooNewError` for a revision this code does not know (a newer bot migrated it).
    """
    heads = MigrationContext.configure(connection).get_current_heads()
    if not heads:
        if not inspect(connection).has_table(_LEGACY_TABLE):
            return None
        query = text(f"SELECT max(version) FROM {_LEGACY_TABLE}")  # noqa: S608 (a constant)
        legacy = connection.execute(query).scalar_one()
        if legacy is not None and legacy > _LEGACY_VERSION:
            raise SchemaTooNewError(found=f"schema_version {legacy}", supported=_head(scripts))
        return BASELINE
    if len(heads) > 1:
        raise SchemaTooNewError(found=",".join(sorted(heads)), supported=_head(scripts))
    (current,) = heads
    try:
        scripts.get_revision(current)
    except CommandError:
        raise SchemaTooNewError(found=current, supported=_head(scripts)) from None
    return current


def _head(scripts: ScriptDirectory) -> str:
    return scripts.get_current_head() or BASELINE


def _pending(current: str | None, scripts: ScriptDirectory) -> tuple[str, ...]:
    """Revisions after `current` up to the head, oldest first."""
    upper = _head(scripts)
    lower = "base" if current is None else current
    newest_first = [script.revision for script in scripts.iterate_revisions(upper, lower)]
    return tuple(reversed(newest_first))


async def current_revision(engine: AsyncEngine) -> str | None:
    """The revision `engine`'s database is at, without changing it; None when it has no schema."""
    async with engine.connect() as connection:
        return await connection.run_sync(_current_revision, _scripts())


async def schema_version(url: str) -> str | None:
    """The revision the database at `DATABASE_URL` is at (None: empty); changes nothing.

    Raises `StoreUnreachableError` when it does not answer, `SchemaTooNewError` for a revision
    this code does not know. (A SQLite file that does not exist yet is created empty.)
    """
    normalised = normalise_url(url)
    engine = create_store_engine(normalised)
    try:
        return await current_revision(engine)
    except UNREACHABLE as error:
        raise unreachable(normalised, error) from None
    finally:
        await engine.dispose()


def pending_after(current: str | None) -> tuple[str, ...]:
    """The revisions a start-up applies to a database at `current` (None: empty), in order."""
    return _pending(current, _scripts())


async def pending_migrations(url: str) -> tuple[str, ...]:
    """The revisions the next start-up will apply to the database at `DATABASE_URL`, in order."""
    return _pending(await schema_version(url), _scripts())
