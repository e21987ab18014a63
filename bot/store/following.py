"""What following up reads and claims: upcoming interventions by person and routine, requests
waiting for a decision, unconfirmed creates, reminder deliveries under leases, Home tab digests.

Every query selects on indexed columns (`scheduled_start`, people, routines) and is bounded by a
`limit`, so a list or a Home tab costs the same with ten interventions or ten thousand.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row, case, exists, false, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.model import CreationStatus, Intervention, ReassignmentRequest, RequestState
from bot.store.actions import ActionRecord, ActionState, action_from
from bot.store.rows import KnownIntervention, known_intervention_from, request_from, require_aware
from bot.store.schema import actions, home_views, interventions, reassignment_requests, reminders

Begin = Callable[[], contextlib.AbstractAsyncContextManager[AsyncConnection]]
Clock = Callable[[], datetime]
_i = interventions
_r = reassignment_requests
SENT, SENDING = "sent", "sending"


def searchable_columns(intervention: Intervention) -> dict[str, Any]:
    """The columns copied from an API answer, so that lists select without reading JSON."""
    return {
        "scheduled_start": intervention.scheduled_start,
        "creation_status": intervention.creation_status,
        "assigned_profile_id": intervention.assigned_profile_id,
        "assigned_company_contact_id": intervention.assigned_company_contact_id,
        "changed_by": None,
    }


@dataclass(frozen=True, slots=True)
class People:
    """Whose interventions: created by `user_id`, or assigned to its API identity."""

    user_id: str
    profile_id: int | None = None
    company_contact_id: int | None = None


@dataclass(frozen=True, slots=True)
class Routines:
    """Which routines: those listed, plus (with `unlisted`) those no team lists or unknown."""

    listed: frozenset[int]
    unlisted: bool = False
    every_listed: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class Page:
    """Up to `limit` interventions, soonest first, and how many match in all."""

    items: tuple[KnownIntervention, ...]
    total: int


def _mine(people: People) -> Any:
    conditions = [_i.c.requested_by == people.user_id]
    if people.profile_id is not None:
        conditions.append(_i.c.assigned_profile_id == people.profile_id)
    if people.company_contact_id is not None:
        conditions.append(_i.c.assigned_company_contact_id == people.company_contact_id)
    return or_(*conditions)


def _of_routines(routines: Routines) -> Any:
    conditions = [_i.c.routine_id.in_(sorted(routines.listed))] if routines.listed else []
    if routines.unlisted:
        conditions.append(_i.c.routine_id.is_(None))
        if routines.every_listed:
            conditions.append(_i.c.routine_id.not_in(sorted(routines.every_listed)))
        else:
            conditions.append(_i.c.routine_id.is_not(None))
    return or_(*conditions) if conditions else false()


class FollowUp:
    """The queries and claims of following up, one transaction per call."""

    def __init__(self, begin: Begin, clock: Clock) -> None:
        self._begin = begin
        self._clock = clock

    async def upcoming(
        self,
        *,
        after: datetime,
        until: datetime,
        people: People | None = None,
        routines: Routines | None = None,
        limit: int = 20,
    ) -> Page:
        """Interventions not done whose start is in (`after`, `until`], soonest first."""
        require_aware(after, until)
        conditions = [
            _i.c.scheduled_start > after,
            _i.c.scheduled_start <= until,
            or_(_i.c.creation_status.is_(None), _i.c.creation_status != CreationStatus.DONE),
        ]
        if people is not None:
            conditions.append(_mine(people))
        if routines is not None:
            conditions.append(_of_routines(routines))
        query = select(_i).where(*conditions).order_by(_i.c.scheduled_start, _i.c.id).limit(limit)
        counting = select(func.count()).select_from(_i).where(*conditions)
        async with self._begin() as connection:
            rows = (await connection.execute(query)).all()
            total = int((await connection.execute(counting)).scalar_one())
        return Page(tuple(known_intervention_from(row) for row in rows), total)

    async def routines_of(self, people: People) -> frozenset[int]:
        """The routines of the interventions someone created or is assigned (their teams')."""
        query = select(_i.c.routine_id).where(_mine(people), _i.c.routine_id.is_not(None))
        async with self._begin() as connection:
            rows = (await connection.execute(query.distinct().limit(200))).all()
        return frozenset(int(row.routine_id) for row in rows)

    async def note_change(self, intervention_id: int, *, by: str) -> None:
        """Remember who made the intervention's last change (the status card shows it)."""
        statement = update(_i).where(_i.c.id == intervention_id).values(changed_by=by)
        async with self._begin() as connection:
            await connection.execute(statement)

    async def pending_requests(
        self, routines: Routines | None, *, limit: int = 20
    ) -> tuple[list[tuple[ReassignmentRequest, KnownIntervention | None]], int]:
        """Pending reassignment requests of these routines (None: all), oldest deadline first."""
        joined = _r.outerjoin(_i, _i.c.id == _r.c.intervention_id)
        conditions = [_r.c.state == RequestState.PENDING.value]
        if routines is not None:
            conditions.append(_of_routines(routines))
        query = (
            select(_r, _i.c.id.label("known_id"), *[c.label(f"i_{c.name}") for c in _i.c])
            .select_from(joined)
            .where(*conditions)
            .order_by(_r.c.expires_at, _r.c.id)
            .limit(limit)
        )
        counting = select(func.count()).select_from(joined).where(*conditions)
        async with self._begin() as connection:
            rows = (await connection.execute(query)).all()
            total = int((await connection.execute(counting)).scalar_one())
        return [(request_from(row), _known_of(row)) for row in rows], total

    async def unconfirmed_creates(self, *, requested_by: str | None = None) -> list[ActionRecord]:
        """Creates whose outcome is unknown (a timeout, a 5xx): maybe created, maybe not."""
        query = select(actions).where(
            actions.c.kind == "create", actions.c.state == ActionState.UNKNOWN.value
        )
        async with self._begin() as connection:
            rows = (await connection.execute(query.order_by(actions.c.created_at))).all()
        found = [action_from(row) for row in rows]
        if requested_by is None:
            return found
        return [a for a in found if a.payload.get("requested_by") == requested_by]

    async def state_digest(self) -> str:
        """Changes whenever an intervention or the set of pending requests changes."""
        pending = func.sum(case((_r.c.state == RequestState.PENDING.value, 1), else_=0))
        async with self._begin() as connection:
            known = (
                await connection.execute(select(func.count(), func.max(_i.c.updated_at)))
            ).one()
            asked = (
                await connection.execute(select(func.count(), func.max(_r.c.id), pending))
            ).one()
        return f"{tuple(known)}|{tuple(asked)}"

    # Home tabs ---------------------------------------------------------------------------

    async def home_opened(self, user_id: str) -> None:
        """Remember that `user_id` looks at the Home tab, so that changes republish it."""
        now = self._clock()
        async with self._begin() as connection:
            statement = _insert(connection, home_views).values(user_id=user_id, opened_at=now)
            statement = statement.on_conflict_do_update(
                index_elements=[home_views.c.user_id], set_={"opened_at": now}
            )
            await connection.execute(statement)

    async def home_viewers(self) -> list[str]:
        async with self._begin() as connection:
            rows = (await connection.execute(select(home_views.c.user_id))).all()
        return [str(row.user_id) for row in rows]

    async def claim_home_digest(self, user_id: str, digest: str) -> bool:
        """True for the one caller (of any process) that moves this user's Home to `digest`."""
        statement = (
            update(home_views)
            .where(
                home_views.c.user_id == user_id,
                or_(home_views.c.digest.is_(None), home_views.c.digest != digest),
            )
            .values(digest=digest)
        )
        async with self._begin() as connection:
            return (await connection.execute(statement)).rowcount == 1

    async def forget_home_digest(self, user_id: str) -> None:
        """The publish failed: the next pass must publish again."""
        statement = update(home_views).where(home_views.c.user_id == user_id).values(digest=None)
        async with self._begin() as connection:
            await connection.execute(statement)

    # Reminders ---------------------------------------------------------------------------

    async def claim_reminders(
        self,
        *,
        now: datetime,
        before: timedelta,
        legs: Collection[str],
        owner: str,
        lease: timedelta,
        limit: int = 200,
    ) -> list[tuple[KnownIntervention, str]]:
        """Claim, in one transaction, the reminder legs due now that nobody sent or holds.

        A leg is due when its intervention (not done) starts in (`now`, `now + before`]. Each
        is a row keyed by leg, intervention and start: the first claimer inserts it; a claim
        whose lease ended unsent (its process died, or Slack failed) is taken over.
        """
        require_aware(now)
        found: list[tuple[KnownIntervention, str]] = []
        async with self._begin() as connection:
            for leg in legs:
                due = await _due(connection, now=now, before=before, leg=leg, limit=limit)
                found += [(known, leg) for known in due]
            won = await _claim_keys(connection, found, owner=owner, now=now, lease=lease)
        return [(known, leg) for known, leg in found if reminder_key(known, leg) in won]

    async def finish_reminders(
        self, keys: Collection[str], *, owner: str, retry_in: timedelta | None = None
    ) -> None:
        """Mark held legs sent (or, with `retry_in`, free them to be tried again then)."""
        if not keys:
            return
        now = self._clock()
        values: dict[str, Any] = (
            {"state": SENT, "sent_at": now, "lease_owner": None}
            if retry_in is None
            else {"lease_expires_at": now + retry_in}
        )
        statement = (
            update(reminders)
            .where(reminders.c.key.in_(sorted(keys)), reminders.c.lease_owner == owner)
            .values(**values)
        )
        async with self._begin() as connection:
            await connection.execute(statement)

    async def sent_reminders(self, intervention_id: int) -> list[tuple[datetime, str]]:
        """(start, leg) of the reminders sent for an intervention (for checks and the demo)."""
        query = select(reminders.c.scheduled_start, reminders.c.leg).where(
            reminders.c.intervention_id == intervention_id, reminders.c.state == SENT
        )
        async with self._begin() as connection:
            rows = (await connection.execute(query)).all()
        return [(row.scheduled_start, row.leg) for row in rows]


def reminder_key(known: KnownIntervention, leg: str) -> str:
    """One reminder leg of one intervention at one start: a reschedule makes a new key."""
    start = known.intervention.scheduled_start
    return f"{leg}:{known.intervention.id}:{start.isoformat() if start else '-'}"


async def _due(
    connection: AsyncConnection, *, now: datetime, before: timedelta, leg: str, limit: int
) -> list[KnownIntervention]:
    handled = exists().where(
        reminders.c.intervention_id == _i.c.id,
        reminders.c.scheduled_start == _i.c.scheduled_start,
        reminders.c.leg == leg,
        or_(reminders.c.state == SENT, reminders.c.lease_expires_at > now),
    )
    query = (
        select(_i)
        .where(
            _i.c.scheduled_start > now,
            _i.c.scheduled_start <= now + before,
            or_(_i.c.creation_status.is_(None), _i.c.creation_status != CreationStatus.DONE),
            ~handled,
        )
        .order_by(_i.c.scheduled_start, _i.c.id)
        .limit(limit)
    )
    return [known_intervention_from(row) for row in (await connection.execute(query)).all()]


async def _claim_keys(
    connection: AsyncConnection,
    due: list[tuple[KnownIntervention, str]],
    *,
    owner: str,
    now: datetime,
    lease: timedelta,
) -> set[str]:
    """The keys of `due` this owner now holds: new rows, and rows whose lease ended unsent."""
    if not due:
        return set()
    rows = [
        {
            "key": reminder_key(known, leg),
            "intervention_id": known.intervention.id,
            "scheduled_start": known.intervention.scheduled_start,
            "leg": leg,
            "state": SENDING,
            "lease_owner": owner,
            "lease_expires_at": now + lease,
            "attempts": 1,
        }
        for known, leg in due
    ]
    inserted = (
        _insert(connection, reminders)
        .values(rows)
        .on_conflict_do_nothing(index_elements=[reminders.c.key])
        .returning(reminders.c.key)
    )
    won = {str(key) for key in (await connection.execute(inserted)).scalars()}
    retaken = (
        update(reminders)
        .where(
            reminders.c.key.in_(sorted({row["key"] for row in rows} - won)),
            reminders.c.state == SENDING,
            reminders.c.lease_expires_at <= now,
        )
        .values(lease_owner=owner, lease_expires_at=now + lease, attempts=reminders.c.attempts + 1)
        .returning(reminders.c.key)
    )
    won |= {str(key) for key in (await connection.execute(retaken)).scalars()}
    return won


def _insert(connection: AsyncConnection, table: Any) -> Any:
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


def _known_of(row: Row[Any]) -> KnownIntervention | None:
    if row.known_id is None:
        return None
    mapping = {c.name: getattr(row, f"i_{c.name}") for c in _i.c}
    return known_intervention_from(_Named(mapping))  # type: ignore[arg-type]  # a Row's shape


class _Named:
    """A row's columns by attribute, for `known_intervention_from` on a joined row."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)
