"""Signed requests already seen: a request replayed with the same signature and timestamp is
processed once (DESIGN "Durability", Requests).

A sighting older than the signing window counts as unseen (Slack's signature check refuses such a
request anyway), so purging old rows is housekeeping, done once in a while by the sweeper rather
than on every request.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.store.rows import require_aware
from bot.store.schema import seen_requests

# Slack refuses signatures older than five minutes, so a replay can only come within them.
REPLAY_WINDOW = timedelta(minutes=5)


async def first_sighting(
    connection: AsyncConnection, *, signature: str, timestamp: int, at: datetime
) -> bool:
    """True the first time this (signature, timestamp) is seen within `REPLAY_WINDOW`, in any
    process; False for a replay. One statement: the insert, or the refresh of a stale sighting."""
    require_aware(at)
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    insert = dialect.insert(seen_requests).values(
        signature=signature, timestamp=timestamp, seen_at=at
    )
    statement = insert.on_conflict_do_update(
        index_elements=[seen_requests.c.signature, seen_requests.c.timestamp],
        set_={"seen_at": insert.excluded.seen_at},
        where=seen_requests.c.seen_at < at - REPLAY_WINDOW,
    ).returning(seen_requests.c.signature)
    return (await connection.execute(statement)).scalar_one_or_none() is not None


async def purge_seen_requests(connection: AsyncConnection, *, before: datetime) -> int:
    """Forget requests seen before `before` (now minus `REPLAY_WINDOW`); how many were forgotten."""
    require_aware(before)
    result = await connection.execute(delete(seen_requests).where(seen_requests.c.seen_at < before))
    return result.rowcount
