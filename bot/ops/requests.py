"""Bolt global middleware (registered by `bot.web`) watching every Slack request.

It gives the request an id for the logs, counts it by kind, times its acknowledgement (async
Bolt's `next()` returns once the listener has acked) and holds it as work in flight. It reads
the payload only; it never answers or changes it.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from bot.ops.logs import new_request_id, request_id
from bot.ops.metrics import Metrics
from bot.ops.shutdown import Drain
from bot.parsing.commands import subcommand_of

Middleware = Callable[..., Awaitable[Any]]


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


def watch_requests(metrics: Metrics, drain: Drain) -> Middleware:
    """The middleware; Bolt passes `body` and `next_` by name."""

    async def watch(body: dict[str, Any], next_: Callable[[], Awaitable[Any]]) -> Any:
        started = time.perf_counter()
        token = request_id.set(new_request_id())
        try:
            with drain.request():
                return await next_()
        finally:
            metrics.count_command(request_kind(body), time.perf_counter() - started)
            request_id.reset(token)

    return watch
