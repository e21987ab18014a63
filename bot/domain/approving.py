"""Sending an approved reassignment's PATCH durably (DESIGN "Durability"): the request's state
machine as data, and the action record of the PATCH.

An approval (a manager's Approve, a manager's own `assign`, Retry of a failed request) takes
the request to `approved` and records the PATCH's intent (`approval:<request>:<tail>`) in one
transaction, while no other reassignment of the intervention is being applied (one at a time
per intervention: `StoreTransaction.lock_intervention`); the PATCH is sent under the record's
lease; its outcome, the request's new state, the other pending requests closed as superseded
and the Slack effects (`DecisionAnnouncer`) are written in one transaction after it. `recover`
finishes what a dead process left: a PATCH never sent is sent; one that may have left and
emails someone is never sent again (the request fails as unknown, Retry offered).
"""

from __future__ import annotations

import asyncio
import random
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Final

from bot.api.client import InterventionsClient
from bot.api.errors import ApiError, OutcomeUnknown
from bot.domain.durable import ACTION_LEASE, APPROVAL, DecisionAnnouncer, crash_point, holding
from bot.domain.errors import AlreadyDecided, UnknownRequest
from bot.model import Intervention, InterventionChanges, ReassignmentRequest
from bot.model import RequestState as S
from bot.store.actions import ActionRecord, ActionState
from bot.store.durable import StoreTransaction
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

INTERRUPTED = "interrupted"
# The failure of an approval whose PATCH may have reached the API when its process died.
OUTCOME_UNKNOWN = "OutcomeUnknown:interrupted"
# While another reassignment of the same intervention is being applied, an approval waits for it
# (changes to one intervention are serialised): up to this many checks, this far apart.
BUSY_CHECKS = 120
BUSY_WAIT_SECONDS = 0.05
BUSY_WAIT_MAX_SECONDS = 1.0
SUPERSEDED = "superseded"  # the decision reason of a request closed by another's assignment


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
class HandedOver:
    """Another process took this approval over (this one stalled past its lease); that one
    finishes it and tells everyone."""

    request: ReassignmentRequest


def changes_for(request: ReassignmentRequest) -> InterventionChanges:
    """The PATCH a request ends in: new assignee, both notification choices, the reason."""
    return InterventionChanges(
        assignee=request.proposed,
        previous_assignee_email=request.email_previous_assignee,
        previous_assignee_reason=request.reason or None,
        email_current_assignee=request.email_current_assignee,
    )


def notifies(request: ReassignmentRequest) -> bool:
    """Its PATCH emails someone: never sent twice once it may have reached the API."""
    return request.email_previous_assignee or request.email_current_assignee


def describe_failure(error: ApiError) -> str:
    """What the store keeps of a failed PATCH: the error's kind and status, no free text."""
    status = getattr(error, "status", None)
    return type(error).__name__ if status is None else f"{type(error).__name__}:{status}"


class Approvals:
    """The PATCH of approved requests, as action records (see the module docstring)."""

    def __init__(self, api: InterventionsClient, store: Store, owner: str) -> None:
        self.api = api
        self.store = store
        self.owner = owner

    async def recover(self, record: ActionRecord, announcer: DecisionAnnouncer) -> None:
        """Finish an approval another process left mid-way (this process holds its lease now).

        Never sent (`intent`): it is sent. Maybe sent (`sending`): a PATCH that emails someone
        is not sent again, the request fails as unknown (Retry offered, the decider told an
        email may have gone); one that emails nobody is sent again.
        """
        context: dict[str, Any] = record.payload.get("context") or {}
        request = await self.store.get_request(int(record.payload["request_id"]))
        if request is None or request.state is not S.APPROVED:
            await self.store.actions.finish_action(
                record.key, owner=self.owner, state=ActionState.FAILED, error="not approved"
            )
            return
        action = record.key
        if record.state is ActionState.SENDING:
            async with self.store.transaction() as tx:
                if notifies(request):
                    finished = await tx.finish_action(
                        record.key, owner=self.owner, state=ActionState.UNKNOWN, error=INTERRUPTED
                    )
                    if finished is None:
                        return
                    failed = await transition_in(
                        tx, request.id, Event.FAIL, failure=OUTCOME_UNKNOWN
                    )
                    await enqueue(tx, announcer.apply_failed(failed or request, None, context))
                    return
                finished = await tx.finish_action(
                    record.key, owner=self.owner, state=ActionState.FAILED, error=INTERRUPTED
                )
                if finished is None:
                    return
                action = f"{record.key}:again"
                await tx.record_intent(
                    key=action,
                    kind=APPROVAL,
                    payload=record.payload,
                    owner=self.owner,
                    intervention_id=record.intervention_id,
                    lease=ACTION_LEASE,
                )
        await self.apply(request, action, announcer, context)

    async def approve(
        self,
        request: ReassignmentRequest,
        event: Event,
        *,
        by: str | None,
        now: datetime,
        context: dict[str, Any] | None,
    ) -> tuple[ReassignmentRequest, str]:
        """Take `event` (approve, retry) and record the PATCH's intent in one transaction,
        while no other reassignment of the intervention is being applied (else wait for it).

        Raises `AlreadyDecided` when the request is no longer where `event` starts."""
        for attempt in range(BUSY_CHECKS):
            async with self.store.transaction() as tx:
                taken = await self.approve_in(tx, request, event, by=by, now=now, context=context)
            if taken is not None:
                return taken
            # Backing off, so that many waiting on one intervention keep the store free.
            wait = min(BUSY_WAIT_SECONDS * 2 ** min(attempt, 4), BUSY_WAIT_MAX_SECONDS)
            await asyncio.sleep(wait * (0.5 + random.random()))  # noqa: S311  # jitter, not crypto
        # The other one never finished: answer as if it had decided this one.
        raise AlreadyDecided(S.APPROVED, None, None)

    async def approve_in(
        self,
        tx: StoreTransaction,
        request: ReassignmentRequest,
        event: Event,
        *,
        by: str | None,
        now: datetime,
        context: dict[str, Any] | None,
    ) -> tuple[ReassignmentRequest, str] | None:
        """`_approve`'s one try in `tx`: None while another reassignment of the intervention is
        being applied; `AlreadyDecided` when the request is no longer where `event` starts."""
        from_states, to = TRANSITIONS[event]
        await tx.lock_intervention(request.intervention_id)
        current = await tx.get_request(request.id)
        if current is None:
            raise UnknownRequest(request.id)
        if current.state not in from_states:
            at_ = current.expires_at if current.state is S.EXPIRED else current.decided_at
            raise AlreadyDecided(current.state, current.decided_by, at_)
        approved = await tx.requests_in_state(request.intervention_id, S.APPROVED)
        if any(other.id != request.id for other in approved):
            return None
        moved = await tx.transition_request(
            request.id, from_states=from_states, to=to, at=now, by=by
        )
        if moved is None:  # cannot happen under the lock; the caller re-reads
            return None
        action = f"{APPROVAL}:{request.id}:{uuid.uuid4().hex[:8]}"
        await tx.record_intent(
            key=action,
            kind=APPROVAL,
            payload={"request_id": request.id, "context": context or {}},
            owner=self.owner,
            intervention_id=request.intervention_id,
            lease=ACTION_LEASE,
        )
        return moved, action

    async def apply(
        self,
        approved: ReassignmentRequest,
        action: str,
        announcer: DecisionAnnouncer | None,
        context: dict[str, Any],
        *,
        now: datetime | None = None,
    ) -> Applied | ApplyFailed | HandedOver:
        """Send the approved request's PATCH under its action record, then record the outcome
        and queue what shows it, in one transaction."""
        crash_point("approval:recorded")
        sending = await self.store.actions.start_sending(
            action, owner=self.owner, lease=ACTION_LEASE
        )
        if sending is None:
            return HandedOver(approved)
        crash_point("approval:sending")
        try:
            async with holding(self.store, action, self.owner):
                intervention = await self.api.update_intervention(
                    approved.intervention_id, changes_for(approved)
                )
        except ApiError as error:
            crash_point("approval:sent")
            return await self._record_failure(approved, action, error, announcer, context, now)
        crash_point("approval:sent")
        async with self.store.transaction() as tx:
            await tx.save_intervention(intervention, changed_by=approved.decided_by)
            finished = await tx.finish_action(
                action,
                owner=self.owner,
                state=ActionState.APPLIED,
                result={"intervention_id": intervention.id},
            )
            if finished is None:  # another process took it over and answered already
                return HandedOver(approved)
            applied = await transition_in(tx, approved.id, Event.APPLY, at=now) or approved
            superseded = []
            for other in await tx.requests_in_state(approved.intervention_id, S.PENDING):
                closed = await transition_in(
                    tx, other.id, Event.CANCEL, at=now, by=approved.decided_by, reason=SUPERSEDED
                )
                if closed is not None:
                    superseded.append(closed)
            if announcer is not None:
                await enqueue(
                    tx, announcer.applied(applied, intervention, tuple(superseded), context)
                )
        crash_point("approval:finished")
        return Applied(applied, intervention, tuple(superseded))

    async def _record_failure(
        self,
        approved: ReassignmentRequest,
        action: str,
        error: ApiError,
        announcer: DecisionAnnouncer | None,
        context: dict[str, Any],
        now: datetime | None,
    ) -> ApplyFailed | HandedOver:
        unknown = isinstance(error, OutcomeUnknown) and notifies(approved)
        async with self.store.transaction() as tx:
            finished = await tx.finish_action(
                action,
                owner=self.owner,
                state=ActionState.UNKNOWN if unknown else ActionState.FAILED,
                error=describe_failure(error),
            )
            if finished is None:
                return HandedOver(approved)
            failed = await transition_in(
                tx, approved.id, Event.FAIL, at=now, failure=describe_failure(error)
            )
            if announcer is not None:
                await enqueue(tx, announcer.apply_failed(failed or approved, error, context))
        return ApplyFailed(failed or approved, error)


async def transition_in(
    tx: StoreTransaction,
    request_id: int,
    event: Event,
    *,
    at: datetime | None = None,
    by: str | None = None,
    reason: str | None = None,
    failure: str | None = None,
) -> ReassignmentRequest | None:
    """`_try` inside the caller's transaction (at the store's clock when `at` is None)."""
    from_states, to = TRANSITIONS[event]
    return await tx.transition_request(
        request_id,
        from_states=from_states,
        to=to,
        at=at,
        by=by,
        reason=reason,
        failure=failure,
    )


async def enqueue(tx: StoreTransaction, effects: list[Any]) -> None:
    for effect in effects:
        await tx.enqueue_effect(effect)
