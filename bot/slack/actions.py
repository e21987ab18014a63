"""Buttons on previews and confirmations: Confirm, Edit, Cancel, Reschedule, Reassign, Retry.

Each listener acknowledges first; a modal opens before any slow work, since a `trigger_id`
lives three seconds and works once.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond

from bot.api.errors import ApiError
from bot.i18n.catalog import t
from bot.slack.app import Services
from bot.slack.blocks import assignee_label, notice, retry_assignment_message
from bot.slack.confirming import carry_out, describe_claim, window_as_text
from bot.slack.ids import ActionId
from bot.slack.metadata import AssignmentRef, InterventionRef, ModalContext, Preview, PreviewKind
from bot.slack.modals import create_modal, reassign_modal, reschedule_modal
from bot.slack.people import BEFORE_MODAL_SECONDS
from bot.slack.publishing import not_posted_note
from bot.slack.replies import describe_api_error
from bot.slack.updates import open_update_modal


def _channel(body: dict[str, Any]) -> str:
    return str(
        (body.get("channel") or {}).get("id")
        or (body.get("container") or {}).get("channel_id")
        or ""
    )


def register(app: AsyncApp, services: Services) -> None:
    _register_preview_buttons(app, services)
    _register_intervention_buttons(app, services)


def _register_preview_buttons(app: AsyncApp, services: Services) -> None:
    """Confirm, Cancel and Edit on a private preview."""

    @app.action(ActionId.CONFIRM)
    async def on_confirm_clicked(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond
    ) -> None:
        await ack()
        preview = Preview.model_validate_json(action["value"])
        person = await services.people.lookup(body["user"]["id"])
        await respond(replace_original=True, **notice(t("preview.working", person.lang)))

        async def reply(message: dict[str, Any]) -> None:
            await respond(replace_original=True, **message)

        await carry_out(services, preview, person, reply)

    @app.action(ActionId.CANCEL)
    async def on_cancel_clicked(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond
    ) -> None:
        await ack()
        person = await services.people.lookup(body["user"]["id"])
        key = str(action["value"])
        if await services.store.claim(key, at=services.now()):
            await services.store.finish_claim(key, outcome="cancelled")
            text = t("preview.cancelled", person.lang)
        else:  # already confirmed, maybe through the Edit modal: say what happened instead
            text = describe_claim(await services.store.claim_outcome(key), person.lang)
        await respond(replace_original=True, **notice(text))

    @app.action(ActionId.EDIT)
    async def on_edit_clicked(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        preview = Preview.model_validate_json(action["value"])
        person = await services.people.lookup(body["user"]["id"], wait=BEFORE_MODAL_SECONDS)
        user = services.config.slack_user_for(preview.assignee) if preview.assignee else None
        kept = preview.assignee if user is None else None
        # The modal keeps the preview's key: confirming both still creates only once.
        context = ModalContext(
            channel_id=preview.channel_id,
            key=preview.key,
            intervention_id=preview.intervention_id,
            kept_assignee=kept,
        )
        when = window_as_text(preview.window, person.zone)
        if preview.kind == PreviewKind.CREATE:
            view = create_modal(
                person.lang,
                context,
                routine=str(preview.routine_id),
                when=when,
                status=int(preview.status),
                assignee_user=user,
                kept_assignee=assignee_label(kept, services.config, person.lang) if kept else None,
            )
        else:
            view = reschedule_modal(person.lang, context, preview.intervention_id or 0, when)
        await services.client.views_open(trigger_id=body["trigger_id"], view=view)


def _register_intervention_buttons(app: AsyncApp, services: Services) -> None:
    """Reschedule, Reassign and Edit on a confirmation; Retry on `created, not assigned`."""

    @app.action(ActionId.RESCHEDULE)
    async def on_reschedule_clicked(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]
    ) -> None:
        await ack()
        ref = InterventionRef.model_validate_json(action["value"])
        person = await services.people.lookup(body["user"]["id"], wait=BEFORE_MODAL_SECONDS)
        known = await services.store.get_intervention(ref.intervention_id)
        when = window_as_text(known.intervention.window if known else None, person.zone)
        context = ModalContext(
            channel_id=_channel(body), intervention_id=ref.intervention_id, prefilled_when=when
        )
        view = reschedule_modal(person.lang, context, ref.intervention_id, when)
        await services.client.views_open(trigger_id=body["trigger_id"], view=view)

    @app.action(ActionId.REASSIGN)
    async def on_reassign_clicked(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]
    ) -> None:
        await ack()
        ref = InterventionRef.model_validate_json(action["value"])
        person = await services.people.lookup(body["user"]["id"], wait=BEFORE_MODAL_SECONDS)
        context = ModalContext(channel_id=_channel(body), intervention_id=ref.intervention_id)
        view = reassign_modal(person.lang, context, ref.intervention_id)
        await services.client.views_open(trigger_id=body["trigger_id"], view=view)

    @app.action(ActionId.UPDATE)
    async def on_update_clicked(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]
    ) -> None:
        await ack()
        ref = InterventionRef.model_validate_json(action["value"])
        person = await services.people.lookup(body["user"]["id"], wait=BEFORE_MODAL_SECONDS)
        await open_update_modal(
            services,
            trigger_id=body["trigger_id"],
            intervention_id=ref.intervention_id,
            person=person,
            channel_id=_channel(body),
        )

    @app.action(ActionId.RETRY_ASSIGNMENT)
    async def on_retry_assignment_clicked(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond
    ) -> None:
        await ack()
        ref = AssignmentRef.model_validate_json(action["value"])
        person = await services.people.lookup(body["user"]["id"])
        label = assignee_label(ref.assignee, services.config, person.lang)
        if not await services.store.claim(ref.key, at=services.now()):  # a double click
            outcome = await services.store.claim_outcome(ref.key)
            await respond(replace_original=True, **notice(describe_claim(outcome, person.lang)))
            return
        try:
            intervention = await services.scheduler.assign_intervention(
                ref.intervention_id, ref.assignee
            )
        except ApiError as error:
            await services.store.release_claim(ref.key)
            text = describe_api_error(error, person.lang, intervention_id=ref.intervention_id)
            await respond(
                replace_original=True,
                **retry_assignment_message(text, ref.intervention_id, ref.assignee, person.lang),
            )
            return
        shared = t(
            "thread.assigned",
            services.config.language,
            user=f"<@{person.user_id}>",
            assignee=assignee_label(ref.assignee, services.config, services.config.language),
        )
        await services.store.finish_claim(ref.key, outcome=f"assigned:{ref.intervention_id}")
        published = await services.publisher.publish_change(
            intervention, shared, fallback_channel=_channel(body), by=person.user_id
        )
        await respond(
            replace_original=True,
            **notice(
                t("outcome.assigned", person.lang, id=ref.intervention_id, assignee=label)
                + not_posted_note(published, person.lang)
            ),
        )
