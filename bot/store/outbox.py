"""The outbox of Slack effects: written with the state change they show, delivered by any process.

An effect is a row: `pending` until a process claims it (`sending`, under a lease), then
`delivered`, `pending` again with a later `next_attempt_at` (backoff), or `failed` for good.
A `sending` row whose lease expired (its process died) is claimed again.

- `dedup_key`: a second effect with the same key is not added.
- `lane` (e.g. `intervention:42`): effects of one lane are delivered one at a time, oldest first;
  a later one waits while an earlier one is pending or sending (procrastinate's job `lock`).
- `target` + `version` (e.g. the parent message, the intervention's version): a rendering older
  than one already queued or delivered for the target is `superseded`, never delivered (checked
  when it is queued and again when it is claimed). A target with no lane is its own lane.

`queue_parent_update` is the one way to ask for an intervention's parent message (its
confirmation in the team channel) to be re-rendered: call it in the transaction that records the
change (`StoreTransaction.save_intervention` bumps the intervention's `version`). The deliverer
renders the parent from the store when it sends it, in the intervention's lane, and a request
older than one already queued or delivered is superseded.

Claims use `FOR UPDATE SKIP LOCKED` on PostgreSQL; on SQLite the claim is one conditional UPDATE
under the file's write lock (`BEGIN IMMEDIATE`). Either way each row goes to one claimer at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import Row, and_, exists, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql import alias

from bot.store.rows import require_aware
from bot.store.schema import interventions, outbox

BACKOFF_BASE = timedelta(seconds=1)
BACKOFF_CAP = timedelta(seconds=30)


# The effect kind of a parent message's re-rendering (delivered by `bot.slack.delivery`).
PARENT_UPDATE = "update_parent"


def intervention_lane(intervention_id: int) -> str:
    """Effects of one intervention are delivered one at a time, in the order they were queued."""
    return f"intervention:{intervention_id}"


def parent_target(intervention_id: int) -> str:
    return f"parent:{intervention_id}"


class EffectStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    DELIVERED = "delivered"
    FAILED = "failed"
    SUPERSEDED = "superseded"


_LIVE = (EffectStatus.PENDING, EffectStatus.SENDING, EffectStatus.DELIVERED)


@dataclass(frozen=True, slots=True)
class Effect:
    """A Slack effect to deliver: `kind` says which call, the rest where and what."""

    kind: str
    payload: dict[str, Any]
    channel: str | None = None
    ts: str | None = None
    user: str | None = None
    dedup_key: str | None = None
    lane: str | None = None
    target: str | None = None
    version: int | None = None


@dataclass(frozen=True, slots=True)
class ClaimedEffect:
    """An effect as a claimer holds it; `attempts` counts this one."""

    id: int
    effect: Effect
    status: EffectStatus
    attempts: int
    lease_owner: str | None
    lease_expires_at: datetime | None
    last_error: str | None


def backoff(attempts: int) -> timedelta:
    """Delay before the next try after `attempts` failed ones: 1 s, 2 s, 4 s … at most 30 s."""
    delay: timedelta = BACKOFF_BASE * 2 ** min(max(attempts - 1, 0), 16)
    return min(delay, BACKOFF_CAP)


def effect_from(row: Row[Any]) -> ClaimedEffect:
    effect = Effect(
        kind=row.kind,
        payload=row.payload,
        channel=row.channel,
        ts=row.ts,
        user=row.user,
        dedup_key=row.dedup_key,
        lane=row.lane,
        target=row.target,
        version=row.version,
    )
    return ClaimedEffect(
        id=row.id,
        effect=effect,
        status=EffectStatus(row.status),
        attempts=row.attempts,
        lease_owner=row.lease_owner,
        lease_expires_at=row.lease_expires_at,
        last_error=row.last_error,
    )


async def enqueue_effect(
    connection: AsyncConnection, effect: Effect, *, at: datetime
) -> int | None:
    """Add `effect` inside the caller's transaction; its id, or None when its dedup key is taken.

    A rendering older than the target's newest is stored `superseded`; pending older ones are
    superseded by it.
    """
    require_aware(at)
    status = EffectStatus.PENDING
    if effect.target is not None and effect.version is not None:
        newest = select(func.max(outbox.c.version)).where(
            outbox.c.target == effect.target,
            outbox.c.status.in_(
                [EffectStatus.PENDING, EffectStatus.SENDING, EffectStatus.DELIVERED]
            ),
        )
        newest_version = (await connection.execute(newest)).scalar_one_or_none()
        if newest_version is not None and newest_version >= effect.version:
            status = EffectStatus.SUPERSEDED
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(outbox)
        .values(
            kind=effect.kind,
            channel=effect.channel,
            ts=effect.ts,
            user=effect.user,
            payload=effect.payload,
            dedup_key=effect.dedup_key,
            lane=effect.lane or effect.target,
            target=effect.target,
            version=effect.version,
            status=status,
            attempts=0,
            next_attempt_at=at,
            created_at=at,
            finished_at=at if status is EffectStatus.SUPERSEDED else None,
        )
        .on_conflict_do_nothing(index_elements=[outbox.c.dedup_key])
        .returning(outbox.c.id)
    )
    effect_id: int | None = (await connection.execute(statement)).scalar_one_or_none()
    if effect_id is not None and status is EffectStatus.PENDING and effect.version is not None:
        await connection.execute(
            update(outbox)
            .where(
                outbox.c.target == effect.target,
                outbox.c.status == EffectStatus.PENDING,
                outbox.c.version < effect.version,
            )
            .values(status=EffectStatus.SUPERSEDED, finished_at=at)
        )
    return effect_id


async def queue_parent_update(
    connection: AsyncConnection, intervention_id: int, *, at: datetime
) -> int | None:
    """Ask for the parent message of `intervention_id` to show the store's current view of it,
    at its current version, inside the caller's transaction (the one that recorded the change).

    The id of the queued effect; None when a rendering at that version or newer is already
    queued or delivered, or the store does not know the intervention.
    """
    query = select(interventions.c.version).where(interventions.c.id == intervention_id)
    version = (await connection.execute(query)).scalar_one_or_none()
    if version is None:
        return None
    effect = Effect(
        kind=PARENT_UPDATE,
        payload={"intervention_id": int(intervention_id), "version": int(version)},
        lane=intervention_lane(intervention_id),
        target=parent_target(intervention_id),
        version=int(version),
    )
    effect_id = await enqueue_effect(connection, effect, at=at)
    if effect_id is None:
        return None
    queued = await connection.execute(select(outbox.c.status).where(outbox.c.id == effect_id))
    return effect_id if queued.scalar_one() == EffectStatus.PENDING else None


def _claimable(rows: Any, now: datetime) -> Any:
    """Rows a claimer may take now: due and pending, or sending under an expired lease."""
    return or_(
        and_(rows.c.status == EffectStatus.PENDING, rows.c.next_attempt_at <= now),
        and_(rows.c.status == EffectStatus.SENDING, rows.c.lease_expires_at <= now),
    )


def _first_in_lane(rows: Any) -> Any:
    """No earlier row of the same lane is still pending or sending."""
    earlier = alias(outbox, "earlier")
    return or_(
        rows.c.lane.is_(None),
        ~exists().where(
            earlier.c.lane == rows.c.lane,
            earlier.c.id < rows.c.id,
            earlier.c.status.in_([EffectStatus.PENDING, EffectStatus.SENDING]),
        ),
    )


async def claim_effects(
    connection: AsyncConnection, *, owner: str, now: datetime, lease: timedelta, limit: int
) -> list[ClaimedEffect]:
    """Take up to `limit` due effects for `owner` until `now + lease`, oldest first.

    A claimed rendering that a newer one of its target outdates (two enqueued at once, neither
    seeing the other) is superseded instead of returned; the claim then goes on.
    """
    require_aware(now)
    while True:
        claimed = await _claim_due(connection, owner=owner, now=now, lease=lease, limit=limit)
        fresh = [effect for effect in claimed if not await _outdated(connection, effect)]
        for stale in claimed:
            if stale not in fresh:
                await connection.execute(
                    update(outbox)
                    .where(_held_by(stale.id, owner))
                    .values(status=EffectStatus.SUPERSEDED, finished_at=now, lease_owner=None)
                )
        if fresh or not claimed:
            return fresh


async def _outdated(connection: AsyncConnection, claimed: ClaimedEffect) -> bool:
    target, version = claimed.effect.target, claimed.effect.version
    if target is None or version is None:
        return False
    newer = select(outbox.c.id).where(
        outbox.c.target == target, outbox.c.version > version, outbox.c.status.in_(_LIVE)
    )
    return (await connection.execute(newer.limit(1))).first() is not None


async def _claim_due(
    connection: AsyncConnection, *, owner: str, now: datetime, lease: timedelta, limit: int
) -> list[ClaimedEffect]:
    candidate = alias(outbox, "candidate")
    candidates = (
        select(candidate.c.id)
        .where(_claimable(candidate, now), _first_in_lane(candidate))
        .order_by(candidate.c.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    statement = (
        update(outbox)
        # Re-checked on the row itself: on PostgreSQL a row another claimer just committed is
        # seen here in its new state and left out.
        .where(outbox.c.id.in_(candidates), _claimable(outbox, now))
        .values(
            status=EffectStatus.SENDING,
            lease_owner=owner,
            lease_expires_at=now + lease,
            attempts=outbox.c.attempts + 1,
        )
        .returning(*outbox.c)
    )
    rows = (await connection.execute(statement)).all()
    return sorted((effect_from(row) for row in rows), key=lambda claimed: claimed.id)


def _held_by(effect_id: int, owner: str) -> Any:
    return and_(
        outbox.c.id == effect_id,
        outbox.c.status == EffectStatus.SENDING,
        outbox.c.lease_owner == owner,
    )


async def finish_effect(
    connection: AsyncConnection,
    effect_id: int,
    *,
    owner: str,
    status: EffectStatus,
    at: datetime,
    error: str | None = None,
) -> bool:
    """Mark a held effect `delivered` or `failed`; False when `owner` no longer holds it."""
    require_aware(at)
    if status not in (EffectStatus.DELIVERED, EffectStatus.FAILED):
        raise ValueError(f"an effect finishes delivered or failed, not {status}")
    statement = (
        update(outbox)
        .where(_held_by(effect_id, owner))
        .values(status=status, finished_at=at, last_error=error, lease_owner=None)
    )
    return (await connection.execute(statement)).rowcount == 1


async def retry_effect(
    connection: AsyncConnection,
    effect_id: int,
    *,
    owner: str,
    at: datetime,
    error: str,
    delay: timedelta | None = None,
) -> bool:
    """Put a held effect back to `pending` after `delay` (default: `backoff(attempts)`)."""
    require_aware(at)
    query = select(outbox.c.attempts).where(_held_by(effect_id, owner))
    attempts = (await connection.execute(query)).scalar_one_or_none()
    if attempts is None:
        return False
    statement = (
        update(outbox)
        .where(_held_by(effect_id, owner))
        .values(
            status=EffectStatus.PENDING,
            next_attempt_at=at + (backoff(attempts) if delay is None else delay),
            last_error=error,
            lease_owner=None,
            lease_expires_at=None,
        )
    )
    return (await connection.execute(statement)).rowcount == 1


async def count_backlog(connection: AsyncConnection) -> int:
    """Effects not yet finished (pending or sending): the outbox backlog metric."""
    query = select(func.count()).where(
        outbox.c.status.in_([EffectStatus.PENDING, EffectStatus.SENDING])
    )
    return int((await connection.execute(query)).scalar_one())


async def oldest_backlog_at(connection: AsyncConnection) -> datetime | None:
    """When the oldest unfinished effect was queued; None when there is none."""
    query = select(func.min(outbox.c.created_at)).where(
        outbox.c.status.in_([EffectStatus.PENDING, EffectStatus.SENDING])
    )
    oldest: datetime | None = (await connection.execute(query)).scalar_one_or_none()
    if oldest is not None and oldest.tzinfo is None:  # SQLite's min() skips the column type
        oldest = datetime.fromisoformat(str(oldest)).replace(tzinfo=UTC)
    return oldest


async def get_effect(connection: AsyncConnection, effect_id: int) -> ClaimedEffect | None:
    row = (await connection.execute(select(outbox).where(outbox.c.id == effect_id))).one_or_none()
    return None if row is None else effect_from(row)


async def find_effect(connection: AsyncConnection, dedup_key: str) -> ClaimedEffect | None:
    query = select(outbox).where(outbox.c.dedup_key == dedup_key)
    row = (await connection.execute(query)).one_or_none()
    return None if row is None else effect_from(row)
