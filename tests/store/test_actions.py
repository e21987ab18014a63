"""Action records: one intent per key, advanced by its lease holder, taken over once expired."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.store.actions import ActionState
from bot.store.store import Store
from tests.store.clocks import SteppedClock
from tests.store.test_processes import gather_lists, run_racers

pytestmark = pytest.mark.anyio

START = datetime(2026, 3, 12, 9, 30, tzinfo=UTC)
LEASE = timedelta(seconds=60)
ABANDONED = 30
SWEEPERS = 8


@pytest.fixture
def clock() -> SteppedClock:
    return SteppedClock(START)


@pytest.fixture
async def clocked(database_url: str, clock: SteppedClock) -> AsyncIterator[Store]:
    async with await Store.connect(database_url, clock=clock) as store:
        yield store


async def record(store: Store, key: str, owner: str = "p1") -> None:
    _, created = await store.actions.record_intent(
        key=key, kind="create", payload={"site": 12}, owner=owner, intervention_id=None
    )
    assert created


async def test_an_intent_is_recorded_once_per_key(clocked: Store) -> None:
    first, created = await clocked.actions.record_intent(
        key="create:T1:abc", kind="create", payload={"site": 12}, owner="p1"
    )
    again, created_again = await clocked.actions.record_intent(
        key="create:T1:abc", kind="create", payload={"site": 99}, owner="p2"
    )

    assert (created, created_again) == (True, False)
    assert again == first
    assert (first.state, first.lease_owner, first.payload) == (
        ActionState.INTENT,
        "p1",
        {"site": 12},
    )


async def test_only_the_lease_holder_sends_and_finishes(clocked: Store) -> None:
    await record(clocked, "create:T1:abc")

    assert await clocked.actions.start_sending("create:T1:abc", owner="p2") is None
    sending = await clocked.actions.start_sending("create:T1:abc", owner="p1")
    assert sending is not None
    assert sending.state is ActionState.SENDING

    state = ActionState.APPLIED
    assert await clocked.actions.finish_action("create:T1:abc", owner="p2", state=state) is None
    applied = await clocked.actions.finish_action(
        "create:T1:abc", owner="p1", state=state, result={"id": 42}
    )
    assert applied is not None
    assert (applied.state, applied.result, applied.lease_owner) == (state, {"id": 42}, None)


async def test_an_action_left_mid_way_is_taken_over_once_its_lease_expires(
    clocked: Store, clock: SteppedClock
) -> None:
    await record(clocked, "create:T1:abc", owner="dead")
    await clocked.actions.start_sending("create:T1:abc", owner="dead", lease=LEASE)

    clock.advance(LEASE - timedelta(seconds=1))
    assert await clocked.actions.claim_abandoned(owner="sweeper") == []
    clock.advance(timedelta(seconds=1))
    (taken,) = await clocked.actions.claim_abandoned(owner="sweeper")
    assert (taken.key, taken.state, taken.lease_owner) == (
        "create:T1:abc",
        ActionState.SENDING,
        "sweeper",
    )
    assert await clocked.actions.claim_abandoned(owner="other") == []

    late = await clocked.actions.finish_action(
        "create:T1:abc", owner="dead", state=ActionState.APPLIED
    )
    assert late is None
    unknown = await clocked.actions.finish_action(
        "create:T1:abc", owner="sweeper", state=ActionState.UNKNOWN, error="lost after send"
    )
    assert unknown is not None
    assert unknown.state is ActionState.UNKNOWN


async def test_an_intent_never_sent_can_be_sent_by_whoever_took_it_over(
    clocked: Store, clock: SteppedClock
) -> None:
    await record(clocked, "assign:T1:7", owner="dead")
    clock.advance(LEASE)

    (taken,) = await clocked.actions.claim_abandoned(owner="sweeper")
    assert taken.state is ActionState.INTENT
    sending = await clocked.actions.start_sending("assign:T1:7", owner="sweeper")
    assert sending is not None
    assert await clocked.actions.start_sending("assign:T1:7", owner="dead") is None


async def test_finished_actions_are_never_taken_over(clocked: Store, clock: SteppedClock) -> None:
    await record(clocked, "create:T1:abc")
    await clocked.actions.finish_action("create:T1:abc", owner="p1", state=ActionState.FAILED)
    clock.advance(timedelta(days=1))
    assert await clocked.actions.claim_abandoned(owner="sweeper") == []


async def test_an_intent_and_its_effect_commit_together_or_not_at_all(clocked: Store) -> None:
    async def record_then_fail() -> None:
        async with clocked.transaction() as transaction:
            await transaction.record_intent(key="k", kind="create", payload={}, owner="p1")
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        await record_then_fail()
    assert await clocked.actions.get("k") is None


async def abandon_actions(database_url: str) -> set[str]:
    """Actions recorded an hour ago by a process that then died."""
    an_hour_ago = SteppedClock(datetime.now(UTC) - timedelta(hours=1))
    async with await Store.connect(database_url, clock=an_hour_ago) as past:
        keys = {f"create:T1:{index}" for index in range(ABANDONED)}
        for key in sorted(keys):
            await record(past, key, owner="dead")
    return keys


async def test_concurrent_sweepers_take_over_each_abandoned_action_once(
    store: Store, database_url: str
) -> None:
    keys = await abandon_actions(database_url)
    sweepers = [Store.connect(database_url) for _ in range(SWEEPERS)]
    stores = await asyncio.gather(*sweepers)
    try:
        batches = await asyncio.gather(
            *(s.actions.claim_abandoned(owner=f"s{n}", limit=5) for n, s in enumerate(stores))
        )
    finally:
        await asyncio.gather(*(s.close() for s in stores))

    claimed = [record.key for batch in batches for record in batch]
    leftover = [
        record.key for record in await store.actions.claim_abandoned(owner="last", limit=99)
    ]
    assert len(claimed) == len(set(claimed))
    assert sorted(claimed + leftover) == sorted(keys)


async def test_sweepers_in_two_processes_take_over_each_abandoned_action_once(
    store: Store, database_url: str, tmp_path: Path
) -> None:
    keys = await abandon_actions(database_url)

    results = await run_racers(tmp_path / "barrier", "sweep", database_url, "4")

    raw = gather_lists(results, "claimed")
    claimed = [key for key in raw if isinstance(key, str)]
    assert len(claimed) == len(raw)
    leftover = [
        record.key for record in await store.actions.claim_abandoned(owner="last", limit=99)
    ]
    assert len(claimed) == len(set(claimed))
    assert sorted(claimed + leftover) == sorted(keys)


async def test_a_holder_extends_its_lease_until_it_lapses(
    clocked: Store, clock: SteppedClock
) -> None:
    await record(clocked, "create:T1:abc")
    clock.advance(LEASE - timedelta(seconds=1))
    assert await clocked.actions.extend_lease("create:T1:abc", owner="p1", lease=LEASE) is True
    assert await clocked.actions.extend_lease("create:T1:abc", owner="p2", lease=LEASE) is False

    clock.advance(LEASE - timedelta(seconds=1))
    assert await clocked.actions.claim_abandoned(owner="sweeper") == []
    clock.advance(timedelta(seconds=1))
    assert await clocked.actions.extend_lease("create:T1:abc", owner="p1", lease=LEASE) is False
