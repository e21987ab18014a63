"""The store's promises: claims and transitions happen once, times stay aware, data survives."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest

from bot.model import Assignee, Intervention, ReassignmentRequest, RequestState
from bot.store.errors import MissingRowError
from bot.store.store import Store

pytestmark = pytest.mark.anyio

NOW = datetime(2026, 3, 12, 9, 30, 15, 123456, tzinfo=UTC)
PARIS = ZoneInfo("Europe/Paris")
PENDING = frozenset({RequestState.PENDING})
CONCURRENT_CLICKS = 20


async def add_request(
    store: Store,
    *,
    intervention_id: int = 42,
    created_at: datetime = NOW,
    expires_at: datetime = NOW + timedelta(hours=48),
) -> ReassignmentRequest:
    return await store.add_request(
        intervention_id=intervention_id,
        requested_by="U0TECH",
        proposed=Assignee(slack_user_id="U0BOB", company_contact_id=5),
        current=Assignee(profile_id=17),
        reason="Alice is on leave",
        email_previous_assignee=True,
        email_current_assignee=False,
        created_at=created_at,
        expires_at=expires_at,
        channel="C0HVAC",
        thread_ts="1700000000.000100",
    )


async def move(
    store: Store, request_id: int, to: RequestState, *, at: datetime = NOW, by: str | None = None
) -> ReassignmentRequest | None:
    """Transition from pending."""
    return await store.transition_request(request_id, from_states=PENDING, to=to, at=at, by=by)


def intervention(intervention_id: int = 42, **fields: object) -> Intervention:
    data: dict[str, object] = {
        "id": intervention_id,
        "routine_id": 12,
        "creation_status": 1,
        "scheduled_start": "2026-03-13T07:00:00.000Z",
        "scheduled_end": "2026-03-13T16:00:00.000Z",
        "assigned_profile_id": 17,
    }
    return Intervention.model_validate(data | fields)


# Interventions --------------------------------------------------------------------------


async def test_saved_intervention_reads_back_equal_with_aware_utc_times(store: Store) -> None:
    saved = intervention(description="Filtres & courroies <CTA>")

    await store.save_intervention(saved, requested_by="U0TECH")
    known = await store.get_intervention(42)

    assert known is not None
    assert known.intervention == saved
    assert known.intervention.scheduled_start == datetime(2026, 3, 13, 7, tzinfo=UTC)
    assert known.requested_by == "U0TECH"
    assert (known.channel, known.ts, known.site_rule_ids) == (None, None, None)


async def test_unknown_intervention_reads_as_none(store: Store) -> None:
    assert await store.get_intervention(404) is None


async def test_saving_a_newer_intervention_keeps_its_message_site_rules_and_requester(
    store: Store,
) -> None:
    await store.save_intervention(intervention(), requested_by="U0TECH")
    await store.set_intervention_message(42, "C0HVAC", "1700000000.000100")
    await store.set_site_rules(42, (3, 4))

    await store.save_intervention(intervention(assigned_profile_id=None, routine_id=None))
    known = await store.get_intervention(42)

    assert known is not None
    assert known.intervention.assigned_profile_id is None
    assert known.intervention.routine_id is None
    assert (known.channel, known.ts) == ("C0HVAC", "1700000000.000100")
    assert known.site_rule_ids == (3, 4)
    assert known.requested_by == "U0TECH"


async def test_message_of_an_intervention_never_saved_is_refused(store: Store) -> None:
    with pytest.raises(MissingRowError) as raised:
        await store.set_intervention_message(404, "C0HVAC", "1.2")
    assert (raised.value.table, raised.value.key) == ("interventions", 404)


# Claims ---------------------------------------------------------------------------------


async def test_claim_is_granted_to_the_first_caller_only(store: Store) -> None:
    assert await store.claim("confirm:T1:abc", at=NOW) is True
    assert await store.claim("confirm:T1:abc", at=NOW) is False
    assert await store.claim("confirm:T1:other", at=NOW) is True


async def test_twenty_concurrent_claimers_get_exactly_one_grant(store: Store) -> None:
    grants = await asyncio.gather(
        *(store.claim("confirm:T1:abc", at=NOW) for _ in range(CONCURRENT_CLICKS))
    )
    assert sorted(grants) == [False] * (CONCURRENT_CLICKS - 1) + [True]


async def test_claim_outcome_is_unknown_while_running_and_recorded_when_finished(
    store: Store,
) -> None:
    await store.claim("confirm:T1:abc", at=NOW)
    assert await store.claim_outcome("confirm:T1:abc") is None

    await store.finish_claim("confirm:T1:abc", outcome="created:42")

    assert await store.claim_outcome("confirm:T1:abc") == "created:42"
    assert await store.claim("confirm:T1:abc", at=NOW) is False


async def test_released_claim_can_be_claimed_again(store: Store) -> None:
    await store.claim("confirm:T1:abc", at=NOW)
    await store.release_claim("confirm:T1:abc")
    assert await store.claim("confirm:T1:abc", at=NOW + timedelta(seconds=5)) is True


# Reassignment requests ------------------------------------------------------------------


async def test_added_request_is_pending_and_reads_back_equal(store: Store) -> None:
    added = await add_request(store)

    assert added.state is RequestState.PENDING
    assert added.proposed == Assignee(slack_user_id="U0BOB", company_contact_id=5)
    assert added.current == Assignee(profile_id=17)
    assert await store.get_request(added.id) == added
    assert await store.get_request(added.id + 1000) is None


async def test_times_given_in_any_zone_come_back_as_the_same_instant_in_utc(store: Store) -> None:
    created = datetime(2026, 3, 29, 1, 59, 59, 999999, tzinfo=PARIS)  # just before Paris DST
    expires = datetime(2026, 3, 29, 3, 0, 0, 1, tzinfo=PARIS)
    added = await add_request(store, created_at=created, expires_at=expires)

    read = await store.get_request(added.id)

    assert read is not None
    assert (read.created_at, read.expires_at) == (created, expires)
    assert read.created_at.tzinfo is UTC
    assert read.expires_at.tzinfo is UTC
    assert read.expires_at - read.created_at == timedelta(microseconds=2)  # DST skipped an hour


async def test_naive_datetimes_are_refused(store: Store) -> None:
    naive = datetime(2026, 3, 12, 9, 30)  # noqa: DTZ001 - the point of the test
    with pytest.raises(ValueError, match="timezone-aware"):
        await store.claim("k", at=naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        await add_request(store, expires_at=naive)


async def test_transition_records_who_decided_when_and_why(store: Store) -> None:
    added = await add_request(store)
    decided_at = NOW + timedelta(minutes=5)

    rejected = await store.transition_request(
        added.id,
        from_states=PENDING,
        to=RequestState.REJECTED,
        at=decided_at,
        by="U0LEAD",
        reason="Bob is not certified",
    )

    assert rejected is not None
    assert rejected.state is RequestState.REJECTED
    assert (rejected.decided_by, rejected.decided_at) == ("U0LEAD", decided_at)
    assert rejected.decision_reason == "Bob is not certified"
    assert await store.get_request(added.id) == rejected


@pytest.mark.parametrize(
    "state",
    [RequestState.APPROVED, RequestState.REJECTED, RequestState.CANCELLED, RequestState.EXPIRED],
)
async def test_transition_from_a_state_not_listed_changes_nothing(
    store: Store, state: RequestState
) -> None:
    added = await add_request(store)
    moved = await store.transition_request(
        added.id, from_states=PENDING, to=state, at=NOW, by="U0LEAD"
    )

    again = await store.transition_request(
        added.id, from_states=PENDING, to=RequestState.CANCELLED, at=NOW, by="U0TECH"
    )

    assert again is None
    assert await store.get_request(added.id) == moved


async def test_transition_of_an_unknown_request_returns_none(store: Store) -> None:
    assert (
        await store.transition_request(404, from_states=PENDING, to=RequestState.APPROVED, at=NOW)
        is None
    )


async def test_failure_is_kept_until_a_retry_and_the_approver_is_not_forgotten(
    store: Store,
) -> None:
    added = await add_request(store)
    await store.transition_request(
        added.id, from_states=PENDING, to=RequestState.APPROVED, at=NOW, by="U0LEAD"
    )
    approved = frozenset({RequestState.APPROVED})

    failed = await store.transition_request(
        added.id, from_states=approved, to=RequestState.FAILED, at=NOW, failure="unreachable"
    )
    retried = await store.transition_request(
        added.id, from_states=frozenset({RequestState.FAILED}), to=RequestState.APPROVED, at=NOW
    )

    assert failed is not None
    assert (failed.state, failed.failure, failed.decided_by) == (
        RequestState.FAILED,
        "unreachable",
        "U0LEAD",
    )
    assert retried is not None
    assert (retried.state, retried.failure, retried.decided_by) == (
        RequestState.APPROVED,
        None,
        "U0LEAD",
    )


async def test_twenty_concurrent_approvals_leave_exactly_one_winner(store: Store) -> None:
    added = await add_request(store)

    results = await asyncio.gather(
        *(
            store.transition_request(
                added.id, from_states=PENDING, to=RequestState.APPROVED, at=NOW, by=f"U0LEAD{index}"
            )
            for index in range(CONCURRENT_CLICKS)
        )
    )

    winners = [result for result in results if result is not None]
    assert len(winners) == 1
    assert await store.get_request(added.id) == winners[0]


async def test_approval_message_location_is_remembered(store: Store) -> None:
    added = await add_request(store)
    await store.set_request_message(added.id, channel="C0HVAC", thread_ts="1.1", message_ts="1.2")
    read = await store.get_request(added.id)
    assert read is not None
    assert (read.channel, read.thread_ts, read.message_ts) == ("C0HVAC", "1.1", "1.2")
    with pytest.raises(MissingRowError):
        await store.set_request_message(404, channel="C", thread_ts=None, message_ts="1.3")


async def test_due_expirations_are_pending_requests_whose_deadline_has_come(store: Store) -> None:
    due = await add_request(store, expires_at=NOW)
    earlier = await add_request(store, expires_at=NOW - timedelta(hours=1))
    await add_request(store, expires_at=NOW + timedelta(microseconds=1))
    decided = await add_request(store, expires_at=NOW - timedelta(hours=2))
    await store.transition_request(
        decided.id, from_states=PENDING, to=RequestState.REJECTED, at=NOW
    )

    assert [request.id for request in await store.due_expirations(NOW)] == [earlier.id, due.id]


async def test_pending_requests_are_listed_per_intervention(store: Store) -> None:
    first = await add_request(store, intervention_id=42)
    second = await add_request(store, intervention_id=42)
    await add_request(store, intervention_id=43)
    await store.transition_request(
        second.id, from_states=PENDING, to=RequestState.CANCELLED, at=NOW
    )

    assert await store.pending_requests(42) == [first]


async def test_stalled_approvals_are_approved_requests_untouched_since_the_cutoff(
    store: Store,
) -> None:
    stalled = await add_request(store)
    fresh = await add_request(store)
    for request, at in ((stalled, NOW), (fresh, NOW + timedelta(minutes=10))):
        await store.transition_request(
            request.id, from_states=PENDING, to=RequestState.APPROVED, at=at
        )

    found = await store.stalled_approvals(NOW + timedelta(minutes=5))

    assert [request.id for request in found] == [stalled.id]


# Life cycle -----------------------------------------------------------------------------


async def test_restart_keeps_pending_requests_and_claims(database_url: str) -> None:
    async with await Store.connect(database_url) as first:
        added = await add_request(first)
        await first.claim("confirm:T1:abc", at=NOW)

    async with await Store.connect(database_url) as restarted:
        assert await restarted.pending_requests(42) == [added]
        assert await restarted.claim("confirm:T1:abc", at=NOW) is False
        assert await restarted.due_expirations(added.expires_at) == [added]


async def test_connect_log_names_the_database_but_never_its_password(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="bot.store"):
        async with await Store.connect(database_url):
            pass

    parts = urlsplit(database_url)
    assert f"store: {parts.scheme}" in caplog.text
    assert f":{parts.password}@" not in caplog.text
