"""The bot's memory: interventions it knows, exactly-once claims and reassignment requests;
action records, the outbox and seen requests through `actions`, `outbox`, `replays` and
`transaction()` (`bot.store.durable`); lists, Home tabs and reminders through `following` and
`reminders`.

Every write is one atomic statement, so several processes may share the database; no method
holds a transaction across an await on anything but the database.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Mapping
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from sqlalchemy import Table, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.model import Intervention, ReassignmentRequest, RequestState
from bot.store import requests
from bot.store.durable import ActionLog, Leases, Outbox, ReplayGuard, StoreTransaction
from bot.store.engines import (
    SQLITE_BUSY_TIMEOUT_MS,
    UNREACHABLE,
    create_store_engine,
    describe_url,
    normalise_url,
    unreachable,
)
from bot.store.errors import MissingRowError
from bot.store.following import FollowUp
from bot.store.migrations import current_revision, migrate
from bot.store.reminders import ReminderClaims
from bot.store.rows import KnownIntervention, known_intervention_from, request_from, require_aware
from bot.store.schema import claims, interventions, reassignment_requests
from bot.store.series import SeriesBook

__all__ = ["KnownIntervention", "Store", "utc_now"]

log = logging.getLogger(__name__)
_requests = reassignment_requests


def utc_now() -> datetime:
    """The default clock of the store."""
    return datetime.now(UTC)


class _Queue:
    """An asyncio lock whose wait gives up after `patience` seconds with `TimeoutError` (an
    `OSError`, so `_begin` reports the store unreachable, as SQLite's busy timeout would)."""

    def __init__(self, patience: float) -> None:
        self._lock = asyncio.Lock()
        self._patience = patience

    async def __aenter__(self) -> None:
        async with asyncio.timeout(self._patience):
            await self._lock.acquire()

    async def __aexit__(self, *_: object) -> None:
        self._lock.release()


class Store:
    """Async store over SQLite or PostgreSQL; build it with `await Store.connect(url)`."""

    def __init__(self, engine: AsyncEngine, *, clock: Callable[[], datetime] = utc_now) -> None:
        self._engine = engine
        self._clock = clock
        # SQLite has one writer at a time, and every transaction here takes the write lock
        # (`BEGIN IMMEDIATE`): this process's transactions queue on a lock of its own, first
        # come first served, instead of polling the file lock in SQLite's busy handler, which
        # sleeps up to 100 ms between tries and let some wait seconds under a burst. (An
        # in-memory database is one shared connection: it needs this queue anyway.)
        self._serial: contextlib.AbstractAsyncContextManager[Any] = (
            _Queue(SQLITE_BUSY_TIMEOUT_MS / 1000)
            if engine.dialect.name == "sqlite"
            else contextlib.nullcontext()
        )

    @classmethod
    async def connect(cls, url: str, *, clock: Callable[[], datetime] = utc_now) -> Store:
        """Open `DATABASE_URL` as users write it and create or migrate the schema."""
        normalised = normalise_url(url)
        engine = create_store_engine(normalised)
        try:
            previous = await migrate(engine)
        except UNREACHABLE as error:
            await engine.dispose()
            raise unreachable(normalised, error) from None
        except BaseException:
            await engine.dispose()
            raise
        log.info("store: %s (schema was at revision %s)", describe_url(normalised), previous)
        return cls(engine, clock=clock)

    async def close(self) -> None:
        await self._engine.dispose()

    async def __aenter__(self) -> Store:
        return self

    async def __aexit__(
        self,
        _type: type[BaseException] | None,
        _error: BaseException | None,
        _tb: TracebackType | None,
    ) -> None:
        await self.close()

    @property
    def dialect(self) -> str:
        """`sqlite` or `postgresql`."""
        return self._engine.dialect.name

    async def schema_version(self) -> str | None:
        """The Alembic revision the schema is at (`migrations.head_revision()` after `connect`)."""
        async with self._serial:
            return await current_revision(self._engine)

    @property
    def actions(self) -> ActionLog:
        return ActionLog(self._begin, self._clock)

    @property
    def outbox(self) -> Outbox:
        return Outbox(self._begin, self._clock)

    @property
    def series(self) -> SeriesBook:
        """Recurring plans (`bot.store.series`)."""
        return SeriesBook(self._begin, self._clock)

    @property
    def following(self) -> FollowUp:
        """Lists, status cards, the Home tab and reminders (`bot.store.following`)."""
        return FollowUp(self._begin, self._clock)

    @property
    def reminders(self) -> ReminderClaims:
        """Reminder deliveries claimed under leases (`bot.store.reminders`)."""
        return ReminderClaims(self._begin, self._clock)

    @property
    def leases(self) -> Leases:
        """Live lease holders across tables, and expiring a dead holder's (`bot.store.leases`)."""
        return Leases(self._begin, self._clock)

    @property
    def replays(self) -> ReplayGuard:
        return ReplayGuard(self._begin, self._clock)

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[StoreTransaction]:
        """Writes that commit together when the block ends, or not at all if it raises
        (`StoreUnreachableError` when the database stops answering)."""
        async with self._begin() as connection:
            yield StoreTransaction(connection, self._clock)

    @contextlib.asynccontextmanager
    async def _begin(self) -> AsyncIterator[AsyncConnection]:
        """One transaction; a database that stops answering is `StoreUnreachableError`."""
        try:
            async with self._serial, self._engine.begin() as connection:
                yield connection
        except UNREACHABLE as error:
            raise unreachable(self._engine.url, error) from error

    def _insert(self, table: Table) -> Any:
        dialect = postgresql if self.dialect == "postgresql" else sqlite
        return dialect.insert(table)

    # Interventions -----------------------------------------------------------------------

    async def save_intervention(
        self,
        intervention: Intervention,
        *,
        requested_by: str | None = None,
        changed_by: str | None = None,
    ) -> None:
        """Insert or replace what the API said; keep the message, site rules and requester.

        `changed_by` (default: the requester) is who made this change, when known.
        """
        async with self.transaction() as tx:
            await tx.save_intervention(
                intervention, requested_by=requested_by, changed_by=changed_by
            )

    async def get_intervention(self, intervention_id: int) -> KnownIntervention | None:
        query = select(interventions).where(interventions.c.id == intervention_id)
        async with self._begin() as connection:
            row = (await connection.execute(query)).one_or_none()
        return None if row is None else known_intervention_from(row)

    async def set_intervention_message(self, intervention_id: int, channel: str, ts: str) -> None:
        """Remember where the intervention's confirmation message is (its thread's parent)."""
        await self._update_intervention(intervention_id, {"channel": channel, "ts": ts})

    async def set_site_rules(self, intervention_id: int, site_rule_ids: tuple[int, ...]) -> None:
        """Remember the site rules last sent: API responses do not carry them."""
        await self._update_intervention(intervention_id, {"site_rule_ids": list(site_rule_ids)})

    async def _update_intervention(self, intervention_id: int, values: Mapping[str, Any]) -> None:
        statement = (
            update(interventions).where(interventions.c.id == intervention_id).values(**values)
        )
        async with self._begin() as connection:
            result = await connection.execute(statement)
        if result.rowcount == 0:
            raise MissingRowError(table=interventions.name, key=intervention_id)

    # Claims ------------------------------------------------------------------------------

    async def claim(self, key: str, *, at: datetime) -> bool:
        """True for the first caller with this key, here or in any process; False after."""
        require_aware(at)
        statement = (
            self._insert(claims)
            .values(key=key, claimed_at=at)
            .on_conflict_do_nothing(index_elements=[claims.c.key])
            .returning(claims.c.key)
        )
        async with self._begin() as connection:
            won = (await connection.execute(statement)).scalar_one_or_none()
        return won is not None

    async def finish_claim(self, key: str, *, outcome: str) -> None:
        """Record what the claimed action did, e.g. `created:42` or `failed:timeout`."""
        async with self.transaction() as tx:
            await tx.finish_claim(key, outcome=outcome)

    async def release_claim(self, key: str) -> None:
        """Forget a claim whose action certainly did nothing, so the user may try again."""
        async with self._begin() as connection:
            await connection.execute(delete(claims).where(claims.c.key == key))

    async def claim_outcome(self, key: str) -> str | None:
        """The recorded outcome; None while the action runs or when nobody claimed the key."""
        query = select(claims.c.outcome).where(claims.c.key == key)
        async with self._begin() as connection:
            outcome: str | None = (await connection.execute(query)).scalar_one_or_none()
        return outcome

    # Reassignment requests ---------------------------------------------------------------

    async def add_request(self, **fields: Any) -> ReassignmentRequest:
        """Record a new pending request and return it with its id (`requests.add_request`)."""
        async with self._begin() as connection:
            return await requests.add_request(connection, **fields)

    async def get_request(self, request_id: int) -> ReassignmentRequest | None:
        query = select(_requests).where(_requests.c.id == request_id)
        async with self._begin() as connection:
            row = (await connection.execute(query)).one_or_none()
        return None if row is None else request_from(row)

    async def transition_request(
        self,
        request_id: int,
        *,
        from_states: frozenset[RequestState],
        to: RequestState,
        at: datetime,
        by: str | None = None,
        reason: str | None = None,
        failure: str | None = None,
    ) -> ReassignmentRequest | None:
        """Move the request to `to` if it is in `from_states`, atomically; None if it was not
        (`requests.transition_request`)."""
        async with self._begin() as connection:
            return await requests.transition_request(
                connection,
                request_id,
                from_states=from_states,
                to=to,
                at=at,
                by=by,
                reason=reason,
                failure=failure,
            )

    async def set_request_message(
        self, request_id: int, *, channel: str, thread_ts: str | None, message_ts: str
    ) -> None:
        """Remember where the approval message is, so a decision can update it."""
        statement = (
            update(_requests)
            .where(_requests.c.id == request_id)
            .values(channel=channel, thread_ts=thread_ts, message_ts=message_ts)
        )
        async with self._begin() as connection:
            result = await connection.execute(statement)
        if result.rowcount == 0:
            raise MissingRowError(table=_requests.name, key=request_id)

    async def due_expirations(self, now: datetime) -> list[ReassignmentRequest]:
        """Pending requests whose `expires_at` is not after `now`, oldest deadline first."""
        require_aware(now)
        return await self._select_requests(
            _requests.c.state == RequestState.PENDING.value, _requests.c.expires_at <= now
        )

    async def pending_requests(self, intervention_id: int) -> list[ReassignmentRequest]:
        return await self._select_requests(
            _requests.c.state == RequestState.PENDING.value,
            _requests.c.intervention_id == intervention_id,
        )

    async def count_pending_requests(self) -> int:
        """How many reassignment requests wait for a manager (the metrics' gauge)."""
        query = select(func.count()).where(_requests.c.state == RequestState.PENDING.value)
        async with self._begin() as connection:
            count: int = (await connection.execute(query)).scalar_one()
        return count

    async def stalled_approvals(self, before: datetime) -> list[ReassignmentRequest]:
        """Approved requests untouched since `before`: their process died before the PATCH ended."""
        require_aware(before)
        return await self._select_requests(
            _requests.c.state == RequestState.APPROVED.value, _requests.c.updated_at <= before
        )

    async def _select_requests(self, *conditions: Any) -> list[ReassignmentRequest]:
        async with self._begin() as connection:
            return await requests.select_requests(connection, *conditions)
