"""The Home tab: published when opened; its Approve and Reject buttons decide like the thread's.

Approve goes through the same use case (`Reassignments.approve_reassignment`, one atomic
transition, one PATCH) and the same rendering (`after_decision`) as the thread's button; the
private answer is a direct message, since a Home tab has no response URL.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck

from bot.domain.errors import AlreadyDecided, NotAllowed
from bot.slack.announcing import SlackAnnouncer
from bot.slack.context import Caller, SlackDeps, open_modal, private_reply
from bot.slack.flows.following import publish_home, team_id_of
from bot.slack.flows.reassigning import after_decision, clicked_context, refuse
from bot.slack.ids import ActionId
from bot.slack.metadata import ModalContext, RequestRef
from bot.slack.people import BEFORE_MODAL_SECONDS
from bot.slack.ui.modals import reject_modal


def register(app: AsyncApp) -> None:
    app.event("app_home_opened")(on_home_opened)
    app.action(ActionId.HOME_APPROVE)(on_home_approve_clicked)
    app.action(ActionId.HOME_REJECT)(on_home_reject_clicked)


async def on_home_opened(event: dict[str, Any], body: dict[str, Any], deps: SlackDeps) -> None:
    if event.get("tab", "home") != "home" or not event.get("user"):
        return
    await publish_home(deps, str(event["user"]), opened=True, team_id=await team_id_of(deps, body))


async def on_home_approve_clicked(
    ack: AsyncAck, body: dict[str, Any], value: RequestRef, caller: Caller, deps: SlackDeps
) -> None:
    await ack()
    person = await caller.person()
    reply = private_reply(deps, "", person.user_id)
    try:
        decision = await deps.reassignments.approve_reassignment(
            value.request_id,
            by=person.user_id,
            now=deps.now(),
            announcer=SlackAnnouncer(),
            context=clicked_context(deps, person, body),
        )
    except (NotAllowed, AlreadyDecided) as error:
        await refuse(deps, error, person, reply)
    else:
        await after_decision(deps, decision, person, reply)
    await publish_home(deps, person.user_id, opened=True, team_id=await team_id_of(deps, body))


async def on_home_reject_clicked(
    ack: AsyncAck, body: dict[str, Any], value: RequestRef, caller: Caller, deps: SlackDeps
) -> None:
    """Open the thread's Reject modal (a reason is required); its submission decides."""
    await ack()
    person = await caller.person(wait=BEFORE_MODAL_SECONDS)
    request = await deps.store.get_request(value.request_id)
    deciders = await deps.reassignments.deciders(request) if request else ()
    if request is None or person.user_id not in deciders:
        await refuse(deps, NotAllowed(deciders), person, private_reply(deps, "", person.user_id))
        return
    context = ModalContext(request_id=value.request_id, channel_id=request.channel or "")
    await open_modal(
        deps,
        trigger_id=body["trigger_id"],
        view=reject_modal(person.lang, context),
        person=person,
        channel=context.channel_id,
    )
