"""Action records: every API write is a row written before the call and advanced after it.

    intent ──start_sending──▶ sending ──finish_action──▶ applied | failed | unknown

The process that records or advances an action holds its lease (`lease_owner` until
`lease_expires_at`). A process that starts, or sweeps periodically, claims the rows left in
`intent` or `sending` under an expired lease (`claim_abandoned_actions`): an `intent` was never
sent and may be sent; a `sending` one may have reached the API, and the claimer decides (a create
or a notifying PATCH becomes `unknown`, others are retried). A finish by a process whose lease was
taken over changes nothing and returns None.

Changes to one intervention are serialised (`start_sending_in_turn`): an action on an
intervention starts sending only while no other action on it is `sending`, checked under the
intervention's lock (`lock_intervention`: an advisory lock on PostgreSQL, the file's write lock
on SQLite), so two PATCHes of one intervention are never in flight at once and the store records
their answers in the order the API applied them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import Row, and_, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql import alias

from bot.store.rows import require_aware
from bot.store.schema import actions


class ActionState(StrEnum):
    INTENT = "intent"
    SENDING = "sending"
    APPLIED = "applied"
    FAILED = "failed"
    UNKNOWN = "unknown"


FINAL_STATES = frozenset({ActionState.APPLIED, ActionState.FAILED, ActionState.UNKNOWN})


@dataclass(frozen=True, slots=True)
class ActionRecord:
    key: str
    kind: str
    intervention_id: int | None
    payload: dict[str, Any]
    state: ActionState
    result: dict[str, Any] | None
    error: str | None
    lease_owner: str | None
    lease_expires_at: datetime | None
    created_at: datetime
    updated_at: datetime


def action_from(row: Row[Any]) -> ActionRecord:
    return ActionRecord(
        key=row.key,
        kind=row.kind,
        intervention_id=row.intervention_id,
        payload=row.payload,
        state=ActionState(row.state),
        result=row.result,
        error=row.error,
        lease_owner=row.lease_owner,
        lease_expires_at=row.lease_expires_at,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


async def record_intent(
    connection: AsyncConnection,
    *,
    key: str,
    kind: str,
    payload: dict[str, Any],
    owner: str,
    at: datetime,
    lease: timedelta,
    intervention_id: int | None = None,
) -> tuple[ActionRecord, bool]:
    """Record intent `key` leased to `owner`: (record, True), or (the existing record, False)."""
    require_aware(at)
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(actions)
        .values(
            key=key,
            kind=kind,
            intervention_id=intervention_id,
            payload=payload,
            state=ActionState.INTENT,
            lease_owner=owner,
            lease_expires_at=at + lease,
            created_at=at,
            updated_at=at,
        )
        .on_conflict_do_nothing(index_elements=[actions.c.key])
        .returning(*actions.c)
    )
    row = (await connection.execute(statement)).one_or_none()
    if row is not None:
        return action_from(row), True
    existing = (await connection.execute(select(actions).where(actions.c.key == key))).one()
    return action_from(existing), False


# The first key of PostgreSQL's two-key advisory locks taken on an intervention's id.
_INTERVENTION_LOCK_CLASS = 0x1D0C


async def lock_intervention(connection: AsyncConnection, intervention_id: int) -> None:
    """Serialise this transaction with every other one that locks `intervention_id`, until it
    ends. On SQLite every write transaction holds the file's lock already (`BEGIN IMMEDIATE`)."""
    if connection.dialect.name == "postgresql":
        await connection.execute(
            text("SELECT pg_advisory_xact_lock(:kind, :id)"),
            {"kind": _INTERVENTION_LOCK_CLASS, "id": int(intervention_id)},
        )


class Turn(StrEnum):
    """What `start_sending_in_turn` found."""

    TAKEN = "taken"  # the action is now `sending`, for its owner
    WAIT = "wait"  # another action on the intervention is `sending`: try again later
    NOT_YOURS = "not_yours"  # finished, or leased to another process


async def start_sending_in_turn(
    connection: AsyncConnection,
    key: str,
    *,
    intervention_id: int,
    owner: str,
    at: datetime,
    lease: timedelta,
) -> tuple[Turn, ActionRecord | None]:
    """intent → sending, like `start_sending`, only when no other action on the intervention is
    `sending` (even under an expired lease: its outcome is not known yet)."""
    await lock_intervention(connection, intervention_id)
    busy = select(actions.c.key).where(
        actions.c.intervention_id == intervention_id,
        actions.c.state == ActionState.SENDING,
        actions.c.key != key,
    )
    if (await connection.execute(busy.limit(1))).first() is not None:
        return Turn.WAIT, None
    record = await start_sending(connection, key, owner=owner, at=at, lease=lease)
    return (Turn.NOT_YOURS, None) if record is None else (Turn.TAKEN, record)


def _leased_to(owner: str, now: datetime) -> Any:
    """Held by `owner`, or by nobody alive."""
    return or_(actions.c.lease_owner == owner, actions.c.lease_expires_at <= now)


async def start_sending(
    connection: AsyncConnection, key: str, *, owner: str, at: datetime, lease: timedelta
) -> ActionRecord | None:
    """intent → sending for `owner` (renewing its lease); None if the action is not its to send."""
    require_aware(at)
    statement = (
        update(actions)
        .where(actions.c.key == key, actions.c.state == ActionState.INTENT, _leased_to(owner, at))
        .values(
            state=ActionState.SENDING,
            lease_owner=owner,
            lease_expires_at=at + lease,
            updated_at=at,
        )
        .returning(*actions.c)
    )
    row = (await connection.execute(statement)).one_or_none()
    return None if row is None else action_from(row)


async def extend_lease(
    connection: AsyncConnection, key: str, *, owner: str, at: datetime, lease: timedelta
) -> bool:
    """Keep an unfinished action `owner` still holds until `at + lease`; False if it lost it."""
    require_aware(at)
    statement = (
        update(actions)
        .where(
            actions.c.key == key,
            actions.c.state.in_([ActionState.INTENT, ActionState.SENDING]),
            actions.c.lease_owner == owner,
            actions.c.lease_expires_at > at,
        )
        .values(lease_expires_at=at + lease, updated_at=at)
    )
    return (await connection.execute(statement)).rowcount == 1


async def finish_action(
    connection: AsyncConnection,
    key: str,
    *,
    owner: str,
    state: ActionState,
    at: datetime,
    result: dict[str, Any] | None = None,
    error: str | None = None,
) -> ActionRecord | None:
    """intent|sending → applied|failed|unknown by the lease holder; None when it is not."""
    require_aware(at)
    if state not in FINAL_STATES:
        raise ValueError(f"an action finishes applied, failed or unknown, not {state}")
    statement = (
        update(actions)
        .where(
            actions.c.key == key,
            actions.c.state.in_([ActionState.INTENT, ActionState.SENDING]),
            actions.c.lease_owner == owner,
        )
        .values(
            state=state,
            result=result,
            error=error,
            lease_owner=None,
            lease_expires_at=None,
            updated_at=at,
        )
        .returning(*actions.c)
    )
    row = (await connection.execute(statement)).one_or_none()
    return None if row is None else action_from(row)


async def claim_abandoned_actions(
    connection: AsyncConnection, *, owner: str, now: datetime, lease: timedelta, limit: int
) -> list[ActionRecord]:
    """Take over up to `limit` unfinished actions whose lease expired; their state is unchanged."""
    require_aware(now)
    candidate = alias(actions, "candidate")
    unfinished = [ActionState.INTENT, ActionState.SENDING]
    candidates = (
        select(candidate.c.key)
        .where(candidate.c.state.in_(unfinished), candidate.c.lease_expires_at <= now)
        .order_by(candidate.c.created_at, candidate.c.key)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    statement = (
        update(actions)
        .where(
            actions.c.key.in_(candidates),
            and_(actions.c.state.in_(unfinished), actions.c.lease_expires_at <= now),
        )
        .values(lease_owner=owner, lease_expires_at=now + lease, updated_at=now)
        .returning(*actions.c)
    )
    rows = (await connection.execute(statement)).all()
    return sorted((action_from(row) for row in rows), key=lambda a: (a.created_at, a.key))


async def get_action(connection: AsyncConnection, key: str) -> ActionRecord | None:
    row = (await connection.execute(select(actions).where(actions.c.key == key))).one_or_none()
    return None if row is None else action_from(row)


async def has_unfinished(connection: AsyncConnection, intervention_id: int) -> bool:
    """True while an action on the intervention is in `intent` or `sending`."""
    query = select(actions.c.key).where(
        actions.c.intervention_id == intervention_id,
        actions.c.state.in_([ActionState.INTENT, ActionState.SENDING]),
    )
    return (await connection.execute(query.limit(1))).first() is not None
