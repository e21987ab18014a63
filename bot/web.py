"""Serving: `POST /slack/events`, `GET /healthz` and `GET /metrics` under uvicorn, or Socket Mode.

`assemble` is the composition root: it connects the store and the API client inside the running
event loop and builds the use cases, the Slack side and the Bolt app; the demo uses it too, so
both drive the same bot. In Socket Mode `/healthz` answers 503 while the socket
is down, and `/slack/events` is not served (Socket Mode requests are not signed). SIGTERM
drains (`bot.ops.shutdown`): `/healthz` answers 503 at once, no new work is taken, the work in
flight finishes (up to 20 s), the outbox deliverer finishes its batch, then the process exits 0.
Each process runs an outbox deliverer beside the sweeper (`bot.slack.delivery`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import socket
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from types import FrameType

import uvicorn
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from bot.api.client import InterventionsClient
from bot.api.client import build_client as build_api_client
from bot.api.sandbox import Sandbox
from bot.config import BotConfig, Settings
from bot.domain.durable import APPROVAL
from bot.domain.reassignments import Reassignments
from bot.domain.scheduling import Scheduler
from bot.ops.metrics import CONTENT_TYPE_LATEST, Metrics, read_store_backlog
from bot.ops.requests import watch_requests
from bot.ops.shutdown import Drain
from bot.slack.app import build_app
from bot.slack.context import Backend, SlackDeps, build_slack_deps
from bot.slack.delivery import Deliverer
from bot.slack.follow_up import FOLLOW_UP_EVERY_SECONDS, run_follow_up
from bot.slack.sweeper import SWEEP_EVERY_SECONDS, run_sweeper
from bot.slack.watching import watch_slack_errors
from bot.store.errors import StoreUnreachableError
from bot.store.store import Store

logger = logging.getLogger(__name__)


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Runtime:
    """Everything built for one running bot, closed in reverse order by `close`."""

    backend: Backend
    api: InterventionsClient
    deps: SlackDeps
    bolt: AsyncApp
    socket: AsyncSocketModeHandler | None = None
    sweeper: asyncio.Task[None] | None = None
    deliverer: Deliverer | None = None
    follower: asyncio.Task[None] | None = None

    def start_sweeper(self, every: float = SWEEP_EVERY_SECONDS) -> list[asyncio.Task[None]]:
        """Start the background work: the sweeper, and the outbox deliverer with recovery;
        returns their long-lived tasks."""
        self.sweeper = asyncio.create_task(run_sweeper(self.deps, every))
        self.deliverer = Deliverer(self.deps)
        return [self.sweeper, self.deliverer.start()]

    async def stop_delivering(self) -> None:
        """Let the deliverer finish the batch in hand, then stop it (SIGTERM's drain)."""
        if self.deliverer is not None:
            await self.deliverer.stop()

    def start_follow_up(self, every: float = FOLLOW_UP_EVERY_SECONDS) -> asyncio.Task[None]:
        """Reminders and Home tab refreshes (`bot.slack.follow_up`)."""
        self.follower = asyncio.create_task(run_follow_up(self.deps, every))
        return self.follower

    async def close(self) -> None:
        # Occurrences being sent finish; those not started stay for a later process.
        await self.backend.scheduler.series.stop()
        await self.stop_delivering()
        for task in (self.sweeper, self.follower):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        if self.socket is not None:
            await self.socket.close_async()  # type: ignore[no-untyped-call]  # bolt's adapter is untyped
        await self.api.aclose()
        await self.backend.store.close()


async def assemble(
    settings: Settings,
    config: BotConfig,
    *,
    sandbox: Sandbox | None = None,
    now: Callable[[], datetime] = utc_now,
    monotonic: Callable[[], float] = time.monotonic,
    metrics: Metrics | None = None,
) -> Runtime:
    """The composition root: store, API client, use cases, Slack side and Bolt app, built once
    inside the running event loop, for `serve` and the demo alike. `now` is the one clock;
    `metrics`, when given, watches API calls and Slack errors."""
    store = await Store.connect(settings.database_url)
    observe = metrics.observe_api_call if metrics else None
    api = build_api_client(settings, sandbox, observe=observe)
    scheduler = Scheduler(api, store, config, series_concurrency=settings.series_concurrency)
    reassignments = Reassignments(api, store, config, owner=scheduler.owner)
    scheduler.recoverers[APPROVAL] = reassignments.recover
    backend = Backend(settings, config, store, scheduler, reassignments, now)
    deps = build_slack_deps(backend, monotonic=monotonic)
    return Runtime(backend, api, deps, build_app(deps))


def create_web_app(
    settings: Settings,
    config: BotConfig,
    *,
    sandbox: Sandbox | None = None,
    now: Callable[[], datetime] = utc_now,
    sweep_every: float = SWEEP_EVERY_SECONDS,
    drain: Drain | None = None,
    follow_up_every: float = FOLLOW_UP_EVERY_SECONDS,
) -> Starlette:
    """The ASGI app uvicorn serves; everything slow happens in its lifespan."""
    runtime: list[Runtime] = []
    metrics = Metrics()
    drain = drain or Drain()

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        drain.install(asyncio.get_running_loop())
        current = await assemble(settings, config, sandbox=sandbox, now=now, metrics=metrics)
        await current.deps.workspace.learn(current.deps.client)  # requests from others: refused
        watch_slack_errors(current.deps.client, metrics.count_slack_error)
        # Both serving modes enter through async_dispatch, and it returns at the ack.
        current.bolt.async_dispatch = watch_requests(current.bolt.async_dispatch, metrics, drain)  # type: ignore[method-assign,assignment]
        if settings.socket_mode:
            app_token = settings.slack_app_token
            current.socket = AsyncSocketModeHandler(
                current.bolt, app_token.get_secret_value() if app_token else None
            )
            await current.socket.connect_async()  # type: ignore[no-untyped-call]  # bolt's adapter is untyped
            drain.on_drain(current.socket.close_async)  # Slack sends new events to other sockets
        current.start_sweeper(sweep_every)
        # A series sends no new occurrence once draining: those left are another process's.
        drain.on_drain(current.backend.scheduler.series.stop_taking)
        drain.after_drain(current.stop_delivering)
        current.start_follow_up(follow_up_every)
        runtime.append(current)
        logger.info("ready: %s", "Socket Mode" if settings.socket_mode else "HTTP /slack/events")
        try:
            yield
        finally:
            await current.close()

    async def healthz(_: Request) -> Response:
        if drain.draining:
            return PlainTextResponse("shutting down", status_code=503)
        if not runtime:
            return PlainTextResponse("starting", status_code=503)
        handler = runtime[0].socket
        if handler is not None and not await handler.client.is_connected():
            return PlainTextResponse("socket down", status_code=503)
        return PlainTextResponse("ok")

    async def events(request: Request) -> Response:
        if not runtime or runtime[0].socket is not None:
            return PlainTextResponse("not found", status_code=404)
        if drain.draining:
            return PlainTextResponse("shutting down", status_code=503)
        return await AsyncSlackRequestHandler(runtime[0].bolt).handle(request)

    routes = [
        Route("/healthz", healthz, methods=["GET"]),
        _metrics_route(metrics, runtime),
        Route("/slack/events", events, methods=["POST"]),
    ]
    return Starlette(routes=routes, lifespan=lifespan)


def _metrics_route(metrics: Metrics, runtime: list[Runtime]) -> Route:
    """`GET /metrics`: this process's counters, and the backlog read from the shared store."""

    async def metrics_text(_: Request) -> Response:
        store = runtime[0].backend.store if runtime else None
        reader = None if store is None else (lambda: read_store_backlog(store))
        return Response(await metrics.render(reader), media_type=CONTENT_TYPE_LATEST)

    return Route("/metrics", metrics_text, methods=["GET"])


async def check_database(url: str) -> None:
    """Open the store once (creating or migrating its schema), so a bad DATABASE_URL stops
    start-up with one line instead of a server that fails its first request."""
    store = await Store.connect(url)
    await store.close()


def serve(settings: Settings, config: BotConfig) -> int:
    """Run uvicorn on `0.0.0.0:$PORT` until interrupted."""
    try:
        asyncio.run(check_database(settings.database_url))
    except StoreUnreachableError as error:
        logger.error("DATABASE_URL: cannot connect to %s (%s)", error.where, error.reason)
        return 2
    drain = Drain()
    app = create_web_app(settings, config, drain=drain)
    server = _DrainingServer(
        uvicorn.Config(
            app,
            host="0.0.0.0",  # noqa: S104  # Slack (or the platform's router) must reach it
            port=settings.port,
            log_level="info",
            log_config=None,  # our root handler formats uvicorn's records too (LOG_FORMAT)
            access_log=False,
            timeout_graceful_shutdown=5,
        ),
        drain,
    )
    server.run()
    return 0 if server.started else 3  # uvicorn's own code for a failed start-up


class _DrainingServer(uvicorn.Server):
    """uvicorn, except that SIGTERM drains first and then exits 0 (not re-raised)."""

    def __init__(self, config: uvicorn.Config, drain: Drain) -> None:
        super().__init__(config)
        self._drain = drain
        self._loop: asyncio.AbstractEventLoop | None = None
        self._draining: asyncio.Task[None] | None = None

    async def serve(self, sockets: list[socket.socket] | None = None) -> None:
        self._loop = asyncio.get_running_loop()
        await super().serve(sockets)

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        if sig != signal.SIGTERM or self._loop is None or self._drain.draining:
            super().handle_exit(sig, frame)
            return
        self._drain.draining = True  # /healthz says 503 from now on
        self._loop.call_soon_threadsafe(self._start_draining)

    def _start_draining(self) -> None:
        self._draining = asyncio.ensure_future(self._drain_then_exit())

    async def _drain_then_exit(self) -> None:
        await self._drain.drain()
        self.should_exit = True
