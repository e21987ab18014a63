"""`/preventive update N` and the Edit button: a modal prefilled from the store; reading and
applying what its submission changes (the listener is in `bot.slack.listeners.submissions`).

Only what the user changed is sent. A new assignee chosen here follows the reassignment rules:
a manager's is applied with the rest, anyone else's becomes an approval request.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from typing import Any

from bot.api.errors import ApiError
from bot.domain.changes import UPDATE
from bot.domain.claims import AlreadyHandled
from bot.domain.errors import CannotSave
from bot.i18n.catalog import format_status, t
from bot.model import MAX_API_ID, Assignee, CreationStatus, Intervention, InterventionChanges
from bot.slack.announcing import SlackAnnouncer, change_context
from bot.slack.context import SlackDeps, open_modal, private_reply
from bot.slack.flows.confirming import cannot_save_text, window_as_text
from bot.slack.flows.forms import read_assignee, read_window
from bot.slack.ids import Field
from bot.slack.metadata import ModalContext
from bot.slack.people import Person
from bot.slack.ui.blocks import (
    assignee_label,
    mrkdwn,
    notice,
    shared_window,
    window_reading,
)
from bot.slack.ui.fields import (
    checked_values,
    raw_text_value,
    selected_user,
    selected_value,
    text_value,
)
from bot.slack.ui.modals import update_modal
from bot.slack.ui.replies import describe_api_error
from bot.store.store import KnownIntervention

_POSITIVE = re.compile(r"[1-9][0-9]{0,9}")


def _assignee_name(deps: SlackDeps, known: KnownIntervention | None, person: Person) -> str | None:
    assignee = known.intervention.assignee if known else None
    return assignee_label(assignee, deps.config, person.lang) if assignee else None


def update_confirm_step(
    deps: SlackDeps,
    view: dict[str, Any],
    person: Person,
    context: ModalContext,
    changes: InterventionChanges,
    known: KnownIntervention | None,
) -> dict[str, Any] | None:
    """The same form, as typed, with the reading of its changed schedule on top; None when the
    schedule is unchanged or its reading was shown and confirmed by this very submit."""
    when_text = text_value(view, Field.WHEN)
    # A digest, not the phrase: private_metadata holds 3,000 characters and the field more.
    digest = hashlib.sha256(when_text.encode()).hexdigest()[:16]
    if changes.window is None or context.confirmed_when == digest:
        return None
    picked = selected_value(view, Field.STATUS)
    status = CreationStatus(int(picked)) if picked is not None else None
    reading = window_reading(
        changes.window, person, deps.config, now=deps.now(), when_text=when_text, status=status
    )
    emails = checked_values(view, Field.EMAILS)
    return update_modal(
        person.lang,
        context.model_copy(update={"confirmed_when": digest}),
        context.intervention_id or 0,
        description=raw_text_value(view, Field.DESCRIPTION),
        site_rules=text_value(view, Field.SITE_RULES) or None,
        status=int(status) if status is not None else None,
        when=when_text,
        assignee_user=selected_user(view, Field.ASSIGNEE),
        reason=text_value(view, Field.REASON) or None,
        emails=("previous" in emails, "current" in emails),
        previous_name=_assignee_name(deps, known, person),
        top=reading,
    )


async def open_update_modal(
    deps: SlackDeps, *, trigger_id: str, intervention_id: int, person: Person, channel_id: str
) -> None:
    known = await deps.store.get_intervention(intervention_id)
    item = known.intervention if known else None
    when = window_as_text(item.window if item else None, person)
    rules = known.site_rule_ids if known else None
    assignee = item.assignee if item else None
    context = ModalContext(
        channel_id=channel_id, intervention_id=intervention_id, prefilled_when=when
    )
    view = update_modal(
        person.lang,
        context,
        intervention_id,
        description=item.description if item else None,
        site_rules=", ".join(map(str, rules)) if rules else None,
        status=item.creation_status if item else None,
        when=when,
        assignee_user=deps.config.slack_user_for(assignee) if assignee else None,
        previous_name=_assignee_name(deps, known, person),
        top=None
        if known
        else [mrkdwn(":warning: " + t("warn.unrecorded", person.lang, id=intervention_id))],
    )
    await open_modal(deps, trigger_id=trigger_id, view=view, person=person, channel=channel_id)


def _site_rules(
    view: dict[str, Any], person: Person, errors: dict[str, str]
) -> tuple[int, ...] | None:
    text = text_value(view, Field.SITE_RULES)
    if not text:
        return None
    parts = [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
    fits = all(_POSITIVE.fullmatch(part) and int(part) <= MAX_API_ID for part in parts)
    if not parts or not fits:
        errors[Field.SITE_RULES] = t("modal.error.site_rules", person.lang)
        return None
    return tuple(int(part) for part in parts)


def _description(
    view: dict[str, Any], item: Intervention | None, person: Person, errors: dict[str, str]
) -> str | None:
    """The description exactly as typed, when it differs from the known one."""
    description = raw_text_value(view, Field.DESCRIPTION)
    if description is not None and len(description) > 2500:
        errors[Field.DESCRIPTION] = t("modal.error.description", person.lang)
    if not description or (item is not None and description == (item.description or "")):
        return None
    return description


def _status(
    view: dict[str, Any], item: Intervention | None
) -> tuple[CreationStatus | None, CreationStatus | None]:
    """The status the form shows (picked or kept), and the same only when it changed."""
    picked = selected_value(view, Field.STATUS)
    shown = CreationStatus(int(picked)) if picked is not None else None
    known = item.creation_status if item is not None else None
    return shown, (shown if shown is not None and int(shown) != known else None)


def read_changes(
    deps: SlackDeps,
    view: dict[str, Any],
    person: Person,
    context: ModalContext,
    known: KnownIntervention | None,
    errors: dict[str, str],
) -> tuple[InterventionChanges, Assignee | None]:
    """What the form changes compared with the store, and a new assignee if one was picked."""
    item = known.intervention if known else None
    rules = _site_rules(view, person, errors)
    if known is not None and rules == known.site_rule_ids:
        rules = None
    shown_status, status = _status(view, item)
    window = None
    when_text = text_value(view, Field.WHEN)
    if when_text and when_text != (context.prefilled_when or ""):
        done = shown_status == CreationStatus.DONE
        window = read_window(deps, view, person, errors, allow_past=done)
    assignee = read_assignee(deps, view, person, errors)
    if assignee is not None and item is not None and _same_person(assignee, item.assignee):
        assignee = None
    changes = InterventionChanges(
        description=_description(view, item, person, errors),
        window=window,
        site_rule_ids=rules,
        creation_status=status,
    )
    return changes, assignee


def _same_person(one: Assignee, other: Assignee | None) -> bool:
    return other is not None and (one.profile_id, one.company_contact_id) == (
        other.profile_id,
        other.company_contact_id,
    )


def describe_changes(changes: InterventionChanges, deps: SlackDeps) -> str:
    lang = deps.config.language
    parts = []
    if changes.description is not None:
        parts.append(t("change.description", lang))
    if changes.window is not None:
        parts.append(t("change.window", lang, window=shared_window(changes.window)))
    if changes.site_rule_ids is not None:
        parts.append(t("change.site_rules", lang, rules=", ".join(map(str, changes.site_rule_ids))))
    if changes.creation_status is not None:
        parts.append(t("change.status", lang, status=format_status(changes.creation_status, lang)))
    if changes.assignee is not None:
        parts.append(
            t(
                "change.assignee",
                lang,
                assignee=assignee_label(changes.assignee, deps.config, lang),
            )
        )
    if changes.email_current_assignee:
        parts.append(t("change.email_current", lang))
    return ", ".join(parts)


async def apply_changes(
    deps: SlackDeps,
    intervention_id: int,
    changes: InterventionChanges,
    person: Person,
    context: ModalContext,
) -> None:
    """PATCH the changes through an action record; the outbox replies in the thread,
    refreshes the parent and tells the user (an ephemeral, or a DM)."""
    reply = private_reply(deps, context.channel_id, person.user_id)
    key = uuid.uuid4().hex
    shared = t(
        "thread.updated",
        deps.config.language,
        user=f"<@{person.user_id}>",
        changes=describe_changes(changes, deps),
    )
    effects = change_context(
        key=key,
        intervention_id=intervention_id,
        lang=person.lang,
        shared_lang=deps.config.language,
        user=person.user_id,
        reply={"channel": context.channel_id, "user": person.user_id},
        fallback_channel=context.channel_id,
        outcome=t("outcome.updated", person.lang, id=intervention_id),
        shared=shared,
    )
    try:
        result = await deps.scheduler.change_intervention(
            kind=UPDATE,
            key=key,
            intervention_id=intervention_id,
            changes=changes,
            by=person.user_id,
            now=deps.now(),
            announcer=SlackAnnouncer(),
            context=effects,
        )
    except CannotSave as down:
        await reply(notice(cannot_save_text(down, person.lang)))
        return
    except ApiError as error:
        await reply(notice(describe_api_error(error, person.lang, intervention_id=intervention_id)))
        return
    if isinstance(result, AlreadyHandled):
        await reply(notice(t("preview.already_in_progress", person.lang)))
        return
    deps.outbox_ready.set()
