"""Recurring plans in the store: one `series` row a plan, its occurrences' writes as action records.

A row is written when the preview is shown (`save_plan`: the occurrences, exactly as shown) and
confirmed once (`confirm`, with how to answer the user). Each occurrence's create and assignment
is an action record (`bot.store.actions`) whose key starts with `series:<key>:`, so what became of
every occurrence is read from those records (`series_actions`). `version` grows with every change
the series' messages must show; it orders their renderings in the outbox.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.store.actions import ActionRecord, ActionState, action_from
from bot.store.rows import require_aware
from bot.store.schema import actions, series


@dataclass(frozen=True, slots=True)
class SeriesRecord:
    key: str
    routine_id: int
    requested_by: str
    plan: dict[str, Any]
    context: dict[str, Any] | None
    channel: str | None
    ts: str | None
    progress_channel: str | None
    progress_ts: str | None
    version: int
    confirmed_at: datetime | None


def _record(row: Row[Any]) -> SeriesRecord:
    return SeriesRecord(
        key=row.key,
        routine_id=row.routine_id,
        requested_by=row.requested_by,
        plan=row.plan,
        context=row.context,
        channel=row.channel,
        ts=row.ts,
        progress_channel=row.progress_channel,
        progress_ts=row.progress_ts,
        version=row.version,
        confirmed_at=row.confirmed_at,
    )


def action_prefix(key: str) -> str:
    """Every action record of series `key` starts with this."""
    return f"series:{key}:"


async def save_plan(
    connection: AsyncConnection,
    *,
    key: str,
    routine_id: int,
    requested_by: str,
    plan: dict[str, Any],
    at: datetime,
) -> None:
    require_aware(at)
    await connection.execute(
        series.insert().values(
            key=key,
            routine_id=routine_id,
            requested_by=requested_by,
            plan=plan,
            version=0,
            created_at=at,
            updated_at=at,
        )
    )


async def get_series(connection: AsyncConnection, key: str) -> SeriesRecord | None:
    row = (await connection.execute(select(series).where(series.c.key == key))).one_or_none()
    return None if row is None else _record(row)


async def confirm_series(
    connection: AsyncConnection, key: str, *, context: dict[str, Any], at: datetime
) -> bool:
    """Mark the plan confirmed, keeping how to answer the user; False when it already was."""
    require_aware(at)
    statement = (
        update(series)
        .where(series.c.key == key, series.c.confirmed_at.is_(None))
        .values(context=context, confirmed_at=at, updated_at=at)
    )
    return (await connection.execute(statement)).rowcount == 1


async def bump_version(connection: AsyncConnection, key: str, *, at: datetime) -> int:
    """The series changed: its next rendering's version."""
    require_aware(at)
    statement = (
        update(series)
        .where(series.c.key == key)
        .values(version=series.c.version + 1, updated_at=at)
        .returning(series.c.version)
    )
    version: int = (await connection.execute(statement)).scalar_one()
    return version


async def set_message(
    connection: AsyncConnection, key: str, channel: str, ts: str, *, progress: bool
) -> None:
    """Remember where the series message (or the user's progress message) is."""
    values = {"progress_channel": channel, "progress_ts": ts} if progress else {}
    values = values or {"channel": channel, "ts": ts}
    await connection.execute(update(series).where(series.c.key == key).values(**values))


async def series_actions(connection: AsyncConnection, key: str) -> list[ActionRecord]:
    """The series' action records, oldest first."""
    query = (
        select(actions)
        .where(actions.c.key.startswith(action_prefix(key), autoescape=True))
        .order_by(actions.c.created_at, actions.c.key)
    )
    return [action_from(row) for row in (await connection.execute(query)).all()]


async def extend_leases(
    connection: AsyncConnection,
    keys: Iterable[str],
    *,
    owner: str,
    at: datetime,
    lease: timedelta,
) -> int:
    """Keep the unfinished actions among `keys` that `owner` holds; how many it still holds."""
    require_aware(at)
    statement = (
        update(actions)
        .where(
            actions.c.key.in_(list(keys)),
            actions.c.state.in_([ActionState.INTENT, ActionState.SENDING]),
            actions.c.lease_owner == owner,
        )
        .values(lease_expires_at=at + lease, updated_at=at)
    )
    return int((await connection.execute(statement)).rowcount)


Begin = Callable[[], Any]


class SeriesBook:
    """Series rows, one transaction per call (inside a transaction: `StoreTransaction`)."""

    def __init__(self, begin: Begin, clock: Callable[[], datetime]) -> None:
        self._begin = begin
        self._clock = clock

    async def save_plan(
        self, *, key: str, routine_id: int, requested_by: str, plan: dict[str, Any]
    ) -> None:
        async with self._begin() as connection:
            await save_plan(
                connection,
                key=key,
                routine_id=routine_id,
                requested_by=requested_by,
                plan=plan,
                at=self._clock(),
            )

    async def get(self, key: str) -> SeriesRecord | None:
        async with self._begin() as connection:
            return await get_series(connection, key)

    async def actions(self, key: str) -> list[ActionRecord]:
        async with self._begin() as connection:
            return await series_actions(connection, key)

    async def set_message(self, key: str, channel: str, ts: str, *, progress: bool) -> None:
        async with self._begin() as connection:
            await set_message(connection, key, channel, ts, progress=progress)

    async def extend_leases(self, keys: Iterable[str], *, owner: str, lease: timedelta) -> int:
        async with self._begin() as connection:
            return await extend_leases(connection, keys, owner=owner, at=self._clock(), lease=lease)
