"""Mark done, the confirmation's quick action beside Reschedule and Reassign.

Only the assignee, the creator and the intervention's managers may press it
(`FollowingUp.mark_done`); anyone else gets a private refusal and nothing is sent.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond

from bot.api.errors import ApiError
from bot.domain.errors import NotAllowed
from bot.i18n.catalog import t
from bot.slack.context import Caller, SlackDeps, ephemeral
from bot.slack.flows.following import following
from bot.slack.ids import ActionId
from bot.slack.listeners.interventions import channel_of
from bot.slack.metadata import InterventionRef
from bot.slack.publishing import not_posted_note
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
    try:
        intervention = await following(deps).mark_done(intervention_id, by=person.user_id)
    except NotAllowed as error:
        people = ", ".join(f"<@{user}>" for user in error.who_may)
        key = "done.refused" if people else "done.refused_none"
        await reply(notice(t(key, person.lang, id=intervention_id, people=people)))
        return
    except ApiError as error:
        await reply(notice(describe_api_error(error, person.lang, intervention_id=intervention_id)))
        return
    shared = t("done.thread", deps.config.language, user=f"<@{person.user_id}>")
    published = await deps.publisher.publish_change(
        intervention, shared, fallback_channel=channel_of(body), by=person.user_id
    )
    note = not_posted_note(published, person.lang)
    await reply(notice(t("done.outcome", person.lang, id=intervention_id) + note))
