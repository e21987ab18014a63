"""Series rows: a plan kept at preview time, confirmed once, versions that only grow, and the
action records of one series told apart from another's (keys that share a prefix included)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.store.actions import ActionState
from bot.store.series import action_prefix
from bot.store.store import Store

pytestmark = pytest.mark.anyio

PLAN = {"occurrences": [["2026-03-16T07:00:00+00:00", "2026-03-16T11:00:00+00:00"]], "status": 1}


async def test_a_plan_is_confirmed_once_and_its_versions_grow(store: Store) -> None:
    await store.series.save_plan(key="s1", routine_id=12, requested_by="U0ALICE", plan=PLAN)
    async with store.transaction() as tx:
        assert await tx.confirm_series("s1", context={"lang": "fr"})
        assert await tx.bump_series("s1") == 1
    async with store.transaction() as tx:
        assert not await tx.confirm_series("s1", context={"lang": "en"})
        assert await tx.bump_series("s1") == 2
    record = await store.series.get("s1")
    assert record is not None
    assert record.context == {"lang": "fr"}
    assert record.version == 2
    assert record.plan == PLAN
    await store.series.set_message("s1", "C0HVAC", "1.0001", progress=False)
    await store.series.set_message("s1", "D0ALICE", "1.0002", progress=True)
    record = await store.series.get("s1")
    assert record is not None
    assert (record.channel, record.ts) == ("C0HVAC", "1.0001")
    assert (record.progress_channel, record.progress_ts) == ("D0ALICE", "1.0002")


async def test_a_series_reads_only_its_own_action_records(store: Store) -> None:
    for key in ("s1", "s1_", "s10"):
        await store.series.save_plan(key=key, routine_id=12, requested_by="U0ALICE", plan=PLAN)
        for index in range(2):
            await store.actions.record_intent(
                key=f"{action_prefix(key)}c{index}:0",
                kind="series_create",
                payload={"series": key, "index": index},
                owner="p1",
            )
    await store.actions.record_intent(key="create:s1", kind="create", payload={}, owner="p1")
    mine = await store.series.actions("s1")
    assert [action.key for action in mine] == ["series:s1:c0:0", "series:s1:c1:0"]


async def test_leases_are_extended_only_for_what_the_owner_still_holds(store: Store) -> None:
    keys = [f"series:s1:c{index}:0" for index in range(3)]
    for key in keys[:2]:
        await store.actions.record_intent(key=key, kind="series_create", payload={}, owner="p1")
    await store.actions.record_intent(key=keys[2], kind="series_create", payload={}, owner="p2")
    await store.actions.finish_action(keys[1], owner="p1", state=ActionState.APPLIED)
    held = await store.series.extend_leases(keys, owner="p1", lease=timedelta(seconds=15))
    assert held == 1
