"""Buttons on a private preview (Confirm, Cancel, Edit), and Create anyway after an unknown outcome.

Each listener acknowledges first; Edit opens its modal before any slow work, since a `trigger_id`
lives three seconds and works once.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond

from bot.i18n.catalog import t
from bot.slack.context import Caller, SlackDeps, open_modal, replacing
from bot.slack.flows.confirming import confirm_preview, describe_claim, window_as_text
from bot.slack.ids import ActionId
from bot.slack.metadata import ModalContext, Preview, PreviewKind
from bot.slack.people import BEFORE_MODAL_SECONDS
from bot.slack.ui.blocks import assignee_label, notice
from bot.slack.ui.modals import create_modal, reschedule_modal


def register(app: AsyncApp) -> None:
    app.action(ActionId.CONFIRM)(on_confirm_clicked)
    app.action(ActionId.CANCEL)(on_cancel_clicked)
    app.action(ActionId.EDIT)(on_edit_clicked)
    app.action(ActionId.CREATE_ANYWAY)(on_create_anyway_clicked)


async def on_confirm_clicked(
    ack: AsyncAck,
    respond: AsyncRespond,
    body: dict[str, Any],
    value: Preview,
    caller: Caller,
    deps: SlackDeps,
) -> None:
    await ack()
    person = await caller.person()
    await respond(replace_original=True, **notice(t("preview.working", person.lang)))
    target = {"response_url": body.get("response_url")}
    await confirm_preview(deps, value, person, replacing(respond), target)


async def on_create_anyway_clicked(
    ack: AsyncAck,
    respond: AsyncRespond,
    body: dict[str, Any],
    value: Preview,
    caller: Caller,
    deps: SlackDeps,
) -> None:
    """After an unknown outcome: the same create, sent again because the user said so."""
    await on_confirm_clicked(ack, respond, body, value, caller, deps)


async def on_cancel_clicked(
    ack: AsyncAck, respond: AsyncRespond, value: str, caller: Caller, deps: SlackDeps
) -> None:
    await ack()
    person = await caller.person()
    handled = await deps.scheduler.cancel_preview(value, now=deps.now())
    if handled is None:
        text = t("preview.cancelled", person.lang)
    else:  # already confirmed, maybe through the Edit modal: say what happened instead
        text = describe_claim(handled.outcome, person.lang)
    await respond(replace_original=True, **notice(text))


async def on_edit_clicked(
    ack: AsyncAck, body: dict[str, Any], value: Preview, caller: Caller, deps: SlackDeps
) -> None:
    await ack()
    preview = value
    person = await caller.person(wait=BEFORE_MODAL_SECONDS)
    user = deps.config.slack_user_for(preview.assignee) if preview.assignee else None
    kept = preview.assignee if user is None else None
    # The modal keeps the preview's key: confirming both still creates only once.
    context = ModalContext(
        channel_id=preview.channel_id,
        key=preview.key,
        intervention_id=preview.intervention_id,
        kept_assignee=kept,
    )
    when = window_as_text(preview.window, person)
    if preview.kind == PreviewKind.CREATE:
        view = create_modal(
            person.lang,
            context,
            routine=str(preview.routine_id),
            when=when,
            status=int(preview.status),
            assignee_user=user,
            kept_assignee=assignee_label(kept, deps.config, person.lang) if kept else None,
        )
    else:
        view = reschedule_modal(person.lang, context, preview.intervention_id or 0, when)
    await open_modal(
        deps,
        trigger_id=body["trigger_id"],
        view=view,
        person=person,
        channel=preview.channel_id,
    )
