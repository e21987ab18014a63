"""What following up reads and claims: upcoming interventions by person and routine, requests
waiting for a decision, unconfirmed creates, Home tab digests (reminders: `bot.store.reminders`).

Every query selects on indexed columns (`scheduled_start`, people, routines) and is bounded by a
`limit`, so a list or a Home tab costs the same with ten interventions or ten thousand.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, case, false, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.model import CreationStatus, Intervention, ReassignmentRequest, RequestState
from bot.store.actions import ActionRecord, ActionState, action_from
from bot.store.rows import KnownIntervention, known_intervention_from, request_from, require_aware
from bot.store.schema import actions, home_views, interventions, reassignment_requests

Begin = Callable[[], contextlib.AbstractAsyncContextManager[AsyncConnection]]
Clock = Callable[[], datetime]
_i = interventions
_r = reassignment_requests


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
            statement = insert_into(connection, home_views).values(user_id=user_id, opened_at=now)
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


def insert_into(connection: AsyncConnection, table: Any) -> Any:
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
