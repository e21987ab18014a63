"""Carry out a confirmed preview (button or modal): create, or reschedule, then tell everyone.

`reply` sends the private answer: it replaces the preview after a click, or is an ephemeral
message after a modal. A fault that changed nothing shows the preview again so the user can
Confirm once more; a create whose outcome is unknown never does.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from bot.api.errors import ApiError, OutcomeUnknown
from bot.domain.claims import AlreadyHandled, ClaimOutcome, ClaimState
from bot.domain.errors import CannotSave
from bot.i18n.catalog import format_window, t
from bot.model import CreationStatus, Language, TimeWindow
from bot.slack.announcing import SlackAnnouncer
from bot.slack.context import SendPrivately, SlackDeps
from bot.slack.metadata import Preview, PreviewKind
from bot.slack.people import Person
from bot.slack.publishing import not_posted_note
from bot.slack.ui.blocks import (
    mrkdwn,
    notice,
    preview_message,
    shared_window,
)
from bot.slack.ui.replies import describe_api_error


def window_as_text(window: TimeWindow | None, zone: ZoneInfo) -> str | None:
    """A window as a phrase the parser reads back: `2026-03-12T08:00 to 2026-03-12T17:00`."""
    if window is None:
        return None
    fmt = "%Y-%m-%dT%H:%M"
    start, end = window.start.astimezone(zone), window.end.astimezone(zone)
    return f"{start.strftime(fmt)} to {end.strftime(fmt)}"


def describe_claim(outcome: ClaimOutcome, lang: Language) -> str:
    """What became of a preview already acted on, from the outcome its claim recorded."""
    if outcome.state is ClaimState.CREATED:
        return t("preview.already_created", lang, id=outcome.intervention_id)
    if outcome.state is ClaimState.IN_PROGRESS:
        return t("preview.already_in_progress", lang)
    return t(f"preview.already_{outcome.state.value}", lang)


async def confirm_preview(
    deps: SlackDeps,
    preview: Preview,
    person: Person,
    reply: SendPrivately,
    reply_target: dict[str, Any],
) -> None:
    """Send what the preview proposed, unless its start has passed since (only `done` may).

    `reply_target` says the same as `reply` as data (see `bot.slack.announcing`), so that the
    outbox, in any process, can give the user a create's outcome.
    """
    if preview.start <= deps.now() and preview.status != CreationStatus.DONE:
        await reply(notice(t("preview.stale", person.lang)))
        return
    if preview.kind == PreviewKind.CREATE:
        await _create(deps, preview, person, reply, reply_target)
    else:
        await _reschedule(deps, preview, person, reply)


async def _create(
    deps: SlackDeps,
    preview: Preview,
    person: Person,
    reply: SendPrivately,
    reply_target: dict[str, Any],
) -> None:
    """Create through an action record; the outbox posts the confirmation and the outcome."""
    lang = person.lang
    context = {
        "key": preview.key,
        "lang": lang.value,
        "reply": reply_target,
        "fallback_channel": preview.channel_id,
        "requested_by": person.user_id,
    }
    try:
        result = await deps.scheduler.create_intervention(
            key=preview.key,
            routine_id=preview.target_id,
            window=preview.window,
            status=preview.status,
            assignee=preview.assignee,
            requested_by=person.user_id,
            now=deps.now(),
            announcer=SlackAnnouncer(),
            context=context,
        )
    except CannotSave as down:
        if down.intervention_id is None:
            text = t("outcome.cannot_save", lang)
        else:
            text = t("outcome.created_cannot_save", lang, id=down.intervention_id)
        await reply(notice(text))
        return
    except ApiError as error:
        text = describe_api_error(error, lang, routine_id=preview.target_id, creating=True)
        await _report_failure(
            deps, preview, person, reply, text, retry=not isinstance(error, OutcomeUnknown)
        )
        return
    if isinstance(result, AlreadyHandled):
        await reply(notice(describe_claim(result.outcome, lang)))
        return
    deps.outbox_ready.set()


async def _reschedule(
    deps: SlackDeps, preview: Preview, person: Person, reply: SendPrivately
) -> None:
    lang = person.lang
    try:
        result = await deps.scheduler.reschedule_intervention(
            preview.target_id, preview.window, key=preview.key, now=deps.now()
        )
    except ApiError as error:
        text = describe_api_error(error, lang, intervention_id=preview.target_id)
        await _report_failure(deps, preview, person, reply, text, retry=True)
        return
    if isinstance(result, AlreadyHandled):
        await reply(notice(describe_claim(result.outcome, lang)))
        return
    shared = t(
        "thread.rescheduled",
        deps.config.language,
        user=f"<@{person.user_id}>",
        window=shared_window(preview.window),
    )
    published = await deps.publisher.publish_change(
        result, shared, fallback_channel=preview.channel_id, by=person.user_id
    )
    local = format_window(preview.window, person.zone, lang, locale=person.locale, now=deps.now())
    note = not_posted_note(published, lang)
    await reply(notice(t("outcome.rescheduled", lang, id=result.id, window=local) + note))


async def _report_failure(
    deps: SlackDeps,
    preview: Preview,
    person: Person,
    reply: SendPrivately,
    text: str,
    *,
    retry: bool,
) -> None:
    """Say what went wrong; when nothing changed, offer the same preview again."""
    if not retry:
        await reply(notice(text))
        return
    again = preview_message(preview, person, deps.config, now=deps.now())
    await reply({"text": text, "blocks": [mrkdwn(text), *again["blocks"]]})
