"""Block Kit modals, pure: create, reschedule, update, reassign and reject forms.

Each input block's `block_id` and its element's `action_id` are the same `Field`, so reading a
submission is `values[field][field]`.
"""

from __future__ import annotations

from typing import Any

from bot.i18n.catalog import format_status, t
from bot.model import CreationStatus, Language
from bot.slack.ids import CallbackId, Field
from bot.slack.metadata import ModalContext

View = dict[str, Any]
Block = dict[str, Any]


def plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text[:150], "emoji": False}


def text_input(
    field: Field,
    label: str,
    *,
    initial: str | None = None,
    hint: str | None = None,
    optional: bool = False,
    multiline: bool = False,
    max_length: int | None = None,
) -> Block:
    element: Block = {"type": "plain_text_input", "action_id": field, "multiline": multiline}
    if initial:
        element["initial_value"] = initial
    if max_length:
        element["max_length"] = max_length
    return input_block(field, label, element, optional=optional, hint=hint)


def input_block(
    field: Field, label: str, element: Block, *, optional: bool, hint: str | None = None
) -> Block:
    """An input block whose block_id is its element's action_id, so reading is by `Field`."""
    block: Block = {
        "type": "input",
        "block_id": field,
        "label": plain(label),
        "element": element,
        "optional": optional,
    }
    if hint:
        block["hint"] = plain(hint)
    return block


def status_select(lang: Language, initial: int | None, *, unknown: bool = False) -> Block:
    """The status picker; `unknown` (an intervention the bot never saw) preselects nothing,
    so a status is sent only when the user picks one."""
    options = [
        {"text": plain(format_status(status, lang)), "value": str(int(status))}
        for status in CreationStatus
    ]
    element: Block = {"type": "static_select", "action_id": Field.STATUS, "options": options}
    chosen = initial if initial is not None else CreationStatus.SCHEDULED
    if not unknown:
        element["initial_option"] = next(o for o in options if o["value"] == str(chosen))
    return input_block(Field.STATUS, t("modal.status", lang), element, optional=unknown)


def user_select(
    field: Field, label: str, *, initial: str | None, optional: bool, hint: str | None = None
) -> Block:
    element: Block = {"type": "users_select", "action_id": field}
    if initial:
        element["initial_user"] = initial
    return input_block(field, label, element, optional=optional, hint=hint)


def email_checkboxes(
    lang: Language,
    *,
    previous: bool | None,
    current: bool,
    previous_name: str | None = None,
    current_key: str = "modal.email_current",
) -> Block:
    """Whom the change emails, each box naming whom it reaches when the bot knows
    (`Email the previous assignee (@alice)`); `previous` None leaves that box out."""
    options = []
    if previous is not None:
        label = t("modal.email_previous", lang)
        label = f"{label} ({previous_name})" if previous_name else label
        options.append({"text": _mrkdwn(label), "value": "previous"})
    options.append({"text": _mrkdwn(t(current_key, lang)), "value": "current"})
    chosen = [
        o
        for o in options
        if (o["value"] == "previous" and previous) or (o["value"] == "current" and current)
    ]
    element: Block = {"type": "checkboxes", "action_id": Field.EMAILS, "options": options}
    if chosen:
        element["initial_options"] = chosen
    return input_block(Field.EMAILS, t("modal.notify", lang), element, optional=True)


def _mrkdwn(text: str) -> dict[str, Any]:
    """Checkbox options may be mrkdwn, so a mention shows as the person's name."""
    return {"type": "mrkdwn", "text": text[:150]}


def modal(
    callback: CallbackId,
    title: str,
    lang: Language,
    blocks: list[Block],
    context: ModalContext,
    *,
    submit: str = "button.submit",
) -> View:
    return {
        "type": "modal",
        "callback_id": callback,
        "title": plain(title[:24]),
        "submit": plain(t(submit, lang)),
        "close": plain(t("button.cancel", lang)),
        "private_metadata": context.dump(),
        "blocks": blocks,
    }


def create_modal(
    lang: Language,
    context: ModalContext,
    *,
    routine: str | None = None,
    when: str | None = None,
    status: int | None = None,
    assignee_user: str | None = None,
    kept_assignee: str | None = None,
) -> View:
    """The create form; `kept_assignee` names an API-only assignee (`profile:17`) the picker
    cannot show, which is kept when the picker is left empty."""
    hint = t("modal.assignee.kept", lang, assignee=kept_assignee) if kept_assignee else None
    blocks = [
        text_input(Field.ROUTINE, t("modal.routine", lang), initial=routine),
        text_input(
            Field.WHEN, t("modal.when", lang), initial=when, hint=t("modal.when.hint", lang)
        ),
        status_select(lang, status),
        user_select(
            Field.ASSIGNEE,
            t("modal.assignee", lang),
            initial=assignee_user,
            optional=True,
            hint=hint,
        ),
    ]
    return modal(CallbackId.CREATE, t("modal.create.title", lang), lang, blocks, context)


def reschedule_modal(
    lang: Language, context: ModalContext, intervention_id: int, when: str | None = None
) -> View:
    blocks = [
        text_input(Field.WHEN, t("modal.when", lang), initial=when, hint=t("modal.when.hint", lang))
    ]
    title = t("modal.reschedule.title", lang, id=intervention_id)
    return modal(CallbackId.RESCHEDULE, title, lang, blocks, context)


def update_modal(
    lang: Language,
    context: ModalContext,
    intervention_id: int,
    *,
    description: str | None,
    site_rules: str | None,
    status: int | None,
    when: str | None,
    assignee_user: str | None,
    reason: str | None = None,
    emails: tuple[bool, bool] = (True, False),
    previous_name: str | None = None,
    top: list[Block] | None = None,
) -> View:
    """Prefilled with what the bot knows; only the fields the user changes are sent.

    `top` goes above the fields: a note that the bot has no record of the intervention, or the
    confirm step's reading of a changed schedule (then the submit button says Confirm)."""
    blocks = [
        *(top or []),
        text_input(
            Field.DESCRIPTION,
            t("modal.description", lang),
            initial=description,
            optional=True,
            multiline=True,
            max_length=2500,
        ),
        text_input(
            Field.SITE_RULES,
            t("modal.site_rules", lang),
            initial=site_rules,
            optional=True,
            hint=t("modal.site_rules.hint", lang),
        ),
        status_select(lang, status, unknown=status is None),
        text_input(
            Field.WHEN,
            t("modal.when", lang),
            initial=when,
            optional=True,
            hint=t("modal.when.hint", lang),
        ),
        user_select(
            Field.ASSIGNEE, t("modal.assignee", lang), initial=assignee_user, optional=True
        ),
        text_input(
            Field.REASON, t("modal.reason", lang), initial=reason, optional=True, max_length=500
        ),
        email_checkboxes(lang, previous=emails[0], current=emails[1], previous_name=previous_name),
    ]
    title = t("modal.update.title", lang, id=intervention_id)
    submit = "button.confirm" if context.confirmed_when else "button.submit"
    return modal(CallbackId.UPDATE, title, lang, blocks, context, submit=submit)


def reassign_modal(
    lang: Language, context: ModalContext, intervention_id: int, previous_name: str | None = None
) -> View:
    """`previous_name` names the assignee being replaced, when the bot knows who it is."""
    blocks = [
        user_select(Field.ASSIGNEE, t("modal.new_assignee", lang), initial=None, optional=False),
        text_input(Field.REASON, t("modal.reason", lang), optional=True, max_length=500),
        email_checkboxes(
            lang,
            previous=True,
            current=False,
            previous_name=previous_name,
            current_key="modal.email_new",
        ),
    ]
    title = t("modal.reassign.title", lang, id=intervention_id)
    return modal(CallbackId.REASSIGN, title, lang, blocks, context)


def reject_modal(lang: Language, context: ModalContext) -> View:
    blocks = [
        text_input(Field.REASON, t("modal.reject_reason", lang), multiline=True, max_length=1000)
    ]
    return modal(CallbackId.REJECT, t("modal.reject.title", lang), lang, blocks, context)
