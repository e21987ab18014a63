"""Following up: lists, status cards, the Home tab's contents, Mark done, and reminder claims.

Everything shown is what the store holds (the API has no read endpoint). "Mine" is what someone
created or is assigned (through `bot.toml`'s mapping); "team" is the routines of the teams they
manage or work for (the teams of their own interventions' routines). The domain reads no clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.config import BotConfig
from bot.domain.changes import MARK_DONE
from bot.domain.claims import AlreadyHandled
from bot.domain.durable import Announcer
from bot.domain.errors import NotAllowed
from bot.domain.scheduling import Scheduler
from bot.domain.teams import managers_for_routine, team_for_routine
from bot.model import CreationStatus, Intervention, InterventionChanges, ListScope
from bot.model import ReassignmentRequest as Request
from bot.store.actions import ActionRecord
from bot.store.following import Page, People, Routines
from bot.store.reminders import reminder_key
from bot.store.store import KnownIntervention, Store

LIST_DAYS = timedelta(days=14)
TEAM_HOME_DAYS = timedelta(days=7)
PAGE_SIZE = 20
REMINDER_LEGS = ("direct", "thread")
REMINDER_LEASE = timedelta(seconds=60)


@dataclass(frozen=True, slots=True)
class Listing:
    """A list's page, what it covers, and the creates whose outcome is unknown (mine only)."""

    scope: ListScope
    page: Page
    until: datetime
    unconfirmed: tuple[ActionRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class StatusCard:
    """What the bot knows of one intervention: the store's row and its pending requests."""

    known: KnownIntervention
    pending: tuple[Request, ...]


@dataclass(frozen=True, slots=True)
class HomeContent:
    """The three parts of a Home tab; `waiting` is None for someone who decides nothing."""

    mine: Page
    team: Page
    waiting: tuple[tuple[Request, KnownIntervention | None], ...] | None
    waiting_total: int
    unconfirmed: tuple[ActionRecord, ...]


@dataclass(frozen=True, slots=True)
class Reminder:
    """A reminder leg this process holds: send it, then `reminder_sent`."""

    known: KnownIntervention
    leg: str

    @property
    def start(self) -> datetime:
        start = self.known.intervention.scheduled_start
        assert start is not None  # noqa: S101  # selected on it
        return start


class FollowingUp:
    """The use cases of following up, over the store, bot.toml and the scheduler."""

    def __init__(self, store: Store, config: BotConfig, scheduler: Scheduler) -> None:
        self.store = store
        self.config = config
        self.scheduler = scheduler

    def people(self, user_id: str) -> People:
        mapped = self.config.assignee_for(user_id)
        return People(user_id, mapped.profile_id, mapped.company_contact_id)

    async def team_routines(self, user_id: str) -> Routines | None:
        """The routines of the user's teams; None when there are no teams (everything is one)."""
        teams = self.config.teams
        if not teams:
            return None
        own = await self.store.following.routines_of(self.people(user_id))
        names = {team.name for team in teams if user_id in team.managers}
        names |= {team.name for r in own if (team := team_for_routine(self.config, r))}
        if not names:
            return None
        listed = frozenset(r for team in teams if team.name in names for r in team.routines)
        every = frozenset(r for team in teams for r in team.routines)
        return Routines(listed, unlisted=teams[0].name in names, every_listed=every)

    async def list_interventions(
        self, scope: ListScope, user_id: str, *, now: datetime, limit: int = PAGE_SIZE
    ) -> Listing:
        """The upcoming interventions of `scope` over the next 14 days, soonest first."""
        until = now + LIST_DAYS
        following = self.store.following
        people = self.people(user_id) if scope is ListScope.MINE else None
        routines = await self.team_routines(user_id) if scope is ListScope.TEAM else None
        page = await following.upcoming(
            after=now, until=until, people=people, routines=routines, limit=limit
        )
        unconfirmed: tuple[ActionRecord, ...] = ()
        if scope is ListScope.MINE:
            unconfirmed = tuple(await following.unconfirmed_creates(requested_by=user_id))
        return Listing(scope, page, until, unconfirmed)

    async def status(self, intervention_id: int) -> StatusCard | None:
        """None when the bot never saw the intervention."""
        known = await self.store.get_intervention(intervention_id)
        if known is None:
            return None
        return StatusCard(known, tuple(await self.store.pending_requests(intervention_id)))

    async def home(self, user_id: str, *, now: datetime) -> HomeContent:
        following = self.store.following
        mine = await following.upcoming(
            after=now, until=now + LIST_DAYS, people=self.people(user_id), limit=10
        )
        team = await following.upcoming(
            after=now,
            until=now + TEAM_HOME_DAYS,
            routines=await self.team_routines(user_id),
            limit=PAGE_SIZE,
        )
        waiting, total = await self._waiting_for(user_id)
        unconfirmed = tuple(await following.unconfirmed_creates(requested_by=user_id))
        return HomeContent(mine, team, waiting, total, unconfirmed)

    async def _waiting_for(
        self, user_id: str
    ) -> tuple[tuple[tuple[Request, KnownIntervention | None], ...] | None, int]:
        """Requests this user may decide: all for a global manager, their teams' for a lead."""
        if user_id in self.config.managers:
            routines = None
        else:
            teams = [team for team in self.config.teams if user_id in team.managers]
            if not teams:
                return None, 0
            every = frozenset(r for team in self.config.teams for r in team.routines)
            listed = frozenset(r for team in teams for r in team.routines)
            routines = Routines(listed, self.config.teams[0] in teams, every)
        found, total = await self.store.following.pending_requests(routines, limit=10)
        return tuple(found), total

    def who_may_mark_done(self, known: KnownIntervention) -> tuple[str, ...]:
        """The assignee's Slack user, the creator, and the managers of its team."""
        intervention = known.intervention
        assignee = intervention.assignee
        people = [
            self.config.slack_user_for(assignee) if assignee else None,
            known.requested_by,
            *managers_for_routine(self.config, intervention.routine_id),
        ]
        return tuple(dict.fromkeys(p for p in people if p))

    async def mark_done(
        self,
        intervention_id: int,
        *,
        by: str,
        key: str,
        now: datetime,
        announcer: Announcer,
        context: dict[str, Any],
    ) -> Intervention | AlreadyHandled:
        """PATCH `creationStatus` 2 for someone allowed to, as a durable change
        (`bot.domain.changes`); `NotAllowed` for anyone else."""
        known = await self.store.get_intervention(intervention_id)
        who_may = () if known is None else self.who_may_mark_done(known)
        if by not in who_may:
            raise NotAllowed(who_may)
        return await self.scheduler.change_intervention(
            kind=MARK_DONE,
            key=key,
            intervention_id=intervention_id,
            changes=InterventionChanges(creation_status=CreationStatus.DONE),
            by=by,
            now=now,
            announcer=announcer,
            context=context,
        )

    async def claim_reminders(
        self, *, now: datetime, before: timedelta, owner: str
    ) -> list[Reminder]:
        """The reminder legs due now that this process won, each exactly once across processes."""
        if before <= timedelta(0):
            return []
        claimed = await self.store.reminders.claim_reminders(
            now=now, before=before, legs=REMINDER_LEGS, owner=owner, lease=REMINDER_LEASE
        )
        return [Reminder(known, leg) for known, leg in claimed]

    async def reminders_sent(self, sent: list[Reminder], *, owner: str) -> None:
        keys = [reminder_key(r.known, r.leg) for r in sent]
        await self.store.reminders.finish_reminders(keys, owner=owner)

    async def reminders_failed(
        self, failed: list[Reminder], *, owner: str, retry_in: timedelta
    ) -> None:
        keys = [reminder_key(r.known, r.leg) for r in failed]
        await self.store.reminders.finish_reminders(keys, owner=owner, retry_in=retry_in)

    def reminder_recipient(self, known: KnownIntervention) -> str | None:
        """The assignee's Slack user, else the creator."""
        assignee = known.intervention.assignee
        user = self.config.slack_user_for(assignee) if assignee else None
        return user or known.requested_by
