"""The outbox: effects commit with their state change, each is delivered by one claimer at a time,
in order within a lane, retried with backoff, taken over when a claimer's lease expires."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.store.outbox import Effect, EffectStatus, backoff
from bot.store.store import Store
from tests.store.clocks import SteppedClock
from tests.store.test_processes import gather_lists, run_racers

pytestmark = pytest.mark.anyio

START = datetime(2026, 3, 12, 9, 30, tzinfo=UTC)
LEASE = timedelta(seconds=30)
THREADS = 8
EFFECTS = 120


def parent_update(version: int) -> Effect:
    return Effect(
        kind="chat.update",
        payload={"text": f"v{version}"},
        channel="C1",
        ts="1.1",
        lane="intervention:42",
        target="parent:C1:1.1",
        version=version,
    )


def reply(text: str, *, lane: str | None = "intervention:42") -> Effect:
    return Effect(kind="chat.postMessage", payload={"text": text}, channel="C1", lane=lane)


@pytest.fixture
def clock() -> SteppedClock:
    return SteppedClock(START)


@pytest.fixture
async def clocked(database_url: str, clock: SteppedClock) -> AsyncIterator[Store]:
    async with await Store.connect(database_url, clock=clock) as store:
        yield store


async def test_an_effect_is_claimed_once_then_delivered(clocked: Store) -> None:
    effect_id = await clocked.outbox.enqueue(reply("hello", lane=None))
    assert effect_id is not None

    (claimed,) = await clocked.outbox.claim(owner="p1")
    assert (claimed.id, claimed.effect.payload, claimed.attempts) == (
        effect_id,
        {"text": "hello"},
        1,
    )
    assert claimed.status is EffectStatus.SENDING
    assert await clocked.outbox.claim(owner="p2") == []
    assert await clocked.outbox.backlog() == 1

    assert await clocked.outbox.mark_delivered(effect_id, owner="p1") is True
    assert await clocked.outbox.backlog() == 0
    assert await clocked.outbox.claim(owner="p2") == []


async def test_a_second_effect_with_the_same_dedup_key_is_not_added(clocked: Store) -> None:
    effect = Effect(kind="chat.postMessage", payload={}, channel="C1", dedup_key="confirm:42")
    first = await clocked.outbox.enqueue(effect)
    assert first is not None
    assert await clocked.outbox.enqueue(effect) is None
    assert [claimed.id for claimed in await clocked.outbox.claim(owner="p1")] == [first]


async def test_effects_written_in_a_failed_transaction_are_not_kept(clocked: Store) -> None:
    async def enqueue_then_fail() -> None:
        async with clocked.transaction() as transaction:
            await transaction.enqueue_effect(reply("never", lane=None))
            raise RuntimeError("state change failed")

    with pytest.raises(RuntimeError, match="state change failed"):
        await enqueue_then_fail()
    assert await clocked.outbox.backlog() == 0

    async with clocked.transaction() as transaction:
        await transaction.enqueue_effect(reply("kept", lane=None))
    assert await clocked.outbox.backlog() == 1


async def test_a_lane_delivers_one_effect_at_a_time_in_order(clocked: Store) -> None:
    first = await clocked.outbox.enqueue(reply("first"))
    second = await clocked.outbox.enqueue(reply("second"))
    elsewhere = await clocked.outbox.enqueue(reply("other", lane="intervention:7"))

    claimed = await clocked.outbox.claim(owner="p1", limit=10)
    assert [effect.id for effect in claimed] == [first, elsewhere]
    assert first is not None
    assert await clocked.outbox.mark_delivered(first, owner="p1") is True
    assert [effect.id for effect in await clocked.outbox.claim(owner="p2")] == [second]


async def test_a_transient_failure_is_retried_after_a_backoff_that_blocks_its_lane(
    clocked: Store, clock: SteppedClock
) -> None:
    first = await clocked.outbox.enqueue(reply("first"))
    await clocked.outbox.enqueue(reply("second"))
    assert first is not None
    await clocked.outbox.claim(owner="p1")
    assert await clocked.outbox.retry_later(first, owner="p1", error="ratelimited") is True

    assert await clocked.outbox.claim(owner="p2") == []
    clock.advance(backoff(1))
    (retried,) = await clocked.outbox.claim(owner="p2")
    assert (retried.id, retried.attempts, retried.last_error) == (first, 2, "ratelimited")


def test_backoff_doubles_up_to_its_cap() -> None:
    delays = [backoff(attempts).total_seconds() for attempts in (1, 2, 3, 4, 5, 6, 7, 60)]
    assert delays == [1, 2, 4, 8, 16, 30, 30, 30]


async def test_a_final_error_fails_the_effect_for_good(clocked: Store, clock: SteppedClock) -> None:
    effect_id = await clocked.outbox.enqueue(reply("gone", lane=None))
    assert effect_id is not None
    await clocked.outbox.claim(owner="p1")
    assert await clocked.outbox.mark_failed(effect_id, owner="p1", error="channel_not_found")

    clock.advance(timedelta(hours=1))
    assert await clocked.outbox.claim(owner="p2") == []
    failed = await clocked.outbox.get(effect_id)
    assert failed is not None
    assert (failed.status, failed.last_error) == (EffectStatus.FAILED, "channel_not_found")


async def test_an_expired_lease_is_claimed_again_and_the_old_holder_is_refused(
    clocked: Store, clock: SteppedClock
) -> None:
    effect_id = await clocked.outbox.enqueue(reply("hello", lane=None))
    assert effect_id is not None
    await clocked.outbox.claim(owner="dead", lease=LEASE)

    clock.advance(LEASE - timedelta(seconds=1))
    assert await clocked.outbox.claim(owner="p2") == []
    clock.advance(timedelta(seconds=1))
    (taken,) = await clocked.outbox.claim(owner="p2", lease=LEASE)
    assert (taken.id, taken.attempts, taken.lease_owner) == (effect_id, 2, "p2")

    assert await clocked.outbox.mark_delivered(effect_id, owner="dead") is False
    assert await clocked.outbox.mark_delivered(effect_id, owner="p2") is True


async def test_an_older_rendering_never_replaces_a_newer_one(clocked: Store) -> None:
    newer = await clocked.outbox.enqueue(parent_update(2))
    older = await clocked.outbox.enqueue(parent_update(1))
    assert newer is not None
    assert older is not None

    (claimed,) = await clocked.outbox.claim(owner="p1", limit=10)
    assert claimed.effect.version == 2
    stale = await clocked.outbox.get(older)
    assert stale is not None
    assert stale.status is EffectStatus.SUPERSEDED


async def test_a_newer_rendering_supersedes_a_pending_older_one(clocked: Store) -> None:
    older = await clocked.outbox.enqueue(parent_update(1))
    newest = await clocked.outbox.enqueue(parent_update(3))
    assert older is not None

    claimed = await clocked.outbox.claim(owner="p1", limit=10)
    assert [effect.id for effect in claimed] == [newest]
    superseded = await clocked.outbox.get(older)
    assert superseded is not None
    assert superseded.status is EffectStatus.SUPERSEDED


def drain_in_thread(url: str, owner: str) -> list[int]:
    """One claimer on its own thread, event loop and connection pool."""

    async def drain() -> list[int]:
        async with await Store.connect(url) as store:
            delivered: list[int] = []
            while batch := await store.outbox.claim(owner=owner, limit=3):
                for claimed in batch:
                    assert await store.outbox.mark_delivered(claimed.id, owner=owner)
                    delivered.append(claimed.id)
            return delivered

    return asyncio.run(drain())


async def enqueue_many(store: Store, count: int) -> set[int]:
    ids: set[int] = set()
    for index in range(count):
        effect_id = await store.outbox.enqueue(reply(f"#{index}", lane=f"intervention:{index % 5}"))
        assert effect_id is not None
        ids.add(effect_id)
    return ids


async def test_claimers_on_many_threads_deliver_each_effect_once(
    store: Store, database_url: str
) -> None:
    enqueued = await enqueue_many(store, EFFECTS)

    batches = await asyncio.gather(
        *(asyncio.to_thread(drain_in_thread, database_url, f"t{n}") for n in range(THREADS))
    )

    delivered = [effect_id for batch in batches for effect_id in batch]
    assert sorted(delivered) == sorted(enqueued)
    assert await store.outbox.backlog() == 0


async def test_claimers_in_two_processes_deliver_each_effect_once(
    store: Store, database_url: str, tmp_path: Path
) -> None:
    enqueued = await enqueue_many(store, EFFECTS)

    results = await run_racers(tmp_path / "barrier", "drain", database_url, "4")

    raw = gather_lists(results, "delivered")
    delivered = [effect_id for effect_id in raw if isinstance(effect_id, int)]
    assert len(delivered) == len(raw)
    assert sorted(delivered) == sorted(enqueued)
    assert await store.outbox.backlog() == 0


async def test_renderings_queued_at_the_same_moment_deliver_only_the_newest(clocked: Store) -> None:
    """On PostgreSQL the older rendering is queued while the newer one's transaction is open, so
    neither sees the other; SQLite serialises the two transactions."""
    older_queued = asyncio.Event()

    async def queue_older() -> None:
        async with clocked.transaction() as transaction:
            await transaction.enqueue_effect(parent_update(2))
        older_queued.set()

    async with clocked.transaction() as transaction:
        await transaction.enqueue_effect(parent_update(3))
        older = asyncio.create_task(queue_older())
        if clocked.dialect == "postgresql":
            await older_queued.wait()
    await older

    delivered: list[int | None] = []
    while batch := await clocked.outbox.claim(owner="p1"):
        for claimed in batch:
            assert await clocked.outbox.mark_delivered(claimed.id, owner="p1")
            delivered.append(claimed.effect.version)
    assert delivered == [3]
