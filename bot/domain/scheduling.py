"""Use cases that change an intervention: create (and assign), reschedule, update, retry an
assignment; and cancelling a preview, which changes nothing but its claim.

Outcomes the user must see are return values (`Created` with `AssignmentFailed`, `AlreadyHandled`
with the `ClaimOutcome` of whoever acted first); API faults propagate as `bot.api.errors` values.
Every success is saved in the store, which is all the bot knows of an intervention (the API has no
read endpoint). The domain reads no clock: each use case is told `now`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.api.client import InterventionsClient
from bot.api.errors import ApiError, OutcomeUnknown
from bot.config import BotConfig
from bot.domain.claims import (
    ASSIGNED,
    CANCELLED,
    CREATED,
    RESCHEDULED,
    UNKNOWN,
    AlreadyHandled,
    ClaimOutcome,
)
from bot.model import (
    Assignee,
    CreationStatus,
    Intervention,
    InterventionChanges,
    TimeWindow,
    format_api_timestamp,
)
from bot.store.actions import ActionState
from bot.store.store import Store

__all__ = ["AlreadyHandled", "AssignmentFailed", "Created", "Scheduler"]


@dataclass(frozen=True, slots=True)
class AssignmentFailed:
    """The intervention exists but the assigning PATCH failed; Retry may send it again."""

    assignee: Assignee
    error: ApiError


@dataclass(frozen=True, slots=True)
class Created:
    """A create went through; `assignment` says how the follow-up assignment went, if any."""

    intervention: Intervention
    assignment: AssignmentFailed | None = None


class Scheduler:
    """Creates and changes interventions through the API and remembers what it answered."""

    def __init__(self, api: InterventionsClient, store: Store, config: BotConfig) -> None:
        self.api = api
        self.store = store
        self.config = config

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
    ) -> Created | AlreadyHandled:
        """POST once per `key`, then PATCH the assignee; a failed PATCH is reported, not raised."""
        if handled := await self._claim(key, now):
            return handled
        try:
            intervention = await self.api.create_from_routine(routine_id, window, status)
        except OutcomeUnknown:
            await self._finish(key, UNKNOWN)
            await self._record_unconfirmed(key, routine_id, window, requested_by)
            raise
        except ApiError:
            await self.store.release_claim(key)
            raise
        await self.store.save_intervention(intervention, requested_by=requested_by)
        await self._finish(key, ClaimOutcome(CREATED, intervention.id))
        if assignee is None:
            return Created(intervention)
        try:
            assigned = await self.assign_intervention(intervention.id, assignee)
        except ApiError as error:
            return Created(intervention, AssignmentFailed(assignee, error))
        return Created(assigned)

    async def _record_unconfirmed(
        self, key: str, routine_id: int, window: TimeWindow, requested_by: str
    ) -> None:
        """Keep what a create whose outcome is unknown tried, so lists show it as unconfirmed."""
        owner = "scheduler"
        payload = {
            "routine_id": routine_id,
            "start": format_api_timestamp(window.start),
            "end": format_api_timestamp(window.end),
            "requested_by": requested_by,
        }
        record, _ = await self.store.actions.record_intent(
            key=f"create:{key}", kind="create", payload=payload, owner=owner
        )
        await self.store.actions.finish_action(record.key, owner=owner, state=ActionState.UNKNOWN)

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

    async def reschedule_intervention(
        self, intervention_id: int, window: TimeWindow, *, now: datetime, key: str | None = None
    ) -> Intervention | AlreadyHandled:
        """PATCH both times, once per `key` (a PATCH that failed may be confirmed again)."""
        if key is not None and (handled := await self._claim(key, now)):
            return handled
        try:
            intervention = await self.update_intervention(
                intervention_id, InterventionChanges(window=window)
            )
        except ApiError:
            if key is not None:
                await self.store.release_claim(key)
            raise
        if key is not None:
            await self._finish(key, ClaimOutcome(RESCHEDULED, intervention_id))
        return intervention

    async def update_intervention(
        self, intervention_id: int, changes: InterventionChanges
    ) -> Intervention:
        """PATCH what changes and keep the answer (and the site rules, which it omits)."""
        intervention = await self.api.update_intervention(intervention_id, changes)
        await self.store.save_intervention(intervention)
        if changes.site_rule_ids is not None:
            await self.store.set_site_rules(intervention_id, changes.site_rule_ids)
        return intervention
