"""Serving: `POST /slack/events` and `GET /healthz` under uvicorn, or Socket Mode.

`assemble` is the composition root: it connects the store and the API client inside the running
event loop and builds the use cases, the Slack side and the Bolt app; the demo uses it too, so
both drive the same bot. In Socket Mode `/healthz` answers 503 while the socket
is down, and `/slack/events` is not served (Socket Mode requests are not signed).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime

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
from bot.domain.reassignments import Reassignments
from bot.domain.scheduling import Scheduler
from bot.slack.app import build_app
from bot.slack.context import Backend, SlackDeps, build_slack_deps
from bot.slack.sweeper import SWEEP_EVERY_SECONDS, run_sweeper
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

    def start_sweeper(self, every: float = SWEEP_EVERY_SECONDS) -> asyncio.Task[None]:
        self.sweeper = asyncio.create_task(run_sweeper(self.deps, every))
        return self.sweeper

    async def close(self) -> None:
        if self.sweeper is not None:
            self.sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.sweeper
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
) -> Runtime:
    """The composition root: store, API client, use cases, Slack side and Bolt app, built once
    inside the running event loop, for `serve` and the demo alike. `now` is the one clock."""
    store = await Store.connect(settings.database_url)
    api = build_api_client(settings, sandbox)
    scheduler = Scheduler(api, store, config)
    reassignments = Reassignments(api, store, config)
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
) -> Starlette:
    """The ASGI app uvicorn serves; everything slow happens in its lifespan."""
    runtime: list[Runtime] = []

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        current = await assemble(settings, config, sandbox=sandbox, now=now)
        if settings.socket_mode:
            app_token = settings.slack_app_token
            current.socket = AsyncSocketModeHandler(
                current.bolt, app_token.get_secret_value() if app_token else None
            )
            await current.socket.connect_async()  # type: ignore[no-untyped-call]  # bolt's adapter is untyped
        current.start_sweeper(sweep_every)
        runtime.append(current)
        logger.info("ready: %s", "Socket Mode" if settings.socket_mode else "HTTP /slack/events")
        try:
            yield
        finally:
            await current.close()

    async def healthz(_: Request) -> Response:
        if not runtime:
            return PlainTextResponse("starting", status_code=503)
        socket = runtime[0].socket
        if socket is not None and not await socket.client.is_connected():
            return PlainTextResponse("socket down", status_code=503)
        return PlainTextResponse("ok")

    async def events(request: Request) -> Response:
        if not runtime or runtime[0].socket is not None:
            return PlainTextResponse("not found", status_code=404)
        return await AsyncSlackRequestHandler(runtime[0].bolt).handle(request)

    routes = [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/slack/events", events, methods=["POST"]),
    ]
    return Starlette(routes=routes, lifespan=lifespan)


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
    app = create_web_app(settings, config)
    uvicorn.run(
        app,
        host="0.0.0.0",  # noqa: S104  # Slack (or the platform's router) must reach it
        port=settings.port,
        log_level="info",
        access_log=False,
    )
    return 0
