"""Block Kit for reassignment requests: the pending request and what it became.

Pure functions. Messages everyone sees use the configured language and Slack date tokens, so each
reader sees times in their own zone.
"""

from __future__ import annotations

from datetime import datetime

from bot.config import BotConfig
from bot.domain.reassignments import SUPERSEDED
from bot.i18n.catalog import t
from bot.model import Intervention, ReassignmentRequest, RequestState
from bot.slack.ids import ActionId
from bot.slack.metadata import RequestRef
from bot.slack.ui.blocks import (
    Message,
    actions,
    assignee_label,
    button,
    context,
    mrkdwn,
    shared_window,
    slack_date,
)
from bot.slack.ui.mrkdwn import escape


def mention(user_id: str) -> str:
    return f"<@{escape(user_id)}>"


def when(instant: datetime) -> str:
    return slack_date(instant, instant.strftime("%Y-%m-%d %H:%M UTC"))


def _summary(
    request: ReassignmentRequest, config: BotConfig, intervention: Intervention | None
) -> str:
    """Who asks what and why, with the routine and the window: enough to decide from the
    notification alone."""
    lang = config.language
    text = t(
        "approval.request",
        lang,
        requester=mention(request.requested_by),
        id=request.intervention_id,
        current=assignee_label(request.current, config, lang),
        proposed=assignee_label(request.proposed, config, lang),
    )
    reason = (
        t("approval.reason", lang, reason=escape(request.reason, limit=1500))
        if request.reason
        else (t("approval.no_reason", lang))
    )
    lines = [text]
    if intervention is not None:
        routine = intervention.routine_id
        window = intervention.window
        lines.append(
            t(
                "approval.what",
                lang,
                routine=escape(config.routine_label(routine)) if routine is not None else "?",
                window=shared_window(window) if window else "?",
            )
        )
    return "\n".join([*lines, reason])


def approval_request(
    request: ReassignmentRequest,
    config: BotConfig,
    deciders: tuple[str, ...],
    intervention: Intervention | None = None,
) -> Message:
    """The pending request: who asks, from whom to whom, which routine and window, why, who may
    decide; Approve, Reject, and Withdraw for the requester."""
    lang = config.language
    summary = _summary(request, config, intervention)
    if deciders:
        who = t("approval.deciders", lang, managers=", ".join(mention(u) for u in deciders))
    else:
        who = t("approval.deciders_none", lang)
    value = RequestRef(request_id=request.id).dump()
    return {
        "text": summary,
        "blocks": [
            mrkdwn(summary),
            context(f"{who}\n{t('approval.expires', lang, when=when(request.expires_at))}"),
            actions(
                button(t("button.approve", lang), ActionId.APPROVE, value, "primary"),
                button(t("button.reject", lang), ActionId.REJECT, value, "danger"),
                button(t("button.withdraw", lang), ActionId.CANCEL_REQUEST, value),
            ),
        ],
    }


def decision_line(request: ReassignmentRequest, config: BotConfig, error: str | None = None) -> str:
    """What became of a request, naming who decided and when."""
    lang = config.language
    by = mention(request.decided_by) if request.decided_by else "?"
    at = when(request.decided_at) if request.decided_at else ""
    proposed = assignee_label(request.proposed, config, lang)
    if request.state == RequestState.APPLIED:
        return t("approval.applied", lang, user=by, when=at, proposed=proposed)
    if request.state == RequestState.FAILED:
        return t("approval.failed", lang, user=by, when=at, error=error or request.failure or "")
    if request.state == RequestState.REJECTED:
        reason = escape(request.decision_reason or "", limit=1500) or t("approval.no_reason", lang)
        return t("approval.rejected", lang, user=by, when=at, reason=reason)
    if request.state == RequestState.CANCELLED and request.decision_reason == SUPERSEDED:
        return t("approval.superseded", lang, user=by, when=at)
    if request.state == RequestState.CANCELLED:
        return t("approval.cancelled", lang, user=by, when=at)
    if request.state == RequestState.EXPIRED:
        return t("approval.expired", lang, when=when(request.decided_at or request.expires_at))
    return t("approval.approved", lang, user=by, when=at)


def decided_request(
    request: ReassignmentRequest,
    config: BotConfig,
    error: str | None = None,
    intervention: Intervention | None = None,
) -> Message:
    """The request after a decision: no more Approve/Reject; Retry only after a failed PATCH."""
    summary = _summary(request, config, intervention)
    line = decision_line(request, config, error)
    blocks = [mrkdwn(summary), mrkdwn(line)]
    if request.state == RequestState.FAILED:
        value = RequestRef(request_id=request.id).dump()
        blocks.append(
            actions(
                button(t("button.retry", config.language), ActionId.RETRY_REQUEST, value, "primary")
            )
        )
    return {"text": f"{summary}\n{line}", "blocks": blocks}
