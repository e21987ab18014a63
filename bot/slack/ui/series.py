"""Block Kit of recurring plans: the private preview, the team's series message, the requester's
progress message (with "Retry the N failed"). Pure functions of values and a language.

Occurrences are listed one a line, in sections of at most `_SECTION_CHARS` characters, so that a
52-occurrence plan stays within Slack's 3,000 characters a section and 50 blocks a message.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.config import BotConfig
from bot.domain.series import SeriesPlan
from bot.domain.series_view import Assignment, Occurrence, SeriesView, Stage
from bot.i18n.catalog import format_status, format_window, format_zone, t
from bot.model import Language, TimeWindow
from bot.slack.ids import ActionId
from bot.slack.metadata import SeriesRef, SeriesRetry
from bot.slack.people import Person
from bot.slack.ui.blocks import (
    Block,
    Message,
    actions,
    assignee_label,
    button,
    context,
    fields,
    mrkdwn,
    shared_window,
)
from bot.slack.ui.mrkdwn import clip, escape

_SECTION_CHARS = 2900
_DETAIL_CHARS = 100  # the API's words, per occurrence line


def _sections(lines: list[str]) -> list[Block]:
    """Lines in as few sections as Slack's 3,000 characters a section allow."""
    sections: list[list[str]] = [[]]
    size = 0
    for line in lines:
        if sections[-1] and size + len(line) + 1 > _SECTION_CHARS:
            sections.append([])
            size = 0
        sections[-1].append(line)
        size += len(line) + 1
    return [mrkdwn("\n".join(section)) for section in sections if section]


def series_preview_message(
    plan: SeriesPlan, person: Person, config: BotConfig, *, now: datetime, channel_id: str
) -> Message:
    """Every occurrence in the user's zone and language (clock changes marked), then
    Confirm / Edit / Cancel; nothing is sent before Confirm."""
    lang, zone = person.lang, person.zone
    count = len(plan.occurrences)
    title = t("series.preview.title", lang, count=count)
    read_as = t("preview.read_as", lang, text=escape(clip(plan.when_text)))
    lines = []
    for index, window in enumerate(plan.occurrences):
        line = f"{index + 1}. {format_window(window, zone, lang, locale=person.locale, now=now)}"
        if index in plan.dst_shifts:
            shift = t("series.preview.dst", lang, zone=format_zone(window.start, zone))
            line += f"  :clock3: _{shift}_"
        lines.append(line)
    pairs = [
        (t("field.routine", lang), escape(config.routine_label(plan.routine_id))),
        (t("field.zone", lang), zone.key),
        (t("field.status", lang), format_status(plan.status, lang)),
        (t("field.assignee", lang), assignee_label(plan.assignee, config, lang)),
    ]
    notes = [t("series.preview.dst_note", lang)] if plan.dst_shifts else []
    if person.zone_is_default:
        notes.append(t("preview.zone_default", lang))
    ref = SeriesRef(
        key=plan.key,
        routine_id=plan.routine_id,
        when_text=plan.when_text,
        status=plan.status,
        assignee=plan.assignee,
        channel_id=channel_id,
    ).dump()
    return {
        "text": f"{title} {read_as}",
        "blocks": [
            mrkdwn(f"{title}\n{read_as}"),
            fields(pairs),
            *_sections(lines),
            *(context(note) for note in notes),
            context(t("series.preview.nothing_sent", lang)),
            actions(
                button(t("button.confirm", lang), ActionId.SERIES_CONFIRM, ref, "primary"),
                button(t("button.edit", lang), ActionId.SERIES_EDIT, ref),
                button(t("button.cancel", lang), ActionId.CANCEL, plan.key, "danger"),
            ),
        ],
    }


def _reason(failure: dict[str, Any] | None, lang: Language) -> str:
    failure = failure or {}
    reason = str(failure.get("reason") or "unknown")
    detail = failure.get("detail")
    if reason == "rejected" and detail:
        return t(
            "series.reason.rejected_detail", lang, detail=escape(clip(str(detail), _DETAIL_CHARS))
        )
    return t(f"series.reason.{reason}", lang)


def occurrence_state(
    occurrence: Occurrence, view: SeriesView, config: BotConfig, lang: Language
) -> str:
    """What became of one occurrence, in a few words."""
    if occurrence.stage is Stage.WAITING:
        return t("series.line.waiting", lang)
    if occurrence.stage is Stage.FAILED:
        return t("series.line.failed", lang, reason=_reason(occurrence.failure, lang))
    if occurrence.stage is Stage.UNKNOWN:
        return t("series.line.unknown", lang, reason=_reason(occurrence.failure, lang))
    ident = occurrence.intervention_id
    who = assignee_label(view.assignee, config, lang)
    if occurrence.assignment is Assignment.WAITING:
        return t("series.line.assigning", lang, id=ident, assignee=who)
    if occurrence.assignment is Assignment.ASSIGNED:
        return t("series.line.assigned", lang, id=ident, assignee=who)
    if occurrence.assignment is Assignment.FAILED:
        reason = _reason(occurrence.failure, lang)
        return t("series.line.not_assigned", lang, id=ident, assignee=who, reason=reason)
    return t("series.line.created", lang, id=ident)


def series_message(view: SeriesView, config: BotConfig) -> Message:
    """The team channel's one message of a series: every occurrence with its `#id` (or what
    became of it), in the team's language; Slack shows each date in the reader's zone."""
    lang = config.language
    count = len(view.occurrences)
    routine = escape(config.routine_label(view.routine_id))
    title = t("series.message.title", lang, count=count, routine=routine)
    by = t(
        "series.message.by", lang, user=escape(view.requested_by), created=view.created, count=count
    )
    lines = [
        f"{o.index + 1}. {shared_window(o.window)} · {occurrence_state(o, view, config, lang)}"
        for o in view.occurrences
    ]
    ids = " ".join(f"#{o.intervention_id}" for o in view.occurrences if o.intervention_id)
    return {
        "text": f"{title} {ids}".strip(),
        "blocks": [mrkdwn(title), *_sections(lines), context(by)],
    }


def series_progress_message(view: SeriesView, config: BotConfig, *, now: datetime) -> Message:
    """The requester's private progress: `12/26 created`, each occurrence in their zone, and
    "Retry the N failed" when some have no intervention (or no assignment) yet."""
    lang = Language(view.context.get("lang", Language.EN))
    zone = ZoneInfo(str(view.context.get("zone", "UTC")))
    locale = view.context.get("locale")
    count = len(view.occurrences)
    routine = escape(config.routine_label(view.routine_id))
    title = t("series.progress.title", lang, created=view.created, count=count, routine=routine)

    def local(window: TimeWindow) -> str:
        return format_window(window, zone, lang, locale=locale, now=now)

    lines = [
        f"{o.index + 1}. {local(o.window)} · {occurrence_state(o, view, config, lang)}"
        for o in view.occurrences
    ]
    notes = []
    if view.channel:
        notes.append(t("series.progress.posted", lang, channel=view.channel))
    retryable = view.retryable
    if view.finished and not retryable:
        notes.append(t("series.progress.done", lang, count=count))
    blocks = [mrkdwn(title), *_sections(lines), *(context(note) for note in notes)]
    if view.finished and retryable:
        failed = len(retryable)
        blocks.append(context(t("series.progress.some_failed", lang, failed=failed, count=count)))
        blocks.append(actions(retry_button(view, lang)))
    return {"text": title, "blocks": blocks}


def retry_button(view: SeriesView, lang: Language) -> Block:
    """ "Retry the N failed"; when some may exist already (unknown outcomes), Slack asks first."""
    retryable = view.retryable
    element = button(
        t("button.retry_failed", lang, count=len(retryable)),
        ActionId.SERIES_RETRY,
        SeriesRetry(key=view.key).dump(),
    )
    unknown = sum(1 for o in retryable if o.stage is Stage.UNKNOWN)
    if unknown:
        element["confirm"] = {
            "title": {"type": "plain_text", "text": t("series.retry.title", lang)},
            "text": {"type": "plain_text", "text": t("series.retry.warning", lang, count=unknown)},
            "confirm": {"type": "plain_text", "text": t("button.retry", lang)},
            "deny": {"type": "plain_text", "text": t("button.cancel", lang)},
        }
    return element
