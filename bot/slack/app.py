"""`build_app`: the async Bolt app with every surface registered, and the one error handler.

Every Slack Web API call goes through `settings.slack_api_url`; Slack's 429s are retried by the
SDK's retry handler. Unknown errors are logged with an incident id, and the user sees only that.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.api.errors import ApiError
from bot.config import BotConfig, Settings
from bot.domain.reassignments import Reassignments
from bot.domain.scheduling import Scheduler
from bot.i18n.catalog import t
from bot.parsing.errors import ParseError
from bot.slack.blocks import notice
from bot.slack.metadata import ModalContext
from bot.slack.people import People, Person
from bot.slack.publishing import Publisher
from bot.slack.replies import describe_api_error, describe_parse_error
from bot.store.store import Store

logger = logging.getLogger(__name__)
Reply = Callable[[dict[str, Any]], Awaitable[object]]


@dataclass(frozen=True)
class Core:
    """What the composition root builds before Slack: configuration, store, domain."""

    settings: Settings
    config: BotConfig
    store: Store
    scheduler: Scheduler
    reassignments: Reassignments
    now: Callable[[], datetime]


@dataclass(frozen=True)
class Services:
    """Everything a listener needs."""

    core: Core
    client: AsyncWebClient
    people: People
    publisher: Publisher

    @property
    def config(self) -> BotConfig:
        return self.core.config

    @property
    def scheduler(self) -> Scheduler:
        return self.core.scheduler

    @property
    def store(self) -> Store:
        return self.core.store

    def now(self) -> datetime:
        return self.core.now()


def build_client(settings: Settings) -> AsyncWebClient:
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    return AsyncWebClient(
        token=token,
        base_url=settings.slack_api_url,
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(max_retry_count=2),
            AsyncRateLimitErrorRetryHandler(max_retry_count=3),
        ],
    )


def build_services(core: Core) -> Services:
    """The Slack client (through `SLACK_API_URL`), the people cache and the publisher."""
    client = build_client(core.settings)
    people = People(client, default_zone=core.config.zone, default_lang=core.config.language)
    publisher = Publisher(client, core.store, core.config, sandbox=core.settings.uses_sandbox)
    return Services(core, client, people, publisher)


def build_app(services: Services) -> AsyncApp:
    """The Bolt app: signatures always verified in HTTP mode, listeners acknowledge first."""
    from bot.slack import actions, approvals, commands, submissions, updates

    settings = services.core.settings
    secret = settings.slack_signing_secret
    app = AsyncApp(
        client=services.client,
        signing_secret=secret.get_secret_value() if secret else None,
        request_verification_enabled=not settings.socket_mode,
        ignoring_self_events_enabled=True,
    )
    for surface in (commands, actions, submissions, updates, approvals):
        surface.register(app, services)
    _register_error_handler(app, services)
    return app


def _register_error_handler(app: AsyncApp, services: Services) -> None:
    @app.error
    async def on_error(error: Exception, body: dict[str, Any], respond: AsyncRespond) -> None:
        user_id = _user_of(body)
        person = await services.people.lookup(user_id) if user_id else None
        lang = person.lang if person else services.config.language
        text = describe_error(error, lang)
        if text is None:
            incident = uuid.uuid4().hex[:8]
            extra = {"incident_id": incident}  # a field of its own under LOG_FORMAT=json
            logger.error(
                "incident %s: %s", incident, type(error).__name__, exc_info=error, extra=extra
            )
            text = t("error.incident", lang, incident=incident)
        await tell_privately(services, body, respond, person, text)


def describe_error(error: Exception, lang: Any) -> str | None:
    if isinstance(error, ParseError):
        return describe_parse_error(error, lang)
    if isinstance(error, ApiError):
        return describe_api_error(error, lang)
    return None


def _user_of(body: dict[str, Any]) -> str | None:
    user = body.get("user_id") or body.get("user", {})
    return user if isinstance(user, str) else user.get("id")


def _channel_of(body: dict[str, Any]) -> str | None:
    """Where the user is: the command's or message's channel, or the modal's origin."""
    channel = body.get("channel_id") or body.get("channel") or {}
    if isinstance(channel, str):
        return channel
    if channel.get("id"):
        return str(channel["id"])
    metadata = (body.get("view") or {}).get("private_metadata") or "{}"
    try:
        return ModalContext.model_validate_json(metadata).channel_id or None
    except ValueError:
        return None


async def tell_privately(
    services: Services,
    body: dict[str, Any],
    respond: AsyncRespond | None,
    person: Person | None,
    text: str,
) -> None:
    """An ephemeral message: through the response URL when there is one, else postEphemeral."""
    message = notice(text)
    if respond is not None and body.get("response_url"):
        await respond(response_type="ephemeral", replace_original=False, **message)
        return
    user = _user_of(body)
    if user:
        await private_reply(services, _channel_of(body) or "", user)(message)


def private_reply(services: Services, channel: str, user: str) -> Reply:
    """Send `user` an ephemeral message in `channel`, or a direct message when that fails."""

    async def reply(message: dict[str, Any]) -> None:
        if channel:
            try:
                await services.client.chat_postEphemeral(channel=channel, user=user, **message)
                return
            except SlackApiError as error:
                logger.info(
                    "ephemeral in %s failed (%s): sending a DM",
                    channel,
                    error.response.get("error"),
                )
        await services.client.chat_postMessage(channel=user, **message)

    return reply
