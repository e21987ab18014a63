"""Leases across the tables that hold them: who holds live ones, and giving back a dead holder's.

Action records, outbox effects and reminder deliveries are each claimed under a lease
(`lease_owner` until `lease_expires_at`); a holder that dies keeps its rows until the lease
expires. When the domain can tell that a holder is dead (`bot.domain.owners`), its leases are
expired at once, so the next claim takes its rows over without waiting.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import Table, select, union, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.store.rows import require_aware
from bot.store.schema import actions, outbox, reminders

LEASED: tuple[Table, ...] = (actions, outbox, reminders)


async def live_holders(connection: AsyncConnection, *, now: datetime) -> set[str]:
    """Every owner holding a lease that has not expired at `now`."""
    require_aware(now)
    held = union(
        *(
            select(table.c.lease_owner).where(
                table.c.lease_owner.is_not(None), table.c.lease_expires_at > now
            )
            for table in LEASED
        )
    )
    return {str(owner) for owner in (await connection.execute(held)).scalars()}


async def expire_leases_of(
    connection: AsyncConnection, owners: Collection[str], *, now: datetime
) -> int:
    """End every live lease `owners` hold, as of `now`; how many rows were given back."""
    require_aware(now)
    if not owners:
        return 0
    given_back = 0
    for table in LEASED:
        result = await connection.execute(
            update(table)
            .where(table.c.lease_owner.in_(list(owners)), table.c.lease_expires_at > now)
            .values(lease_expires_at=now)
        )
        given_back += result.rowcount
    return given_back
