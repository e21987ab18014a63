"""Modal submissions for create, reschedule and update: validate inline, ack, then preview.

An unreadable field goes back with `response_action="errors"` and the modal stays open; nothing is
sent to the API until every field reads. The create and reschedule forms close on a good submit
and post the same private preview as the typed command, with Confirm: a time phrase is never sent
on the first submit. The update form, when its schedule changed, turns into its own confirm step
(`response_action="update"`) showing the reading; the next submit with the same reading sends.
A new assignee picked in the update form follows the reassignment rules: a manager's is applied
with the rest, anyone else's becomes a request.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import replace
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck

from bot.domain.reassignments import ReassignmentAsk
from bot.domain.teams import can_decide
from bot.i18n.catalog import t
from bot.model import MAX_API_ID, CreationStatus
from bot.parsing.commands import CreateSeries
from bot.slack.context import Caller, SlackDeps, private_reply
from bot.slack.flows.confirming import show_preview
from bot.slack.flows.forms import read_assignee, read_series, read_window
from bot.slack.flows.reassigning import start_reassignment
from bot.slack.flows.series import show_series_preview
from bot.slack.flows.updating import apply_changes, read_changes, update_confirm_step
from bot.slack.ids import CallbackId, Field
from bot.slack.metadata import ModalContext, Preview, PreviewKind
from bot.slack.people import BEFORE_MODAL_SECONDS
from bot.slack.ui.blocks import notice
from bot.slack.ui.fields import checked_values, selected_value, text_value

_ROUTINE = re.compile(r"[1-9][0-9]{0,9}")


def register(app: AsyncApp) -> None:
    app.view(CallbackId.CREATE)(on_create_modal_submitted)
    app.view(CallbackId.RESCHEDULE)(on_reschedule_modal_submitted)
    app.view(CallbackId.UPDATE)(on_update_modal_submitted)


async def on_create_modal_submitted(
    ack: AsyncAck, view: dict[str, Any], modal: ModalContext, caller: Caller, deps: SlackDeps
) -> None:
    person = await caller.person(wait=BEFORE_MODAL_SECONDS)
    errors: dict[str, str] = {}
    routine_text = text_value(view, Field.ROUTINE).lstrip("#")
    if not _ROUTINE.fullmatch(routine_text) or int(routine_text) > MAX_API_ID:
        errors[Field.ROUTINE] = t("modal.error.routine", person.lang)
    status = CreationStatus(int(selected_value(view, Field.STATUS) or CreationStatus.SCHEDULED))
    done = status == CreationStatus.DONE
    series = None if done else read_series(deps, view, person, errors)
    window = (
        None
        if series or Field.WHEN in errors
        else read_window(deps, view, person, errors, allow_past=done)
    )
    assignee = read_assignee(deps, view, person, errors) or modal.kept_assignee
    if errors or (window is None and series is None):
        await ack(response_action="errors", errors=errors)
        return
    await ack()
    reply = private_reply(deps, modal.channel_id, person.user_id)
    if series is not None:  # a recurring plan: its own preview, every occurrence listed
        if modal.key:  # the preview this form edits can no longer be confirmed
            await deps.scheduler.cancel_preview(modal.key, now=deps.now())
        plan = CreateSeries(
            int(routine_text), series, text_value(view, Field.WHEN), status, assignee
        )
        await show_series_preview(deps, plan, person, modal.channel_id, reply)
        return
    if window is None:  # cannot be: read above whenever no series was
        return
    preview = Preview(
        kind=PreviewKind.CREATE,
        key=modal.key or uuid.uuid4().hex,
        start=window.start,
        end=window.end,
        when_text=text_value(view, Field.WHEN),
        routine_id=int(routine_text),
        status=status,
        assignee=assignee,
        channel_id=modal.channel_id,
    )
    await show_preview(deps, preview, person, reply)


async def on_reschedule_modal_submitted(
    ack: AsyncAck, view: dict[str, Any], modal: ModalContext, caller: Caller, deps: SlackDeps
) -> None:
    person = await caller.person(wait=BEFORE_MODAL_SECONDS)
    errors: dict[str, str] = {}
    window = read_window(deps, view, person, errors)
    if errors or window is None or modal.intervention_id is None:
        await ack(response_action="errors", errors=errors)
        return
    await ack()
    preview = Preview(
        kind=PreviewKind.RESCHEDULE,
        key=modal.key or uuid.uuid4().hex,
        start=window.start,
        end=window.end,
        when_text=text_value(view, Field.WHEN),
        intervention_id=modal.intervention_id,
        channel_id=modal.channel_id,
    )
    reply = private_reply(deps, modal.channel_id, person.user_id)
    await show_preview(deps, preview, person, reply)


async def on_update_modal_submitted(
    ack: AsyncAck, view: dict[str, Any], modal: ModalContext, caller: Caller, deps: SlackDeps
) -> None:
    person = await caller.person(wait=BEFORE_MODAL_SECONDS)
    intervention_id = modal.intervention_id or 0
    known = await deps.store.get_intervention(intervention_id)
    errors: dict[str, str] = {}
    changes, assignee = read_changes(deps, view, person, modal, known, errors)
    if errors:
        await ack(response_action="errors", errors=errors)
        return
    step = update_confirm_step(deps, view, person, modal, changes, known)
    if step is not None:
        await ack(response_action="update", view=step)
        return
    await ack()
    emails, reason = checked_values(view, Field.EMAILS), text_value(view, Field.REASON)
    routine = known.intervention.routine_id if known else None
    if assignee is not None and can_decide(deps.config, person.user_id, routine):
        # A manager's new assignee goes out with the rest, in the same PATCH.
        changes = replace(
            changes,
            assignee=assignee,
            previous_assignee_email=("previous" in emails),
            previous_assignee_reason=reason or None,
        )
        assignee = None
    if not changes.is_empty:
        # Emailing the current assignee goes with a change, never as a PATCH of its own.
        if "current" in emails:
            changes = replace(changes, email_current_assignee=True)
        await apply_changes(deps, intervention_id, changes, person, modal)
    if assignee is not None:
        ask = ReassignmentAsk(
            intervention_id,
            requested_by=person.user_id,
            proposed=assignee,
            reason=reason,
            email_previous_assignee="previous" in emails,
            email_current_assignee="current" in emails,
        )
        await start_reassignment(
            deps, ask, requester=person, channel_id=modal.channel_id, respond=None
        )
    elif changes.is_empty:
        reply = private_reply(deps, modal.channel_id, person.user_id)
        await reply(notice(t("outcome.nothing_changed", person.lang)))
