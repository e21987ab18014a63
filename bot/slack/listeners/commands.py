"""`/preventive`: ack, read, parse, then preview, open a modal, or hand over to reassignments.

Previews are private and call no API; the API is called only after Confirm or a modal's submit.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, replace
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond

from bot.domain.reassignments import ReassignmentAsk
from bot.i18n.catalog import t
from bot.model import Assignee
from bot.parsing.commands import (
    Assign,
    Command,
    Create,
    CreateSeries,
    Help,
    ListInterventions,
    OpenCreateModal,
    Reschedule,
    Status,
    Update,
    parse_command,
    subcommand_of,
    suggest_subcommand,
)
from bot.parsing.errors import ParseError, ParseProblem
from bot.slack.context import Caller, SlackDeps, ephemeral, open_modal
from bot.slack.flows.confirming import show_preview
from bot.slack.flows.following import list_message, status_card
from bot.slack.flows.reassigning import start_reassignment
from bot.slack.flows.series import show_series_preview
from bot.slack.flows.updating import open_update_modal
from bot.slack.metadata import ModalContext, Preview, PreviewKind
from bot.slack.people import BEFORE_MODAL_SECONDS, Person
from bot.slack.ui.blocks import notice
from bot.slack.ui.modals import create_modal
from bot.slack.ui.mrkdwn import decode_command_text, escape
from bot.slack.ui.replies import describe_parse_error, describe_unknown_command

logger = logging.getLogger(__name__)
# The example shown with an error follows the subcommand the user was typing.
_EXAMPLES = {
    "reschedule": "example.reschedule",
    "replanifier": "example.reschedule",
    "assign": "example.assign",
    "assigner": "example.assign",
    "update": "example.update",
    "modifier": "example.update",
    "status": "example.status",
    "statut": "example.status",
}


def register(app: AsyncApp) -> None:
    app.command("/preventive")(on_preventive_command)


async def on_preventive_command(
    ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond, caller: Caller, deps: SlackDeps
) -> None:
    await ack()
    text = decode_command_text(command.get("text") or "")
    person = await caller.person(wait=BEFORE_MODAL_SECONDS if _opens_modal(text) else None)
    try:
        parsed = parse_command(
            text,
            now=deps.now(),
            tz=person.zone,
            locale=person.locale or person.lang,
            defaults=deps.config.window_defaults,
        )
    except ParseError as error:
        if error.problem is ParseProblem.UNKNOWN_SUBCOMMAND:
            suggestion = suggest_subcommand(error.fragment)
            await respond(
                **notice(describe_unknown_command(error, person.lang, suggestion)),
                response_type="ephemeral",
            )
            return
        example = _EXAMPLES.get(text.split(maxsplit=1)[0].lower() if text.strip() else "")
        message = describe_parse_error(error, person.lang, example=example)
        await respond(**notice(message), response_type="ephemeral")
        return
    await _dispatch(deps, parsed, command, person, respond)


def _opens_modal(text: str) -> bool:
    """`/preventive`, `/preventive create` and `update <id>` open a modal: their `trigger_id`
    lives 3 s, so the user lookup may not wait out a rate limit for them."""
    words = text.split()
    verb = subcommand_of(text)
    return verb == "update" or (verb == "create" and len(words) <= 1)


@dataclass(frozen=True, slots=True)
class Invocation:
    """One typed `/preventive`: who typed it, where, and how to answer them privately."""

    deps: SlackDeps
    command: dict[str, Any]
    person: Person
    respond: AsyncRespond

    @property
    def channel(self) -> str:
        return str(self.command.get("channel_id", ""))

    async def tell(self, text: str) -> None:
        await self.respond(**notice(text), response_type="ephemeral")


async def _dispatch(
    deps: SlackDeps,
    parsed: Command,
    command: dict[str, Any],
    person: Person,
    respond: AsyncRespond,
) -> None:
    typed = Invocation(deps, command, person, respond)
    match parsed:
        case Help():
            await typed.tell(t("help", person.lang))
        case OpenCreateModal():
            # A key of its own: a Save sent twice (a slow ack, a retry) creates once.
            context = ModalContext(channel_id=typed.channel, key=uuid.uuid4().hex)
            view = create_modal(person.lang, context)
            await open_modal(
                deps,
                trigger_id=command["trigger_id"],
                view=view,
                person=person,
                channel=typed.channel,
            )
        case Create():
            await _preview_create(typed, parsed)
        case CreateSeries():
            await _preview_series(typed, parsed)
        case Reschedule():
            await _preview_reschedule(typed, parsed)
        case Update():
            await open_update_modal(
                deps,
                trigger_id=command["trigger_id"],
                intervention_id=parsed.intervention_id,
                person=person,
                channel_id=typed.channel,
            )
        case Assign():
            await _assign(typed, parsed)
        case ListInterventions():
            team = str(command.get("team_id", ""))
            await respond(
                **await list_message(deps, parsed.scope, person, team), response_type="ephemeral"
            )
        case Status():
            team = str(command.get("team_id", ""))
            card = await status_card(deps, parsed.intervention_id, person, team)
            await respond(**card, response_type="ephemeral")


async def _preview_create(typed: Invocation, parsed: Create) -> None:
    if await _refuse_unmapped(typed, parsed.assignee):
        return
    preview = Preview(
        kind=PreviewKind.CREATE,
        key=uuid.uuid4().hex,
        start=parsed.window.start,
        end=parsed.window.end,
        when_text=parsed.when_text,
        routine_id=parsed.routine_id,
        status=parsed.status,
        assignee=_mapped(typed.deps, parsed.assignee),
        channel_id=typed.channel,
    )
    await _show_preview(typed, preview)


async def _preview_series(typed: Invocation, parsed: CreateSeries) -> None:
    if await _refuse_unmapped(typed, parsed.assignee):
        return
    plan = replace(parsed, assignee=_mapped(typed.deps, parsed.assignee))
    await show_series_preview(
        typed.deps, plan, typed.person, typed.channel, ephemeral(typed.respond)
    )


async def _preview_reschedule(typed: Invocation, parsed: Reschedule) -> None:
    preview = Preview(
        kind=PreviewKind.RESCHEDULE,
        key=uuid.uuid4().hex,
        start=parsed.window.start,
        end=parsed.window.end,
        when_text=parsed.when_text,
        intervention_id=parsed.intervention_id,
        channel_id=typed.channel,
    )
    await _show_preview(typed, preview)


async def _assign(typed: Invocation, parsed: Assign) -> None:
    if await _refuse_unmapped(typed, parsed.assignee):
        return
    assignee = _mapped(typed.deps, parsed.assignee)
    if assignee is None:
        return
    ask = ReassignmentAsk(
        parsed.intervention_id,
        requested_by=typed.person.user_id,
        proposed=assignee,
        reason=parsed.reason,
    )
    await start_reassignment(
        typed.deps,
        ask,
        requester=typed.person,
        channel_id=typed.channel,
        respond=typed.respond,
        reply_target=_command_target(typed),
    )


def _command_target(typed: Invocation) -> dict[str, Any] | None:
    """Answer a command through its response URL, as a new ephemeral message."""
    url = typed.command.get("response_url")
    return {"response_url": url, "ephemeral": True} if url else None


def _mapped(deps: SlackDeps, assignee: Assignee | None) -> Assignee | None:
    if assignee is None or assignee.is_mapped or assignee.slack_user_id is None:
        return assignee
    return deps.config.assignee_for(assignee.slack_user_id)


async def _refuse_unmapped(typed: Invocation, assignee: Assignee | None) -> bool:
    """An assignee the API cannot be told about is refused before any preview."""
    mapped = _mapped(typed.deps, assignee)
    if mapped is None or mapped.is_mapped:
        return False
    logger.warning("%s has no entry under [assignees] in bot.toml", mapped.slack_user_id)
    user = f"<@{escape(mapped.slack_user_id or '')}>"
    await typed.tell(t("error.unmapped_assignee", typed.person.lang, user=user))
    return True


async def _show_preview(typed: Invocation, preview: Preview) -> None:
    await show_preview(typed.deps, preview, typed.person, ephemeral(typed.respond))
