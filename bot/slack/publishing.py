"""Messages everyone sees: the confirmation in the team channel, its thread, its updates.

The confirmation is posted once per intervention; every later change is a thread reply, and the
parent message is re-rendered from what the API last answered.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import BotConfig
from bot.domain.teams import channel_for_routine
from bot.i18n.catalog import t
from bot.model import Intervention, Language
from bot.slack.ui.blocks import SANDBOX_MARK, confirmation_message, context, notice
from bot.store.store import KnownIntervention, Store

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Posted:
    """Where an intervention's confirmation is."""

    channel: str
    ts: str


@dataclass(frozen=True, slots=True)
class PostFailed:
    """Slack would not show it (the bot left the channel, say); the API change stands."""

    channel: str
    error: str


def not_posted_note(result: Posted | PostFailed, lang: Language) -> str:
    """A sentence for the user when the team channel could not be told, else nothing."""
    if isinstance(result, Posted):
        return ""
    return " " + t("outcome.not_posted", lang, channel=result.channel, error=result.error)


class Publisher:
    """Posts and keeps current the team channel's view of each intervention."""

    def __init__(
        self, client: AsyncWebClient, store: Store, config: BotConfig, *, sandbox: bool
    ) -> None:
        self.client = client
        self.store = store
        self.config = config
        self.sandbox = sandbox

    async def post_confirmation(
        self, intervention: Intervention, *, fallback_channel: str, requested_by: str | None
    ) -> Posted | PostFailed:
        """Post the top-level confirmation in the routine's team channel and remember it.

        When Slack refuses the team channel, the channel where the user typed stands in.
        """
        channel = channel_for_routine(self.config, intervention.routine_id, fallback_channel)
        known = await self.store.get_intervention(intervention.id)
        message = self.render(intervention, known, requested_by)
        failed = PostFailed(channel, "no_channel")
        for target in dict.fromkeys(c for c in (channel, fallback_channel) if c):
            try:
                response = await self.client.chat_postMessage(channel=target, **message)
            except SlackApiError as error:
                failed = PostFailed(target, str(error.response.get("error")))
                logger.warning("cannot post #%s in %s: %s", intervention.id, target, failed.error)
                continue
            posted = Posted(str(response["channel"]), str(response["ts"]))
            await self.store.set_intervention_message(intervention.id, posted.channel, posted.ts)
            return posted
        return failed

    async def publish_change(
        self, intervention: Intervention, reply: str, *, fallback_channel: str, by: str
    ) -> Posted | PostFailed:
        """Reply in the intervention's thread and refresh its parent; post one if it has none."""
        await self.store.following.note_change(intervention.id, by=by)
        known = await self.store.get_intervention(intervention.id)
        if known is None or not known.channel or not known.ts:
            result = await self.post_confirmation(
                intervention, fallback_channel=fallback_channel, requested_by=None
            )
            if isinstance(result, PostFailed):
                return result
            posted = result
        else:
            posted = Posted(known.channel, known.ts)
            message = self.render(intervention, known, known.requested_by)
            try:
                await self.client.chat_update(channel=posted.channel, ts=posted.ts, **message)
            except SlackApiError as error:  # the thread reply below still says what changed
                logger.warning(
                    "cannot update #%s: %s", intervention.id, error.response.get("error")
                )
        try:
            await self.reply_in_thread(posted, notice(reply))
        except SlackApiError as error:
            return PostFailed(posted.channel, str(error.response.get("error")))
        return posted

    def marked(self, message: dict[str, Any]) -> dict[str, Any]:
        """`message` with the sandbox marker when the bot runs against the sandbox.

        DESIGN: with the embedded sandbox, every posted message says so.
        """
        if not self.sandbox or any(SANDBOX_MARK in str(b) for b in message.get("blocks", [])):
            return message
        marker = context(t("confirm.sandbox", self.config.language))
        blocks = list(message.get("blocks", []))
        buttons = [i for i, block in enumerate(blocks) if block.get("type") == "actions"]
        blocks.insert(buttons[0] if buttons else len(blocks), marker)  # buttons stay last
        return {**message, "blocks": blocks}

    async def reply_in_thread(self, posted: Posted, message: dict[str, Any]) -> str:
        """Post `message` in the thread of `posted`; returns the reply's ts."""
        response = await self.client.chat_postMessage(
            channel=posted.channel, thread_ts=posted.ts, **self.marked(message)
        )
        return str(response["ts"])

    async def refresh(self, intervention_id: int) -> None:
        """Re-render the parent message from the store (after an assignment, say)."""
        known = await self.store.get_intervention(intervention_id)
        if known is None or not known.channel or not known.ts:
            return
        message = self.render(known.intervention, known, known.requested_by)
        await self.client.chat_update(channel=known.channel, ts=known.ts, **message)

    def render(
        self, intervention: Intervention, known: KnownIntervention | None, requested_by: str | None
    ) -> dict[str, Any]:
        """The confirmation from the API's last answer and what the store keeps beside it."""
        rules = known.site_rule_ids if known is not None else None
        return confirmation_message(
            intervention,
            self.config,
            requested_by=requested_by,
            sandbox=self.sandbox,
            site_rule_ids=rules,
        )
