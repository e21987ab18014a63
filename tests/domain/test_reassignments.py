"""Reassignment requests against the real client, the sandbox API and the store (every backend)."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.api.client import InterventionsClient
from bot.api.errors import InvalidRequest
from bot.api.sandbox import Sandbox
from bot.config import BotConfig
from bot.domain import reassignments
from bot.domain.errors import AlreadyDecided, NotAllowed, UnknownRequest, UnmappedAssignee
from bot.domain.reassignments import (
    INTERRUPTED,
    TRANSITIONS,
    Applied,
    ApplyFailed,
    Event,
    Expired,
    ReassignmentAsk,
    Reassignments,
)
from bot.model import (
    Assignee,
    CreationStatus,
    Intervention,
    InterventionChanges,
    ReassignmentRequest,
    RequestState,
    TimeWindow,
)
from bot.store.store import Store

pytestmark = pytest.mark.anyio

NOW = datetime(2026, 3, 12, 9, 30, tzinfo=UTC)
TTL = timedelta(hours=48)
CONFIG = BotConfig.model_validate(
    {
        "managers": ["U0BOSS"],
        "approval_ttl": "48h",
        "teams": [
            {"name": "HVAC", "channel": "C0HVAC", "routines": [12], "managers": ["U0LEAD"]},
            {"name": "Power", "channel": "C0POWER", "routines": [20], "managers": ["U0SPARK"]},
        ],
        "assignees": {"U0ALICE": {"profile_id": 17}, "U0BOB": {"company_contact_id": 5}},
    }
)
ALICE = CONFIG.assignee_for("U0ALICE")
BOB = CONFIG.assignee_for("U0BOB")
CLICKS = 20


@pytest.fixture
def desk(api: InterventionsClient, store: Store) -> Reassignments:
    return Reassignments(api, store, CONFIG)


@pytest.fixture
async def intervention(api: InterventionsClient, store: Store) -> Intervention:
    """An intervention of routine 12 (team HVAC) assigned to Alice, as the store knows it."""
    window = TimeWindow(NOW + timedelta(days=1), NOW + timedelta(days=1, hours=2))
    created = await api.create_from_routine(12, window, CreationStatus.SCHEDULED)
    assigned = await api.update_intervention(created.id, InterventionChanges(assignee=ALICE))
    await store.save_intervention(assigned, requested_by="U0TECH")
    return assigned


def reassignment_patches(sandbox: Sandbox) -> list[Any]:
    """Bodies of the PATCHes sent after the `intervention` fixture's own assignment."""
    return [request.body for request in sandbox.requests if request.method == "PATCH"][1:]


async def ask(
    desk: Reassignments, intervention: Intervention, *, requested_by: str = "U0TECH"
) -> ReassignmentRequest:
    return await desk.request_reassignment(
        ReassignmentAsk(
            intervention.id, requested_by=requested_by, proposed=BOB, reason="Alice is ill"
        ),
        now=NOW,
    )


# The table ------------------------------------------------------------------------------


def test_transition_table_is_the_diagram_in_the_docstring() -> None:
    edges = re.findall(r"^\s*(\w+) --> (\w+) : (\w+)$", reassignments.__doc__ or "", re.M)
    drawn = {(source, target, event) for source, target, event in edges if source != "[*]"}
    table = {
        (source.value, target.value, event.value)
        for event, (sources, target) in TRANSITIONS.items()
        for source in sources
    }
    assert drawn == table
    assert {event.value for event in Event} == {event for _, _, event in drawn}


# Requesting -----------------------------------------------------------------------------


async def test_request_is_pending_until_the_approval_ttl_with_the_current_assignee(
    desk: Reassignments, intervention: Intervention, sandbox: Sandbox
) -> None:
    request = await ask(desk, intervention)

    assert request.state is RequestState.PENDING
    assert (request.requested_by, request.proposed, request.current) == ("U0TECH", BOB, ALICE)
    assert request.expires_at == NOW + TTL
    assert (request.email_previous_assignee, request.email_current_assignee) == (True, False)
    assert reassignment_patches(sandbox) == []


async def test_request_for_a_slack_user_without_api_identity_is_refused(
    desk: Reassignments, intervention: Intervention
) -> None:
    with pytest.raises(UnmappedAssignee) as raised:
        await desk.request_reassignment(
            ReassignmentAsk(
                intervention.id, requested_by="U0TECH", proposed=Assignee(slack_user_id="U0NEW")
            ),
            now=NOW,
        )
    assert raised.value.slack_user_id == "U0NEW"


async def test_deciders_are_the_team_managers_then_the_global_ones(
    desk: Reassignments, intervention: Intervention
) -> None:
    assert await desk.deciders(await ask(desk, intervention)) == ("U0LEAD", "U0BOSS")


# Approving ------------------------------------------------------------------------------


async def test_team_manager_approval_sends_one_patch_with_the_exact_body(
    desk: Reassignments, intervention: Intervention, sandbox: Sandbox, store: Store
) -> None:
    request = await ask(desk, intervention)

    decision = await desk.approve_reassignment(
        request.id, by="U0LEAD", now=NOW + timedelta(hours=1)
    )

    assert isinstance(decision, Applied)
    assert reassignment_patches(sandbox) == [
        {
            "assignedCompanyContactId": 5,
            "previousAssigneeNotification": {"sendEmail": True, "reason": "Alice is ill"},
            "sendUpdateEmailToCurrentAssignee": False,
        }
    ]
    assert decision.intervention.assigned_company_contact_id == 5
    assert decision.request.state is RequestState.APPLIED
    assert (decision.request.decided_by, decision.request.decided_at) == (
        "U0LEAD",
        NOW + timedelta(hours=1),
    )
    known = await store.get_intervention(intervention.id)
    assert known is not None
    assert known.intervention == decision.intervention


async def test_global_manager_may_approve_any_team_request(
    desk: Reassignments, intervention: Intervention
) -> None:
    decision = await desk.approve_reassignment(
        (await ask(desk, intervention)).id, by="U0BOSS", now=NOW
    )
    assert isinstance(decision, Applied)


@pytest.mark.parametrize(
    "clicker", ["U0TECH", "U0SPARK", "U0ALICE"], ids=["requester", "other-team-manager", "anyone"]
)
async def test_approval_by_someone_not_managing_the_team_is_refused_and_changes_nothing(
    desk: Reassignments, intervention: Intervention, sandbox: Sandbox, clicker: str
) -> None:
    request = await ask(desk, intervention)

    with pytest.raises(NotAllowed) as raised:
        await desk.approve_reassignment(request.id, by=clicker, now=NOW)
    with pytest.raises(NotAllowed):
        await desk.reject_reassignment(request.id, by=clicker, reason="no", now=NOW)

    assert raised.value.who_may == ("U0LEAD", "U0BOSS")
    assert await desk.store.get_request(request.id) == request
    assert reassignment_patches(sandbox) == []


async def test_twenty_simultaneous_approvals_send_exactly_one_patch(
    desk: Reassignments, intervention: Intervention, sandbox: Sandbox
) -> None:
    request = await ask(desk, intervention)
    managers = ["U0LEAD", "U0BOSS"] * (CLICKS // 2)

    results = await asyncio.gather(
        *(desk.approve_reassignment(request.id, by=who, now=NOW) for who in managers),
        return_exceptions=True,
    )

    applied = [result for result in results if isinstance(result, Applied)]
    losers = [result for result in results if isinstance(result, AlreadyDecided)]
    assert (len(applied), len(losers)) == (1, CLICKS - 1)
    assert len(reassignment_patches(sandbox)) == 1
    winner = applied[0].request
    assert all(loser.by == winner.decided_by and loser.at == winner.decided_at for loser in losers)
    assert {loser.state for loser in losers} <= {RequestState.APPROVED, RequestState.APPLIED}


async def test_approval_after_the_deadline_expires_the_request_and_sends_nothing(
    desk: Reassignments, intervention: Intervention, sandbox: Sandbox
) -> None:
    request = await ask(desk, intervention)

    decision = await desk.approve_reassignment(request.id, by="U0LEAD", now=NOW + TTL)

    assert isinstance(decision, Expired)
    assert decision.request.state is RequestState.EXPIRED
    assert reassignment_patches(sandbox) == []
    with pytest.raises(AlreadyDecided) as raised:
        await desk.approve_reassignment(request.id, by="U0LEAD", now=NOW + TTL)
    assert (raised.value.state, raised.value.by, raised.value.at) == (
        RequestState.EXPIRED,
        None,
        NOW + TTL,
    )


async def test_unknown_request_is_reported_by_id(desk: Reassignments) -> None:
    with pytest.raises(UnknownRequest) as raised:
        await desk.approve_reassignment(404, by="U0BOSS", now=NOW)
    assert raised.value.request_id == 404


# Rejecting, cancelling, expiring --------------------------------------------------------


async def test_rejection_keeps_who_when_and_why_and_sends_nothing(
    desk: Reassignments, intervention: Intervention, sandbox: Sandbox
) -> None:
    request = await ask(desk, intervention)

    rejected = await desk.reject_reassignment(
        request.id, by="U0LEAD", reason="Bob is not certified", now=NOW + timedelta(minutes=3)
    )

    assert isinstance(rejected, ReassignmentRequest)
    assert rejected.state is RequestState.REJECTED
    assert (rejected.decided_by, rejected.decided_at) == ("U0LEAD", NOW + timedelta(minutes=3))
    assert rejected.decision_reason == "Bob is not certified"
    assert reassignment_patches(sandbox) == []
    with pytest.raises(AlreadyDecided) as raised:
        await desk.approve_reassignment(request.id, by="U0BOSS", now=NOW)
    assert (raised.value.state, raised.value.by) == (RequestState.REJECTED, "U0LEAD")


async def test_only_the_requester_may_cancel(
    desk: Reassignments, intervention: Intervention, sandbox: Sandbox
) -> None:
    request = await ask(desk, intervention)

    with pytest.raises(NotAllowed) as raised:
        await desk.cancel_reassignment(request.id, by="U0LEAD", now=NOW)
    cancelled = await desk.cancel_reassignment(request.id, by="U0TECH", now=NOW)

    assert raised.value.who_may == ("U0TECH",)
    assert isinstance(cancelled, ReassignmentRequest)
    assert (cancelled.state, cancelled.decided_by) == (RequestState.CANCELLED, "U0TECH")
    assert reassignment_patches(sandbox) == []


async def test_cancel_after_the_deadline_reports_the_expiry(
    desk: Reassignments, intervention: Intervention
) -> None:
    request = await ask(desk, intervention)
    outcome = await desk.cancel_reassignment(request.id, by="U0TECH", now=NOW + TTL + TTL)
    assert isinstance(outcome, Expired)
    assert outcome.request.state is RequestState.EXPIRED


async def test_expiry_sweep_expires_each_due_request_exactly_once(
    desk: Reassignments, intervention: Intervention
) -> None:
    due = await ask(desk, intervention)
    later = await desk.request_reassignment(
        ReassignmentAsk(intervention.id, requested_by="U0TECH", proposed=BOB),
        now=NOW + timedelta(hours=1),
    )

    sweeps = await asyncio.gather(*(desk.expire_reassignments(NOW + TTL) for _ in range(5)))

    expired = [request for sweep in sweeps for request in sweep]
    assert [request.id for request in expired] == [due.id]
    assert expired[0].state is RequestState.EXPIRED
    assert await desk.store.pending_requests(intervention.id) == [later]


# Failing and retrying -------------------------------------------------------------------


async def test_failed_patch_keeps_the_request_failed_with_its_error_until_retry_applies_it(
    desk: Reassignments, intervention: Intervention, sandbox: Sandbox
) -> None:
    request = await ask(desk, intervention)
    sandbox.fail_next(400)

    failed = await desk.approve_reassignment(request.id, by="U0LEAD", now=NOW)
    retried = await desk.retry_reassignment(request.id, by="U0TECH", now=NOW + timedelta(minutes=1))

    assert isinstance(failed, ApplyFailed)
    assert isinstance(failed.error, InvalidRequest)
    assert (failed.request.state, failed.request.failure) == (
        RequestState.FAILED,
        "InvalidRequest:400",
    )
    assert isinstance(retried, Applied)
    assert (retried.request.state, retried.request.failure) == (RequestState.APPLIED, None)
    assert retried.request.decided_by == "U0LEAD"
    assert retried.intervention.assigned_company_contact_id == 5
    bodies = reassignment_patches(sandbox)
    assert len(bodies) == 2
    assert bodies[0] == bodies[1]


async def test_retry_by_someone_neither_manager_nor_requester_is_refused(
    desk: Reassignments, intervention: Intervention, sandbox: Sandbox
) -> None:
    request = await ask(desk, intervention)
    sandbox.fail_next(400)
    await desk.approve_reassignment(request.id, by="U0LEAD", now=NOW)

    with pytest.raises(NotAllowed) as raised:
        await desk.retry_reassignment(request.id, by="U0SPARK", now=NOW)

    assert raised.value.who_may == ("U0LEAD", "U0BOSS", "U0TECH")
    assert len(reassignment_patches(sandbox)) == 1


async def test_retry_of_a_request_that_did_not_fail_is_already_decided(
    desk: Reassignments, intervention: Intervention, sandbox: Sandbox
) -> None:
    request = await ask(desk, intervention)
    await desk.approve_reassignment(request.id, by="U0LEAD", now=NOW)

    with pytest.raises(AlreadyDecided) as raised:
        await desk.retry_reassignment(request.id, by="U0LEAD", now=NOW)

    assert raised.value.state is RequestState.APPLIED
    assert len(reassignment_patches(sandbox)) == 1


async def test_simultaneous_retries_send_exactly_one_patch(
    desk: Reassignments, intervention: Intervention, sandbox: Sandbox
) -> None:
    request = await ask(desk, intervention)
    sandbox.fail_next(400)
    await desk.approve_reassignment(request.id, by="U0LEAD", now=NOW)

    results = await asyncio.gather(
        *(desk.retry_reassignment(request.id, by="U0TECH", now=NOW) for _ in range(CLICKS)),
        return_exceptions=True,
    )

    assert sum(isinstance(result, Applied) for result in results) == 1
    assert sum(isinstance(result, AlreadyDecided) for result in results) == CLICKS - 1
    assert len(reassignment_patches(sandbox)) == 2


async def test_approval_interrupted_before_its_patch_becomes_failed_and_retryable(
    desk: Reassignments, intervention: Intervention, store: Store, sandbox: Sandbox
) -> None:
    """A process killed between the approval and the PATCH leaves an approval nobody finishes."""
    request = await ask(desk, intervention)
    approve, approved = TRANSITIONS[Event.APPROVE]
    await store.transition_request(
        request.id, from_states=approve, to=approved, at=NOW, by="U0LEAD"
    )

    assert await desk.recover_interrupted(NOW + timedelta(minutes=9)) == []
    recovered = await desk.recover_interrupted(NOW + timedelta(minutes=10))
    retried = await desk.retry_reassignment(
        request.id, by="U0LEAD", now=NOW + timedelta(minutes=11)
    )

    assert [(r.id, r.state, r.failure) for r in recovered] == [
        (request.id, RequestState.FAILED, INTERRUPTED)
    ]
    assert isinstance(retried, Applied)
    assert len(reassignment_patches(sandbox)) == 1


# Direct reassignment --------------------------------------------------------------------


async def test_manager_reassignment_is_applied_at_once(
    desk: Reassignments, intervention: Intervention, sandbox: Sandbox
) -> None:
    outcome = await desk.reassign_intervention(
        ReassignmentAsk(
            intervention.id,
            requested_by="U0LEAD",
            proposed=BOB,
            email_previous_assignee=False,
            email_current_assignee=True,
        ),
        now=NOW,
    )

    assert isinstance(outcome, Applied)
    assert (outcome.request.requested_by, outcome.request.decided_by) == ("U0LEAD", "U0LEAD")
    assert reassignment_patches(sandbox) == [
        {
            "assignedCompanyContactId": 5,
            "previousAssigneeNotification": {"sendEmail": False},
            "sendUpdateEmailToCurrentAssignee": True,
        }
    ]


async def test_technician_reassignment_waits_for_a_manager(
    desk: Reassignments, intervention: Intervention, sandbox: Sandbox
) -> None:
    outcome = await desk.reassign_intervention(
        ReassignmentAsk(
            intervention.id,
            requested_by="U0TECH",
            proposed=BOB,
            channel="C0HVAC",
            thread_ts="1700000000.000100",
        ),
        now=NOW,
    )

    assert isinstance(outcome, ReassignmentRequest)
    assert (outcome.state, outcome.channel, outcome.thread_ts) == (
        RequestState.PENDING,
        "C0HVAC",
        "1700000000.000100",
    )
    assert reassignment_patches(sandbox) == []


async def test_pending_requests_survive_a_restart_and_can_then_be_approved(
    database_url: str, api: InterventionsClient, intervention: Intervention, sandbox: Sandbox
) -> None:
    async with await Store.connect(database_url) as before:
        request = await ask(Reassignments(api, before, CONFIG), intervention)

    async with await Store.connect(database_url) as after:
        decision = await Reassignments(api, after, CONFIG).approve_reassignment(
            request.id, by="U0LEAD", now=NOW
        )

    assert isinstance(decision, Applied)
    assert len(reassignment_patches(sandbox)) == 1
