"""Graceful shutdown: on SIGTERM stop taking work, let the work in flight finish, then exit.

`Drain` knows which work is in flight: every Slack request between its arrival and its ack, and
every task started while handling one (a task factory tracks tasks created in a request's
context, so a listener that keeps working after its ack is waited for). Long-lived tasks (the
Socket Mode connection, the sweeper) are not request work and are not waited for; the outbox
deliverer is stopped after the work in flight, delivering what that work queued (`after_drain`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from contextvars import Context
from typing import Any

from bot.ops.logs import request_id

log = logging.getLogger(__name__)

GRACE_SECONDS = 20.0


class Drain:
    """Whether the process is draining, and the work it must wait for."""

    def __init__(self, grace: float = GRACE_SECONDS) -> None:
        self.grace = grace
        self.draining = False
        self._requests = 0
        self._tasks: set[asyncio.Future[Any]] = set()
        self._on_drain: list[Callable[[], Awaitable[None]]] = []
        self._after_drain: list[Callable[[], Awaitable[None]]] = []

    def install(self, loop: asyncio.AbstractEventLoop) -> None:
        """Track the tasks started while a Slack request is being handled."""

        def factory(
            loop: asyncio.AbstractEventLoop,
            coro: Coroutine[Any, Any, Any],
            *,
            context: Context | None = None,
            **kwargs: Any,
        ) -> asyncio.Future[Any]:
            task = asyncio.Task(coro, loop=loop, context=context, **kwargs)
            if (context.get(request_id) if context is not None else request_id.get()) is not None:
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
            return task

        loop.set_task_factory(factory)  # type: ignore[arg-type]  # typeshed's factory omits **kwargs

    def on_drain(self, callback: Callable[[], Awaitable[None]]) -> None:
        """Run `callback` as draining starts (closing the Socket Mode connection)."""
        self._on_drain.append(callback)

    def after_drain(self, callback: Callable[[], Awaitable[None]]) -> None:
        """Run `callback` once the work in flight finished (the outbox's last batch)."""
        self._after_drain.append(callback)

    @contextlib.contextmanager
    def request(self) -> Iterator[None]:
        """Count a Slack request as in flight until it is acknowledged."""
        self._requests += 1
        try:
            yield
        finally:
            self._requests -= 1

    @property
    def in_flight(self) -> int:
        return self._requests + sum(not task.done() for task in self._tasks)

    async def drain(self) -> bool:
        """Stop taking work and wait up to `grace` seconds for the work in flight; True when
        everything finished in time."""
        self.draining = True
        log.info("draining: %d in flight, waiting up to %.0f s", self.in_flight, self.grace)
        for callback in self._on_drain:
            await callback()
        deadline = time.monotonic() + self.grace
        while self.in_flight and time.monotonic() < deadline:
            pending = [task for task in self._tasks if not task.done()]
            if pending:
                await asyncio.wait(pending, timeout=max(0.0, deadline - time.monotonic()))
            else:
                await asyncio.sleep(0.05)
        left = self.in_flight
        if left:
            log.warning("drained: %d still running after %.0f s", left, self.grace)
        else:
            log.info("drained: no work in flight")
        for callback in self._after_drain:
            await callback()
        return left == 0
