"""Durable actions (DESIGN "Durability"): each API write is a record, and what it must show
is written to the outbox in the same transaction as the state change.

`Announcer` is what the Slack layer gives the domain: it turns an outcome into outbox effects
(the domain makes no text). `context` is the Slack layer's own data (who to answer, where,
in which language), kept in the action record so that another process can finish the action.

`Holding` keeps an action's lease alive while its API call runs, so a slow call on a live
process is never taken for an abandoned one; a process that dies stops renewing it, and the
action is recovered once the lease expires (`ACTION_LEASE`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

from bot.api.errors import ApiError
from bot.model import Assignee, Intervention, ReassignmentRequest
from bot.store.errors import StoreUnreachableError
from bot.store.outbox import Effect
from bot.store.store import Store

log = logging.getLogger(__name__)

ACTION_LEASE = timedelta(seconds=15)
RENEW_EVERY_SECONDS = 5.0

CREATE = "create"
ASSIGN_AFTER_CREATE = "assign_after_create"
APPROVAL = "approval"  # an approved reassignment's PATCH (an Approve, a manager's assign, Retry)
# Test-only: the name of a step boundary at which this process kills itself with SIGKILL, as a
# crash there would (`crash_point`). Unset in production; read once at start-up.
CRASH_AT = os.environ.get("BOT_CRASH_AT", "")


@dataclass(frozen=True, slots=True)
class AssignmentFailed:
    """The intervention exists but the assigning PATCH failed; Retry may send it again."""

    assignee: Assignee
    error: ApiError


class Announcer(Protocol):
    """The Slack layer's effects for each outcome (see the module docstring)."""

    def created(
        self, intervention: Intervention, failure: AssignmentFailed | None, context: dict[str, Any]
    ) -> list[Effect]:
        """A create (and its assignment) went through: the confirmation and the user's outcome."""
        ...

    def unknown(self, context: dict[str, Any], error: ApiError | None) -> list[Effect]:
        """A create may or may not have reached the API: the user is told, nothing is re-sent."""
        ...

    def not_sent(self, context: dict[str, Any]) -> list[Effect]:
        """A create was recorded but never sent (its process died first)."""
        ...

    def changed(
        self, before: Intervention | None, after: Intervention, context: dict[str, Any]
    ) -> list[Effect]:
        """A change went through (`bot.domain.changes`): the thread reply and the user's
        outcome (the parent's re-rendering is queued by the domain itself)."""
        ...

    def change_unknown(self, context: dict[str, Any]) -> list[Effect]:
        """An emailing change may have reached the API: the user is told, nothing is re-sent."""
        ...

    def change_failed(self, context: dict[str, Any], error: ApiError) -> list[Effect]:
        """A change finished by another process failed: the user is told why."""
        ...

    def series_changed(self, key: str, version: int) -> list[Effect]:
        """A series changed (`bot.domain.series`): render its messages as of `version`."""
        ...


_background: set[asyncio.Task[None]] = set()
KEEP_TRYING_EVERY_SECONDS = 5.0


def keep_trying(record: Callable[[], Awaitable[None]], intervention_id: int) -> None:
    """Record what the API answered until the store takes it (the process's lifetime)."""

    async def again() -> None:
        while True:
            await asyncio.sleep(KEEP_TRYING_EVERY_SECONDS)
            try:
                await record()
            except StoreUnreachableError:
                continue
            except Exception:  # taken over by another process, say: nothing left to record
                log.warning("giving up recording intervention %s", intervention_id, exc_info=True)
                return
            log.info("intervention %s recorded after the store came back", intervention_id)
            return

    task = asyncio.create_task(again())
    _background.add(task)
    task.add_done_callback(_background.discard)


def crash_point(step: str) -> None:
    """Die here, at once and without cleanup, when `BOT_CRASH_AT` names `step`: how the process
    tests put a SIGKILL exactly on a step boundary (`approval:recorded`, `approval:sent`, …)."""
    if CRASH_AT and step == CRASH_AT:
        log.warning("BOT_CRASH_AT=%s: killing this process", step)
        os.kill(os.getpid(), signal.SIGKILL)


class DecisionAnnouncer(Protocol):
    """The Slack layer's effects for reassignments: the approval message, the requester's and
    the decider's answers, the thread and the parent (`context` as in `Announcer`)."""

    def requested(self, request: ReassignmentRequest, context: dict[str, Any]) -> list[Effect]:
        """A request waits for a manager: post it in the thread; tell the requester."""
        ...

    def applied(
        self,
        request: ReassignmentRequest,
        intervention: Intervention,
        superseded: tuple[ReassignmentRequest, ...],
        context: dict[str, Any],
    ) -> list[Effect]:
        """The PATCH went through: approval messages, requester, thread, parent, decider."""
        ...

    def apply_failed(
        self, request: ReassignmentRequest, error: ApiError | None, context: dict[str, Any]
    ) -> list[Effect]:
        """The PATCH failed, or its outcome is unknown (`error` None: its process died after
        sending it): the approval message offers Retry; the decider is told."""
        ...


@contextlib.asynccontextmanager
async def holding(store: Store, key: str, owner: str) -> AsyncIterator[None]:
    """Renew `key`'s lease every few seconds until the block ends."""

    async def renew() -> None:
        while True:
            await asyncio.sleep(RENEW_EVERY_SECONDS)
            try:
                await store.actions.extend_lease(key, owner=owner, lease=ACTION_LEASE)
            except Exception:  # a store hiccup: the next renewal tries again
                log.warning("cannot renew the lease of %s", key, exc_info=True)

    task = asyncio.create_task(renew())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
