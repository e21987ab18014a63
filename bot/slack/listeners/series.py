"""Buttons of recurring plans: Confirm and Edit on the series preview (its Cancel is the
preview's own), and "Retry the N failed" on the requester's progress message."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond

from bot.i18n.catalog import t
from bot.slack.context import Caller, SlackDeps, ephemeral, open_modal, replacing
from bot.slack.flows.series import confirm_series, retry_failed
from bot.slack.ids import ActionId
from bot.slack.metadata import ModalContext, SeriesRef, SeriesRetry
from bot.slack.people import BEFORE_MODAL_SECONDS
from bot.slack.ui.blocks import assignee_label, notice
from bot.slack.ui.modals import create_modal


def register(app: AsyncApp) -> None:
    app.action(ActionId.SERIES_CONFIRM)(on_series_confirm_clicked)
    app.action(ActionId.SERIES_EDIT)(on_series_edit_clicked)
    app.action(ActionId.SERIES_RETRY)(on_series_retry_clicked)


async def on_series_confirm_clicked(
    ack: AsyncAck, respond: AsyncRespond, value: SeriesRef, caller: Caller, deps: SlackDeps
) -> None:
    await ack()
    person = await caller.person()
    await respond(replace_original=True, **notice(t("preview.working", person.lang)))
    await confirm_series(deps, value, person, replacing(respond))


async def on_series_edit_clicked(
    ack: AsyncAck, body: dict[str, Any], value: SeriesRef, caller: Caller, deps: SlackDeps
) -> None:
    """The create form with the phrase as typed; its submission previews the series again."""
    await ack()
    person = await caller.person(wait=BEFORE_MODAL_SECONDS)
    user = deps.config.slack_user_for(value.assignee) if value.assignee else None
    kept = value.assignee if user is None else None
    context = ModalContext(channel_id=value.channel_id, key=value.key, kept_assignee=kept)
    view = create_modal(
        person.lang,
        context,
        routine=str(value.routine_id),
        when=value.when_text,
        status=int(value.status),
        assignee_user=user,
        kept_assignee=assignee_label(kept, deps.config, person.lang) if kept else None,
    )
    await open_modal(
        deps, trigger_id=body["trigger_id"], view=view, person=person, channel=value.channel_id
    )


async def on_series_retry_clicked(
    ack: AsyncAck, respond: AsyncRespond, value: SeriesRetry, caller: Caller, deps: SlackDeps
) -> None:
    await ack()
    person = await caller.person()
    await retry_failed(deps, value, person, ephemeral(respond))
