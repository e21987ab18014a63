"""Mark done, the confirmation's quick action beside Reschedule and Reassign.

Only the assignee, the creator and the intervention's managers may press it
(`FollowingUp.mark_done`); anyone else gets a private refusal and nothing is sent. The PATCH is
a durable change: the outbox replies in the thread, refreshes the parent and tells the user.
"""

from __future__ import annotations

import uuid
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond

from bot.api.errors import ApiError
from bot.domain.claims import AlreadyHandled
from bot.domain.errors import CannotSave, NotAllowed
from bot.i18n.catalog import t
from bot.slack.announcing import SlackAnnouncer, change_context
from bot.slack.context import Caller, SlackDeps, ephemeral
from bot.slack.flows.confirming import cannot_save_text
from bot.slack.flows.following import following
from bot.slack.ids import ActionId
from bot.slack.listeners.interventions import channel_of
from bot.slack.metadata import InterventionRef
from bot.slack.ui.blocks import notice
from bot.slack.ui.replies import describe_api_error


def register(app: AsyncApp) -> None:
    app.action(ActionId.MARK_DONE)(on_mark_done_clicked)


async def on_mark_done_clicked(
    ack: AsyncAck,
    body: dict[str, Any],
    respond: AsyncRespond,
    value: InterventionRef,
    caller: Caller,
    deps: SlackDeps,
) -> None:
    await ack()
    person = await caller.person()
    reply = ephemeral(respond)
    intervention_id = value.intervention_id
    channel = channel_of(body)
    key = uuid.uuid4().hex
    context = change_context(
        key=key,
        intervention_id=intervention_id,
        lang=person.lang,
        shared_lang=deps.config.language,
        user=person.user_id,
        reply={"channel": channel, "user": person.user_id},
        fallback_channel=channel,
        outcome=t("done.outcome", person.lang, id=intervention_id),
        shared=t("done.thread", deps.config.language, user=f"<@{person.user_id}>"),
    )
    try:
        result = await following(deps).mark_done(
            intervention_id,
            by=person.user_id,
            key=key,
            now=deps.now(),
            announcer=SlackAnnouncer(),
            context=context,
        )
    except NotAllowed as error:
        people = ", ".join(f"<@{user}>" for user in error.who_may)
        refusal = "done.refused" if people else "done.refused_none"
        await reply(notice(t(refusal, person.lang, id=intervention_id, people=people)))
        return
    except CannotSave as down:
        await reply(notice(cannot_save_text(down, person.lang)))
        return
    except ApiError as error:
        await reply(notice(describe_api_error(error, person.lang, intervention_id=intervention_id)))
        return
    if isinstance(result, AlreadyHandled):
        await reply(notice(t("preview.already_in_progress", person.lang)))
        return
    deps.outbox_ready.set()
