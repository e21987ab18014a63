"""Buttons on a confirmation: Reschedule, Reassign and Edit; Retry on `created, not assigned`.

Each listener acknowledges first; a modal opens before any slow work, since a `trigger_id` lives
three seconds and works once.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond

from bot.api.errors import ApiError
from bot.domain.claims import AlreadyHandled
from bot.i18n.catalog import t
from bot.slack.context import Caller, SlackDeps, open_modal
from bot.slack.flows.confirming import describe_claim, window_as_text
from bot.slack.flows.updating import open_update_modal
from bot.slack.ids import ActionId
from bot.slack.metadata import AssignmentRef, InterventionRef, ModalContext
from bot.slack.people import BEFORE_MODAL_SECONDS
from bot.slack.publishing import not_posted_note
from bot.slack.ui.blocks import assignee_label, notice, retry_assignment_message
from bot.slack.ui.modals import reassign_modal, reschedule_modal
from bot.slack.ui.replies import describe_api_error


def register(app: AsyncApp) -> None:
    app.action(ActionId.RESCHEDULE)(on_reschedule_clicked)
    app.action(ActionId.REASSIGN)(on_reassign_clicked)
    app.action(ActionId.UPDATE)(on_update_clicked)
    app.action(ActionId.RETRY_ASSIGNMENT)(on_retry_assignment_clicked)


def channel_of(body: dict[str, Any]) -> str:
    """The channel of the message a button was on."""
    return str(
        (body.get("channel") or {}).get("id")
        or (body.get("container") or {}).get("channel_id")
        or ""
    )


async def on_reschedule_clicked(
    ack: AsyncAck, body: dict[str, Any], value: InterventionRef, caller: Caller, deps: SlackDeps
) -> None:
    await ack()
    person = await caller.person(wait=BEFORE_MODAL_SECONDS)
    known = await deps.store.get_intervention(value.intervention_id)
    when = window_as_text(known.intervention.window if known else None, person.zone)
    context = ModalContext(
        channel_id=channel_of(body), intervention_id=value.intervention_id, prefilled_when=when
    )
    view = reschedule_modal(person.lang, context, value.intervention_id, when)
    await open_modal(
        deps, trigger_id=body["trigger_id"], view=view, person=person, channel=channel_of(body)
    )


async def on_reassign_clicked(
    ack: AsyncAck, body: dict[str, Any], value: InterventionRef, caller: Caller, deps: SlackDeps
) -> None:
    await ack()
    person = await caller.person(wait=BEFORE_MODAL_SECONDS)
    context = ModalContext(channel_id=channel_of(body), intervention_id=value.intervention_id)
    view = reassign_modal(person.lang, context, value.intervention_id)
    await open_modal(
        deps, trigger_id=body["trigger_id"], view=view, person=person, channel=channel_of(body)
    )


async def on_update_clicked(
    ack: AsyncAck, body: dict[str, Any], value: InterventionRef, caller: Caller, deps: SlackDeps
) -> None:
    await ack()
    person = await caller.person(wait=BEFORE_MODAL_SECONDS)
    await open_update_modal(
        deps,
        trigger_id=body["trigger_id"],
        intervention_id=value.intervention_id,
        person=person,
        channel_id=channel_of(body),
    )


async def on_retry_assignment_clicked(
    ack: AsyncAck,
    body: dict[str, Any],
    respond: AsyncRespond,
    value: AssignmentRef,
    caller: Caller,
    deps: SlackDeps,
) -> None:
    await ack()
    ref = value
    person = await caller.person()
    label = assignee_label(ref.assignee, deps.config, person.lang)
    try:
        result = await deps.scheduler.retry_assignment(
            ref.key, ref.intervention_id, ref.assignee, now=deps.now()
        )
    except ApiError as error:
        text = describe_api_error(error, person.lang, intervention_id=ref.intervention_id)
        await respond(
            replace_original=True,
            **retry_assignment_message(text, ref.intervention_id, ref.assignee, person.lang),
        )
        return
    if isinstance(result, AlreadyHandled):  # a double click
        text = describe_claim(result.outcome, person.lang)
        await respond(replace_original=True, **notice(text))
        return
    shared = t(
        "thread.assigned",
        deps.config.language,
        user=f"<@{person.user_id}>",
        assignee=assignee_label(ref.assignee, deps.config, deps.config.language),
    )
    published = await deps.publisher.publish_change(
        result, shared, fallback_channel=channel_of(body), by=person.user_id
    )
    await respond(
        replace_original=True,
        **notice(
            t("outcome.assigned", person.lang, id=ref.intervention_id, assignee=label)
            + not_posted_note(published, person.lang)
        ),
    )
