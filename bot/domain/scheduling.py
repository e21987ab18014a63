"""Use cases that change an intervention: create (and assign), reschedule, update.

Outcomes the user must see are return values (`Created` with `AssignmentFailed`); API faults
propagate as `bot.api.errors` values. Every success is saved in the store, which is all the bot
knows of an intervention (the API has no read endpoint).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.api.client import InterventionsClient
from bot.api.errors import ApiError, OutcomeUnknown
from bot.config import BotConfig
from bot.model import (
    Assignee,
    CreationStatus,
    Intervention,
    InterventionChanges,
    TimeWindow,
)
from bot.store.store import Store


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


@dataclass(frozen=True, slots=True)
class AlreadyHandled:
    """The same confirmation was already acted on (a double click, another process)."""

    outcome: str | None


class Scheduler:
    """Creates and changes interventions through the API and remembers what it answered."""

    def __init__(
        self,
        api: InterventionsClient,
        store: Store,
        config: BotConfig,
        now: Callable[[], datetime],
    ) -> None:
        self.api = api
        self.store = store
        self.config = config
        self.now = now

    async def create_intervention(
        self,
        *,
        key: str,
        routine_id: int,
        window: TimeWindow,
        status: CreationStatus,
        assignee: Assignee | None,
        requested_by: str,
    ) -> Created | AlreadyHandled:
        """POST once per `key`, then PATCH the assignee; a failed PATCH is reported, not raised."""
        if not await self.store.claim(key, at=self.now()):
            return AlreadyHandled(await self.store.claim_outcome(key))
        try:
            intervention = await self.api.create_from_routine(routine_id, window, status)
        except OutcomeUnknown:
            await self.store.finish_claim(key, outcome="unknown")
            raise
        except ApiError:
            await self.store.release_claim(key)
            raise
        await self.store.save_intervention(intervention, requested_by=requested_by)
        await self.store.finish_claim(key, outcome=f"created:{intervention.id}")
        if assignee is None:
            return Created(intervention)
        try:
            assigned = await self.assign_intervention(intervention.id, assignee)
        except ApiError as error:
            return Created(intervention, AssignmentFailed(assignee, error))
        return Created(assigned)

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

    async def reschedule_intervention(
        self, intervention_id: int, window: TimeWindow, *, key: str | None = None
    ) -> Intervention | AlreadyHandled:
        """PATCH both times, once per `key` (a PATCH that failed may be confirmed again)."""
        if key is not None and not await self.store.claim(key, at=self.now()):
            return AlreadyHandled(await self.store.claim_outcome(key))
        try:
            intervention = await self.update_intervention(
                intervention_id, InterventionChanges(window=window)
            )
        except ApiError:
            if key is not None:
                await self.store.release_claim(key)
            raise
        if key is not None:
            await self.store.finish_claim(key, outcome=f"rescheduled:{intervention_id}")
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
