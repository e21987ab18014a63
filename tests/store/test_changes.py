"""Changes of one intervention: serialised by their turn, versioned, and their parent renderings
queued at the version the change left (`start_sending_in_turn`, `queue_parent_update`)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from bot.store.actions import ActionState, Turn
from bot.store.outbox import PARENT_UPDATE, EffectStatus
from bot.store.store import Store
from tests.store.clocks import SteppedClock
from tests.store.test_store import intervention

pytestmark = pytest.mark.anyio

START = datetime(2026, 3, 12, 9, 30, tzinfo=UTC)
LEASE = timedelta(seconds=60)
RACERS = 12


@pytest.fixture
async def clocked(database_url: str) -> AsyncIterator[Store]:
    async with await Store.connect(database_url, clock=SteppedClock(START)) as store:
        yield store


async def intent(store: Store, key: str, intervention_id: int = 42, owner: str = "p1") -> None:
    await store.actions.record_intent(
        key=key, kind="reschedule", payload={}, owner=owner, intervention_id=intervention_id
    )


async def test_a_change_waits_while_another_of_the_same_intervention_is_sending(
    clocked: Store,
) -> None:
    for key in ("first", "second"):
        await intent(clocked, key)
    await intent(clocked, "elsewhere", intervention_id=43)
    turns = clocked.actions.start_sending_in_turn

    taken, record = await turns("first", intervention_id=42, owner="p1")
    assert (taken, record is not None) == (Turn.TAKEN, True)
    assert await turns("second", intervention_id=42, owner="p1") == (Turn.WAIT, None)
    other, _ = await turns("elsewhere", intervention_id=43, owner="p1")
    assert other is Turn.TAKEN

    await clocked.actions.finish_action("first", owner="p1", state=ActionState.APPLIED)
    second, _ = await turns("second", intervention_id=42, owner="p1")
    assert second is Turn.TAKEN
    assert await turns("second", intervention_id=42, owner="p1") == (Turn.NOT_YOURS, None)


def take_turn_in_thread(url: str, key: str, barrier: threading.Barrier) -> Turn:
    """One process-like racer: its own thread, event loop and connection pool."""

    async def take() -> Turn:
        async with await Store.connect(url) as store:
            await store.get_intervention(42)  # the pool holds a connection before the race
            barrier.wait()
            turn, _ = await store.actions.start_sending_in_turn(key, intervention_id=42, owner=key)
            return turn

    return asyncio.run(take())


async def test_of_many_changes_taking_their_turn_at_once_one_is_sending(
    clocked: Store, database_url: str
) -> None:
    keys = [f"change-{index}" for index in range(RACERS)]
    for key in keys:
        await intent(clocked, key, owner=key)
    barrier = threading.Barrier(RACERS)

    with ThreadPoolExecutor(RACERS) as pool:
        turns = list(pool.map(lambda key: take_turn_in_thread(database_url, key, barrier), keys))

    assert sorted(turns) == sorted([Turn.TAKEN] + [Turn.WAIT] * (RACERS - 1))


async def test_each_recorded_change_bumps_the_version_its_parent_update_carries(
    clocked: Store,
) -> None:
    async with clocked.transaction() as tx:
        await tx.save_intervention(intervention(description="first"))
        first = await tx.queue_parent_update(42)
    async with clocked.transaction() as tx:
        await tx.save_intervention(intervention(description="second"))
        second = await tx.queue_parent_update(42)
        again = await tx.queue_parent_update(42)

    known = await clocked.get_intervention(42)
    assert known is not None
    assert known.version == 2
    assert first is not None
    assert second is not None
    assert again is None  # that version is queued already
    older = await clocked.outbox.get(first)
    assert older is not None
    assert older.status is EffectStatus.SUPERSEDED
    [claimed] = await clocked.outbox.claim(owner="p1", limit=10)
    assert (claimed.id, claimed.effect.kind, claimed.effect.version) == (second, PARENT_UPDATE, 2)
    assert claimed.effect.payload == {"intervention_id": 42, "version": 2}


async def test_an_intervention_the_store_does_not_know_has_no_parent_to_update(
    clocked: Store,
) -> None:
    async with clocked.transaction() as tx:
        assert await tx.queue_parent_update(777) is None
    assert await clocked.outbox.backlog() == 0
