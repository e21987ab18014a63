"""The following-up queries and claims, on SQLite and PostgreSQL: bounded lists by person and
routine, reminder legs claimed once by concurrent claimers, Home tab digests claimed once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.model import Intervention
from bot.store.following import People, Routines
from bot.store.reminders import reminder_key
from bot.store.store import Store

pytestmark = pytest.mark.anyio
NOW = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)


def planned(
    n: int, *, hours: float, routine: int = 12, status: int = 1, **more: int
) -> Intervention:
    start = NOW + timedelta(hours=hours)
    return Intervention(
        id=n,
        routine_id=routine,
        creation_status=status,
        scheduled_start=start,
        scheduled_end=start + timedelta(hours=1),
        **more,
    )


async def test_upcoming_is_soonest_first_bounded_and_counts_the_rest(store: Store) -> None:
    for n in range(30):
        await store.save_intervention(planned(100 + n, hours=30 - n), requested_by="U0ALICE")
    await store.save_intervention(planned(1, hours=-1), requested_by="U0ALICE")  # started
    await store.save_intervention(planned(2, hours=2, status=2), requested_by="U0ALICE")  # done
    page = await store.following.upcoming(after=NOW, until=NOW + timedelta(days=14), limit=20)
    assert page.total == 30
    assert [k.intervention.id for k in page.items] == list(range(129, 109, -1))


async def test_mine_is_created_by_or_assigned_to_and_team_is_by_routine(store: Store) -> None:
    await store.save_intervention(planned(1, hours=1), requested_by="U0ALICE")
    await store.save_intervention(planned(2, hours=2, assigned_profile_id=17), requested_by="U0BOB")
    await store.save_intervention(planned(3, hours=3, routine=20), requested_by="U0BOB")
    await store.save_intervention(planned(4, hours=4, routine=99), requested_by="U0BOB")
    following = store.following
    until = NOW + timedelta(days=1)

    async def ids(**where: object) -> list[int]:
        page = await following.upcoming(after=NOW, until=until, **where)  # type: ignore[arg-type]
        return [k.intervention.id for k in page.items]

    assert await ids(people=People("U0ALICE", profile_id=17)) == [1, 2]
    assert await ids(routines=Routines(frozenset({20}))) == [3]
    every = frozenset({12, 13, 20})
    first_team = Routines(frozenset({12, 13}), unlisted=True, every_listed=every)
    assert await ids(routines=first_team) == [1, 2, 4]
    assert await following.routines_of(People("U0BOB")) == {12, 20, 99}


async def test_each_reminder_leg_is_claimed_once_by_concurrent_claimers(store: Store) -> None:
    for n in range(40):
        await store.save_intervention(planned(n + 1, hours=0.5), requested_by="U0ALICE")
    await store.save_intervention(planned(99, hours=3), requested_by="U0ALICE")  # not yet due
    following = store.reminders

    async def claim(owner: str) -> list[tuple[int, str]]:
        claimed = await following.claim_reminders(
            now=NOW,
            before=timedelta(hours=1),
            legs=("direct", "thread"),
            owner=owner,
            lease=timedelta(seconds=60),
        )
        return [(known.intervention.id, leg) for known, leg in claimed]

    results = await asyncio.gather(*(claim(f"process-{n}") for n in range(4)))
    everything = [pair for result in results for pair in result]
    assert sorted(everything) == sorted(
        (n + 1, leg) for n in range(40) for leg in ("direct", "thread")
    )
    assert await claim("late") == []  # held under leases: nobody else takes them


async def test_a_sent_leg_is_never_claimed_again_and_a_moved_start_is_a_new_reminder(
    store: Store,
) -> None:
    await store.save_intervention(planned(7, hours=0.5), requested_by="U0ALICE")
    following = store.reminders
    lease = timedelta(seconds=60)
    [(known, leg)] = await following.claim_reminders(
        now=NOW, before=timedelta(hours=1), legs=("direct",), owner="a", lease=lease
    )
    await following.finish_reminders([reminder_key(known, leg)], owner="a")
    later = NOW + timedelta(minutes=5)
    assert (
        await following.claim_reminders(
            now=later, before=timedelta(hours=1), legs=("direct",), owner="b", lease=lease
        )
        == []
    )
    await store.save_intervention(planned(7, hours=0.75))  # rescheduled a quarter hour later
    [(moved, _)] = await following.claim_reminders(
        now=later, before=timedelta(hours=1), legs=("direct",), owner="b", lease=lease
    )
    assert moved.intervention.scheduled_start == NOW + timedelta(hours=0.75)


async def test_a_home_digest_is_claimed_by_one_caller_per_change(store: Store) -> None:
    following = store.following
    await following.home_opened("U0ALICE")
    assert await following.home_viewers() == ["U0ALICE"]
    wins = await asyncio.gather(*(following.claim_home_digest("U0ALICE", "v1") for _ in range(5)))
    assert sorted(wins) == [False, False, False, False, True]
    assert await following.claim_home_digest("U0ALICE", "v1") is False
    assert await following.claim_home_digest("U0ALICE", "v2") is True


async def test_a_claim_whose_process_died_is_taken_over_when_its_lease_ends(store: Store) -> None:
    await store.save_intervention(planned(8, hours=0.5), requested_by="U0ALICE")
    claims = store.reminders
    lease = timedelta(seconds=60)

    async def claim(owner: str, at: datetime) -> list[int]:
        claimed = await claims.claim_reminders(
            now=at, before=timedelta(hours=1), legs=("direct",), owner=owner, lease=lease
        )
        return [known.intervention.id for known, _ in claimed]

    assert await claim("crashed", NOW) == [8]  # it never says whether it sent
    assert await claim("restarted", NOW + timedelta(seconds=59)) == []
    assert await claim("restarted", NOW + timedelta(seconds=61)) == [8]
