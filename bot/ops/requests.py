"""Watching every Slack request at Bolt's front door, `async_dispatch` (wrapped by `bot.web`).

Both HTTP and Socket Mode call `app.async_dispatch(request)`, which returns once the listener
has acked (the listener goes on in a task it starts). Around it, the request gets an id for the
logs (inherited by that task), is counted by kind, has its acknowledgement timed and logged, and
is held as work in flight. It reads the payload only; it never answers or changes it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from bot.ops.logs import new_request_id, request_id
from bot.ops.metrics import Metrics
from bot.ops.shutdown import Drain
from bot.parsing.commands import subcommand_of

log = logging.getLogger(__name__)
Dispatch = Callable[[Any], Awaitable[Any]]


def request_kind(body: Mapping[str, Any]) -> str:
    """`command.create`, `action.preventive.confirm`, `view.preventive.create_modal`..."""
    if "command" in body:
        return f"command.{subcommand_of(str(body.get('text') or ''))}"
    kind = str(body.get("type") or "other")
    if kind == "block_actions":
        actions = body.get("actions") or [{}]
        return f"action.{actions[0].get('action_id', 'unknown')}"
    if kind in ("view_submission", "view_closed"):
        view = body.get("view") or {}
        return f"view.{view.get('callback_id', 'unknown')}"
    return kind


def watch_requests(dispatch: Dispatch, metrics: Metrics, drain: Drain) -> Dispatch:
    """`dispatch` (a Bolt app's `async_dispatch`), watched."""

    async def watched(request: Any) -> Any:
        started = time.perf_counter()
        token = request_id.set(new_request_id())
        try:
            with drain.request():
                return await dispatch(request)
        finally:
            body = request.body if isinstance(request.body, dict) else {}
            kind, seconds = request_kind(body), time.perf_counter() - started
            metrics.count_command(kind, seconds)
            log.info("slack %s acknowledged in %.0f ms", kind, seconds * 1000)
            request_id.reset(token)

    return watched
