"""Use cases that change an intervention: create (and assign), reschedule, update, retry an
assignment; and cancelling a preview, which changes nothing but its claim. Reschedules, updates
and mark done are durable changes (`bot.domain.changes`).

Outcomes the user must see are return values (`Created` with `AssignmentFailed`, `AlreadyHandled`
with the `ClaimOutcome` of whoever acted first); API faults propagate as `bot.api.errors` values.
Every success is saved in the store, which is all the bot knows of an intervention (the API has no
read endpoint). The domain reads no clock: each use case is told `now`.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.api.client import InterventionsClient
from bot.api.errors import ApiError, OutcomeUnknown
from bot.config import BotConfig
from bot.domain import durable
from bot.domain.changes import CHANGE_KINDS, Changer
from bot.domain.claims import (
    ASSIGNED,
    CANCELLED,
    CREATED,
    UNKNOWN,
    AlreadyHandled,
    ClaimOutcome,
    ClaimState,
)
from bot.domain.durable import (
    ACTION_LEASE,
    ASSIGN_AFTER_CREATE,
    CREATE,
    Announcer,
    AssignmentFailed,
    crash_point,
    holding,
    keep_trying,
)
from bot.domain.errors import CannotSave
from bot.domain.owners import give_back_dead_leases, process_owner
from bot.domain.series import DEFAULT_CONCURRENCY, SERIES_KINDS, SeriesRunner
from bot.model import (
    Assignee,
    CreationStatus,
    Intervention,
    InterventionChanges,
    TimeWindow,
    format_api_timestamp,
)
from bot.store.actions import ActionRecord, ActionState
from bot.store.errors import StoreUnreachableError
from bot.store.store import Store

__all__ = ["AlreadyHandled", "AssignmentFailed", "Created", "Scheduler"]


@dataclass(frozen=True, slots=True)
class Created:
    """A create went through; `assignment` says how the follow-up assignment went, if any."""

    intervention: Intervention
    assignment: AssignmentFailed | None = None


class Scheduler:
    """Creates and changes interventions through the API and remembers what it answered."""

    def __init__(
        self,
        api: InterventionsClient,
        store: Store,
        config: BotConfig,
        *,
        owner: str | None = None,
        series_concurrency: int = DEFAULT_CONCURRENCY,
    ) -> None:
        self.api = api
        self.store = store
        self.config = config
        self.owner = owner or process_owner()
        self.changes = Changer(api, store, self.owner)
        # Recovery of other kinds of action records, by kind (approvals: `Reassignments.recover`,
        # registered by the composition root); each is handed the record and the announcer.
        self.recoverers: dict[str, Callable[[ActionRecord, Any], Awaitable[None]]] = {}
        self.series = SeriesRunner(api, store, owner=self.owner, concurrency=series_concurrency)

    async def _claim(self, key: str, now: datetime) -> AlreadyHandled | None:
        """None when this call holds `key` now; else what became of it."""
        if await self.store.claim(key, at=now):
            return None
        return AlreadyHandled(ClaimOutcome.decode(await self.store.claim_outcome(key)))

    async def _finish(self, key: str, outcome: ClaimOutcome) -> None:
        await self.store.finish_claim(key, outcome=outcome.encode())

    async def create_intervention(
        self,
        *,
        key: str,
        routine_id: int,
        window: TimeWindow,
        status: CreationStatus,
        assignee: Assignee | None,
        requested_by: str,
        now: datetime,
        announcer: Announcer | None = None,
        context: dict[str, Any] | None = None,
    ) -> Created | AlreadyHandled:
        """POST once per `key`, then PATCH the assignee; a failed PATCH is reported, not raised.

        The create is an action record (`create:<key>`); with an `announcer`, the effects that
        show its outcome are queued in the transaction that records it, and an assignment is an
        action of its own recorded in that same transaction, so a process that dies anywhere
        leaves something another process finishes (`recover_actions`).
        """
        # The claim makes the create once per key; a create that certainly failed releases it,
        # and confirming again is a new attempt with a record of its own.
        action = f"{CREATE}:{key}:{uuid.uuid4().hex[:8]}"
        shown: dict[str, Any] = context or {}
        payload = {
            "key": key,
            "routine_id": routine_id,
            # What lists show of a create whose outcome is unknown (`unconfirmed_creates`).
            "start": format_api_timestamp(window.start),
            "end": format_api_timestamp(window.end),
            "requested_by": requested_by,
            "assignee": None if assignee is None else assignee.model_dump(mode="json"),
            "context": shown,
        }
        if handled := await self._start_create(key, action, payload, now):
            return handled
        crash_point("create:sending")
        posted = await self._post(key, action, routine_id, window, status)
        crash_point("create:sent")
        if isinstance(posted, AlreadyHandled):
            return posted
        intervention = posted

        async def record() -> None:
            async with self.store.transaction() as tx:
                await tx.save_intervention(intervention, requested_by=requested_by)
                await tx.finish_action(
                    action,
                    owner=self.owner,
                    state=ActionState.APPLIED,
                    result={"intervention_id": intervention.id},
                )
                await tx.finish_claim(key, outcome=ClaimOutcome(CREATED, intervention.id).encode())
                if assignee is not None:
                    await tx.record_intent(
                        key=f"{ASSIGN_AFTER_CREATE}:{action}",
                        kind=ASSIGN_AFTER_CREATE,
                        payload={**payload, "intervention_id": intervention.id},
                        owner=self.owner,
                        intervention_id=intervention.id,
                        lease=ACTION_LEASE,
                    )
                elif announcer is not None:
                    for effect in announcer.created(intervention, None, shown):
                        await tx.enqueue_effect(effect)

        try:
            await record()
        except StoreUnreachableError:
            # The API holds it: keep trying to record it (and so to show it) while we run.
            keep_trying(record, intervention.id)
            raise CannotSave(intervention.id) from None
        crash_point("create:recorded")
        if assignee is None:
            return Created(intervention)
        return await self._assign_after_create(
            f"{ASSIGN_AFTER_CREATE}:{action}", intervention, assignee, announcer, shown
        )

    async def _start_create(
        self, key: str, action: str, payload: dict[str, Any], now: datetime
    ) -> AlreadyHandled | None:
        """Claim `key` and record the create as being sent; `CannotSave` if the store is down."""
        try:
            if handled := await self._claim(key, now):
                return handled
        except StoreUnreachableError:
            raise CannotSave(None) from None
        try:
            await self.store.actions.record_intent(
                key=action, kind=CREATE, payload=payload, owner=self.owner, lease=ACTION_LEASE
            )
            sending = await self.store.actions.start_sending(
                action, owner=self.owner, lease=ACTION_LEASE
            )
        except StoreUnreachableError:
            with contextlib.suppress(StoreUnreachableError):
                await self.store.release_claim(key)
            raise CannotSave(None) from None
        if sending is None:  # recovered by another process while this one was starting
            return AlreadyHandled(ClaimOutcome(ClaimState.IN_PROGRESS))
        return None

    async def _post(
        self, key: str, action: str, routine_id: int, window: TimeWindow, status: CreationStatus
    ) -> Intervention | AlreadyHandled:
        """The POST, its lease renewed meanwhile; a failure is recorded, then raised."""
        try:
            async with holding(self.store, action, self.owner):
                return await self.api.create_from_routine(routine_id, window, status)
        except OutcomeUnknown as error:
            async with self.store.transaction() as tx:
                finished = await tx.finish_action(
                    action, owner=self.owner, state=ActionState.UNKNOWN, error=repr(error)
                )
                await tx.finish_claim(key, outcome=UNKNOWN.encode())
            if finished is None:  # another process recovered it and told the user already
                return AlreadyHandled(UNKNOWN)
            raise
        except ApiError as error:
            await self.store.actions.finish_action(
                action, owner=self.owner, state=ActionState.FAILED, error=repr(error)
            )
            await self.store.release_claim(key)
            raise

    async def _assign_after_create(
        self,
        action: str,
        intervention: Intervention,
        assignee: Assignee,
        announcer: Announcer | None,
        context: dict[str, Any],
    ) -> Created:
        """The follow-up PATCH of a create (not notifying: safe to send again after a crash)."""
        await self.store.actions.start_sending(action, owner=self.owner, lease=ACTION_LEASE)
        crash_point("assign:sending")
        failure: AssignmentFailed | None = None
        try:
            async with holding(self.store, action, self.owner):
                assigned = await self.api.update_intervention(
                    intervention.id, InterventionChanges(assignee=assignee)
                )
        except ApiError as error:
            failure = AssignmentFailed(assignee, error)
            assigned = intervention
        crash_point("assign:sent")
        async with self.store.transaction() as tx:
            if failure is None:
                await tx.save_intervention(assigned)
            await tx.finish_action(
                action,
                owner=self.owner,
                state=ActionState.APPLIED if failure is None else ActionState.FAILED,
                result={"intervention_id": intervention.id},
                error=None if failure is None else repr(failure.error),
            )
            if announcer is not None:
                for effect in announcer.created(assigned, failure, context):
                    await tx.enqueue_effect(effect)
        crash_point("assign:finished")
        return Created(assigned, failure)

    async def recover_actions(self, announcer: Announcer, *, limit: int = 20) -> int:
        """Finish what other processes left mid-way (their lease expired, or they died on this
        machine: `bot.domain.owners`); how many were taken.

        A create that may have been sent is never sent again: the user is told its outcome is
        unknown. One never sent is closed, the user told. An assignment after a create is sent
        (again): it emails nobody.
        """
        await give_back_dead_leases(self.store)
        taken = await self.store.actions.claim_abandoned(
            owner=self.owner, lease=ACTION_LEASE, limit=limit
        )
        for record in taken:
            await self._recover(record, announcer)
        return len(taken)

    async def _recover(self, record: ActionRecord, announcer: Announcer) -> None:
        if record.kind in SERIES_KINDS:
            await self.series.recover(record, announcer)
            return
        context: dict[str, Any] = record.payload.get("context") or {}
        key = str(record.payload.get("key", ""))
        if record.kind == CREATE:
            sent = record.state is ActionState.SENDING
            state = ActionState.UNKNOWN if sent else ActionState.FAILED
            async with self.store.transaction() as tx:
                if await tx.finish_action(record.key, owner=self.owner, state=state) is None:
                    return
                await tx.finish_claim(key, outcome=UNKNOWN.encode())
                effects = announcer.unknown(context, None) if sent else announcer.not_sent(context)
                for effect in effects:
                    await tx.enqueue_effect(effect)
            return
        if record.kind == ASSIGN_AFTER_CREATE:
            known = await self.store.get_intervention(int(record.payload["intervention_id"]))
            if known is None:  # the create's transaction recorded both: cannot happen
                await self.store.actions.finish_action(
                    record.key, owner=self.owner, state=ActionState.FAILED, error="unknown"
                )
                return
            if record.state is ActionState.SENDING:  # back to intent, to be sent again
                await self.store.actions.finish_action(
                    record.key, owner=self.owner, state=ActionState.FAILED, error="interrupted"
                )
                retry = f"{record.key}:again"
                await self.store.actions.record_intent(
                    key=retry,
                    kind=ASSIGN_AFTER_CREATE,
                    payload=record.payload,
                    owner=self.owner,
                    intervention_id=record.intervention_id,
                    lease=ACTION_LEASE,
                )
                action = retry
            else:
                action = record.key
            assignee = Assignee.model_validate(record.payload["assignee"])
            await self._assign_after_create(
                action, known.intervention, assignee, announcer, context
            )
            return
        if record.kind in CHANGE_KINDS:
            await self.changes.recover(record, announcer)
        if recoverer := self.recoverers.get(record.kind):
            await recoverer(record, announcer)
            return
        durable.log.warning("no recovery for action kind %s (%s)", record.kind, record.key)
        await self.store.actions.finish_action(
            record.key, owner=self.owner, state=ActionState.UNKNOWN, error="no recovery"
        )

    async def assign_intervention(
        self,
        intervention_id: int,
        assignee: Assignee,
        *,
        reason: str | None = None,
        email_previous: bool | None = None,
        email_current: bool | None = None,
    ) -> Intervention:
        """PATCH the assignee (and the notification choices when given)."""
        changes = InterventionChanges(
            assignee=assignee,
            previous_assignee_email=email_previous,
            previous_assignee_reason=reason,
            email_current_assignee=email_current,
        )
        return await self.update_intervention(intervention_id, changes)

    async def retry_assignment(
        self, key: str, intervention_id: int, assignee: Assignee, *, now: datetime
    ) -> Intervention | AlreadyHandled:
        """Retry's PATCH of the assignee, once per `key`; a failed one may be retried again."""
        if handled := await self._claim(key, now):
            return handled
        try:
            intervention = await self.assign_intervention(intervention_id, assignee)
        except ApiError:
            await self.store.release_claim(key)
            raise
        await self._finish(key, ClaimOutcome(ASSIGNED, intervention_id))
        return intervention

    async def cancel_preview(self, key: str, *, now: datetime) -> AlreadyHandled | None:
        """Cancel a preview nobody confirmed yet (None); else say what became of it."""
        if handled := await self._claim(key, now):
            return handled
        await self._finish(key, CANCELLED)
        return None

    async def change_intervention(
        self,
        *,
        kind: str,
        key: str,
        intervention_id: int,
        changes: InterventionChanges,
        by: str,
        now: datetime,
        announcer: Announcer,
        context: dict[str, Any],
    ) -> Intervention | AlreadyHandled:
        """A reschedule, an update or a mark done, as a durable action (`bot.domain.changes`)."""
        return await self.changes.change(
            kind=kind,
            key=key,
            intervention_id=intervention_id,
            changes=changes,
            by=by,
            now=now,
            announcer=announcer,
            context=context,
        )

    async def update_intervention(
        self, intervention_id: int, changes: InterventionChanges
    ) -> Intervention:
        """PATCH what changes and keep the answer (and the site rules, which it omits)."""
        intervention = await self.api.update_intervention(intervention_id, changes)
        await self.store.save_intervention(intervention)
        if changes.site_rule_ids is not None:
            await self.store.set_site_rules(intervention_id, changes.site_rule_ids)
        return intervention
