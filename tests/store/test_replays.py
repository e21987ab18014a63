"""Signed requests: the same signature and timestamp is processed once, in any process."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.store.replays import REPLAY_WINDOW
from bot.store.store import Store
from tests.store.clocks import SteppedClock

pytestmark = pytest.mark.anyio

START = datetime(2026, 3, 12, 9, 30, tzinfo=UTC)
CONCURRENT = 20


async def test_a_replayed_request_is_seen_once(database_url: str) -> None:
    async with await Store.connect(database_url, clock=SteppedClock(START)) as store:
        replays = store.replays
        assert await replays.first_sighting(signature="v0=abc", timestamp=1) is True
        assert await replays.first_sighting(signature="v0=abc", timestamp=1) is False
        assert await replays.first_sighting(signature="v0=abc", timestamp=2) is True
        assert await replays.first_sighting(signature="v0=def", timestamp=1) is True


async def test_sightings_older_than_the_window_are_purged(database_url: str) -> None:
    clock = SteppedClock(START)
    async with await Store.connect(database_url, clock=clock) as store:
        assert await store.replays.first_sighting(signature="v0=abc", timestamp=1) is True
        clock.advance(REPLAY_WINDOW - timedelta(seconds=1))
        assert await store.replays.first_sighting(signature="v0=abc", timestamp=1) is False
        clock.advance(timedelta(seconds=2) + REPLAY_WINDOW)
        assert await store.replays.first_sighting(signature="v0=abc", timestamp=1) is True


async def test_concurrent_replays_let_exactly_one_through(database_url: str) -> None:
    stores = await asyncio.gather(*(Store.connect(database_url) for _ in range(4)))
    try:
        sightings = await asyncio.gather(
            *(
                stores[index % len(stores)].replays.first_sighting(signature="v0=x", timestamp=7)
                for index in range(CONCURRENT)
            )
        )
    finally:
        await asyncio.gather(*(store.close() for store in stores))
    assert sorted(sightings) == [False] * (CONCURRENT - 1) + [True]


async def test_the_sweeper_housekeeping_forgets_only_sightings_older_than_the_window(
    database_url: str,
) -> None:
    clock = SteppedClock(START)
    async with await Store.connect(database_url, clock=clock) as store:
        assert await store.replays.first_sighting(signature="v0=old", timestamp=1) is True
        clock.advance(REPLAY_WINDOW)
        assert await store.replays.first_sighting(signature="v0=new", timestamp=2) is True
        clock.advance(timedelta(seconds=1))
        assert await store.replays.forget_old() == 1
        assert await store.replays.forget_old() == 0
        assert await store.replays.first_sighting(signature="v0=new", timestamp=2) is False
