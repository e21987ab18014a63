"""Handing a signed Slack request to the Bolt app in-process, as Bolt's HTTP adapters do.

The demo drives the real app this way; it lives here because only `bot.slack` imports slack_bolt.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest

Dispatcher = Callable[[bytes, Mapping[str, str]], Awaitable[tuple[int, str]]]


def signed_dispatcher(app: AsyncApp) -> Dispatcher:
    """Hand a signed HTTP body to Bolt in-process: (status, body)."""

    async def dispatch(body: bytes, headers: Mapping[str, str]) -> tuple[int, str]:
        request = AsyncBoltRequest(body=body.decode(), headers=dict(headers))
        response = await app.async_dispatch(request)
        return response.status, response.body

    return dispatch
