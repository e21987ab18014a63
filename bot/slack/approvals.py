"""Reassignments in threads: requests, Approve / Reject / Cancel / Retry, and their messages.

The domain decides (`bot.domain.reassignments`); this module only shows. A refusal is private and
leaves the approval message as it was; a decision rewrites it without its buttons.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond

from bot.domain.errors import AlreadyDecided, NotAllowed
from bot.domain.reassignments import Applied, ApplyFailed, Decision, Expired
from bot.domain.teams import channel_for_routine
from bot.i18n.catalog import t
from bot.model import Assignee, ReassignmentRequest
from bot.slack.app import Reply, Services, private_reply
from bot.slack.approval_blocks import approval_request, decided_request, decision_line, mention
from bot.slack.approval_blocks import when as slack_when
from bot.slack.blocks import assignee_label, notice
from bot.slack.ids import ActionId, CallbackId, Field
from bot.slack.metadata import ModalContext, RequestRef
from bot.slack.modals import reject_modal
from bot.slack.people import BEFORE_MODAL_SECONDS, Person
from bot.slack.publishing import Posted, not_posted_note
from bot.slack.replies import describe_api_error
from bot.slack.submissions import read_assignee, read_submission
from bot.slack.views import checked_values, text_value


async def start_reassignment(
    services: Services,
    *,
    intervention_id: int,
    assignee: Assignee | None,
    reason: str,
    requester: Person,
    channel_id: str,
    respond: AsyncRespond | None,
    email_previous: bool = True,
    email_current: bool = False,
) -> None:
    """A manager's reassignment is applied at once; anyone else's waits in the thread."""
    if assignee is None:
        return
    reply = _reply(services, channel_id, requester, respond)
    result = await services.core.reassignments.reassign_intervention(
        intervention_id,
        requested_by=requester.user_id,
        proposed=assignee,
        now=services.now(),
        reason=reason,
        email_previous_assignee=email_previous,
        email_current_assignee=email_current,
    )
    lang = requester.lang
    label = assignee_label(assignee, services.config, lang)
    if isinstance(result, ReassignmentRequest):
        await post_request(services, result, fallback_channel=channel_id)
        await reply(notice(t("outcome.request_sent", lang, id=intervention_id, assignee=label)))
    elif isinstance(result, Applied):
        shared = t(
            "thread.assigned",
            services.config.language,
            user=mention(requester.user_id),
            assignee=assignee_label(assignee, services.config, services.config.language),
        )
        published = await services.publisher.publish_change(
            result.intervention, shared, fallback_channel=channel_id, by=requester.user_id
        )
        for superseded in result.superseded:
            await show_decision(services, superseded)
        note = not_posted_note(published, lang)
        await reply(notice(t("outcome.assigned", lang, id=intervention_id, assignee=label) + note))
    else:
        await post_request(services, result.request, fallback_channel=channel_id)
        await reply(notice(describe_api_error(result.error, lang, intervention_id=intervention_id)))


def _reply(services: Services, channel: str, person: Person, respond: AsyncRespond | None) -> Reply:
    if respond is None:
        return private_reply(services, channel, person.user_id)

    async def reply(message: dict[str, Any]) -> None:
        await respond(response_type="ephemeral", **message)

    return reply


async def post_request(
    services: Services, request: ReassignmentRequest, *, fallback_channel: str
) -> None:
    """The approval message: in the intervention's thread, or a new thread in its team channel."""
    known = await services.store.get_intervention(request.intervention_id)
    deciders = await services.core.reassignments.deciders(request)
    message = (
        approval_request(request, services.config, deciders)
        if request.state == "pending"
        else decided_request(request, services.config)
    )
    if known is not None and known.channel and known.ts:
        posted = Posted(known.channel, known.ts)
        message_ts = await services.publisher.reply_in_thread(posted, message)
        thread_ts: str | None = known.ts
    else:
        routine = known.intervention.routine_id if known else None
        channel = channel_for_routine(services.config, routine, fallback_channel)
        response = await services.client.chat_postMessage(
            channel=channel, **services.publisher.marked(message)
        )
        posted = Posted(str(response["channel"]), str(response["ts"]))
        message_ts, thread_ts = posted.ts, None
    await services.store.set_request_message(
        request.id, channel=posted.channel, thread_ts=thread_ts, message_ts=message_ts
    )


async def show_decision(
    services: Services, request: ReassignmentRequest, error: str | None = None
) -> None:
    """Rewrite the approval message and tell the requester in the thread."""
    if not request.channel or not request.message_ts:
        return
    message = decided_request(request, services.config, error)
    await services.client.chat_update(
        channel=request.channel, ts=request.message_ts, **services.publisher.marked(message)
    )
    thread = Posted(request.channel, request.thread_ts or request.message_ts)
    line = decision_line(request, services.config, error)
    await services.publisher.reply_in_thread(
        thread,
        notice(
            t(
                "approval.told_requester",
                services.config.language,
                requester=mention(request.requested_by),
                outcome=line,
            )
        ),
    )


async def _after_decision(
    services: Services, decision: Decision | ReassignmentRequest, person: Person, reply: Reply
) -> None:
    if isinstance(decision, Applied):
        for request in (decision.request, *decision.superseded):
            await show_decision(services, request)
        await services.publisher.refresh(decision.request.intervention_id)
    elif isinstance(decision, ApplyFailed):
        error = describe_api_error(
            decision.error,
            services.config.language,
            intervention_id=decision.request.intervention_id,
        )
        await show_decision(services, decision.request, error)
        await reply(
            notice(
                describe_api_error(
                    decision.error, person.lang, intervention_id=decision.request.intervention_id
                )
            )
        )
    elif isinstance(decision, Expired):
        await show_decision(services, decision.request)
        await reply(
            notice(
                t("approval.already_no_user", person.lang, state=t("state.expired", person.lang))
            )
        )
    else:
        await show_decision(services, decision)


async def _refuse(
    services: Services,
    error: NotAllowed | AlreadyDecided,
    person: Person,
    reply: Reply,
    *,
    cancel: bool = False,
) -> None:
    lang = person.lang
    if isinstance(error, AlreadyDecided):
        state = t(f"state.{error.state.value}", lang)
        if error.by:
            text = t(
                "approval.already",
                lang,
                state=state,
                user=mention(error.by),
                when=slack_when(error.at) if error.at else "",
            )
        else:
            text = t("approval.already_no_user", lang, state=state)
    elif cancel:
        text = t(
            "approval.cancel_refused",
            lang,
            requester=mention(error.who_may[0]) if error.who_may else "?",
        )
    elif error.who_may:
        text = t("approval.refused", lang, managers=", ".join(mention(u) for u in error.who_may))
    else:
        text = t("approval.refused_none", lang)
    await reply(notice(text))


async def _clicked(
    services: Services, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond
) -> tuple[int, Person, Reply]:
    """The request a button is about, who clicked, and how to answer them privately."""
    ref = RequestRef.model_validate_json(action["value"])
    person = await services.people.lookup(body["user"]["id"], wait=BEFORE_MODAL_SECONDS)

    async def reply(message: dict[str, Any]) -> None:
        await respond(response_type="ephemeral", replace_original=False, **message)

    return ref.request_id, person, reply


def register(app: AsyncApp, services: Services) -> None:
    _register_decisions(app, services)
    _register_modals(app, services)


Decide = Callable[..., Awaitable[Decision | ReassignmentRequest]]
Listener = Callable[..., Awaitable[None]]


def _on_decision_clicked(services: Services, decide: Decide, *, cancel: bool = False) -> Listener:
    """A listener for Approve, Retry or Cancel: ack, decide in the domain, show the outcome."""

    async def listener(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond
    ) -> None:
        await ack()
        request_id, person, reply = await _clicked(services, body, action, respond)
        try:
            decision = await decide(request_id, by=person.user_id, now=services.now())
        except (NotAllowed, AlreadyDecided) as error:
            await _refuse(services, error, person, reply, cancel=cancel)
            return
        await _after_decision(services, decision, person, reply)

    return listener


def _register_decisions(app: AsyncApp, services: Services) -> None:
    domain = services.core.reassignments
    app.action(ActionId.APPROVE)(_on_decision_clicked(services, domain.approve_reassignment))
    app.action(ActionId.RETRY_REQUEST)(_on_decision_clicked(services, domain.retry_reassignment))
    app.action(ActionId.CANCEL_REQUEST)(
        _on_decision_clicked(services, domain.cancel_reassignment, cancel=True)
    )

    @app.action(ActionId.REJECT)
    async def on_reject_clicked(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond
    ) -> None:
        await ack()
        request_id, person, reply = await _clicked(services, body, action, respond)
        request = await services.store.get_request(request_id)
        deciders = await domain.deciders(request) if request else ()
        if request is None or person.user_id not in deciders:
            await _refuse(services, NotAllowed(deciders), person, reply)
            return
        context = ModalContext(request_id=request_id, channel_id=request.channel or "")
        await services.client.views_open(
            trigger_id=body["trigger_id"], view=reject_modal(person.lang, context)
        )


def _register_modals(app: AsyncApp, services: Services) -> None:
    domain = services.core.reassignments

    @app.view(CallbackId.REJECT)
    async def on_reject_modal_submitted(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]
    ) -> None:
        person, context = await read_submission(services, body, view)
        reason = text_value(view, Field.REASON)
        if not reason:
            await ack(
                response_action="errors",
                errors={Field.REASON: t("modal.error.required", person.lang)},
            )
            return
        await ack()
        reply = private_reply(services, context.channel_id, person.user_id)
        try:
            decision = await domain.reject_reassignment(
                context.request_id or 0, by=person.user_id, reason=reason, now=services.now()
            )
        except (NotAllowed, AlreadyDecided) as error:
            await _refuse(services, error, person, reply)
            return
        await _after_decision(services, decision, person, reply)

    @app.view(CallbackId.REASSIGN)
    async def on_reassign_modal_submitted(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]
    ) -> None:
        person, context = await read_submission(services, body, view)
        errors: dict[str, str] = {}
        assignee = read_assignee(services, view, person, errors)
        if errors or assignee is None:
            errors.setdefault(Field.ASSIGNEE, t("modal.error.required", person.lang))
            await ack(response_action="errors", errors=errors)
            return
        await ack()
        emails = checked_values(view, Field.EMAILS)
        await start_reassignment(
            services,
            intervention_id=context.intervention_id or 0,
            assignee=assignee,
            reason=text_value(view, Field.REASON),
            requester=person,
            channel_id=context.channel_id,
            respond=None,
            email_previous="previous" in emails,
            email_current="current" in emails,
        )
