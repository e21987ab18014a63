"""What a listener receives besides Bolt's own arguments: `deps`, `caller`, and parsed values.

`Backend` is what the composition root builds before Slack (configuration, store, use cases, the
clock); `SlackDeps` adds the Slack side (client, people, publisher); `Caller` is who clicked or
typed, their `Person` looked up once, after the ack. The middleware (`bot.slack.middleware`) puts
them in Bolt's context, which hands them to each listener by name.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import BotConfig, Settings
from bot.domain.reassignments import Reassignments
from bot.domain.scheduling import Scheduler
from bot.i18n.catalog import t
from bot.slack.people import People, Person
from bot.slack.publishing import Publisher
from bot.slack.ui.blocks import notice
from bot.store.store import Store

logger = logging.getLogger(__name__)
# Sends the user one private message (an ephemeral, a replaced preview, or a DM).
SendPrivately = Callable[[dict[str, Any]], Awaitable[object]]


@dataclass(frozen=True)
class Backend:
    """What the composition root builds before Slack: configuration, store, use cases, clock."""

    settings: Settings
    config: BotConfig
    store: Store
    scheduler: Scheduler
    reassignments: Reassignments
    now: Callable[[], datetime]


@dataclass
class Workspace:
    """The bot's own workspace, from `auth.test` at start-up (`learn`); requests naming another
    are refused (`bot.slack.middleware.request_gate`)."""

    team_id: str | None = None

    async def learn(self, client: AsyncWebClient) -> None:
        """Ask `auth.test` once; on failure Bolt's own `auth.test` (first request) stands in."""
        try:
            identity = await client.auth_test()
        except SlackApiError as error:
            logger.warning("auth.test failed at start-up: %s", error.response.get("error"))
            return
        team = identity.get("team_id")
        self.team_id = team if isinstance(team, str) and team else None
        logger.info("serving workspace %s", self.team_id)


@dataclass(frozen=True)
class SlackDeps:
    """Everything a listener needs: the backend, and the Slack client, people and publisher."""

    backend: Backend
    client: AsyncWebClient
    people: People
    publisher: Publisher
    # Set when this process queued Slack effects: its deliverer sends them at once.
    outbox_ready: asyncio.Event = field(default_factory=asyncio.Event)
    workspace: Workspace = field(default_factory=Workspace)

    @property
    def config(self) -> BotConfig:
        return self.backend.config

    @property
    def scheduler(self) -> Scheduler:
        return self.backend.scheduler

    @property
    def reassignments(self) -> Reassignments:
        return self.backend.reassignments

    @property
    def store(self) -> Store:
        return self.backend.store

    def now(self) -> datetime:
        return self.backend.now()


@dataclass
class Caller:
    """Who clicked, typed or submitted; their `Person` is looked up on first use, then kept."""

    user_id: str
    people: People
    _person: Person | None = field(default=None, repr=False)

    async def person(self, *, wait: float | None = None) -> Person:
        """Their language, locale and zone; `wait` bounds a slow `users.info` (see `People`)."""
        if self._person is None:
            self._person = await self.people.lookup(self.user_id, wait=wait)
        return self._person


def build_slack_client(settings: Settings) -> AsyncWebClient:
    """The Slack Web API client, through `SLACK_API_URL`; Slack's 429s are retried by the SDK."""
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    return AsyncWebClient(
        token=token,
        base_url=settings.slack_api_url,
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(max_retry_count=2),
            AsyncRateLimitErrorRetryHandler(max_retry_count=3),
        ],
    )


def build_slack_deps(
    backend: Backend, *, monotonic: Callable[[], float] = time.monotonic
) -> SlackDeps:
    """The Slack client, the people cache (aged by `monotonic`) and the publisher."""
    client = build_slack_client(backend.settings)
    config = backend.config
    people = People(
        client, default_zone=config.zone, default_lang=config.language, monotonic=monotonic
    )
    publisher = Publisher(client, backend.store, config, sandbox=backend.settings.uses_sandbox)
    return SlackDeps(backend, client, people, publisher)


def private_reply(deps: SlackDeps, channel: str, user: str) -> SendPrivately:
    """Send `user` an ephemeral message in `channel`, or a direct message when that fails."""

    async def reply(message: dict[str, Any]) -> None:
        if channel:
            try:
                await deps.client.chat_postEphemeral(channel=channel, user=user, **message)
                return
            except SlackApiError as error:
                logger.info(
                    "ephemeral in %s failed (%s): sending a DM",
                    channel,
                    error.response.get("error"),
                )
        await deps.client.chat_postMessage(channel=user, **message)

    return reply


async def open_modal(
    deps: SlackDeps, *, trigger_id: str, view: dict[str, Any], person: Person, channel: str
) -> bool:
    """`views.open`; when Slack says the `trigger_id` expired (the 3 s passed), tell the user
    privately that the form took too long and to try again, and return False."""
    try:
        await deps.client.views_open(trigger_id=trigger_id, view=view)
    except SlackApiError as error:
        if error.response.get("error") != "expired_trigger_id":
            raise
        logger.warning("views.open: the trigger_id expired before the modal opened")
        await private_reply(deps, channel, person.user_id)(
            notice(t("error.form_expired", person.lang))
        )
        return False
    return True


def replacing(respond: AsyncRespond) -> SendPrivately:
    """Answer a click by replacing the message its button was on."""

    async def reply(message: dict[str, Any]) -> None:
        await respond(replace_original=True, **message)

    return reply


def ephemeral(respond: AsyncRespond) -> SendPrivately:
    """Answer through the response URL with a new ephemeral message."""

    async def reply(message: dict[str, Any]) -> None:
        await respond(response_type="ephemeral", replace_original=False, **message)

    return reply
