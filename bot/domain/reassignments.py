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

`TRANSITIONS` below is this diagram as data (a test keeps them equal). Every edge is one atomic
conditional UPDATE in the store, so of any number of clicks, in any number of processes, one
wins and only the winner calls the API: an approval sends exactly one PATCH. Who may act:
approve and reject, the intervention's team managers and the global managers
(`bot.domain.teams`); cancel, the requester; retry, those managers or the requester, since a
retry re-sends a change a manager already approved. A failed PATCH leaves the request `failed`
with its error, never lost; so does a process that died mid-PATCH (`recover_interrupted`).
Once one request is applied, the other pending ones of that intervention are cancelled as
superseded, so a late approval cannot undo it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from bot.api.client import InterventionsClient
from bot.api.errors import ApiError
from bot.config import BotConfig
from bot.domain.errors import AlreadyDecided, NotAllowed, UnknownRequest, UnmappedAssignee
from bot.domain.teams import managers_for_routine
from bot.model import Assignee, Intervention, InterventionChanges, ReassignmentRequest
from bot.model import RequestState as S
from bot.store.store import Store


class Event(StrEnum):
    """What moves a request: a person's click, the clock, or the API's answer."""

    APPROVE = "approve"
    REJECT = "reject"
    CANCEL = "cancel"
    EXPIRE = "expire"
    APPLY = "apply"
    FAIL = "fail"
    RETRY = "retry"


TRANSITIONS: Final[Mapping[Event, tuple[frozenset[S], S]]] = MappingProxyType(
    {
        Event.APPROVE: (frozenset({S.PENDING}), S.APPROVED),
        Event.REJECT: (frozenset({S.PENDING}), S.REJECTED),
        Event.CANCEL: (frozenset({S.PENDING}), S.CANCELLED),
        Event.EXPIRE: (frozenset({S.PENDING}), S.EXPIRED),
        Event.APPLY: (frozenset({S.APPROVED}), S.APPLIED),
        Event.FAIL: (frozenset({S.APPROVED}), S.FAILED),
        Event.RETRY: (frozenset({S.FAILED}), S.APPROVED),
    }
)

# Far longer than a PATCH with its retries can take: an approval older than this has no process.
INTERRUPTED_AFTER = timedelta(minutes=10)
INTERRUPTED = "interrupted"
SUPERSEDED = "superseded"  # the decision reason of a request closed by another's assignment


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
class Applied:
    """The PATCH went through: the request is `applied`, `intervention` is the API's answer."""

    request: ReassignmentRequest
    intervention: Intervention
    superseded: tuple[ReassignmentRequest, ...] = ()


@dataclass(frozen=True, slots=True)
class ApplyFailed:
    """The PATCH failed: the request is `failed` (Retry may send it again)."""

    request: ReassignmentRequest
    error: ApiError


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


Decision = Applied | ApplyFailed | Expired


def changes_for(request: ReassignmentRequest) -> InterventionChanges:
    """The PATCH a request ends in: new assignee, both notification choices, the reason."""
    return InterventionChanges(
        assignee=request.proposed,
        previous_assignee_email=request.email_previous_assignee,
        previous_assignee_reason=request.reason or None,
        email_current_assignee=request.email_current_assignee,
    )


def describe_failure(error: ApiError) -> str:
    """What the store keeps of a failed PATCH: the error's kind and status, no free text."""
    status = getattr(error, "status", None)
    return type(error).__name__ if status is None else f"{type(error).__name__}:{status}"


class Reassignments:
    """The use cases of reassignment requests, over the store, the API client and bot.toml."""

    def __init__(self, api: InterventionsClient, store: Store, config: BotConfig) -> None:
        self.api = api
        self.store = store
        self.config = config

    async def request_reassignment(
        self, ask: ReassignmentAsk, *, now: datetime
    ) -> ReassignmentRequest:
        """Record a pending request that expires after `approval_ttl`."""
        if not ask.proposed.is_mapped:
            raise UnmappedAssignee(ask.proposed.slack_user_id)
        known = await self.store.get_intervention(ask.intervention_id)
        return await self.store.add_request(
            intervention_id=ask.intervention_id,
            requested_by=ask.requested_by,
            proposed=ask.proposed,
            current=None if known is None else self._with_slack_user(known.intervention.assignee),
            reason=ask.reason,
            email_previous_assignee=ask.email_previous_assignee,
            email_current_assignee=ask.email_current_assignee,
            created_at=now,
            expires_at=now + self.config.approval_ttl,
            channel=ask.channel,
            thread_ts=ask.thread_ts,
        )

    async def reassign_intervention(
        self, ask: ReassignmentAsk, *, now: datetime
    ) -> ReassignmentRequest | Applied | ApplyFailed | Overtaken:
        """A manager's request is approved and applied at once; anyone else's stays pending.

        Two managers at once: the one whose request another's assignment closed first is told
        who won (`Overtaken`), never `AlreadyDecided`.
        """
        request = await self.request_reassignment(ask, now=now)
        if ask.requested_by not in await self.deciders(request):
            return request
        try:
            decision = await self.approve_reassignment(request.id, by=ask.requested_by, now=now)
        except AlreadyDecided as decided:
            known = await self.store.get_intervention(ask.intervention_id)
            current = None if known is None else known.intervention.assignee
            closed = await self._get(request.id)
            return Overtaken(closed, decided.by, self._with_slack_user(current))
        if isinstance(decision, Expired):  # only with a zero approval_ttl
            return decision.request
        return decision

    async def approve_reassignment(self, request_id: int, *, by: str, now: datetime) -> Decision:
        """Approve (a manager only), then send the PATCH: exactly once, whoever clicks."""
        request = await self._decidable(request_id, by=by)
        if expired := await self._expire_if_due(request, now):
            return expired
        approved = await self._move(request_id, Event.APPROVE, at=now, by=by)
        return await self._apply(approved, now)

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
        self, request_id: int, *, by: str, now: datetime
    ) -> Applied | ApplyFailed:
        """Send a failed request's PATCH again (a manager or the requester), exactly once."""
        request = await self._get(request_id)
        who_may = tuple(dict.fromkeys([*await self.deciders(request), request.requested_by]))
        if by not in who_may:
            raise NotAllowed(who_may)
        approved = await self._move(request_id, Event.RETRY, at=now)
        return await self._apply(approved, now)

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
        known = await self.store.get_intervention(request.intervention_id)
        routine_id = None if known is None else known.intervention.routine_id
        return managers_for_routine(self.config, routine_id)

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

    async def _apply(self, approved: ReassignmentRequest, now: datetime) -> Applied | ApplyFailed:
        try:
            intervention = await self.api.update_intervention(
                approved.intervention_id, changes_for(approved)
            )
        except ApiError as error:
            failure = describe_failure(error)
            failed = await self._try(approved.id, Event.FAIL, at=now, failure=failure)
            return ApplyFailed(failed or await self._get(approved.id), error)
        await self.store.save_intervention(intervention, changed_by=approved.decided_by)
        applied = await self._try(approved.id, Event.APPLY, at=now)
        superseded = await self._supersede(approved, now)
        return Applied(applied or await self._get(approved.id), intervention, superseded)

    async def _supersede(
        self, applied: ReassignmentRequest, now: datetime
    ) -> tuple[ReassignmentRequest, ...]:
        """Close the other pending requests of the intervention: approving one later would
        undo this assignment on the strength of a 'from' that is no longer true."""
        pending = await self.store.pending_requests(applied.intervention_id)
        closed = [
            await self._try(
                other.id, Event.CANCEL, at=now, by=applied.decided_by, reason=SUPERSEDED
            )
            for other in pending
            if other.id != applied.id
        ]
        return tuple(request for request in closed if request is not None)

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
