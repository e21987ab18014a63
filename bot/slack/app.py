"""`build_app`: the async Bolt app with every surface registered, and the one error handler.

A surface is one module of `bot.slack.listeners` with a `register(app)` that attaches its
module-level `on_…` listeners; adding one is a file there and its name in `SURFACES`. The
middleware (`bot.slack.middleware`) first drops other workspaces' requests and replays, then hands
each listener `deps`, `caller` and parsed values. Foreseeable failures (a parse error, an API
refusal, a store that cannot be written, a form that took too long to open) get a sentence that
says what to do; only unknown errors are logged with an incident id, and the user sees only that.
"""

from __future__ import annotations

import json
import logging
import uuid
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError

from bot.api.errors import ApiError
from bot.i18n.catalog import t
from bot.model import Language
from bot.parsing.errors import ParseError
from bot.slack.context import SlackDeps, private_reply
from bot.slack.listeners import (
    approvals,
    commands,
    home,
    interventions,
    previews,
    quick_actions,
    series,
    submissions,
)
from bot.slack.middleware import (
    StoreUnavailableError,
    listener_context,
    request_gate,
    user_of,
)
from bot.slack.people import Person
from bot.slack.ui.blocks import notice
from bot.slack.ui.replies import describe_api_error, describe_parse_error
from bot.store.engines import is_unavailable

logger = logging.getLogger(__name__)
SURFACES = (
    commands,
    previews,
    series,
    interventions,
    submissions,
    approvals,
    home,
    quick_actions,
)


def build_app(deps: SlackDeps) -> AsyncApp:
    """The Bolt app: signatures always verified in HTTP mode, listeners acknowledge first."""
    settings = deps.backend.settings
    secret = settings.slack_signing_secret
    app = AsyncApp(
        client=deps.client,
        signing_secret=secret.get_secret_value() if secret else None,
        request_verification_enabled=not settings.socket_mode,
        ignoring_self_events_enabled=True,
    )

    async def refuse(error: Exception, body: dict[str, Any], context: AsyncBoltContext) -> None:
        """Answer a request the middleware stopped (the store cannot save, a forged value)."""
        await on_error(error, body, context.respond, deps)

    app.use(request_gate(deps, refuse))
    app.use(listener_context(deps, refuse))
    for surface in SURFACES:
        surface.register(app)
    app.error(on_error)
    return app


async def on_error(
    error: Exception, body: dict[str, Any], respond: AsyncRespond | None, deps: SlackDeps
) -> None:
    """Tell the user privately what went wrong: a known error in words, else an incident id."""
    user_id = user_of(body)
    person = await deps.people.lookup(user_id) if user_id else None
    lang = person.lang if person else deps.config.language
    text = describe_error(error, lang)
    if text is None:
        incident = uuid.uuid4().hex[:8]
        extra = {"incident_id": incident}  # a field of its own under LOG_FORMAT=json
        logger.error("incident %s: %s", incident, type(error).__name__, exc_info=error, extra=extra)
        text = t("error.incident", lang, incident=incident)
    await tell_privately(deps, body, respond, person, text)


def describe_error(error: Exception, lang: Language) -> str | None:
    """A known failure in words the user can act on; None for a bug."""
    if isinstance(error, ParseError):
        return describe_parse_error(error, lang)
    if isinstance(error, ApiError):
        return describe_api_error(error, lang)
    if isinstance(error, StoreUnavailableError):  # the gate: before anything was done
        return t("error.store_unavailable", lang)
    if is_unavailable(error):  # mid-way: something may already be done
        logger.warning("the store failed mid-request: %s", type(error).__name__)
        return t("error.store_failed", lang)
    if isinstance(error, SlackApiError) and error.response.get("error") == "expired_trigger_id":
        return t("error.form_expired", lang)
    return None


def _channel_of(body: dict[str, Any]) -> str | None:
    """Where the user is: the command's or message's channel, or the modal's origin."""
    channel = body.get("channel_id") or body.get("channel") or {}
    if isinstance(channel, str):
        return channel
    if channel.get("id"):
        return str(channel["id"])
    metadata = (body.get("view") or {}).get("private_metadata") or "{}"
    try:  # read loosely: metadata refused for a bad id still says where the user is
        channel = json.loads(metadata).get("channel_id")
    except (ValueError, AttributeError):
        return None
    return channel if isinstance(channel, str) and channel else None


async def tell_privately(
    deps: SlackDeps,
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
    user = user_of(body)
    if user:
        await private_reply(deps, _channel_of(body) or "", user)(message)
