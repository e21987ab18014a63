"""Delivering the outbox effects of reassignments (`bot.slack.announcing`), for the deliverer.

Each is rendered from the store when it is sent, so a late or retried one shows the request and
the intervention as they are now. The approval message goes in the intervention's thread: when
the confirmation's `ts` is not stored yet while its create or assignment is still under way,
the effect waits (`Retry`, the outbox's backoff) instead of posting top-level; the lane
(`announcing.lane`) already holds it behind a confirmation still being posted.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.domain.teams import channel_for_routine
from bot.i18n.catalog import t
from bot.model import Assignee, Language, ReassignmentRequest, RequestState
from bot.slack.announcing import (
    DECISION_OUTCOME,
    POST_REQUEST,
    REFRESH_PARENT,
    SHOW_DECISION,
    TELL_REQUESTER,
    THREAD_NOTE,
)
from bot.slack.context import SlackDeps
from bot.slack.effect_errors import Final, Retry
from bot.slack.ids import ActionId
from bot.slack.metadata import RequestRef
from bot.slack.publishing import Posted, PostFailed
from bot.slack.ui.approval_blocks import approval_request, decided_request, decision_line, mention
from bot.slack.ui.blocks import actions, assignee_label, button, notice
from bot.slack.ui.mrkdwn import escape
from bot.store.outbox import Effect

APPROVAL_EFFECTS = frozenset(
    {POST_REQUEST, SHOW_DECISION, TELL_REQUESTER, THREAD_NOTE, REFRESH_PARENT, DECISION_OUTCOME}
)
# Sends a private answer to a reply target (`Deliverer._reply`).
Reply = Callable[[dict[str, Any], dict[str, Any]], Awaitable[None]]


async def send_approval_effect(
    deps: SlackDeps, client: AsyncWebClient, effect: Effect, reply: Reply
) -> None:
    """Deliver one reassignment effect; Slack's errors propagate for the deliverer to sort."""
    payload = effect.payload
    if effect.kind == REFRESH_PARENT:
        await refresh_parent(deps, client, int(payload["intervention_id"]))
    elif effect.kind == THREAD_NOTE:
        await _thread_note(deps, client, payload)
    elif effect.kind == DECISION_OUTCOME:
        await reply(payload["reply"], await _outcome(deps, payload))
    else:
        request = await deps.store.get_request(int(payload["request_id"]))
        if request is None:
            raise Final(f"request {payload['request_id']} is not in the store")
        fallback = str(payload.get("fallback_channel") or "")
        if effect.kind == POST_REQUEST:
            await _post_request(deps, client, request, fallback)
        elif effect.kind == SHOW_DECISION:
            await _show_decision(deps, client, request, payload.get("error"), fallback)
        else:
            await _tell_requester(deps, client, request, payload.get("error"))


async def refresh_parent(deps: SlackDeps, client: AsyncWebClient, intervention_id: int) -> None:
    """Re-render the confirmation from the store's view of the intervention (one call, so a
    versioned rendering can take its place)."""
    known = await deps.store.get_intervention(intervention_id)
    if known is None or not known.channel or not known.ts:
        return
    message = deps.publisher.render(known.intervention, known, known.requested_by)
    await client.chat_update(channel=known.channel, ts=known.ts, **message)


async def _thread(deps: SlackDeps, intervention_id: int) -> Posted | None:
    """The intervention's confirmation; `Retry` while it is not stored yet but its create or
    assignment is still under way; None when there is none to wait for."""
    known = await deps.store.get_intervention(intervention_id)
    if known is not None and known.channel and known.ts:
        return Posted(known.channel, known.ts)
    if await deps.store.actions.unfinished_for(intervention_id):
        raise Retry("waiting for the confirmation's ts")
    return None


async def _post(
    deps: SlackDeps, client: AsyncWebClient, thread: Posted, message: dict[str, Any]
) -> str:
    response = await client.chat_postMessage(
        channel=thread.channel, thread_ts=thread.ts, **deps.publisher.marked(message)
    )
    return str(response["ts"])


async def _post_request(
    deps: SlackDeps, client: AsyncWebClient, request: ReassignmentRequest, fallback: str
) -> None:
    """The approval message in the thread (or top-level in the team channel when the bot never
    posted the intervention), as the request is now; once."""
    if request.message_ts:
        return
    known = await deps.store.get_intervention(request.intervention_id)
    item = known.intervention if known else None
    message = (
        approval_request(request, deps.config, await deps.reassignments.deciders(request), item)
        if request.state is RequestState.PENDING
        else decided_request(request, deps.config, intervention=item)
    )
    thread = await _thread(deps, request.intervention_id)
    if thread is not None:
        message_ts = await _post(deps, client, thread, message)
        channel, thread_ts = thread.channel, thread.ts
    else:
        routine = item.routine_id if item else None
        target = channel_for_routine(deps.config, routine, fallback)
        if not target:
            raise Final("no channel for the approval message")
        response = await client.chat_postMessage(channel=target, **deps.publisher.marked(message))
        channel, message_ts, thread_ts = str(response["channel"]), str(response["ts"]), None
    await deps.store.set_request_message(
        request.id, channel=channel, thread_ts=thread_ts, message_ts=message_ts
    )


async def _show_decision(
    deps: SlackDeps,
    client: AsyncWebClient,
    request: ReassignmentRequest,
    error: str | None,
    fallback: str,
) -> None:
    """Rewrite the approval message without its buttons; a failed one that has no message yet
    (a manager's own assignment) is posted, so its Retry is in the thread."""
    if not request.channel or not request.message_ts:
        if request.state is RequestState.FAILED:
            await _post_request(deps, client, request, fallback)
        return
    known = await deps.store.get_intervention(request.intervention_id)
    item = known.intervention if known else None
    message = decided_request(request, deps.config, error, item)
    await client.chat_update(
        channel=request.channel, ts=request.message_ts, **deps.publisher.marked(message)
    )


async def _tell_requester(
    deps: SlackDeps, client: AsyncWebClient, request: ReassignmentRequest, error: str | None
) -> None:
    """A thread reply naming the requester with what became of the request."""
    if not request.channel or not request.message_ts:
        return
    line = decision_line(request, deps.config, error)
    text = t(
        "approval.told_requester",
        deps.config.language,
        requester=mention(request.requested_by),
        outcome=line,
    )
    thread = Posted(request.channel, request.thread_ts or request.message_ts)
    await _post(deps, client, thread, notice(text))


async def _thread_note(deps: SlackDeps, client: AsyncWebClient, payload: dict[str, Any]) -> None:
    """A manager's direct assignment in the thread, with the manager's reason; the confirmation
    is posted first when the bot never posted it."""
    intervention_id = int(payload["intervention_id"])
    lang = deps.config.language
    assignee = Assignee.model_validate(payload["assignee"])
    text = t(
        "thread.assigned",
        lang,
        user=mention(str(payload.get("by") or "")),
        assignee=assignee_label(assignee, deps.config, lang),
    )
    if payload.get("reason"):
        text += "\n" + t("approval.reason", lang, reason=escape(payload["reason"], limit=1500))
    thread = await _thread(deps, intervention_id)
    if thread is None:
        known = await deps.store.get_intervention(intervention_id)
        if known is None:
            raise Final(f"intervention {intervention_id} is not in the store")
        posted = await deps.publisher.post_confirmation(
            known.intervention,
            fallback_channel=str(payload.get("fallback_channel") or ""),
            requested_by=None,
        )
        if isinstance(posted, PostFailed):
            raise Final(posted.error)
        thread = posted
    await _post(deps, client, thread, notice(text))


async def _outcome(deps: SlackDeps, payload: dict[str, Any]) -> dict[str, Any]:
    """The private answer: request sent, assigned, or why it failed (with Retry)."""
    lang = Language(payload.get("lang", Language.EN))
    request_id = int(payload["request_id"])
    if payload["outcome"] == "failed":
        retry = button(
            t("button.retry", lang),
            ActionId.RETRY_REQUEST,
            RequestRef(request_id=request_id).dump(),
            "primary",
        )
        return notice(str(payload.get("text") or ""), actions(retry))
    request = await deps.store.get_request(request_id)
    if request is None:
        raise Final(f"request {request_id} is not in the store")
    requested = payload["outcome"] == "requested"
    if requested and request.state is RequestState.PENDING and not request.message_ts:
        # It says the request waits in the thread: once it does.
        raise Retry("waiting for the approval message")
    label = assignee_label(request.proposed, deps.config, lang)
    key = "outcome.request_sent" if requested else "outcome.assigned"
    return notice(t(key, lang, id=request.intervention_id, assignee=label))
