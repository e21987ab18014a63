"""Durable changes of an intervention (reschedule, update, mark done): each PATCH is an action
record written before the call and advanced after it (DESIGN "Durability").

    intent ──(its turn)──▶ sending ──PATCH──▶ applied | failed | unknown

Changes to one intervention are serialised: an action starts sending only when no other action
on the intervention is `sending` (`ActionLog.start_sending_in_turn`), so the store records the
API's answers in the order it applied them. The answer is saved, the intervention's version
bumped, and the thread reply, the parent's re-rendering and the user's outcome queued in the
outbox, all in one transaction.

A process that dies leaves the record to any other (`Changer.recover`): one never sent is sent;
one that may have reached the API is sent again unless it emails someone, in which case its
outcome is unknown and the user is told an email may have gone.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import datetime
from typing import Any

from bot.api.client import InterventionsClient
from bot.api.errors import ApiError, OutcomeUnknown
from bot.domain import durable
from bot.domain.claims import UNKNOWN, AlreadyHandled, ClaimOutcome, ClaimState
from bot.domain.durable import ACTION_LEASE, Announcer, holding, keep_trying
from bot.domain.errors import CannotSave
from bot.model import Assignee, CreationStatus, Intervention, InterventionChanges, TimeWindow
from bot.store.actions import ActionRecord, ActionState, Turn
from bot.store.errors import StoreUnreachableError
from bot.store.store import Store

RESCHEDULE = "reschedule"
UPDATE = "update"
MARK_DONE = "mark_done"
CHANGE_KINDS = frozenset({RESCHEDULE, UPDATE, MARK_DONE})
# How often a change waiting for its turn looks again, and for how long it waits: past that it
# is left to recovery, which sends it once the other change is finished.
TURN_POLL_SECONDS = 0.05
TURN_WAIT_SECONDS = 30.0


class _LostLease(Exception):  # noqa: N818  # rolls the recording back
    """Another process took the action over: what this one would record is not its to record."""


def notifies(changes: InterventionChanges) -> bool:
    """A PATCH that emails someone is sent at most once (DESIGN "Durability")."""
    return bool(changes.previous_assignee_email or changes.email_current_assignee)


def encode_changes(changes: InterventionChanges) -> dict[str, Any]:
    """`changes` as JSON for the action record (read back by `decode_changes`)."""
    window, status = changes.window, changes.creation_status
    return {
        "description": changes.description,
        "window": None if window is None else [window.start.isoformat(), window.end.isoformat()],
        "site_rule_ids": None if changes.site_rule_ids is None else list(changes.site_rule_ids),
        "creation_status": None if status is None else int(status),
        "assignee": None if changes.assignee is None else changes.assignee.model_dump(mode="json"),
        "email_current_assignee": changes.email_current_assignee,
        "previous_assignee_email": changes.previous_assignee_email,
        "previous_assignee_reason": changes.previous_assignee_reason,
    }


def decode_changes(data: dict[str, Any]) -> InterventionChanges:
    window = data.get("window")
    rules = data.get("site_rule_ids")
    status = data.get("creation_status")
    assignee = data.get("assignee")
    return InterventionChanges(
        description=data.get("description"),
        window=None
        if window is None
        else TimeWindow(datetime.fromisoformat(window[0]), datetime.fromisoformat(window[1])),
        site_rule_ids=None if rules is None else tuple(int(rule) for rule in rules),
        creation_status=None if status is None else CreationStatus(int(status)),
        assignee=None if assignee is None else Assignee.model_validate(assignee),
        email_current_assignee=data.get("email_current_assignee"),
        previous_assignee_email=data.get("previous_assignee_email"),
        previous_assignee_reason=data.get("previous_assignee_reason"),
    )


class Changer:
    """Sends and records changes of interventions; recovers those other processes left."""

    def __init__(self, api: InterventionsClient, store: Store, owner: str) -> None:
        self.api = api
        self.store = store
        self.owner = owner

    async def change(
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
        """PATCH `changes` once per `key`; the outbox shows the outcome (see the module).

        An API failure is recorded and raised (a certain one releases `key`, so confirming
        again is a new attempt); `CannotSave` when the store is down before or after the call.
        """
        try:
            if not await self.store.claim(key, at=now):
                return AlreadyHandled(ClaimOutcome.decode(await self.store.claim_outcome(key)))
        except StoreUnreachableError:
            raise CannotSave(None) from None
        action = f"{kind}:{key}"
        payload = {
            "key": key,
            "intervention_id": intervention_id,
            "changes": encode_changes(changes),
            "by": by,
            "context": context,
        }
        try:
            await self.store.actions.record_intent(
                key=action,
                kind=kind,
                payload=payload,
                owner=self.owner,
                intervention_id=intervention_id,
                lease=ACTION_LEASE,
            )
            async with holding(self.store, action, self.owner):
                turn = await self._wait_for_turn(action, intervention_id)
        except StoreUnreachableError:
            # Nothing was sent: close the record if the store lets us, so no process sends it.
            with contextlib.suppress(StoreUnreachableError):
                state, error = ActionState.FAILED, "store unreachable"
                await self.store.actions.finish_action(
                    action, owner=self.owner, state=state, error=error
                )
            with contextlib.suppress(StoreUnreachableError):
                await self.store.release_claim(key)
            raise CannotSave(None) from None
        if turn is not Turn.TAKEN:  # still waiting (recovery sends it), or recovered already
            return AlreadyHandled(ClaimOutcome(ClaimState.IN_PROGRESS))
        intervention = await self._send(action, key, intervention_id, changes)
        return await self._record_or_keep_trying(
            action, key, intervention, changes, by, announcer, context
        )

    async def _wait_for_turn(self, action: str, intervention_id: int) -> Turn:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + TURN_WAIT_SECONDS
        while True:
            turn, _ = await self.store.actions.start_sending_in_turn(
                action, intervention_id=intervention_id, owner=self.owner, lease=ACTION_LEASE
            )
            if turn is not Turn.WAIT or loop.time() >= deadline:
                return turn
            await asyncio.sleep(TURN_POLL_SECONDS)

    async def _send(
        self, action: str, key: str, intervention_id: int, changes: InterventionChanges
    ) -> Intervention:
        """The PATCH, its lease renewed meanwhile; a failure is recorded, then raised."""
        try:
            async with holding(self.store, action, self.owner):
                return await self.api.update_intervention(intervention_id, changes)
        except OutcomeUnknown as error:
            if not notifies(changes):  # the client sent it again already: it certainly failed
                await self._failed(action, key, error)
                raise
            async with self.store.transaction() as tx:
                await tx.finish_action(
                    action, owner=self.owner, state=ActionState.UNKNOWN, error=repr(error)
                )
                await tx.finish_claim(key, outcome=UNKNOWN.encode())
            raise
        except ApiError as error:
            await self._failed(action, key, error)
            raise

    async def _failed(self, action: str, key: str, error: ApiError) -> None:
        await self.store.actions.finish_action(
            action, owner=self.owner, state=ActionState.FAILED, error=repr(error)
        )
        await self.store.release_claim(key)

    async def _record_or_keep_trying(
        self,
        action: str,
        key: str,
        intervention: Intervention,
        changes: InterventionChanges,
        by: str,
        announcer: Announcer,
        context: dict[str, Any],
    ) -> Intervention | AlreadyHandled:
        async def record() -> None:
            await self._record(action, key, intervention, changes, by, announcer, context)

        try:
            await record()
        except _LostLease:
            return AlreadyHandled(ClaimOutcome(ClaimState.IN_PROGRESS))
        except StoreUnreachableError:
            # The API holds it: keep trying to record it (and so to show it) while we run.
            keep_trying(record, intervention.id)
            raise CannotSave(intervention.id) from None
        return intervention

    async def _record(
        self,
        action: str,
        key: str,
        intervention: Intervention,
        changes: InterventionChanges,
        by: str,
        announcer: Announcer,
        context: dict[str, Any],
    ) -> None:
        """Save the answer, bump the version, queue what shows it: one transaction."""
        async with self.store.transaction() as tx:
            await tx.lock_intervention(intervention.id)
            before = await tx.get_intervention(intervention.id)
            finished = await tx.finish_action(
                action,
                owner=self.owner,
                state=ActionState.APPLIED,
                result={"intervention_id": intervention.id},
            )
            if finished is None:
                raise _LostLease(action)
            await tx.save_intervention(intervention, changed_by=by or None)
            if changes.site_rule_ids is not None:
                await tx.set_site_rules(intervention.id, changes.site_rule_ids)
            outcome = ClaimOutcome(ClaimState.RESCHEDULED, intervention.id)
            await tx.finish_claim(key, outcome=outcome.encode())
            await tx.queue_parent_update(intervention.id)
            old = None if before is None else before.intervention
            for effect in announcer.changed(old, intervention, context):
                await tx.enqueue_effect(effect)

    async def recover(self, record: ActionRecord, announcer: Announcer) -> None:
        """Finish a change another process left (its lease expired; this process holds it)."""
        payload = record.payload
        context: dict[str, Any] = payload.get("context") or {}
        key = str(payload.get("key", ""))
        intervention_id = int(payload["intervention_id"])
        changes = decode_changes(payload["changes"])
        if record.state is ActionState.SENDING and notifies(changes):
            async with self.store.transaction() as tx:
                state = ActionState.UNKNOWN
                if await tx.finish_action(record.key, owner=self.owner, state=state) is None:
                    return
                await tx.finish_claim(key, outcome=UNKNOWN.encode())
                for effect in announcer.change_unknown(context):
                    await tx.enqueue_effect(effect)
            return
        if record.state is ActionState.INTENT:
            turn, _ = await self.store.actions.start_sending_in_turn(
                record.key, intervention_id=intervention_id, owner=self.owner, lease=ACTION_LEASE
            )
            if turn is not Turn.TAKEN:  # another change is in flight: its lease will expire
                return
        # Never sent, or idempotent: (again) the same PATCH.
        try:
            async with holding(self.store, record.key, self.owner):
                intervention = await self.api.update_intervention(intervention_id, changes)
        except ApiError as error:
            async with self.store.transaction() as tx:
                state = ActionState.FAILED
                finished = await tx.finish_action(
                    record.key, owner=self.owner, state=state, error=repr(error)
                )
                if finished is None:
                    return
                for effect in announcer.change_failed(context, error):
                    await tx.enqueue_effect(effect)
            with contextlib.suppress(StoreUnreachableError):
                await self.store.release_claim(key)
            return
        by = str(payload.get("by") or "")
        with contextlib.suppress(_LostLease):
            await self._record(record.key, key, intervention, changes, by, announcer, context)
        durable.log.info("change %s recovered", record.key)
