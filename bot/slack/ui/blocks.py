"""Block Kit messages, as pure functions from values and a language to a message dict.

User text is escaped (`&`, `<`, `>`) wherever Slack reads mrkdwn, the top-level `text` too, so
nobody can ping `@channel` or disguise a link through the bot.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.config import BotConfig
from bot.i18n.catalog import format_duration, format_local, format_status, format_zone, t
from bot.model import Assignee, Intervention, Language, TimeWindow
from bot.slack.ids import ActionId
from bot.slack.metadata import AssignmentRef, InterventionRef, Preview, PreviewKind
from bot.slack.people import Person
from bot.slack.ui.mrkdwn import escape

Message = dict[str, Any]
SANDBOX_MARK = ":test_tube:"  # opens the sandbox marker in both languages
Block = dict[str, Any]


def mrkdwn(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def button(label: str, action_id: ActionId, value: str, style: str | None = None) -> Block:
    element: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": label, "emoji": False},
        "action_id": action_id,
        "value": value,
    }
    if style:
        element["style"] = style
    return element


def actions(*elements: Block) -> Block:
    return {"type": "actions", "elements": list(elements)}


def fields(pairs: list[tuple[str, str]]) -> Block:
    """A section of `*label*\\nvalue` fields (Slack shows them in two columns, at most 10)."""
    return {
        "type": "section",
        "fields": [{"type": "mrkdwn", "text": f"*{label}*\n{value}"} for label, value in pairs],
    }


def slack_date(instant: datetime, fallback: str) -> str:
    """A `<!date>` token: every reader sees the instant in their own zone."""
    return f"<!date^{int(instant.timestamp())}^{{date_short_pretty}} {{time}}|{fallback}>"


def shared_window(window: TimeWindow) -> str:
    """A window for messages everyone sees: Slack date tokens with a UTC fallback."""
    start = slack_date(window.start, window.start.strftime("%Y-%m-%d %H:%M UTC"))
    end = slack_date(window.end, window.end.strftime("%Y-%m-%d %H:%M UTC"))
    return f"{start} → {end}"


def assignee_label(assignee: Assignee | None, config: BotConfig, lang: Language) -> str:
    """A mention when the assignee maps to a Slack user, else the API id."""
    if assignee is None:
        return t("assignee.none", lang)
    user = config.slack_user_for(assignee)
    if user:
        return f"<@{escape(user)}>"
    if assignee.profile_id is not None:
        return t("assignee.profile", lang, id=assignee.profile_id)
    return t("assignee.contact", lang, id=assignee.company_contact_id)


def preview_message(
    preview: Preview, person: Person, config: BotConfig, *, now: datetime
) -> Message:
    """The private preview: exactly what will be sent, in the user's zone and language."""
    lang, zone = person.lang, person.zone
    window = preview.window

    def show(instant: datetime) -> str:
        return format_local(instant, zone, lang, locale=person.locale, now=now)

    if preview.kind == PreviewKind.CREATE:
        title = t("preview.create.title", lang)
        pairs = [(t("field.routine", lang), str(preview.routine_id))]
    else:
        title = t("preview.reschedule.title", lang, id=preview.intervention_id)
        pairs = [(t("field.intervention", lang), f"#{preview.intervention_id}")]
    pairs += [
        (t("field.start", lang), show(window.start)),
        (t("field.end", lang), show(window.end)),
        (t("field.duration", lang), format_duration(window.duration, lang)),
        (t("field.zone", lang), format_zone(window.start, zone)),
    ]
    if preview.kind == PreviewKind.CREATE:
        pairs += [
            (t("field.status", lang), format_status(preview.status, lang)),
            (t("field.assignee", lang), assignee_label(preview.assignee, config, lang)),
        ]
    value = preview.dump()
    read_as = t("preview.read_as", lang, text=escape(preview.when_text))
    notes = [t("preview.zone_default", lang)] if person.zone_is_default else []
    return {
        "text": f"{title} {read_as}",
        "blocks": [
            mrkdwn(f"{title}\n{read_as}"),
            fields(pairs),
            *(context(note) for note in notes),
            context(t("preview.nothing_sent", lang)),
            actions(
                button(t("button.confirm", lang), ActionId.CONFIRM, value, "primary"),
                button(t("button.edit", lang), ActionId.EDIT, value),
                button(t("button.cancel", lang), ActionId.CANCEL, preview.key, "danger"),
            ),
        ],
    }


def confirmation_message(
    intervention: Intervention,
    config: BotConfig,
    *,
    requested_by: str | None,
    sandbox: bool,
    site_rule_ids: tuple[int, ...] | None = None,
) -> Message:
    """The team channel's message for an intervention, kept current after every change."""
    lang = config.language
    window = intervention.window
    when = shared_window(window) if window else "?"
    routine = intervention.routine_id if intervention.routine_id is not None else "?"
    pairs = [
        (t("field.routine", lang), str(routine)),
        (t("field.window", lang), when),
        (t("field.status", lang), format_status(intervention.creation_status, lang)),
        (t("field.assignee", lang), assignee_label(intervention.assignee, config, lang)),
    ]
    if requested_by:
        pairs.append((t("field.requested_by", lang), f"<@{escape(requested_by)}>"))
    if site_rule_ids:
        pairs.append((t("field.site_rules", lang), ", ".join(map(str, site_rule_ids))))
    blocks: list[Block] = [
        {
            "type": "header",
            "text": {"type": "plain_text", "text": t("confirm.title", lang, id=intervention.id)},
        },
        fields(pairs),
    ]
    if intervention.description:
        blocks.append(
            mrkdwn(
                f"*{t('field.description', lang)}*\n{escape(intervention.description, limit=2900)}"
            )
        )
    if sandbox:
        blocks.append(context(t("confirm.sandbox", lang)))
    value = InterventionRef(intervention_id=intervention.id).dump()
    blocks.append(
        actions(
            button(t("button.reschedule", lang), ActionId.RESCHEDULE, value),
            button(t("button.reassign", lang), ActionId.REASSIGN, value),
            button(t("button.mark_done", lang), ActionId.MARK_DONE, value),
            button(t("button.edit", lang), ActionId.UPDATE, value),
        )
    )
    text = t("confirm.text", lang, id=intervention.id, routine=routine, window=when)
    if sandbox:
        text = f"{text} ({t('confirm.sandbox', lang)})"
    return {"text": text, "blocks": blocks}


def notice(text: str, *extra: Block) -> Message:
    """A plain message (outcome, error, thread reply) with optional extra blocks."""
    return {"text": text, "blocks": [mrkdwn(text), *extra]}


def retry_assignment_message(
    text: str, intervention_id: int, assignee: Assignee, lang: Language
) -> Message:
    """`Created, not assigned`, with a Retry button that sends the assignment again."""
    value = AssignmentRef(intervention_id=intervention_id, assignee=assignee).dump()
    return notice(
        text, actions(button(t("button.retry", lang), ActionId.RETRY_ASSIGNMENT, value, "primary"))
    )
