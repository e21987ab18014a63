"""Carry out a confirmed preview (button or modal): create, or reschedule, then tell everyone.

`reply` sends the private answer: it replaces the preview after a click, or is an ephemeral
message after a modal. A fault that changed nothing shows the preview again so the user can
Confirm once more; a create whose outcome is unknown never does.
"""

from __future__ import annotations

from typing import Any

from bot.api.errors import ApiError, OutcomeUnknown, UnknownIntervention
from bot.domain.changes import RESCHEDULE
from bot.domain.claims import AlreadyHandled, ClaimOutcome, ClaimState
from bot.domain.errors import CannotSave
from bot.i18n.catalog import format_phrase, format_window, t
from bot.model import CreationStatus, InterventionChanges, Language, TimeWindow
from bot.slack.announcing import SlackAnnouncer, change_context
from bot.slack.context import SendPrivately, SlackDeps
from bot.slack.metadata import Preview, PreviewKind
from bot.slack.people import Person
from bot.slack.ui.blocks import (
    create_anyway_message,
    mrkdwn,
    notice,
    preview_message,
)
from bot.slack.ui.replies import describe_api_error


def window_as_text(window: TimeWindow | None, person: Person) -> str | None:
    """A window as a phrase the parser reads back, in the user's language and zone:
    `Thu 12 Mar 2026 08:00 to 17:00`, `jeudi 12 mars 2026 de 8h à 17h`."""
    if window is None:
        return None
    return format_phrase(window, person.zone, person.lang)


def describe_claim(outcome: ClaimOutcome, lang: Language) -> str:
    """What became of a preview already acted on, from the outcome its claim recorded."""
    if outcome.state is ClaimState.CREATED:
        return t("preview.already_created", lang, id=outcome.intervention_id)
    if outcome.state is ClaimState.IN_PROGRESS:
        return t("preview.already_in_progress", lang)
    return t(f"preview.already_{outcome.state.value}", lang)


async def show_preview(
    deps: SlackDeps, preview: Preview, person: Person, reply: SendPrivately
) -> None:
    """The private preview, typed or submitted from a form: nothing is sent before Confirm.

    A reschedule of an intervention the store has no record of says so in the preview."""
    unrecorded = False
    if preview.kind == PreviewKind.RESCHEDULE:
        unrecorded = await deps.store.get_intervention(preview.target_id) is None
    message = preview_message(preview, person, deps.config, now=deps.now(), unrecorded=unrecorded)
    await reply(message)


async def confirm_preview(
    deps: SlackDeps,
    preview: Preview,
    person: Person,
    reply: SendPrivately,
    reply_target: dict[str, Any],
) -> None:
    """Send what the preview proposed, unless its start has passed since (only `done` may).

    `reply_target` says the same as `reply` as data (see `bot.slack.announcing`), so that the
    outbox, in any process, can give the user a create's or a reschedule's outcome.
    """
    if preview.start <= deps.now() and preview.status != CreationStatus.DONE:
        await reply(notice(t("preview.stale", person.lang)))
        return
    if preview.kind == PreviewKind.CREATE:
        await _create(deps, preview, person, reply, reply_target)
    else:
        await _reschedule(deps, preview, person, reply, reply_target)


async def _create(
    deps: SlackDeps,
    preview: Preview,
    person: Person,
    reply: SendPrivately,
    reply_target: dict[str, Any],
) -> None:
    """Create through an action record; the outbox posts the confirmation and the outcome."""
    lang = person.lang
    window = format_window(preview.window, person.zone, lang, locale=person.locale, now=deps.now())
    context = {
        "key": preview.key,
        "lang": lang.value,
        "reply": reply_target,
        "fallback_channel": preview.channel_id,
        "requested_by": person.user_id,
        # What an unknown outcome found later (by any process) says, and its Create anyway.
        "window_text": window,
        "preview": preview.dump(),
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
        window = format_window(
            preview.window, person.zone, lang, locale=person.locale, now=deps.now()
        )
        text = describe_api_error(
            error, lang, routine_id=preview.target_id, creating=True, window=window
        )
        if isinstance(error, OutcomeUnknown):
            await reply(create_anyway_message(text, preview, lang))
        else:
            await _report_failure(deps, preview, person, reply, text, retry=True)
        return
    if isinstance(result, AlreadyHandled):
        text = describe_claim(result.outcome, lang)
        if result.outcome.state is ClaimState.UNKNOWN:
            await reply(create_anyway_message(text, preview, lang))
        else:
            await reply(notice(text))
        return
    deps.outbox_ready.set()


async def _reschedule(
    deps: SlackDeps,
    preview: Preview,
    person: Person,
    reply: SendPrivately,
    reply_target: dict[str, Any],
) -> None:
    """PATCH both times through an action record; the outbox replies in the thread, updates
    the parent and gives the user the outcome."""
    lang = person.lang
    local = format_window(preview.window, person.zone, lang, locale=person.locale, now=deps.now())
    context = change_context(
        key=preview.key,
        intervention_id=preview.target_id,
        lang=lang,
        shared_lang=deps.config.language,
        user=person.user_id,
        reply=reply_target,
        fallback_channel=preview.channel_id,
        outcome=t("outcome.rescheduled", lang, id=preview.target_id, window=local),
    )
    try:
        result = await deps.scheduler.change_intervention(
            kind=RESCHEDULE,
            key=preview.key,
            intervention_id=preview.target_id,
            changes=InterventionChanges(window=preview.window),
            by=person.user_id,
            now=deps.now(),
            announcer=SlackAnnouncer(),
            context=context,
        )
    except CannotSave as down:
        await reply(notice(cannot_save_text(down, lang)))
        return
    except ApiError as error:
        text = describe_api_error(error, lang, intervention_id=preview.target_id)
        # An id the API does not know will not become known by confirming again.
        retry = not isinstance(error, UnknownIntervention)
        await _report_failure(deps, preview, person, reply, text, retry=retry)
        return
    if isinstance(result, AlreadyHandled):
        await reply(notice(describe_claim(result.outcome, lang)))
        return
    deps.outbox_ready.set()


def cannot_save_text(down: CannotSave, lang: Language) -> str:
    """The store failed before the change was sent (nothing was), or after the API took it."""
    if down.intervention_id is None:
        return t("outcome.cannot_save", lang)
    return t("outcome.changed_cannot_save", lang, id=down.intervention_id)


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
