"""Database fixtures shared by store and domain tests: SQLite always, PostgreSQL when asked.

Set `TEST_DATABASE_URL` (see `.ci/postgres.sh`) to add a `postgresql` parameter; each test then
gets a fresh schema of its own, dropped afterwards.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest

from bot.store.store import Store

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


@contextlib.contextmanager
def fresh_postgres_schema(base_url: str) -> Iterator[str]:
    """A URL whose connections see only a new, empty schema (via `search_path`).

    The session time zone is set far from UTC, so a store that trusted it would show.
    """
    name = f"test_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(base_url, autocommit=True) as admin:
        admin.execute(f'CREATE SCHEMA "{name}"')
    separator = "&" if "?" in base_url else "?"
    try:
        options = quote(f"-csearch_path={name} -cTimeZone=Pacific/Auckland")
        yield f"{base_url}{separator}options={options}"
    finally:
        with psycopg.connect(base_url, autocommit=True) as admin:
            admin.execute(f'DROP SCHEMA "{name}" CASCADE')


def sqlite_url(folder: Path) -> str:
    return f"sqlite:///{folder / 'bot.db'}"


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: a SQLite file under tmp_path, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path)
        return
    with fresh_postgres_schema(os.environ["TEST_DATABASE_URL"]) as url:
        yield url


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[Store]:
    opened = await Store.connect(database_url)
    try:
        yield opened
    finally:
        await opened.close()
