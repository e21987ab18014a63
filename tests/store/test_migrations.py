"""Alembic at start-up: hand-migrated databases are adopted, and the state reads unchanged."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Connection,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    inspect,
)

from bot.store.engines import create_store_engine, normalise_url
from bot.store.errors import SchemaTooNewError, StoreUnreachableError
from bot.store.migrations import BASELINE, head_revision, pending_migrations, schema_version
from bot.store.schema import metadata
from bot.store.store import Store
from tests.store.test_processes import run_racers

pytestmark = pytest.mark.anyio

NOW = datetime(2026, 3, 12, 9, 30, tzinfo=UTC)


def legacy_metadata() -> MetaData:
    """The tables as the hand-written migrations' version 1 created them (a frozen copy)."""
    legacy = MetaData()
    instant = DateTime(timezone=True)
    Table(
        "schema_version",
        legacy,
        Column("version", Integer, primary_key=True, autoincrement=False),
        Column("applied_at", instant, nullable=False),
    )
    Table(
        "interventions",
        legacy,
        Column("id", BigInteger, primary_key=True, autoincrement=False),
        Column("routine_id", BigInteger),
        Column("data", JSON, nullable=False),
        Column("site_rule_ids", JSON),
        Column("requested_by", String(64)),
        Column("channel", String(64)),
        Column("ts", String(32)),
        Column("updated_at", instant, nullable=False),
    )
    Table(
        "claims",
        legacy,
        Column("key", String(255), primary_key=True),
        Column("claimed_at", instant, nullable=False),
        Column("outcome", Text),
    )
    Table(
        "reassignment_requests",
        legacy,
        Column("id", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True),
        Column("intervention_id", BigInteger, nullable=False),
        Column("requested_by", String(64), nullable=False),
        Column("proposed", JSON, nullable=False),
        Column("current", JSON),
        Column("reason", Text, nullable=False),
        Column("email_previous_assignee", Boolean, nullable=False),
        Column("email_current_assignee", Boolean, nullable=False),
        Column("state", String(16), nullable=False),
        Column("created_at", instant, nullable=False),
        Column("expires_at", instant, nullable=False),
        Column("updated_at", instant, nullable=False),
        Column("decided_by", String(64)),
        Column("decided_at", instant),
        Column("decision_reason", Text),
        Column("failure", Text),
        Column("channel", String(64)),
        Column("thread_ts", String(32)),
        Column("message_ts", String(32)),
        Index("ix_reassignment_requests_state_expires_at", "state", "expires_at"),
        Index("ix_reassignment_requests_intervention_id", "intervention_id"),
    )
    return legacy


def create_legacy_database(connection: Connection, version: int) -> None:
    legacy = legacy_metadata()
    legacy.create_all(connection)
    connection.execute(legacy.tables["schema_version"].insert().values(version=1, applied_at=NOW))
    if version > 1:
        row = {"version": version, "applied_at": NOW}
        connection.execute(legacy.tables["schema_version"].insert().values(**row))
    connection.execute(legacy.tables["claims"].insert().values(key="kept", claimed_at=NOW))


async def build_legacy_database(url: str, version: int = 1) -> None:
    engine = create_store_engine(normalise_url(url))
    try:
        async with engine.begin() as connection:
            await connection.run_sync(create_legacy_database, version)
    finally:
        await engine.dispose()


def table_names(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


def schema_differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection)
    return list(compare_metadata(context, metadata))


async def test_a_database_made_by_the_hand_written_migrations_is_adopted(database_url: str) -> None:
    await build_legacy_database(database_url)
    assert await schema_version(database_url) == BASELINE
    assert await pending_migrations(database_url) != ()

    async with await Store.connect(database_url) as store:
        assert await store.schema_version() == head_revision()
        assert await store.claim("kept", at=NOW) is False
        assert await store.claim("new", at=NOW) is True

    engine = create_store_engine(normalise_url(database_url))
    try:
        async with engine.connect() as connection:
            tables = await connection.run_sync(table_names)
            differences = await connection.run_sync(schema_differences)
    finally:
        await engine.dispose()
    assert "schema_version" not in tables
    assert differences == []


async def test_a_legacy_database_past_version_1_is_refused(database_url: str) -> None:
    await build_legacy_database(database_url, version=2)

    with pytest.raises(SchemaTooNewError) as raised:
        await Store.connect(database_url)
    assert (raised.value.found, raised.value.supported) == ("schema_version 2", head_revision())


async def test_the_revisions_build_exactly_the_declared_tables(
    store: Store, database_url: str
) -> None:
    engine = create_store_engine(normalise_url(database_url))
    try:
        async with engine.connect() as connection:
            differences = await connection.run_sync(schema_differences)
    finally:
        await engine.dispose()
    assert differences == []


async def test_schema_state_is_read_without_migrating(database_url: str) -> None:
    assert await schema_version(database_url) is None
    every_revision = await pending_migrations(database_url)
    assert every_revision[0] == BASELINE
    assert every_revision[-1] == head_revision()
    assert await schema_version(database_url) is None

    async with await Store.connect(database_url):
        pass
    assert await schema_version(database_url) == head_revision()
    assert await pending_migrations(database_url) == ()


async def test_two_processes_starting_on_a_legacy_database_adopt_it_once(
    database_url: str, tmp_path: Path
) -> None:
    await build_legacy_database(database_url)

    results = await run_racers(tmp_path / "barrier", "connect", database_url)

    assert [result["schema_version"] for result in results] == [head_revision()] * 2
    assert await pending_migrations(database_url) == ()


async def test_reading_the_schema_of_a_database_that_does_not_answer_says_where() -> None:
    with pytest.raises(StoreUnreachableError) as raised:
        await pending_migrations("postgresql://bot:s3cret@127.0.0.1:1/bot")
    assert raised.value.where == "postgresql+psycopg://bot:***@127.0.0.1:1/bot"
    assert raised.value.reason == "OperationalError"
