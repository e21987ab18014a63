"""Reminder deliveries: each (leg, intervention, start) is a row claimed under a lease, so that
a reminder is sent once across processes and restarts, and a crashed sender's claim is taken over.

Claims and finishes are batched (one transaction per pass, not per message); claims use
`INSERT … ON CONFLICT DO NOTHING RETURNING` and a conditional UPDATE, atomic on both databases.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import exists, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.model import CreationStatus
from bot.store.following import Begin, Clock, insert_into
from bot.store.rows import KnownIntervention, known_intervention_from, require_aware
from bot.store.schema import interventions, reminders

_i = interventions
SENT, SENDING = "sent", "sending"


class ReminderClaims:
    """Due reminder legs, claimed and finished in batches; one transaction per call."""

    def __init__(self, begin: Begin, clock: Clock) -> None:
        self._begin = begin
        self._clock = clock

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
        insert_into(connection, reminders)
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
