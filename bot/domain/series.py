"""Recurring plans (DESIGN "Recurring plans"): one Confirm, one create per occurrence, each once.

The plan is saved when its preview is shown (`save_plan`). Confirm (`confirm`) claims the
preview's key and, in one transaction, records one create intent per occurrence
(`series:<key>:c<index>:<try>`, kind `series_create`) and the first rendering of the series'
messages. The creates then run in this process, at most `concurrency` API calls at once across
every series; a 429 (or a 503) pauses them all for its `Retry-After`, then the same create is sent
again (the API did not act on it). Each outcome is recorded with a new rendering of the series'
messages (`SeriesAnnouncer`, through the outbox). An assignee makes each created occurrence an
assignment of its own (`series_assign`), recorded in the create's transaction.

A process that dies leaves records under a lease that expires; any process recovers them
(`recover`, called by `Scheduler.recover_actions`): a create never sent is sent now, one that may
have been sent becomes `unknown` and is never sent again by itself; an assignment is sent (again:
it emails nobody). `retry_failed` re-sends, on the user's word, the failed creates and
assignments and the unknown creates (the message warns that those may already exist).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from bot.api.client import InterventionsClient
from bot.api.errors import (
    ApiError,
    ApiUnavailable,
    ApiUnreachable,
    NotAuthorised,
    OutcomeUnknown,
    RateLimited,
    UnknownIntervention,
)
from bot.domain.claims import AlreadyHandled, ClaimOutcome, ClaimState
from bot.domain.durable import ACTION_LEASE, RENEW_EVERY_SECONDS, holding
from bot.domain.errors import CannotSave
from bot.domain.series_view import SeriesView, view_series
from bot.model import Assignee, CreationStatus, InterventionChanges, TimeWindow
from bot.store.actions import ActionRecord, ActionState
from bot.store.errors import StoreUnreachableError
from bot.store.outbox import Effect
from bot.store.series import action_prefix
from bot.store.store import Store

log = logging.getLogger(__name__)

SERIES_CREATE = "series_create"
SERIES_ASSIGN = "series_assign"
SERIES_KINDS = frozenset({SERIES_CREATE, SERIES_ASSIGN})
DEFAULT_CONCURRENCY = 4
RATE_LIMIT_TRIES = 5
RATE_LIMIT_WAIT_SECONDS = 2.0  # when a 429 or a 503 gives no Retry-After
STOP_GRACE_SECONDS = 15.0  # SIGTERM: calls in flight finish within the drain's 20 s


class SeriesAnnouncer(Protocol):
    """The Slack layer's effects when a series changes (the domain makes no text)."""

    def series_changed(self, key: str, version: int) -> list[Effect]:
        """Render the series message and the requester's progress, as of `version`."""
        ...


@dataclass(frozen=True, slots=True)
class SeriesPlan:
    """What a series preview shows, exactly as it will be sent."""

    key: str
    routine_id: int
    occurrences: tuple[TimeWindow, ...]
    status: CreationStatus
    assignee: Assignee | None
    requested_by: str
    dst_shifts: tuple[int, ...] = ()
    when_text: str = ""

    def dump(self) -> dict[str, Any]:
        return {
            "occurrences": [[w.start.isoformat(), w.end.isoformat()] for w in self.occurrences],
            "status": int(self.status),
            "assignee": None if self.assignee is None else self.assignee.model_dump(mode="json"),
            "dst_shifts": list(self.dst_shifts),
            "when_text": self.when_text,
        }


def failure_reason(error: ApiError) -> dict[str, Any]:
    """What the messages say of a failed call: a reason code and the API's own words."""
    detail = getattr(error, "detail", None)
    if isinstance(error, OutcomeUnknown):
        reason = "unknown"
    elif isinstance(error, ApiUnreachable):
        reason = "unreachable"
    elif isinstance(error, NotAuthorised):
        reason = "unauthorised"
    elif isinstance(error, UnknownIntervention):
        reason = "unknown_routine"
    else:
        reason = "rejected"
    return {"reason": reason, "detail": detail}


class SeriesRunner:
    """Sends the occurrences of confirmed series; one per process, shared by every series."""

    def __init__(
        self,
        api: InterventionsClient,
        store: Store,
        *,
        owner: str,
        concurrency: int = DEFAULT_CONCURRENCY,
    ) -> None:
        self.api = api
        self.store = store
        self.owner = owner
        self.concurrency = max(1, concurrency)
        self._slots: asyncio.Semaphore | None = None
        self._paused_until = 0.0
        self._running: set[asyncio.Task[None]] = set()
        self._stopping = False

    async def save_plan(self, plan: SeriesPlan) -> None:
        """Keep what the preview shows, so that Confirm sends exactly that."""
        await self.store.series.save_plan(
            key=plan.key,
            routine_id=plan.routine_id,
            requested_by=plan.requested_by,
            plan=plan.dump(),
        )

    async def view(self, key: str) -> SeriesView | None:
        record = await self.store.series.get(key)
        if record is None:
            return None
        return view_series(record, await self.store.series.actions(key))

    async def confirm(
        self, key: str, *, context: dict[str, Any], now: datetime, announcer: SeriesAnnouncer
    ) -> AlreadyHandled | None:
        """Record one create intent per occurrence and start sending them; None when started."""
        if not await self.store.claim(key, at=now):
            return AlreadyHandled(ClaimOutcome.decode(await self.store.claim_outcome(key)))
        record = await self.store.series.get(key)
        if record is None:  # a preview from before a restart on a fresh store
            await self.store.finish_claim(key, outcome=ClaimState.CANCELLED.value)
            return AlreadyHandled(ClaimOutcome(ClaimState.CANCELLED))
        plan = record.plan
        keys = [f"{action_prefix(key)}c{index}:0" for index in range(len(plan["occurrences"]))]
        try:
            await self._record_intents(key, plan, keys, context, announcer)
        except StoreUnreachableError:
            with contextlib.suppress(StoreUnreachableError):
                await self.store.release_claim(key)
            raise CannotSave(None) from None
        self._spawn(keys, announcer)
        return None

    async def _record_intents(
        self,
        key: str,
        plan: dict[str, Any],
        keys: list[str],
        context: dict[str, Any],
        announcer: SeriesAnnouncer,
    ) -> None:
        """One create intent per occurrence, the plan confirmed and its first rendering: at once."""
        async with self.store.transaction() as tx:
            await tx.confirm_series(key, context=context)
            for index, action in enumerate(keys):
                start, end = plan["occurrences"][index]
                await tx.record_intent(
                    key=action,
                    kind=SERIES_CREATE,
                    payload={"series": key, "index": index, "start": start, "end": end},
                    owner=self.owner,
                    lease=ACTION_LEASE,
                )
            await _announce(tx, key, announcer)
            await tx.finish_claim(key, outcome=ClaimOutcome(ClaimState.CREATED).encode())

    async def retry_failed(self, key: str, token: str, announcer: SeriesAnnouncer) -> int:
        """Send again the failed (and unknown) occurrences, once per `token`; how many."""
        view = await self.view(key)
        if view is None:
            return 0
        retries: list[tuple[str, str, dict[str, Any]]] = []
        for occurrence in view.retryable:
            kind = SERIES_CREATE if occurrence.intervention_id is None else SERIES_ASSIGN
            letter = "c" if kind == SERIES_CREATE else "a"
            payload = {"series": key, "index": occurrence.index}
            payload |= {
                "start": occurrence.window.start.isoformat(),
                "end": occurrence.window.end.isoformat(),
                "intervention_id": occurrence.intervention_id,
            }
            retries.append(
                (f"{action_prefix(key)}{letter}{occurrence.index}:{token}", kind, payload)
            )
        fresh: list[str] = []
        async with self.store.transaction() as tx:
            for action, kind, payload in retries:
                _, new = await tx.record_intent(
                    key=action, kind=kind, payload=payload, owner=self.owner, lease=ACTION_LEASE
                )
                if new:
                    fresh.append(action)
            if fresh:
                await _announce(tx, key, announcer)
        self._spawn(fresh, announcer)
        return len(fresh)

    async def recover(self, record: ActionRecord, announcer: SeriesAnnouncer) -> None:
        """Finish an occurrence another process left mid-way (this process holds its lease)."""
        key = str(record.payload["series"])
        if record.state is ActionState.INTENT:  # never sent: send it now
            self._spawn([record.key], announcer)
            return
        if record.kind == SERIES_CREATE:  # may have reached the API: never sent again
            async with self.store.transaction() as tx:
                result = {"reason": "unknown", "detail": None}
                finished = await tx.finish_action(
                    record.key, owner=self.owner, state=ActionState.UNKNOWN, result=result
                )
                if finished is not None:
                    await _announce(tx, key, announcer)
            return
        again = f"{record.key}:again"  # an assignment emails nobody: send it again
        async with self.store.transaction() as tx:
            await tx.finish_action(
                record.key, owner=self.owner, state=ActionState.FAILED, error="interrupted"
            )
            await tx.record_intent(
                key=again,
                kind=SERIES_ASSIGN,
                payload=record.payload,
                owner=self.owner,
                lease=ACTION_LEASE,
            )
        self._spawn([again], announcer)

    async def stop_taking(self) -> None:
        """Start no new call (SIGTERM's drain): what was not sent stays an intent, which a later
        process sends once its lease expires; calls in flight finish."""
        self._stopping = True

    async def stop(self, grace: float = STOP_GRACE_SECONDS) -> None:
        """`stop_taking`, then wait up to `grace` seconds for the calls in flight."""
        await self.stop_taking()
        if self._running:
            await asyncio.wait(list(self._running), timeout=grace)

    def _spawn(self, actions: list[str], announcer: SeriesAnnouncer) -> None:
        if not actions:
            return
        task = asyncio.create_task(self._run(actions, announcer))
        self._running.add(task)
        task.add_done_callback(self._running.discard)

    async def _run(self, actions: list[str], announcer: SeriesAnnouncer) -> None:
        """Send `actions` (held by this process), at most `concurrency` calls at once."""
        async with self._holding(actions):
            await asyncio.gather(*(self._send(action, announcer) for action in actions))

    @contextlib.asynccontextmanager
    async def _holding(self, actions: Iterable[str]) -> AsyncIterator[None]:
        """Renew the leases of `actions` while they wait or run, so no process takes them."""
        keys = list(actions)

        async def renew() -> None:
            while True:
                await asyncio.sleep(RENEW_EVERY_SECONDS)
                try:
                    await self.store.series.extend_leases(
                        keys, owner=self.owner, lease=ACTION_LEASE
                    )
                except Exception:  # a store hiccup: the next renewal tries again
                    log.warning("cannot renew the leases of a series", exc_info=True)

        task = asyncio.create_task(renew())
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def _slots_now(self) -> asyncio.Semaphore:
        """The process's call slots, made inside the running loop."""
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.concurrency)
        return self._slots

    async def _send(self, action: str, announcer: SeriesAnnouncer) -> None:
        try:
            async with self._slots_now():
                await self._wait_out_pause()
                if self._stopping:  # left as an intent: recovered once its lease expires
                    return
                sending = await self.store.actions.start_sending(
                    action, owner=self.owner, lease=ACTION_LEASE
                )
                if sending is None:  # another process has it, or it is done
                    return
                if sending.kind == SERIES_CREATE:
                    await self._create(sending, announcer)
                else:
                    await self._assign(sending, announcer)
        except Exception:  # its lease expires and recovery finishes it
            log.exception("series action %s failed", action)

    async def _wait_out_pause(self) -> None:
        loop = asyncio.get_running_loop()
        while (wait := self._paused_until - loop.time()) > 0:
            await asyncio.sleep(wait)

    async def _call(self, send: Any) -> Any:
        """`send()`, again after a 429 or 503 (the API did not act), pausing every send."""
        loop = asyncio.get_running_loop()
        for attempt in range(RATE_LIMIT_TRIES):
            try:
                return await send()
            except (RateLimited, ApiUnavailable) as error:
                if attempt == RATE_LIMIT_TRIES - 1:
                    raise
                wait = error.retry_after or RATE_LIMIT_WAIT_SECONDS
                self._paused_until = max(self._paused_until, loop.time() + wait)
                log.info("the API asked to wait %.1f s (%s)", wait, type(error).__name__)
                await self._wait_out_pause()
        raise AssertionError("unreachable")  # pragma: no cover

    async def _create(self, action: ActionRecord, announcer: SeriesAnnouncer) -> None:
        key = str(action.payload["series"])
        record = await self.store.series.get(key)
        if record is None:
            raise LookupError(f"series {key} is not in the store")
        window = TimeWindow(
            datetime.fromisoformat(action.payload["start"]),
            datetime.fromisoformat(action.payload["end"]),
        )
        status = CreationStatus(record.plan["status"])
        try:
            intervention = await self._call(
                lambda: self.api.create_from_routine(record.routine_id, window, status)
            )
        except ApiError as error:
            state = ActionState.UNKNOWN if isinstance(error, OutcomeUnknown) else ActionState.FAILED
            async with self.store.transaction() as tx:
                finished = await tx.finish_action(
                    action.key, owner=self.owner, state=state, result=failure_reason(error)
                )
                if finished is not None:
                    await _announce(tx, key, announcer)
            return
        assignee = record.plan.get("assignee")
        assign = f"{action_prefix(key)}a{action.payload['index']}:{action.key.rsplit(':', 1)[1]}"
        async with self.store.transaction() as tx:
            await tx.save_intervention(intervention, requested_by=record.requested_by)
            await tx.finish_action(
                action.key,
                owner=self.owner,
                state=ActionState.APPLIED,
                result={"intervention_id": intervention.id},
            )
            if assignee is not None:
                await tx.record_intent(
                    key=assign,
                    kind=SERIES_ASSIGN,
                    payload={**action.payload, "intervention_id": intervention.id},
                    owner=self.owner,
                    intervention_id=intervention.id,
                    lease=ACTION_LEASE,
                )
            await _announce(tx, key, announcer)
        if assignee is not None:
            started = await self.store.actions.start_sending(
                assign, owner=self.owner, lease=ACTION_LEASE
            )
            if started is not None:
                await self._assign(started, announcer)

    async def _assign(self, action: ActionRecord, announcer: SeriesAnnouncer) -> None:
        key = str(action.payload["series"])
        record = await self.store.series.get(key)
        if record is None or record.plan.get("assignee") is None:
            raise LookupError(f"series {key} has no assignee")
        assignee = Assignee.model_validate(record.plan["assignee"])
        intervention_id = int(action.payload["intervention_id"])
        changes = InterventionChanges(assignee=assignee)
        try:
            async with holding(self.store, action.key, self.owner):
                assigned = await self._call(
                    lambda: self.api.update_intervention(intervention_id, changes)
                )
        except ApiError as error:
            async with self.store.transaction() as tx:
                finished = await tx.finish_action(
                    action.key,
                    owner=self.owner,
                    state=ActionState.FAILED,
                    result={"intervention_id": intervention_id, **failure_reason(error)},
                )
                if finished is not None:
                    await _announce(tx, key, announcer)
            return
        async with self.store.transaction() as tx:
            await tx.save_intervention(assigned)
            await tx.finish_action(
                action.key,
                owner=self.owner,
                state=ActionState.APPLIED,
                result={"intervention_id": intervention_id},
            )
            await _announce(tx, key, announcer)


async def _announce(tx: Any, key: str, announcer: SeriesAnnouncer) -> None:
    """A new rendering of the series' messages, in the caller's transaction."""
    version = await tx.bump_series(key)
    for effect in announcer.series_changed(key, version):
        await tx.enqueue_effect(effect)
