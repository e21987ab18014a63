"""Following up in Block Kit: the list, the status card, the Home tab and the reminders.

Pure functions from values to dicts. A list shows at most `PAGE_SIZE` interventions, one block
each, and says how many more there are, so it stays within Slack's 50 blocks for any store.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.config import BotConfig
from bot.domain.following import HomeContent, Listing, StatusCard
from bot.i18n.catalog import format_local, format_status, format_window, t
from bot.model import Language, TimeWindow
from bot.slack.ids import ActionId
from bot.slack.metadata import RequestRef
from bot.slack.people import Person
from bot.slack.ui.approval_blocks import when as slack_when
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
from bot.slack.ui.mrkdwn import escape
from bot.store.actions import ActionRecord
from bot.store.store import KnownIntervention

_UNCONFIRMED_SHOWN = 5


def thread_url(team_id: str, known: KnownIntervention) -> str | None:
    """A link to the intervention's thread in Slack's web client, when its message is known."""
    if not known.channel or not known.ts or not team_id:
        return None
    channel, ts = known.channel, known.ts
    return f"https://app.slack.com/client/{team_id}/{channel}/thread/{channel}-{ts}"


def intervention_line(
    known: KnownIntervention, person: Person, config: BotConfig, now: datetime, team_id: str
) -> str:
    """`#42 · routine 12 · Tue 10 Mar, 08:00 → 10:00 · @alice · thread`, in the reader's zone."""
    lang, intervention = person.lang, known.intervention
    window = intervention.window
    when = (
        format_window(window, person.zone, lang, locale=person.locale, now=now) if window else "?"
    )
    url = thread_url(team_id, known)
    return t(
        "list.line",
        lang,
        id=intervention.id,
        routine=intervention.routine_id if intervention.routine_id is not None else "?",
        window=when,
        assignee=assignee_label(intervention.assignee, config, lang),
        thread=t("list.thread", lang, url=url) if url else "",
    )


def _unconfirmed_blocks(
    attempts: tuple[ActionRecord, ...], person: Person, now: datetime
) -> list[Block]:
    if not attempts:
        return []
    lines = [
        t(
            "list.unconfirmed.line",
            person.lang,
            routine=escape(str(a.payload.get("routine_id", "?"))),
            window=_attempt_window(a, person, now),
            when=format_local(a.created_at, person.zone, person.lang, locale=person.locale),
        )
        for a in attempts[-_UNCONFIRMED_SHOWN:]
    ]
    text = t("list.unconfirmed.title", person.lang) + "\n" + "\n".join(f"• {x}" for x in lines)
    return [mrkdwn(text)]


def _attempt_window(attempt: ActionRecord, person: Person, now: datetime) -> str:
    try:
        start = datetime.fromisoformat(str(attempt.payload["start"]).replace("Z", "+00:00"))
        end = datetime.fromisoformat(str(attempt.payload["end"]).replace("Z", "+00:00"))
        window = TimeWindow(start, end)
    except (KeyError, ValueError):
        return "?"
    return format_window(window, person.zone, person.lang, locale=person.locale, now=now)


def listing_message(
    listing: Listing, person: Person, config: BotConfig, *, now: datetime, team_id: str
) -> Message:
    """The private answer to `/preventive list`."""
    lang = person.lang
    title = t(f"list.title.{listing.scope.value}", lang)
    blocks: list[Block] = [mrkdwn(title)]
    page = listing.page
    for known in page.items:
        blocks.append(mrkdwn(intervention_line(known, person, config, now, team_id)))
    if not page.items:
        until = format_local(listing.until, person.zone, lang, locale=person.locale, now=now)
        blocks.append(context(t("list.empty", lang, until=until)))
    if page.total > len(page.items):
        blocks.append(context(t("list.more", lang, shown=len(page.items), total=page.total)))
    blocks += _unconfirmed_blocks(listing.unconfirmed, person, now)
    return {"text": f"{title} ({page.total})", "blocks": blocks}


def status_message(
    card: StatusCard, person: Person, config: BotConfig, *, now: datetime, team_id: str
) -> Message:
    """The private answer to `/preventive status 42`."""
    lang, known = person.lang, card.known
    intervention = known.intervention
    window = intervention.window
    when = (
        format_window(window, person.zone, lang, locale=person.locale, now=now) if window else "?"
    )
    changed_at = known.updated_at
    changed = "?"
    if changed_at is not None:
        shown = format_local(changed_at, person.zone, lang, locale=person.locale, now=now)
        changed = (
            t("status.last_change_value", lang, when=shown, user=f"<@{escape(known.changed_by)}>")
            if known.changed_by
            else t("status.last_change_when", lang, when=shown)
        )
    pending = [
        t(
            "status.pending_line",
            lang,
            assignee=assignee_label(request.proposed, config, lang),
            user=f"<@{escape(request.requested_by)}>",
            when=slack_when(request.expires_at),
        )
        for request in card.pending[:5]
    ]
    url = thread_url(team_id, known)
    pairs = [
        (t("field.routine", lang), str(intervention.routine_id or "?")),
        (t("field.window", lang), when),
        (t("field.status", lang), format_status(intervention.creation_status, lang)),
        (t("field.assignee", lang), assignee_label(intervention.assignee, config, lang)),
        (t("status.last_change", lang), changed),
        (t("status.pending", lang), "\n".join(pending) or t("status.none", lang)),
        (t("status.thread", lang), t("status.open_thread", lang, url=url) if url else "?"),
    ]
    title = t("status.title", lang, id=intervention.id)
    return {"text": title, "blocks": [mrkdwn(title), fields(pairs)]}


def home_view(
    content: HomeContent, person: Person, config: BotConfig, *, now: datetime, team_id: str
) -> dict[str, Any]:
    """The Home tab: your next interventions, your team's week, and what waits for you."""
    lang = person.lang
    blocks: list[Block] = [_header(t("home.mine", lang))]
    blocks += _page_blocks(content.mine.items, content.mine.total, person, config, now, team_id)
    blocks += _unconfirmed_blocks(content.unconfirmed, person, now)
    blocks.append({"type": "divider"})
    blocks.append(_header(t("home.team", lang)))
    blocks += _page_blocks(content.team.items, content.team.total, person, config, now, team_id)
    if content.waiting is not None:
        blocks.append({"type": "divider"})
        blocks.append(_header(t("home.waiting", lang)))
        blocks += _waiting_blocks(content, person, config)
    shown = format_local(now, person.zone, lang, locale=person.locale, now=now)
    blocks.append(context(t("home.updated", lang, when=shown)))
    return {"type": "home", "blocks": blocks}


def _header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": text}}


def _page_blocks(
    items: tuple[KnownIntervention, ...],
    total: int,
    person: Person,
    config: BotConfig,
    now: datetime,
    team_id: str,
) -> list[Block]:
    if not items:
        return [context(t("home.nothing", person.lang))]
    lines = [intervention_line(k, person, config, now, team_id) for k in items]
    blocks = [mrkdwn("\n".join(lines[i : i + 5])) for i in range(0, len(lines), 5)]
    if total > len(items):
        blocks.append(context(t("home.more", person.lang, more=total - len(items))))
    return blocks


def _waiting_blocks(content: HomeContent, person: Person, config: BotConfig) -> list[Block]:
    lang = person.lang
    waiting = content.waiting or ()
    if not waiting:
        return [context(t("home.no_waiting", lang))]
    blocks: list[Block] = []
    for request, _known in waiting:
        reason = f" · “{escape(request.reason, limit=200)}”" if request.reason else ""
        line = t(
            "home.request",
            lang,
            id=request.intervention_id,
            current=assignee_label(request.current, config, lang),
            proposed=assignee_label(request.proposed, config, lang),
            user=f"<@{escape(request.requested_by)}>",
            reason=reason,
        )
        value = RequestRef(request_id=request.id).dump()
        blocks.append(mrkdwn(line))
        blocks.append(
            actions(
                button(t("button.approve", lang), ActionId.HOME_APPROVE, value, "primary"),
                button(t("button.reject", lang), ActionId.HOME_REJECT, value, "danger"),
            )
        )
    if content.waiting_total > len(waiting):
        blocks.append(context(t("home.more", lang, more=content.waiting_total - len(waiting))))
    return blocks


def reminder_direct(known: KnownIntervention, lang: Language, team_id: str) -> Message:
    """The reminder a person gets in a direct message."""
    intervention = known.intervention
    start = intervention.scheduled_start
    when = slack_when(start) if start else "?"
    url = thread_url(team_id, known)
    link = t("status.open_thread", lang, url=url) if url else ""
    text = t(
        "reminder.direct",
        lang,
        id=intervention.id,
        routine=intervention.routine_id or "?",
        when=when,
        link=link,
    )
    return {"text": text, "blocks": [mrkdwn(text)]}


def reminder_note(known: KnownIntervention, user: str | None, lang: Language) -> Message:
    """The note in the intervention's thread."""
    window = known.intervention.window
    when = shared_window(window) if window else "?"
    who = f"<@{escape(user)}>" if user else "?"
    text = t("reminder.thread", lang, when=when, user=who)
    return {"text": text, "blocks": [mrkdwn(text)]}
