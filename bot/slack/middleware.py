"""Bolt middleware run before every listener: puts `deps`, `caller`, `value` and `modal` in context.

Bolt hands context entries to listeners by name, so a listener declares what it needs
(`value: Preview`, `caller: Caller`, `modal: ModalContext`, `deps: SlackDeps`) instead of parsing
the body itself. Parsing is pure and fast; the `users.info` lookup waits for the listener, after
its ack (`Caller.person`), so no request is acknowledged later than before.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from pydantic import BaseModel
from slack_bolt.context.async_context import AsyncBoltContext

from bot.slack.context import Caller, SlackDeps
from bot.slack.ids import ActionId
from bot.slack.metadata import AssignmentRef, InterventionRef, ModalContext, Preview, RequestRef

Middleware = Callable[..., Awaitable[None]]
# What each button's `value` holds; Cancel's is the preview's claim key, as a plain string.
VALUE_MODELS: dict[str, type[BaseModel]] = {
    ActionId.CONFIRM: Preview,
    ActionId.EDIT: Preview,
    ActionId.CREATE_ANYWAY: Preview,
    ActionId.RESCHEDULE: InterventionRef,
    ActionId.REASSIGN: InterventionRef,
    ActionId.UPDATE: InterventionRef,
    ActionId.RETRY_ASSIGNMENT: AssignmentRef,
    ActionId.APPROVE: RequestRef,
    ActionId.REJECT: RequestRef,
    ActionId.RETRY_REQUEST: RequestRef,
    ActionId.CANCEL_REQUEST: RequestRef,
    ActionId.MARK_DONE: InterventionRef,
    ActionId.HOME_APPROVE: RequestRef,
    ActionId.HOME_REJECT: RequestRef,
}


def listener_context(deps: SlackDeps) -> Middleware:
    """The middleware for an app whose listeners use `deps`."""

    async def attach(
        context: AsyncBoltContext, body: dict[str, Any], next: Callable[[], Awaitable[None]]
    ) -> None:
        context["deps"] = deps
        if user_id := user_of(body):
            context["caller"] = Caller(user_id, deps.people)
        actions = body.get("actions") or []
        if actions and isinstance(actions[0], Mapping):
            context["value"] = button_value(actions[0])
        if body.get("type") in ("view_submission", "view_closed"):
            metadata = (body.get("view") or {}).get("private_metadata") or "{}"
            context["modal"] = ModalContext.model_validate_json(metadata)
        await next()

    return attach


def button_value(action: Mapping[str, Any]) -> BaseModel | str:
    """A clicked button's `value`, read into the model its action id carries."""
    model = VALUE_MODELS.get(str(action.get("action_id")))
    raw = str(action.get("value", ""))
    return model.model_validate_json(raw) if model is not None else raw


def user_of(body: Mapping[str, Any]) -> str | None:
    """Who sent the request: a command's `user_id`, an interaction's `user.id`."""
    user = body.get("user_id") or body.get("user", {})
    return user if isinstance(user, str) else user.get("id")
