"""Reassignments in threads: starting one, and showing each decision.

The domain decides (`bot.domain.reassignments`); this module only shows. What an approval (or a
manager's assignment, or Retry) changed is shown by the outbox (`bot.slack.announcing`, delivered
by `bot.slack.approval_effects`), written with the change; the approval message itself is an
outbox effect too. A refusal is private and leaves the approval message as it was; a rejection,
a withdrawal or an expiry rewrites it here without its buttons. The buttons' listeners are in
`bot.slack.listeners.approvals`.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.context.respond.async_respond import AsyncRespond

from bot.domain.errors import AlreadyDecided, NotAllowed
from bot.domain.reassignments import (
    Applied,
    ApplyFailed,
    Decision,
    Expired,
    HandedOver,
    Overtaken,
    ReassignmentAsk,
)
from bot.i18n.catalog import t
from bot.model import ReassignmentRequest
from bot.slack.announcing import SlackAnnouncer
from bot.slack.context import SendPrivately, SlackDeps, private_reply
from bot.slack.people import Person
from bot.slack.publishing import Posted
from bot.slack.ui.approval_blocks import decided_request, decision_line, mention
from bot.slack.ui.approval_blocks import when as slack_when
from bot.slack.ui.blocks import assignee_label, notice


def decision_context(
    deps: SlackDeps,
    person: Person,
    *,
    reply_target: dict[str, Any],
    fallback_channel: str,
    direct: bool = False,
) -> dict[str, Any]:
    """What another process needs to show a reassignment's outcome (kept in its record): whom
    to answer and how (`bot.slack.announcing`), in which languages, where to post when the
    intervention has no message, and whether a manager assigned it directly."""
    return {
        "reply": reply_target,
        "lang": person.lang.value,
        "team_lang": deps.config.language.value,
        "fallback_channel": fallback_channel,
        "direct": direct,
    }


def clicked_context(deps: SlackDeps, person: Person, body: dict[str, Any]) -> dict[str, Any]:
    """`decision_context` of a click: answered through its response URL with a new ephemeral
    message, or (from the Home tab, which has none) by a direct message."""
    url = body.get("response_url")
    target = (
        {"response_url": url, "ephemeral": True} if url else {"channel": "", "user": person.user_id}
    )
    channel = str((body.get("channel") or {}).get("id") or "")
    return decision_context(deps, person, reply_target=target, fallback_channel=channel)


async def start_reassignment(
    deps: SlackDeps,
    ask: ReassignmentAsk,
    *,
    requester: Person,
    channel_id: str,
    respond: AsyncRespond | None,
    reply_target: dict[str, Any] | None = None,
) -> None:
    """A manager's reassignment is applied at once; anyone else's waits in the thread.

    `channel_id` is where the requester is: the request goes there when the intervention's own
    message is unknown, and so does the private answer when there is no `reply_target` (the
    response URL to answer through, as data). What the API accepted is shown by the outbox.
    """
    target = reply_target or {"channel": channel_id, "user": requester.user_id}
    context = decision_context(
        deps, requester, reply_target=target, fallback_channel=channel_id, direct=True
    )
    result = await deps.reassignments.reassign_intervention(
        ask, now=deps.now(), announcer=SlackAnnouncer(), context=context
    )
    if isinstance(result, Overtaken):
        lang = requester.lang
        winner = mention(result.by) if result.by else t("decision.someone", lang)
        now_with = (
            assignee_label(result.assignee, deps.config, lang)
            if result.assignee is not None
            else t("decision.someone", lang)
        )
        text = t("outcome.overtaken", lang, user=winner, assignee=now_with)
        await _reply(deps, channel_id, requester, respond)(notice(text))
        return
    deps.outbox_ready.set()


def _reply(
    deps: SlackDeps, channel: str, person: Person, respond: AsyncRespond | None
) -> SendPrivately:
    if respond is None:
        return private_reply(deps, channel, person.user_id)

    async def reply(message: dict[str, Any]) -> None:
        await respond(response_type="ephemeral", **message)

    return reply


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
    """Show a decision: an approval's outcome is already in the outbox (wake the deliverer);
    an expiry, a rejection or a withdrawal is shown here."""
    if isinstance(decision, Applied | ApplyFailed | HandedOver):
        deps.outbox_ready.set()
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
