"""Reassignment requests: the state machine, who may move it, and the one PATCH it ends in.

```mermaid
stateDiagram-v2
    [*] --> pending : request
    pending --> approved : approve
    pending --> rejected : reject
    pending --> cancelled : cancel
    pending --> expired : expire
    approved --> applied : apply
    approved --> failed : fail
    failed --> approved : retry
```

`TRANSITIONS` (`bot.domain.approving`) is this diagram as data (a test keeps them equal).
Every edge is one atomic conditional UPDATE in the store, so of any number of clicks, in any
number of processes, one wins and only the winner calls the API: an approval sends exactly one
PATCH, an action record (`bot.domain.approving`) that any process finishes if this one dies.
Who may act: approve and reject, the intervention's team managers and the global managers
(`bot.domain.teams`); cancel, the requester; retry, those managers or the requester, since a
retry re-sends a change a manager already approved. A failed PATCH leaves the request `failed`
with its error, never lost. Once one request is applied, the other pending ones of that
intervention are cancelled as superseded, so a late approval cannot undo it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.api.client import InterventionsClient
from bot.config import BotConfig
from bot.domain.approving import (
    INTERRUPTED,
    SUPERSEDED,
    TRANSITIONS,
    Applied,
    ApplyFailed,
    Approvals,
    Event,
    HandedOver,
    changes_for,
    describe_failure,
    enqueue,
    notifies,
)
from bot.domain.durable import DecisionAnnouncer
from bot.domain.errors import AlreadyDecided, NotAllowed, UnknownRequest, UnmappedAssignee
from bot.domain.owners import process_owner
from bot.domain.teams import managers_for_routine
from bot.model import Assignee, ReassignmentRequest
from bot.model import RequestState as S
from bot.store.actions import ActionRecord
from bot.store.store import KnownIntervention, Store

__all__ = [
    "INTERRUPTED",
    "SUPERSEDED",
    "TRANSITIONS",
    "Applied",
    "ApplyFailed",
    "Decision",
    "Event",
    "Expired",
    "HandedOver",
    "Overtaken",
    "ReassignmentAsk",
    "Reassignments",
    "changes_for",
    "describe_failure",
    "notifies",
]


# Far longer than a PATCH with its retries can take: an approval older than this has no process.
INTERRUPTED_AFTER = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class ReassignmentAsk:
    """What someone asks: who should now do an intervention, why, whom to email, and where the
    request's thread is (when the intervention's message is known)."""

    intervention_id: int
    requested_by: str
    proposed: Assignee
    reason: str = ""
    email_previous_assignee: bool = True
    email_current_assignee: bool = False
    channel: str | None = None
    thread_ts: str | None = None


@dataclass(frozen=True, slots=True)
class Expired:
    """The request's time ran out before this decision; it is now `expired`."""

    request: ReassignmentRequest


@dataclass(frozen=True, slots=True)
class Overtaken:
    """A manager's direct assignment lost a race: another reassignment of the intervention was
    decided first (`by`, now giving it to `assignee`), and this one's request was closed."""

    request: ReassignmentRequest
    by: str | None
    assignee: Assignee | None


Decision = Applied | ApplyFailed | Expired | HandedOver


class Reassignments:
    """The use cases of reassignment requests, over the store, the API client and bot.toml.

    An approved request's PATCH is an action record (`approval:<request>:<tail>`) written in the
    transaction that approves it, advanced after the call; the request's outcome and its Slack
    effects (`announcer`) are written in one transaction too. `recover` finishes what a process
    left mid-way (`bot.domain.scheduling.Scheduler.recover_actions` hands it such records).
    """

    def __init__(
        self,
        api: InterventionsClient,
        store: Store,
        config: BotConfig,
        *,
        owner: str | None = None,
    ) -> None:
        self.api = api
        self.store = store
        self.config = config
        self.owner = owner or process_owner()
        self.approvals = Approvals(api, store, self.owner)

    async def request_reassignment(
        self,
        ask: ReassignmentAsk,
        *,
        now: datetime,
        announcer: DecisionAnnouncer | None = None,
        context: dict[str, Any] | None = None,
    ) -> ReassignmentRequest:
        """Record a pending request that expires after `approval_ttl`; with an `announcer`, its
        approval message and the requester's answer are queued in the same transaction."""
        if not ask.proposed.is_mapped:
            raise UnmappedAssignee(ask.proposed.slack_user_id)
        known = await self.store.get_intervention(ask.intervention_id)
        async with self.store.transaction() as tx:
            request = await tx.add_request(**self._request_fields(ask, known, now))
            if announcer is not None:
                await enqueue(tx, announcer.requested(request, context or {}))
        return request

    def _request_fields(
        self, ask: ReassignmentAsk, known: KnownIntervention | None, now: datetime
    ) -> dict[str, Any]:
        """A new pending request's columns: the current assignee as the store knows it."""
        current = None if known is None else self._with_slack_user(known.intervention.assignee)
        return {
            "intervention_id": ask.intervention_id,
            "requested_by": ask.requested_by,
            "proposed": ask.proposed,
            "current": current,
            "reason": ask.reason,
            "email_previous_assignee": ask.email_previous_assignee,
            "email_current_assignee": ask.email_current_assignee,
            "created_at": now,
            "expires_at": now + self.config.approval_ttl,
            "channel": ask.channel,
            "thread_ts": ask.thread_ts,
        }

    async def reassign_intervention(
        self,
        ask: ReassignmentAsk,
        *,
        now: datetime,
        announcer: DecisionAnnouncer | None = None,
        context: dict[str, Any] | None = None,
    ) -> ReassignmentRequest | Applied | ApplyFailed | Overtaken | HandedOver:
        """A manager's request is approved and applied at once; anyone else's stays pending.

        Managers at once: the approvals of one intervention are applied one after the other,
        and one whose request another's assignment closed first is told who won
        (`Overtaken`), never `AlreadyDecided`.
        """
        if not ask.proposed.is_mapped:
            raise UnmappedAssignee(ask.proposed.slack_user_id)
        # One transaction: read who may decide, record the request and, for a manager, approve
        # it (unless another reassignment of the intervention is being applied).
        taken: tuple[ReassignmentRequest, str] | None = None
        async with self.store.transaction() as tx:
            await tx.lock_intervention(ask.intervention_id)
            known = await tx.get_intervention(ask.intervention_id)
            routine_id = None if known is None else known.intervention.routine_id
            direct = ask.requested_by in managers_for_routine(self.config, routine_id)
            request = await tx.add_request(**self._request_fields(ask, known, now))
            if not direct:
                if announcer is not None:
                    await enqueue(tx, announcer.requested(request, context or {}))
                return request
            taken = await self.approvals.approve_in(
                tx, request, Event.APPROVE, by=ask.requested_by, now=now, context=context
            )
        try:
            if taken is None:  # another is being applied: wait for it
                taken = await self.approvals.approve(
                    request, Event.APPROVE, by=ask.requested_by, now=now, context=context
                )
            approved, action = taken
            return await self.approvals.apply(approved, action, announcer, context or {}, now=now)
        except AlreadyDecided as decided:
            closed, winner = await self._winner(request.id)
            return Overtaken(closed, decided.by, winner)

    async def approve_reassignment(
        self,
        request_id: int,
        *,
        by: str,
        now: datetime,
        announcer: DecisionAnnouncer | None = None,
        context: dict[str, Any] | None = None,
    ) -> Decision:
        """Approve (a manager only), then send the PATCH: exactly once, whoever clicks."""
        request = await self._decidable(request_id, by=by)
        if expired := await self._expire_if_due(request, now):
            return expired
        approved, action = await self.approvals.approve(
            request, Event.APPROVE, by=by, now=now, context=context
        )
        return await self.approvals.apply(approved, action, announcer, context or {}, now=now)

    async def reject_reassignment(
        self, request_id: int, *, by: str, reason: str, now: datetime
    ) -> ReassignmentRequest | Expired:
        """Reject with a reason (a manager only); nothing is sent to the API."""
        request = await self._decidable(request_id, by=by)
        if expired := await self._expire_if_due(request, now):
            return expired
        return await self._move(request_id, Event.REJECT, at=now, by=by, reason=reason)

    async def cancel_reassignment(
        self, request_id: int, *, by: str, now: datetime
    ) -> ReassignmentRequest | Expired:
        """Withdraw a pending request (its requester only)."""
        request = await self._get(request_id)
        if by != request.requested_by:
            raise NotAllowed((request.requested_by,))
        if expired := await self._expire_if_due(request, now):
            return expired
        return await self._move(request_id, Event.CANCEL, at=now, by=by)

    async def retry_reassignment(
        self,
        request_id: int,
        *,
        by: str,
        now: datetime,
        announcer: DecisionAnnouncer | None = None,
        context: dict[str, Any] | None = None,
    ) -> Decision:
        """Send a failed request's PATCH again (a manager or the requester), exactly once."""
        request = await self._get(request_id)
        who_may = tuple(dict.fromkeys([*await self.deciders(request), request.requested_by]))
        if by not in who_may:
            raise NotAllowed(who_may)
        approved, action = await self.approvals.approve(
            request, Event.RETRY, by=None, now=now, context=context
        )
        return await self.approvals.apply(approved, action, announcer, context or {}, now=now)

    async def expire_reassignments(self, now: datetime) -> list[ReassignmentRequest]:
        """Expire every due pending request; return those this call expired (once each)."""
        due = await self.store.due_expirations(now)
        moved = [await self._try(request.id, Event.EXPIRE, at=now) for request in due]
        return [request for request in moved if request is not None]

    async def recover_interrupted(
        self, now: datetime, *, older_than: timedelta = INTERRUPTED_AFTER
    ) -> list[ReassignmentRequest]:
        """Mark approvals whose process died before the PATCH ended as failed, so Retry shows."""
        stalled = await self.store.stalled_approvals(now - older_than)
        moved = [
            await self._try(request.id, Event.FAIL, at=now, failure=INTERRUPTED)
            for request in stalled
        ]
        return [request for request in moved if request is not None]

    async def deciders(self, request: ReassignmentRequest) -> tuple[str, ...]:
        """Who may approve or reject this request (the approval message mentions them)."""
        return await self._deciders_of(request.intervention_id)

    async def _winner(self, request_id: int) -> tuple[ReassignmentRequest, Assignee | None]:
        """The closed request, and whom the reassignment that closed it gave the intervention
        to: the latest one its decider applied before closing it (else the current assignee)."""
        async with self.store.transaction() as tx:
            closed = await tx.get_request(request_id)
            if closed is None:
                raise UnknownRequest(request_id)
            applied = await tx.requests_in_state(closed.intervention_id, S.APPLIED)
            known = await tx.get_intervention(closed.intervention_id)
        won = [
            request
            for request in applied
            if request.decided_by == closed.decided_by
            and request.decided_at is not None
            and closed.decided_at is not None
            and request.decided_at <= closed.decided_at
        ]
        if won:
            latest = max(won, key=lambda request: (request.decided_at, request.id))
            return closed, self._with_slack_user(latest.proposed)
        current = None if known is None else known.intervention.assignee
        return closed, self._with_slack_user(current)

    async def _deciders_of(self, intervention_id: int) -> tuple[str, ...]:
        known = await self.store.get_intervention(intervention_id)
        routine_id = None if known is None else known.intervention.routine_id
        return managers_for_routine(self.config, routine_id)

    async def recover(self, record: ActionRecord, announcer: DecisionAnnouncer) -> None:
        """Finish an approval another process left mid-way (`Approvals.recover`)."""
        await self.approvals.recover(record, announcer)

    def _with_slack_user(self, assignee: Assignee | None) -> Assignee | None:
        """The API identity, plus the Slack user bot.toml maps it to (for mentions)."""
        if assignee is None or assignee.slack_user_id is not None:
            return assignee
        slack_user_id = self.config.slack_user_for(assignee)
        return assignee.model_copy(update={"slack_user_id": slack_user_id})

    async def _get(self, request_id: int) -> ReassignmentRequest:
        request = await self.store.get_request(request_id)
        if request is None:
            raise UnknownRequest(request_id)
        return request

    async def _decidable(self, request_id: int, *, by: str) -> ReassignmentRequest:
        request = await self._get(request_id)
        who_may = await self.deciders(request)
        if by not in who_may:
            raise NotAllowed(who_may)
        return request

    async def _expire_if_due(self, request: ReassignmentRequest, now: datetime) -> Expired | None:
        if request.state is not S.PENDING or request.expires_at > now:
            return None
        return Expired(await self._move(request.id, Event.EXPIRE, at=now))

    async def _try(
        self,
        request_id: int,
        event: Event,
        *,
        at: datetime,
        by: str | None = None,
        reason: str | None = None,
        failure: str | None = None,
    ) -> ReassignmentRequest | None:
        """Take one edge of the diagram; None when the request was not where it starts."""
        from_states, to = TRANSITIONS[event]
        return await self.store.transition_request(
            request_id,
            from_states=from_states,
            to=to,
            at=at,
            by=by,
            reason=reason,
            failure=failure,
        )

    async def _move(
        self,
        request_id: int,
        event: Event,
        *,
        at: datetime,
        by: str | None = None,
        reason: str | None = None,
    ) -> ReassignmentRequest:
        """Take one edge of the diagram, or raise `AlreadyDecided` saying where it is."""
        moved = await self._try(request_id, event, at=at, by=by, reason=reason)
        if moved is not None:
            return moved
        current = await self._get(request_id)
        at_ = current.expires_at if current.state is S.EXPIRED else current.decided_at
        raise AlreadyDecided(current.state, current.decided_by, at_)
