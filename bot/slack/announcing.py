"""The Slack effects of a durable action's outcome, as outbox rows (`bot.domain.durable`).

Each effect names what to do, not the finished message: the deliverer (`bot.slack.delivery`)
renders it from the store when it sends it, so the confirmation shows the intervention as the
store last holds it and the user's outcome names the channel it was really posted in.

- `announce_create`: post the confirmation (unless the store already knows its message), then
  replace the user's "Sending…" with the outcome (and Retry when the assignment failed).
- `reply`: send the user a message rendered when the effect was queued.
- `thread_reply`: reply in the intervention's thread what changed (posting its confirmation
  first when it has none); `change_outcome`: then tell the user, noting when the thread could
  not be told. The parent's re-rendering (`update_parent`) is queued by the domain
  (`bot.store.outbox.queue_parent_update`). All three go in the intervention's lane.
- Reassignments (`bot.slack.approval_effects` delivers them): `post_request` (the approval
  message, in the intervention's thread once its confirmation is known), `show_decision` (the
  approval message rewritten without its buttons), `tell_requester` (a thread reply naming the
  requester), `thread_note` (a manager's direct assignment, with the reason), `refresh_parent`
  (the confirmation re-rendered from the store) and `decision_outcome` (the private answer).
  All but the private answer go one at a time, in order, in the intervention's lane.
- `series_message`, `series_progress`: post or update a series' team message and its requester's
  progress message, rendered from the store (`bot.slack.series_posting`); each is a target whose
  older renderings are superseded by newer ones.

`context` (kept in the action record) says how to answer the user: `reply` is
`{"response_url": …}` (replace the clicked preview) or `{"channel": …, "user": …}` (an
ephemeral, or a DM when that fails); `lang`, `fallback_channel`, `key` and `requested_by`. A
change's context also holds `id`, `shared_lang` (the team's language), `user`, `shared` (the
thread reply, unless it is a reschedule's old → new) and `outcome` (the user's answer).
`{"response_url": …}` (replace the clicked preview; with `"ephemeral": true`, a new
ephemeral message, for a click on a shared message) or `{"channel": …, "user": …}` (an
ephemeral, or a DM when that fails); `lang`, `fallback_channel`, `key` and `requested_by`.
"""

from __future__ import annotations

from typing import Any

from bot.api.errors import ApiError, OutcomeUnknown
from bot.domain.durable import AssignmentFailed
from bot.domain.reassignments import notifies
from bot.i18n.catalog import t
from bot.model import Intervention, Language, ReassignmentRequest
from bot.slack.metadata import Preview
from bot.slack.ui.blocks import create_anyway_message, notice, shared_window
from bot.slack.ui.replies import describe_api_error
from bot.store.outbox import Effect, intervention_lane

ANNOUNCE_CREATE = "announce_create"
REPLY = "reply"
THREAD_REPLY = "thread_reply"
CHANGE_OUTCOME = "change_outcome"
POST_REQUEST = "post_request"
SHOW_DECISION = "show_decision"
TELL_REQUESTER = "tell_requester"
THREAD_NOTE = "thread_note"
REFRESH_PARENT = "refresh_parent"
DECISION_OUTCOME = "decision_outcome"


def failure_text(request: ReassignmentRequest, error: ApiError | None, lang: Language) -> str:
    """Why a request's PATCH failed; when it emails someone and may have reached the API, that
    an email may already have gone (it is not sent again: DESIGN "Durability"). `error` None:
    the bot restarted while sending it."""
    if error is None:
        text = t("outcome.approval_unknown_restarted", lang, id=request.intervention_id)
    else:
        text = describe_api_error(error, lang, intervention_id=request.intervention_id)
    if (error is None or isinstance(error, OutcomeUnknown)) and notifies(request):
        text += " " + t("error.api.email_may_have_gone", lang)
    return text


SERIES_MESSAGE = "series_message"
SERIES_PROGRESS = "series_progress"

lane = intervention_lane


def change_context(
    *,
    key: str,
    intervention_id: int,
    lang: Language,
    shared_lang: Language,
    user: str,
    reply: dict[str, Any],
    fallback_channel: str,
    outcome: str,
    shared: str | None = None,
) -> dict[str, Any]:
    """What a change's effects need, kept in its action record (see the module docstring)."""
    return {
        "key": key,
        "id": intervention_id,
        "lang": lang.value,
        "shared_lang": shared_lang.value,
        "user": user,
        "reply": reply,
        "fallback_channel": fallback_channel,
        "outcome": outcome,
        "shared": shared,
    }


class SlackAnnouncer:
    """`bot.domain.durable.Announcer` for the Slack layer."""

    def created(
        self, intervention: Intervention, failure: AssignmentFailed | None, context: dict[str, Any]
    ) -> list[Effect]:
        lang = Language(context.get("lang", Language.EN))
        failed = None
        if failure is not None:
            failed = {
                "assignee": failure.assignee.model_dump(mode="json"),
                "error": describe_api_error(failure.error, lang, intervention_id=intervention.id),
            }
        payload = {
            "intervention_id": intervention.id,
            "fallback_channel": context.get("fallback_channel", ""),
            "requested_by": context.get("requested_by"),
            "reply": context.get("reply", {}),
            "lang": lang.value,
            "assignment_failed": failed,
        }
        key = context.get("key")
        return [
            Effect(
                kind=ANNOUNCE_CREATE,
                payload=payload,
                dedup_key=None if key is None else f"announce:{key}",
                lane=lane(intervention.id),
            )
        ]

    def unknown(self, context: dict[str, Any], error: ApiError | None) -> list[Effect]:
        """The outcome is unknown: say which routine and window, and offer Create anyway."""
        lang = Language(context.get("lang", Language.EN))
        if "preview" not in context:  # recorded before previews were kept in the context
            return self._reply(context, "unknown", notice(t("outcome.unknown_restarted", lang)))
        preview = Preview.model_validate_json(context["preview"])
        text = t(
            "error.api.outcome_unknown",
            lang,
            routine=preview.target_id,
            window=context.get("window_text", ""),
        )
        return self._reply(context, "unknown", create_anyway_message(text, preview, lang))

    def not_sent(self, context: dict[str, Any]) -> list[Effect]:
        lang = Language(context.get("lang", Language.EN))
        return self._reply(context, "not_sent", notice(t("outcome.not_sent_restarted", lang)))

    def series_changed(self, key: str, version: int) -> list[Effect]:
        """Render the series message and the requester's progress again (as of `version`)."""
        return [
            Effect(kind=kind, payload={"key": key}, target=f"{kind}:{key}", version=version)
            for kind in (SERIES_MESSAGE, SERIES_PROGRESS)
        ]

    @staticmethod
    def _reply(context: dict[str, Any], what: str, message: dict[str, Any]) -> list[Effect]:
        key = context.get("key")
        payload = {"reply": context.get("reply", {}), "message": message}
        dedup = None if key is None else f"{what}:{key}"
        return [Effect(kind=REPLY, payload=payload, dedup_key=dedup)]

    def changed(
        self, before: Intervention | None, after: Intervention, context: dict[str, Any]
    ) -> list[Effect]:
        """The thread reply (a reschedule's shows old → new), then the user's outcome."""
        key = context.get("key")
        shared = context.get("shared")
        if shared is None:  # a reschedule: the window it had in the store just before
            old = before.window if before is not None else None
            shared = t(
                "thread.rescheduled_from" if old else "thread.rescheduled",
                Language(context.get("shared_lang", Language.EN)),
                user=f"<@{context.get('user', '')}>",
                old=shared_window(old) if old else "",
                window=shared_window(after.window) if after.window else "",
            )
        thread_key = None if key is None else f"thread:{key}"
        reply = Effect(
            kind=THREAD_REPLY,
            payload={
                "intervention_id": after.id,
                "message": notice(shared),
                "fallback_channel": context.get("fallback_channel", ""),
            },
            dedup_key=thread_key,
            lane=lane(after.id),
        )
        outcome = Effect(
            kind=CHANGE_OUTCOME,
            payload={
                "intervention_id": after.id,
                "reply": context.get("reply", {}),
                "text": context.get("outcome", ""),
                "lang": context.get("lang", Language.EN),
                "thread": thread_key,
            },
            dedup_key=None if key is None else f"outcome:{key}",
            lane=lane(after.id),
        )
        return [reply, outcome]

    def change_unknown(self, context: dict[str, Any]) -> list[Effect]:
        lang = Language(context.get("lang", Language.EN))
        text = t("outcome.change_unknown_restarted", lang, id=context.get("id", ""))
        return self._reply(context, "unknown", notice(text))

    def change_failed(self, context: dict[str, Any], error: ApiError) -> list[Effect]:
        lang = Language(context.get("lang", Language.EN))
        text = describe_api_error(error, lang, intervention_id=context.get("id"))
        return self._reply(context, "failed", notice(text))

    # Reassignments (`bot.domain.durable.DecisionAnnouncer`) ---------------------------------

    def requested(self, request: ReassignmentRequest, context: dict[str, Any]) -> list[Effect]:
        post = {"request_id": request.id, "fallback_channel": context.get("fallback_channel", "")}
        return [
            Effect(kind=POST_REQUEST, payload=post, lane=lane(request.intervention_id)),
            self._outcome(request, context, "requested"),
        ]

    def applied(
        self,
        request: ReassignmentRequest,
        intervention: Intervention,
        superseded: tuple[ReassignmentRequest, ...],
        context: dict[str, Any],
    ) -> list[Effect]:
        in_lane = lane(intervention.id)
        effects: list[Effect] = []
        if context.get("direct"):  # a manager's own assignment: the thread says so, and why
            note = {
                "intervention_id": intervention.id,
                "by": request.decided_by,
                "assignee": request.proposed.model_dump(mode="json"),
                "reason": request.reason,
                "fallback_channel": context.get("fallback_channel", ""),
            }
            effects.append(Effect(kind=THREAD_NOTE, payload=note, lane=in_lane))
        for shown in (request, *superseded):
            effects += self._decision(shown, None)
        parent = {"intervention_id": intervention.id}
        effects.append(Effect(kind=REFRESH_PARENT, payload=parent, lane=in_lane))
        effects.append(self._outcome(request, context, "assigned"))
        return effects

    def apply_failed(
        self, request: ReassignmentRequest, error: ApiError | None, context: dict[str, Any]
    ) -> list[Effect]:
        team = Language(context.get("team_lang", Language.EN))
        private = failure_text(request, error, Language(context.get("lang", Language.EN)))
        return [
            *self._decision(request, failure_text(request, error, team), context),
            self._outcome(request, context, "failed", text=private),
        ]

    @staticmethod
    def _decision(
        request: ReassignmentRequest, error: str | None, context: dict[str, Any] | None = None
    ) -> list[Effect]:
        shown = {
            "request_id": request.id,
            "error": error,
            "fallback_channel": (context or {}).get("fallback_channel", ""),
        }
        in_lane = lane(request.intervention_id)
        return [
            Effect(kind=SHOW_DECISION, payload=shown, lane=in_lane),
            Effect(kind=TELL_REQUESTER, payload=shown, lane=in_lane),
        ]

    @staticmethod
    def _outcome(
        request: ReassignmentRequest, context: dict[str, Any], outcome: str, text: str = ""
    ) -> Effect:
        payload = {
            "reply": context.get("reply", {}),
            "lang": context.get("lang", Language.EN.value),
            "request_id": request.id,
            "outcome": outcome,
            "text": text,
        }
        return Effect(kind=DECISION_OUTCOME, payload=payload)
