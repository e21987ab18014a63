"""Modal submissions for create and reschedule: validate inline, ack, then call the API.

An unreadable field goes back with `response_action="errors"` and the modal stays open; nothing is
sent to the API until every field reads.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck

from bot.i18n.catalog import t
from bot.model import Assignee, CreationStatus, TimeWindow
from bot.parsing.errors import ParseError
from bot.parsing.time_phrases import parse_window
from bot.slack.app import Services, private_reply
from bot.slack.confirming import carry_out
from bot.slack.ids import CallbackId, Field
from bot.slack.metadata import ModalContext, Preview, PreviewKind
from bot.slack.mrkdwn import plain
from bot.slack.people import BEFORE_MODAL_SECONDS, Person
from bot.slack.replies import describe_parse_error
from bot.slack.views import selected_user, selected_value, text_value

_ROUTINE = re.compile(r"[1-9][0-9]{0,9}")


async def read_submission(
    services: Services, body: dict[str, Any], view: dict[str, Any]
) -> tuple[Person, ModalContext]:
    """Who submitted a modal, and where it came from."""
    person = await services.people.lookup(body["user"]["id"], wait=BEFORE_MODAL_SECONDS)
    return person, ModalContext.model_validate_json(view.get("private_metadata") or "{}")


def read_window(
    services: Services,
    view: dict[str, Any],
    person: Person,
    errors: dict[str, str],
    *,
    allow_past: bool = False,
) -> TimeWindow | None:
    """Parse the `when` field, or record an inline error for it."""
    text = text_value(view, Field.WHEN)
    try:
        return parse_window(
            text,
            now=services.now(),
            tz=person.zone,
            locale=person.locale or person.lang,
            defaults=services.config.window_defaults,
            allow_past=allow_past,
        )
    except ParseError as error:
        # Modal errors are plain text: no code marks, no escaping.
        errors[Field.WHEN] = plain(describe_parse_error(error, person.lang, example="example.when"))
        return None


def read_assignee(
    services: Services, view: dict[str, Any], person: Person, errors: dict[str, str]
) -> Assignee | None:
    """The picked Slack user mapped through `bot.toml`, or an inline error when unmapped."""
    user = selected_user(view, Field.ASSIGNEE)
    if user is None:
        return None
    assignee = services.config.assignee_for(user)
    if not assignee.is_mapped:
        errors[Field.ASSIGNEE] = t("modal.error.unmapped", person.lang)
    return assignee


def register(app: AsyncApp, services: Services) -> None:
    @app.view(CallbackId.CREATE)
    async def on_create_modal_submitted(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]
    ) -> None:
        person, context = await read_submission(services, body, view)
        errors: dict[str, str] = {}
        routine_text = text_value(view, Field.ROUTINE).lstrip("#")
        if not _ROUTINE.fullmatch(routine_text):
            errors[Field.ROUTINE] = t("modal.error.routine", person.lang)
        status = CreationStatus(int(selected_value(view, Field.STATUS) or CreationStatus.SCHEDULED))
        window = read_window(
            services, view, person, errors, allow_past=status == CreationStatus.DONE
        )
        assignee = read_assignee(services, view, person, errors) or context.kept_assignee
        if errors or window is None:
            await ack(response_action="errors", errors=errors)
            return
        await ack()
        preview = Preview(
            kind=PreviewKind.CREATE,
            key=context.key or uuid.uuid4().hex,
            start=window.start,
            end=window.end,
            when_text=text_value(view, Field.WHEN),
            routine_id=int(routine_text),
            status=status,
            assignee=assignee,
            channel_id=context.channel_id,
        )
        reply = private_reply(services, context.channel_id, person.user_id)
        await carry_out(services, preview, person, reply)

    @app.view(CallbackId.RESCHEDULE)
    async def on_reschedule_modal_submitted(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]
    ) -> None:
        person, context = await read_submission(services, body, view)
        errors: dict[str, str] = {}
        window = read_window(services, view, person, errors)
        if errors or window is None or context.intervention_id is None:
            await ack(response_action="errors", errors=errors)
            return
        await ack()
        preview = Preview(
            kind=PreviewKind.RESCHEDULE,
            key=context.key or uuid.uuid4().hex,
            start=window.start,
            end=window.end,
            when_text=text_value(view, Field.WHEN),
            intervention_id=context.intervention_id,
            channel_id=context.channel_id,
        )
        reply = private_reply(services, context.channel_id, person.user_id)
        await carry_out(services, preview, person, reply)
