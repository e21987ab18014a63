"""The durability API the domain uses: `store.actions`, `store.outbox`, `store.replays`, and
`store.transaction()` for writes that must land together (a state change and its effects).

Each method of `ActionLog`, `Outbox` and `ReplayGuard` is one transaction of its own; the same
writes inside `async with store.transaction() as tx:` share the caller's transaction.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Collection
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.model import Intervention, ReassignmentRequest, RequestState
from bot.store import actions, leases, outbox, replays, requests, series
from bot.store.actions import ActionRecord, ActionState, Turn
from bot.store.following import searchable_columns
from bot.store.outbox import ClaimedEffect, Effect, EffectStatus
from bot.store.rows import KnownIntervention, known_intervention_from
from bot.store.schema import claims, interventions

Begin = Callable[[], contextlib.AbstractAsyncContextManager[AsyncConnection]]
Clock = Callable[[], datetime]

DEFAULT_LEASE = timedelta(seconds=60)


class StoreTransaction:
    """Writes that commit together, or not at all, when the `transaction()` block ends."""

    def __init__(self, connection: AsyncConnection, clock: Clock) -> None:
        self._connection = connection
        self._clock = clock

    async def enqueue_effect(self, effect: Effect) -> int | None:
        return await outbox.enqueue_effect(self._connection, effect, at=self._clock())

    async def lock_intervention(self, intervention_id: int) -> None:
        """Serialise the rest of this transaction with others on the same intervention."""
        await actions.lock_intervention(self._connection, intervention_id)

    async def get_intervention(self, intervention_id: int) -> KnownIntervention | None:
        query = select(interventions).where(interventions.c.id == intervention_id)
        row = (await self._connection.execute(query)).one_or_none()
        return None if row is None else known_intervention_from(row)

    async def set_site_rules(self, intervention_id: int, site_rule_ids: tuple[int, ...]) -> None:
        """Remember the site rules last sent: API responses do not carry them."""
        statement = (
            update(interventions)
            .where(interventions.c.id == intervention_id)
            .values(site_rule_ids=list(site_rule_ids))
        )
        await self._connection.execute(statement)

    async def queue_parent_update(self, intervention_id: int) -> int | None:
        """See `bot.store.outbox.queue_parent_update`."""
        return await outbox.queue_parent_update(self._connection, intervention_id, at=self._clock())

    async def save_intervention(
        self,
        intervention: Intervention,
        *,
        requested_by: str | None = None,
        changed_by: str | None = None,
    ) -> None:
        """Insert or replace what the API said; keep the message, site rules and requester.

        `changed_by` (default: the requester) is who made this change, when known. The
        intervention's `version` goes up by one.
        """
        dialect = postgresql if self._connection.dialect.name == "postgresql" else sqlite
        table = interventions
        statement = dialect.insert(table).values(
            id=intervention.id,
            routine_id=intervention.routine_id,
            data=intervention.model_dump(mode="json"),
            requested_by=requested_by,
            updated_at=self._clock(),
            version=1,
            **(searchable_columns(intervention) | {"changed_by": changed_by or requested_by}),
        )
        excluded = statement.excluded
        statement = statement.on_conflict_do_update(
            index_elements=[table.c.id],
            set_={
                "data": excluded.data,
                "updated_at": excluded.updated_at,
                "routine_id": func.coalesce(excluded.routine_id, table.c.routine_id),
                "requested_by": func.coalesce(excluded.requested_by, table.c.requested_by),
                **{name: getattr(excluded, name) for name in searchable_columns(intervention)},
                "changed_by": func.coalesce(excluded.changed_by, table.c.changed_by),
                "version": table.c.version + 1,
            },
        )
        await self._connection.execute(statement)

    async def confirm_series(self, key: str, *, context: dict[str, Any]) -> bool:
        return await series.confirm_series(self._connection, key, context=context, at=self._clock())

    async def bump_series(self, key: str) -> int:
        """Series `key` changed: the version of its next rendering."""
        return await series.bump_version(self._connection, key, at=self._clock())

    async def finish_claim(self, key: str, *, outcome: str) -> None:
        """Record what the claimed action did, e.g. `created:42` or `failed:timeout`."""
        statement = update(claims).where(claims.c.key == key).values(outcome=outcome)
        await self._connection.execute(statement)

    async def record_intent(
        self,
        *,
        key: str,
        kind: str,
        payload: dict[str, Any],
        owner: str,
        intervention_id: int | None = None,
        lease: timedelta = DEFAULT_LEASE,
    ) -> tuple[ActionRecord, bool]:
        return await actions.record_intent(
            self._connection,
            key=key,
            kind=kind,
            payload=payload,
            owner=owner,
            at=self._clock(),
            lease=lease,
            intervention_id=intervention_id,
        )

    async def finish_action(
        self,
        key: str,
        *,
        owner: str,
        state: ActionState,
        result: dict[str, Any] | None = None,
        error: str | None = None,
    ) -> ActionRecord | None:
        return await actions.finish_action(
            self._connection,
            key,
            owner=owner,
            state=state,
            at=self._clock(),
            result=result,
            error=error,
        )

    # Reassignment requests inside the caller's transaction (`bot.store.requests`).

    async def add_request(self, **fields: Any) -> ReassignmentRequest:
        return await requests.add_request(self._connection, **fields)

    async def transition_request(
        self,
        request_id: int,
        *,
        from_states: frozenset[RequestState],
        to: RequestState,
        at: datetime | None = None,
        by: str | None = None,
        reason: str | None = None,
        failure: str | None = None,
    ) -> ReassignmentRequest | None:
        """`requests.transition_request` at `at` (default: the store's clock)."""
        return await requests.transition_request(
            self._connection,
            request_id,
            from_states=from_states,
            to=to,
            at=at or self._clock(),
            by=by,
            reason=reason,
            failure=failure,
        )

    async def get_request(self, request_id: int) -> ReassignmentRequest | None:
        found = await requests.select_requests(self._connection, requests.by_id(request_id))
        return found[0] if found else None

    async def requests_in_state(
        self, intervention_id: int, state: RequestState
    ) -> list[ReassignmentRequest]:
        return await requests.requests_in_state(self._connection, intervention_id, state)


class ActionLog:
    """Action records, one transaction per call (see `bot.store.actions`)."""

    def __init__(self, begin: Begin, clock: Clock) -> None:
        self._begin = begin
        self._clock = clock

    async def record_intent(
        self,
        *,
        key: str,
        kind: str,
        payload: dict[str, Any],
        owner: str,
        intervention_id: int | None = None,
        lease: timedelta = DEFAULT_LEASE,
    ) -> tuple[ActionRecord, bool]:
        async with self._begin() as connection:
            return await StoreTransaction(connection, self._clock).record_intent(
                key=key,
                kind=kind,
                payload=payload,
                owner=owner,
                intervention_id=intervention_id,
                lease=lease,
            )

    async def start_sending(
        self, key: str, *, owner: str, lease: timedelta = DEFAULT_LEASE
    ) -> ActionRecord | None:
        async with self._begin() as connection:
            return await actions.start_sending(
                connection, key, owner=owner, at=self._clock(), lease=lease
            )

    async def start_sending_in_turn(
        self,
        key: str,
        *,
        intervention_id: int,
        owner: str,
        lease: timedelta = DEFAULT_LEASE,
    ) -> tuple[Turn, ActionRecord | None]:
        """intent → sending once no other action on the intervention is sending (see
        `bot.store.actions.start_sending_in_turn`)."""
        async with self._begin() as connection:
            return await actions.start_sending_in_turn(
                connection,
                key,
                intervention_id=intervention_id,
                owner=owner,
                at=self._clock(),
                lease=lease,
            )

    async def extend_lease(self, key: str, *, owner: str, lease: timedelta = DEFAULT_LEASE) -> bool:
        async with self._begin() as connection:
            return await actions.extend_lease(
                connection, key, owner=owner, at=self._clock(), lease=lease
            )

    async def finish_action(
        self,
        key: str,
        *,
        owner: str,
        state: ActionState,
        result: dict[str, Any] | None = None,
        error: str | None = None,
    ) -> ActionRecord | None:
        async with self._begin() as connection:
            return await StoreTransaction(connection, self._clock).finish_action(
                key, owner=owner, state=state, result=result, error=error
            )

    async def claim_abandoned(
        self, *, owner: str, lease: timedelta = DEFAULT_LEASE, limit: int = 20
    ) -> list[ActionRecord]:
        async with self._begin() as connection:
            return await actions.claim_abandoned_actions(
                connection, owner=owner, now=self._clock(), lease=lease, limit=limit
            )

    async def get(self, key: str) -> ActionRecord | None:
        async with self._begin() as connection:
            return await actions.get_action(connection, key)

    async def unfinished_for(self, intervention_id: int) -> bool:
        """True while an action on the intervention is in `intent` or `sending`."""
        async with self._begin() as connection:
            return await actions.has_unfinished(connection, intervention_id)


class Outbox:
    """Slack effects, one transaction per call (see `bot.store.outbox`)."""

    def __init__(self, begin: Begin, clock: Clock) -> None:
        self._begin = begin
        self._clock = clock

    async def enqueue(self, effect: Effect) -> int | None:
        async with self._begin() as connection:
            return await StoreTransaction(connection, self._clock).enqueue_effect(effect)

    async def claim(
        self, *, owner: str, lease: timedelta = DEFAULT_LEASE, limit: int = 20
    ) -> list[ClaimedEffect]:
        async with self._begin() as connection:
            return await outbox.claim_effects(
                connection, owner=owner, now=self._clock(), lease=lease, limit=limit
            )

    async def mark_delivered(self, effect_id: int, *, owner: str) -> bool:
        return await self._finish(effect_id, owner, EffectStatus.DELIVERED, None)

    async def mark_failed(self, effect_id: int, *, owner: str, error: str) -> bool:
        return await self._finish(effect_id, owner, EffectStatus.FAILED, error)

    async def _finish(
        self, effect_id: int, owner: str, status: EffectStatus, error: str | None
    ) -> bool:
        async with self._begin() as connection:
            return await outbox.finish_effect(
                connection, effect_id, owner=owner, status=status, at=self._clock(), error=error
            )

    async def retry_later(
        self, effect_id: int, *, owner: str, error: str, delay: timedelta | None = None
    ) -> bool:
        async with self._begin() as connection:
            return await outbox.retry_effect(
                connection, effect_id, owner=owner, at=self._clock(), error=error, delay=delay
            )

    async def backlog(self) -> int:
        async with self._begin() as connection:
            return await outbox.count_backlog(connection)

    async def oldest_age(self) -> timedelta:
        """How long the oldest unfinished effect has waited (zero when none waits)."""
        async with self._begin() as connection:
            oldest = await outbox.oldest_backlog_at(connection)
        return timedelta(0) if oldest is None else max(timedelta(0), self._clock() - oldest)

    async def get(self, effect_id: int) -> ClaimedEffect | None:
        async with self._begin() as connection:
            return await outbox.get_effect(connection, effect_id)

    async def find(self, dedup_key: str) -> ClaimedEffect | None:
        """The effect queued under `dedup_key`, if any."""
        async with self._begin() as connection:
            return await outbox.find_effect(connection, dedup_key)


class ReplayGuard:
    """Signed requests seen in the last `replays.REPLAY_WINDOW` (see `bot.store.replays`)."""

    def __init__(self, begin: Begin, clock: Clock) -> None:
        self._begin = begin
        self._clock = clock

    async def first_sighting(self, *, signature: str, timestamp: int) -> bool:
        """True once per (signature, timestamp) within the window."""
        async with self._begin() as connection:
            return await replays.first_sighting(
                connection, signature=signature, timestamp=timestamp, at=self._clock()
            )

    async def forget_old(self) -> int:
        """Forget sightings older than the window (housekeeping); how many were forgotten."""
        async with self._begin() as connection:
            return await replays.purge_seen_requests(
                connection, before=self._clock() - replays.REPLAY_WINDOW
            )


class Leases:
    """Leases across tables (see `bot.store.leases`)."""

    def __init__(self, begin: Begin, clock: Clock) -> None:
        self._begin = begin
        self._clock = clock

    async def live_holders(self) -> set[str]:
        async with self._begin() as connection:
            return await leases.live_holders(connection, now=self._clock())

    async def expire_leases_of(self, owners: Collection[str]) -> int:
        async with self._begin() as connection:
            return await leases.expire_leases_of(connection, owners, now=self._clock())
