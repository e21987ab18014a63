"""Bolt middleware run before every listener: the gate, then `deps`, `caller`, `value`, `modal`.

`request_gate` comes first: a request from another workspace than the bot's own (its `auth.test`
team) is dropped, and a signed request replayed with the same signature and timestamp is
processed once across processes (the store's seen requests); neither calls anything. The store
check runs beside the ack, never before it (`GatedAck`). When the store cannot be written the
user is told so and nothing else happens.

Bolt hands context entries to listeners by name, so a listener declares what it needs
(`value: Preview`, `caller: Caller`, `modal: ModalContext`, `deps: SlackDeps`) instead of parsing
the body itself. Parsing is pure and fast; the `users.info` lookup waits for the listener, after
its ack (`Caller.person`), so no request is acknowledged later than before. A button value or
modal metadata that does not read (an id outside 1 to 2^31 - 1, broken JSON) is answered as a
parse error quoting it, and no listener runs.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.parsing.errors import ParseError, ParseProblem
from bot.slack.context import Caller, SlackDeps
from bot.slack.ids import ActionId
from bot.slack.metadata import (
    AssignmentRef,
    InterventionRef,
    ModalContext,
    Preview,
    RequestRef,
    SeriesRef,
    SeriesRetry,
)
from bot.store.engines import is_unavailable

logger = logging.getLogger(__name__)
_Model = TypeVar("_Model", bound=BaseModel)
Middleware = Callable[..., Awaitable[BoltResponse | None]]
# Tells the user privately why their request did nothing (`bot.slack.app.refuse`).
Refuse = Callable[[Exception, dict[str, Any], AsyncBoltContext], Awaitable[None]]
# The replay check starts before the ack and is awaited right after it, before any work: a store
# slower than this, such as a SQLite file another process keeps locked, counts as unavailable.
STORE_CHECK_SECONDS = 3.0
# Which problem a bad id in a button value or modal metadata is, by field name.
_ID_PROBLEMS = {
    "routine_id": ParseProblem.BAD_ROUTINE,
    "profile_id": ParseProblem.BAD_ASSIGNEE,
    "company_contact_id": ParseProblem.BAD_ASSIGNEE,
}


class StoreUnavailableError(Exception):
    """The store could not record the request in time: nothing was done."""


class RequestDropped(asyncio.CancelledError):  # ends the listener's task
    """The listener stops right after its ack: a replay, or a store that cannot record it.

    A cancellation rather than an error, because Bolt's runner, on an error raised after the ack,
    withdraws the ack it was about to send (the request would be answered 404); a cancelled
    listener task leaves the ack as it was.
    """


class GatedAck(AsyncAck):
    """Bolt's ack, then the replay check: the HTTP answer leaves at once (Bolt's runner sends it
    as soon as `response` is set), and the listener goes on only for a request's first sighting.

    The check was started by the gate when the request came in, so it has usually finished by
    the time the listener acknowledges. A replay stops the listener quietly; a store that cannot
    record the request tells the user so, then stops it; either way before any work.
    """

    def __init__(self, check: asyncio.Future[bool], refuse: Callable[[Exception], Awaitable[None]]):
        self.response = None  # all of `AsyncAck.__init__`, which is untyped
        self._check = check
        self._refuse = refuse
        self._settled = False

    async def __call__(self, *args: Any, **kwargs: Any) -> BoltResponse:
        response = await super().__call__(*args, **kwargs)
        if not self._settled:
            self._settled = True
            try:
                first = await _settle(self._check)
            except StoreUnavailableError as error:
                await self._refuse(error)
                raise RequestDropped("the store cannot record the request") from error
            if not first:
                logger.warning("ignored a replayed request")
                raise RequestDropped("replayed request")
        return response


def request_gate(deps: SlackDeps, refuse: Refuse) -> Middleware:
    """The first middleware: the bot's own workspace only, and each signed request once.

    Commands and interactions are acknowledged before the replay check is awaited (`GatedAck`),
    so the store never delays an ack; events, acknowledged by Bolt itself, wait for the check.
    """

    async def gate(
        context: AsyncBoltContext,
        request: AsyncBoltRequest,
        body: dict[str, Any],
        next: Callable[[], Awaitable[None]],
    ) -> BoltResponse | None:
        if not _from_own_workspace(deps.workspace.team_id, context, body):
            logger.warning("refused a request from workspace %s", context.team_id)
            return BoltResponse(status=403, body="")
        signature = _header(request, "x-slack-signature")
        timestamp = _header(request, "x-slack-request-timestamp")
        if signature and timestamp and timestamp.isdigit():
            check = asyncio.ensure_future(
                deps.store.replays.first_sighting(signature=signature, timestamp=int(timestamp))
            )
            if body.get("type") != "event_callback":
                context["ack"] = GatedAck(check, lambda error: refuse(error, body, context))
                await next()
                return None
            try:
                first = await _settle(check)
            except StoreUnavailableError as error:
                await refuse(error, body, context)
                return BoltResponse(status=200, body="")
            if not first:
                logger.warning("ignored a replayed event (timestamp %s)", timestamp)
                return BoltResponse(status=200, body="")
        await next()
        return None

    return gate


async def _settle(check: asyncio.Future[bool]) -> bool:
    """The store's answer, within `STORE_CHECK_SECONDS`; the write goes on in the background
    when the store is slow (it is harmless once the user has been told)."""
    try:
        return await asyncio.wait_for(asyncio.shield(check), STORE_CHECK_SECONDS)
    except TimeoutError as error:
        check.add_done_callback(_forget)
        raise StoreUnavailableError("the store did not answer in time") from error
    except Exception as error:
        if is_unavailable(error):
            raise StoreUnavailableError(type(error).__name__) from error
        raise


def _forget(task: asyncio.Future[bool]) -> None:
    if not task.cancelled() and task.exception() is not None:
        logger.warning("a late replay check failed: %s", type(task.exception()).__name__)


def _header(request: AsyncBoltRequest, name: str) -> str | None:
    values = request.headers.get(name) or []
    return values[0] if values else None


def _from_own_workspace(
    learnt: str | None, context: AsyncBoltContext, body: Mapping[str, Any]
) -> bool:
    """True when every team the request names is the bot's: `auth.test`'s at start-up, else
    Bolt's own `auth.test` (cached from the first request)."""
    own = learnt or (context.authorize_result.team_id if context.authorize_result else None)
    if own is None:
        return True  # an org-wide install answers for every workspace of its organisation
    named = {context.team_id, *_teams_in(body)} - {None, ""}
    return named == {own}


def _teams_in(body: Mapping[str, Any]) -> set[str | None]:
    """The team ids a payload carries: the command's, the interaction's, its user's, its view's."""
    teams: set[str | None] = {body.get("team_id")}
    for part in ("team", "user", "view"):
        value = body.get(part)
        if isinstance(value, Mapping):
            teams.add(value.get("id") if part == "team" else value.get("team_id"))
    return {team if isinstance(team, str) else None for team in teams}


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
    ActionId.SERIES_CONFIRM: SeriesRef,
    ActionId.SERIES_EDIT: SeriesRef,
    ActionId.SERIES_RETRY: SeriesRetry,
}


def listener_context(deps: SlackDeps, refuse: Refuse) -> Middleware:
    """The middleware for an app whose listeners use `deps`."""

    async def attach(
        context: AsyncBoltContext, body: dict[str, Any], next: Callable[[], Awaitable[None]]
    ) -> BoltResponse | None:
        context["deps"] = deps
        if user_id := user_of(body):
            context["caller"] = Caller(user_id, deps.people)
        try:
            actions = body.get("actions") or []
            if actions and isinstance(actions[0], Mapping):
                context["value"] = button_value(actions[0])
            if body.get("type") in ("view_submission", "view_closed"):
                metadata = (body.get("view") or {}).get("private_metadata") or "{}"
                context["modal"] = _read(ModalContext, str(metadata))
        except ParseError as error:
            await refuse(error, body, context)
            return BoltResponse(status=200, body="")
        await next()
        return None

    return attach


def button_value(action: Mapping[str, Any]) -> BaseModel | str:
    """A clicked button's `value`, read into the model its action id carries."""
    model = VALUE_MODELS.get(str(action.get("action_id")))
    raw = str(action.get("value", ""))
    return _read(model, raw) if model is not None else raw


def _read(model: type[_Model], raw: str) -> _Model:
    """`raw` read as `model`; a value that does not read is a parse error quoting the culprit."""
    try:
        return model.model_validate_json(raw)
    except ValidationError as error:
        problems = error.errors()
        first = problems[0] if problems else None
        if first is None or first["type"].startswith("json"):
            raise ParseError(ParseProblem.BAD_ID, raw) from None
        field = str(first["loc"][-1]) if first["loc"] else ""
        problem = _ID_PROBLEMS.get(field, ParseProblem.BAD_ID)
        raise ParseError(problem, str(first.get("input", raw))) from None


def user_of(body: Mapping[str, Any]) -> str | None:
    """Who sent the request: a command's `user_id`, an interaction's `user.id`."""
    user = body.get("user_id") or body.get("user", {})
    return user if isinstance(user, str) else user.get("id")
