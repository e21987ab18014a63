"""A create while PostgreSQL stops answering (DESIGN "Durability", store failures).

The store reaches PostgreSQL through a TCP relay on 127.0.0.1 that the test cuts and restores:
before the POST, nothing is sent; after the API answered, the id is given and the bot keeps
trying to record the intervention until the database is back.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit, urlunsplit

import pytest

from bot.api.client import InterventionsClient
from bot.api.sandbox import Sandbox
from bot.config import BotConfig
from bot.domain import durable
from bot.domain.errors import CannotSave
from bot.domain.scheduling import Scheduler
from bot.model import CreationStatus, TimeWindow
from bot.store.store import Store
from tests.store.databases import fresh_postgres_schema

# PostgreSQL only (a TCP relay is cut under it): collected only when TEST_DATABASE_URL is set,
# as the store's PostgreSQL variants are (tests/domain/conftest.py); CI always sets it.
pytestmark = pytest.mark.anyio
NOW = datetime(2030, 1, 6, 9, 0, tzinfo=UTC)
WINDOW = TimeWindow(NOW + timedelta(days=1), NOW + timedelta(days=1, hours=2))


class Relay:
    """Relays TCP from a local port to PostgreSQL; `cut` refuses and drops every connection."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.port = 0
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._relay, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def cut(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
        for writer in list(self._writers):
            writer.close()

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
        self._writers |= {writer, upstream_writer}

        async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            with contextlib.suppress(ConnectionError, OSError):
                while data := await source.read(65536):
                    sink.write(data)
                    await sink.drain()
            sink.close()

        await asyncio.gather(pipe(reader, upstream_writer), pipe(upstream_reader, writer))


@pytest.fixture
async def relayed() -> AsyncIterator[tuple[Relay, Store]]:
    with fresh_postgres_schema(os.environ["TEST_DATABASE_URL"]) as url:
        parts = urlsplit(url)
        relay = Relay(parts.hostname or "127.0.0.1", parts.port or 5432)
        await relay.start()
        netloc = parts.netloc.rsplit("@", 1)
        host = f"127.0.0.1:{relay.port}"
        through = urlunsplit(
            parts._replace(netloc=f"{netloc[0]}@{host}" if len(netloc) == 2 else host)
        )
        store = await Store.connect(through)
        try:
            yield relay, store
        finally:
            await relay.cut()
            await store.close()


async def create(scheduler: Scheduler, key: str) -> object:
    return await scheduler.create_intervention(
        key=key,
        routine_id=12,
        window=WINDOW,
        status=CreationStatus.SCHEDULED,
        assignee=None,
        requested_by="U0ALICE",
        now=NOW,
    )


async def test_a_store_down_before_the_post_sends_nothing(
    relayed: tuple[Relay, Store], api: InterventionsClient, sandbox: Sandbox
) -> None:
    relay, store = relayed
    scheduler = Scheduler(api, store, BotConfig())
    await relay.cut()
    with pytest.raises(CannotSave) as raised:
        await create(scheduler, "k1")
    assert raised.value.intervention_id is None
    assert sandbox.requests == []


async def test_a_store_down_after_the_api_answered_gives_the_id_and_records_it_later(
    relayed: tuple[Relay, Store],
    api: InterventionsClient,
    sandbox: Sandbox,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    relay, store = relayed
    monkeypatch.setattr(durable, "KEEP_TRYING_EVERY_SECONDS", 0.2)
    scheduler = Scheduler(api, store, BotConfig())
    sandbox.latency = 1.0
    attempt = asyncio.create_task(create(scheduler, "k2"))
    while not sandbox.requests:
        await asyncio.sleep(0.02)
    await relay.cut()
    with pytest.raises(CannotSave) as raised:
        await attempt
    assert raised.value.intervention_id == 42
    await relay.start()  # the database answers again, on the same port
    for _ in range(100):
        with contextlib.suppress(Exception):
            if await store.get_intervention(42) is not None:
                break
        await asyncio.sleep(0.1)
    known = await store.get_intervention(42)
    assert known is not None
    assert [r.method for r in sandbox.requests] == ["POST"]
