"""Buttons and modals of a reassignment request: Approve, Reject, Cancel, Retry; Reassign's modal.

Each decision is the domain's (`bot.domain.reassignments`); `bot.slack.flows.reassigning` shows it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond

from bot.domain.errors import AlreadyDecided, NotAllowed
from bot.domain.reassignments import Decision, ReassignmentAsk
from bot.i18n.catalog import t
from bot.model import ReassignmentRequest
from bot.slack.announcing import SlackAnnouncer
from bot.slack.context import Caller, SlackDeps, ephemeral, open_modal, private_reply
from bot.slack.flows.forms import read_assignee
from bot.slack.flows.reassigning import (
    after_decision,
    clicked_context,
    refuse,
    start_reassignment,
)
from bot.slack.ids import ActionId, CallbackId, Field
from bot.slack.metadata import ModalContext, RequestRef
from bot.slack.people import BEFORE_MODAL_SECONDS
from bot.slack.ui.fields import checked_values, text_value
from bot.slack.ui.modals import reject_modal

Decide = Callable[..., Awaitable[Decision | ReassignmentRequest]]


def register(app: AsyncApp) -> None:
    app.action(ActionId.APPROVE)(on_approve_clicked)
    app.action(ActionId.RETRY_REQUEST)(on_retry_request_clicked)
    app.action(ActionId.CANCEL_REQUEST)(on_cancel_request_clicked)
    app.action(ActionId.REJECT)(on_reject_clicked)
    app.view(CallbackId.REJECT)(on_reject_modal_submitted)
    app.view(CallbackId.REASSIGN)(on_reassign_modal_submitted)


async def on_approve_clicked(
    ack: AsyncAck,
    body: dict[str, Any],
    respond: AsyncRespond,
    value: RequestRef,
    caller: Caller,
    deps: SlackDeps,
) -> None:
    await ack()
    decide = deps.reassignments.approve_reassignment
    await _decide(decide, deps, value, caller, respond, sends=body)


async def on_retry_request_clicked(
    ack: AsyncAck,
    body: dict[str, Any],
    respond: AsyncRespond,
    value: RequestRef,
    caller: Caller,
    deps: SlackDeps,
) -> None:
    await ack()
    decide = deps.reassignments.retry_reassignment
    await _decide(decide, deps, value, caller, respond, sends=body)


async def on_cancel_request_clicked(
    ack: AsyncAck, respond: AsyncRespond, value: RequestRef, caller: Caller, deps: SlackDeps
) -> None:
    await ack()
    decide = deps.reassignments.cancel_reassignment
    await _decide(decide, deps, value, caller, respond, cancel=True)


async def _decide(
    decide: Decide,
    deps: SlackDeps,
    ref: RequestRef,
    caller: Caller,
    respond: AsyncRespond,
    *,
    cancel: bool = False,
    sends: dict[str, Any] | None = None,
) -> None:
    """Decide in the domain, then show the outcome; a refusal is told privately.

    `sends`: the click's body, when the decision sends the PATCH (Approve, Retry): its outcome
    goes through the outbox, answered through the click's response URL."""
    person = await caller.person(wait=BEFORE_MODAL_SECONDS)
    reply = ephemeral(respond)
    durable: dict[str, Any] = {}
    if sends is not None:
        durable = {
            "announcer": SlackAnnouncer(),
            "context": clicked_context(deps, person, sends),
        }
    try:
        decision = await decide(ref.request_id, by=person.user_id, now=deps.now(), **durable)
    except (NotAllowed, AlreadyDecided) as error:
        await refuse(deps, error, person, reply, cancel=cancel)
        return
    await after_decision(deps, decision, person, reply)


async def on_reject_clicked(
    ack: AsyncAck,
    body: dict[str, Any],
    respond: AsyncRespond,
    value: RequestRef,
    caller: Caller,
    deps: SlackDeps,
) -> None:
    await ack()
    person = await caller.person(wait=BEFORE_MODAL_SECONDS)
    request = await deps.store.get_request(value.request_id)
    deciders = await deps.reassignments.deciders(request) if request else ()
    if request is None or person.user_id not in deciders:
        await refuse(deps, NotAllowed(deciders), person, ephemeral(respond))
        return
    context = ModalContext(request_id=value.request_id, channel_id=request.channel or "")
    await open_modal(
        deps,
        trigger_id=body["trigger_id"],
        view=reject_modal(person.lang, context),
        person=person,
        channel=context.channel_id,
    )


async def on_reject_modal_submitted(
    ack: AsyncAck, view: dict[str, Any], modal: ModalContext, caller: Caller, deps: SlackDeps
) -> None:
    person = await caller.person(wait=BEFORE_MODAL_SECONDS)
    reason = text_value(view, Field.REASON)
    if not reason:
        required = t("modal.error.required", person.lang)
        await ack(response_action="errors", errors={Field.REASON: required})
        return
    await ack()
    reply = private_reply(deps, modal.channel_id, person.user_id)
    try:
        decision = await deps.reassignments.reject_reassignment(
            modal.request_id or 0, by=person.user_id, reason=reason, now=deps.now()
        )
    except (NotAllowed, AlreadyDecided) as error:
        await refuse(deps, error, person, reply)
        return
    await after_decision(deps, decision, person, reply)


async def on_reassign_modal_submitted(
    ack: AsyncAck, view: dict[str, Any], modal: ModalContext, caller: Caller, deps: SlackDeps
) -> None:
    person = await caller.person(wait=BEFORE_MODAL_SECONDS)
    errors: dict[str, str] = {}
    assignee = read_assignee(deps, view, person, errors)
    if errors or assignee is None:
        errors.setdefault(Field.ASSIGNEE, t("modal.error.required", person.lang))
        await ack(response_action="errors", errors=errors)
        return
    await ack()
    emails = checked_values(view, Field.EMAILS)
    ask = ReassignmentAsk(
        modal.intervention_id or 0,
        requested_by=person.user_id,
        proposed=assignee,
        reason=text_value(view, Field.REASON),
        email_previous_assignee="previous" in emails,
        email_current_assignee="current" in emails,
    )
    await start_reassignment(deps, ask, requester=person, channel_id=modal.channel_id, respond=None)
