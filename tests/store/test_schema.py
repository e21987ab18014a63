"""Schema creation and migration at start-up, and how DATABASE_URL values are read."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.store.engines import describe_url, normalise_url
from bot.store.errors import SchemaTooNewError
from bot.store.migrations import head_revision
from bot.store.store import Store
from tests.store.databases import sqlite_url

pytestmark = pytest.mark.anyio

NOW = datetime(2026, 3, 12, 9, 30, tzinfo=UTC)
HEAD = head_revision()


async def test_connecting_again_leaves_the_schema_as_it_was(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="bot.store"):
        async with await Store.connect(database_url) as first:
            await first.claim("kept", at=NOW)
        async with await Store.connect(database_url) as second:
            assert await second.schema_version() == HEAD
            assert await second.claim("kept", at=NOW) is False

    assert f"created schema at revision {HEAD}" in caplog.text
    assert f"schema was at revision {HEAD}" in caplog.text


async def test_concurrent_connects_in_one_process_create_the_schema_once(database_url: str) -> None:
    stores = await asyncio.gather(*(Store.connect(database_url) for _ in range(5)))
    try:
        assert [await store.schema_version() for store in stores] == [HEAD] * 5
    finally:
        await asyncio.gather(*(store.close() for store in stores))


async def test_database_migrated_by_a_newer_bot_is_refused(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    async with await Store.connect(url):
        pass
    with sqlite3.connect(tmp_path / "bot.db") as raw:
        raw.execute("UPDATE alembic_version SET version_num = 'f00d'")
    raw.close()

    with pytest.raises(SchemaTooNewError) as raised:
        await Store.connect(url)
    assert (raised.value.found, raised.value.supported) == ("f00d", HEAD)


async def test_relative_sqlite_path_is_created_with_its_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    async with await Store.connect("sqlite:///data/nested/bot.db") as store:
        assert await store.claim("k", at=NOW) is True
    assert (tmp_path / "data" / "nested" / "bot.db").is_file()


async def test_sqlite_file_is_shared_in_wal_mode(tmp_path: Path) -> None:
    async with await Store.connect(sqlite_url(tmp_path)):
        pass
    with sqlite3.connect(tmp_path / "bot.db") as raw:
        (mode,) = raw.execute("PRAGMA journal_mode").fetchone()
    raw.close()
    assert mode == "wal"


async def test_in_memory_database_serves_concurrent_callers() -> None:
    async with await Store.connect("sqlite://") as store:
        grants = await asyncio.gather(*(store.claim("k", at=NOW) for _ in range(10)))
    assert sorted(grants) == [False] * 9 + [True]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("sqlite:///data/bot.db", "sqlite+aiosqlite:///data/bot.db"),
        ("sqlite:////var/lib/bot/bot.db", "sqlite+aiosqlite:////var/lib/bot/bot.db"),
        ("sqlite://", "sqlite+aiosqlite://"),
        ("postgresql://bot:pw@db.internal/bot", "postgresql+psycopg://bot:pw@db.internal/bot"),
        (
            "postgres://bot:pw@db.internal:6543/bot",
            "postgresql+psycopg://bot:pw@db.internal:6543/bot",
        ),
        ("postgresql+psycopg://bot@db/bot", "postgresql+psycopg://bot@db/bot"),
    ],
    ids=[
        "sqlite-relative",
        "sqlite-absolute",
        "sqlite-memory",
        "postgresql",
        "postgres",
        "psycopg",
    ],
)
def test_database_url_as_users_write_it_gets_an_async_driver(given: str, expected: str) -> None:
    assert normalise_url(given).render_as_string(hide_password=False) == expected


def test_unsupported_database_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="mysql"):
        normalise_url("mysql://bot:pw@db/bot")


def test_described_url_masks_the_password() -> None:
    described = describe_url(normalise_url("postgres://bot:s3cr%40t@db.internal/bot"))
    assert described == "postgresql+psycopg://bot:***@db.internal/bot"
