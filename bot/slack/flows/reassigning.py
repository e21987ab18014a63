"""Reassignments in threads: starting one, the approval message, and showing each decision.

The domain decides (`bot.domain.reassignments`); this module only shows. A refusal is private and
leaves the approval message as it was; a decision rewrites it without its buttons. The buttons'
listeners are in `bot.slack.listeners.approvals`.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.context.respond.async_respond import AsyncRespond

from bot.api.errors import OutcomeUnknown
from bot.domain.errors import AlreadyDecided, NotAllowed
from bot.domain.reassignments import (
    Applied,
    ApplyFailed,
    Decision,
    Expired,
    Overtaken,
    ReassignmentAsk,
)
from bot.domain.teams import channel_for_routine
from bot.i18n.catalog import t
from bot.model import Language, ReassignmentRequest
from bot.slack.context import SendPrivately, SlackDeps, private_reply
from bot.slack.people import Person
from bot.slack.publishing import Posted, not_posted_note
from bot.slack.ui.approval_blocks import approval_request, decided_request, decision_line, mention
from bot.slack.ui.approval_blocks import when as slack_when
from bot.slack.ui.blocks import assignee_label, notice
from bot.slack.ui.mrkdwn import escape
from bot.slack.ui.replies import describe_api_error


async def start_reassignment(
    deps: SlackDeps,
    ask: ReassignmentAsk,
    *,
    requester: Person,
    channel_id: str,
    respond: AsyncRespond | None,
) -> None:
    """A manager's reassignment is applied at once; anyone else's waits in the thread.

    `channel_id` is where the requester is: the request goes there when the intervention's own
    message is unknown, and so does the private answer when there is no `respond`.
    """
    reply = _reply(deps, channel_id, requester, respond)
    result = await deps.reassignments.reassign_intervention(ask, now=deps.now())
    intervention_id, assignee = ask.intervention_id, ask.proposed
    lang = requester.lang
    label = assignee_label(assignee, deps.config, lang)
    if isinstance(result, Overtaken):
        winner = mention(result.by) if result.by else t("decision.someone", lang)
        now_with = (
            assignee_label(result.assignee, deps.config, lang)
            if result.assignee is not None
            else t("decision.someone", lang)
        )
        text = t("outcome.overtaken", lang, user=winner, assignee=now_with)
        await reply(notice(text))
    elif isinstance(result, ReassignmentRequest):
        await post_request(deps, result, fallback_channel=channel_id)
        await reply(notice(t("outcome.request_sent", lang, id=intervention_id, assignee=label)))
    elif isinstance(result, Applied):
        shared = t(
            "thread.assigned",
            deps.config.language,
            user=mention(requester.user_id),
            assignee=assignee_label(assignee, deps.config, deps.config.language),
        )
        if ask.reason:  # the manager's why stays with the change, for everyone in the thread
            reason = escape(ask.reason, limit=1500)
            shared += "\n" + t("approval.reason", deps.config.language, reason=reason)
        published = await deps.publisher.publish_change(
            result.intervention, shared, fallback_channel=channel_id, by=requester.user_id
        )
        for superseded in result.superseded:
            await show_decision(deps, superseded)
        note = not_posted_note(published, lang)
        await reply(notice(t("outcome.assigned", lang, id=intervention_id, assignee=label) + note))
    else:
        await post_request(deps, result.request, fallback_channel=channel_id)
        await reply(notice(failure_text(result, lang)))


def failure_text(failed: ApplyFailed, lang: Language) -> str:
    """Why the PATCH failed; when it emails someone and may have reached the API, that an
    email may already have gone (it is not sent again: DESIGN "Durability")."""
    request = failed.request
    text = describe_api_error(failed.error, lang, intervention_id=request.intervention_id)
    notifies = request.email_previous_assignee or request.email_current_assignee
    if isinstance(failed.error, OutcomeUnknown) and notifies:
        text += " " + t("error.api.email_may_have_gone", lang)
    return text


def _reply(
    deps: SlackDeps, channel: str, person: Person, respond: AsyncRespond | None
) -> SendPrivately:
    if respond is None:
        return private_reply(deps, channel, person.user_id)

    async def reply(message: dict[str, Any]) -> None:
        await respond(response_type="ephemeral", **message)

    return reply


async def post_request(
    deps: SlackDeps, request: ReassignmentRequest, *, fallback_channel: str
) -> None:
    """The approval message: in the intervention's thread, or a new thread in its team channel."""
    known = await deps.store.get_intervention(request.intervention_id)
    deciders = await deps.reassignments.deciders(request)
    item = known.intervention if known else None
    message = (
        approval_request(request, deps.config, deciders, item)
        if request.state == "pending"
        else decided_request(request, deps.config, intervention=item)
    )
    if known is not None and known.channel and known.ts:
        posted = Posted(known.channel, known.ts)
        message_ts = await deps.publisher.reply_in_thread(posted, message)
        thread_ts: str | None = known.ts
    else:
        routine = known.intervention.routine_id if known else None
        channel = channel_for_routine(deps.config, routine, fallback_channel)
        response = await deps.client.chat_postMessage(
            channel=channel, **deps.publisher.marked(message)
        )
        posted = Posted(str(response["channel"]), str(response["ts"]))
        message_ts, thread_ts = posted.ts, None
    await deps.store.set_request_message(
        request.id, channel=posted.channel, thread_ts=thread_ts, message_ts=message_ts
    )


async def show_decision(
    deps: SlackDeps, request: ReassignmentRequest, error: str | None = None
) -> None:
    """Rewrite the approval message and tell the requester in the thread."""
    if not request.channel or not request.message_ts:
        return
    known = await deps.store.get_intervention(request.intervention_id)
    item = known.intervention if known else None
    message = decided_request(request, deps.config, error, item)
    await deps.client.chat_update(
        channel=request.channel, ts=request.message_ts, **deps.publisher.marked(message)
    )
    thread = Posted(request.channel, request.thread_ts or request.message_ts)
    line = decision_line(request, deps.config, error)
    await deps.publisher.reply_in_thread(
        thread,
        notice(
            t(
                "approval.told_requester",
                deps.config.language,
                requester=mention(request.requested_by),
                outcome=line,
            )
        ),
    )


async def after_decision(
    deps: SlackDeps, decision: Decision | ReassignmentRequest, person: Person, reply: SendPrivately
) -> None:
    if isinstance(decision, Applied):
        for request in (decision.request, *decision.superseded):
            await show_decision(deps, request)
        await deps.publisher.refresh(decision.request.intervention_id)
    elif isinstance(decision, ApplyFailed):
        error = failure_text(decision, deps.config.language)
        await show_decision(deps, decision.request, error)
        await reply(notice(failure_text(decision, person.lang)))
    elif isinstance(decision, Expired):
        await show_decision(deps, decision.request)
        await reply(
            notice(
                t("approval.already_no_user", person.lang, state=t("state.expired", person.lang))
            )
        )
    else:
        await show_decision(deps, decision)


async def refuse(
    deps: SlackDeps,
    error: NotAllowed | AlreadyDecided,
    person: Person,
    reply: SendPrivately,
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
