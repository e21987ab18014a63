"""What operations need from slack_sdk: counting Web API errors, and `auth.test` for `check`.

`SlackErrorCounter` goes first in the client's retry handlers: slack_sdk shows it every answer
(429s that a later handler retries included) and it never asks for a retry itself. It lives with
the rest of slack_sdk's uses; the listeners never see it (`bot.web` installs it, `bot.ops.check`
calls `identify`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import ClientError
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Settings

CountError = Callable[[str, str], None]
# Builds the bot's Slack client from the settings (for `check`, which must not build the app).
SlackClientFactory = Callable[[Settings], AsyncWebClient]


class SlackErrorCounter(AsyncRetryHandler):
    """Calls `count(method, error)` for each Web API answer that is an error."""

    def __init__(self, count: CountError) -> None:
        super().__init__(max_retry_count=0)
        self._count = count

    async def can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        method = request.url.rstrip("/").rsplit("/", 1)[-1]
        if error is not None:
            self._count(method, "connection_error")
        elif response is not None:
            reason = _error_of(response)
            if reason is not None:
                self._count(method, reason)
        return False


def _error_of(response: HttpResponse) -> str | None:
    if response.status_code == 429:
        return "ratelimited"
    body: Any = response.body
    if isinstance(body, dict) and body.get("ok") is False:
        return str(body.get("error") or "unknown")
    if response.status_code >= 400:
        return f"http_{response.status_code}"
    return None


def watch_slack_errors(client: AsyncWebClient, count: CountError) -> None:
    """Put a `SlackErrorCounter` in front of `client`'s retry handlers."""
    client.retry_handlers.insert(0, SlackErrorCounter(count))


@dataclass(frozen=True)
class SlackIdentity:
    """What `auth.test` says: the workspace and the bot's name."""

    team: str
    user: str


async def identify(client: AsyncWebClient) -> SlackIdentity:
    """`auth.test` through the client's base URL; `SlackCheckError` with Slack's error."""
    try:
        answer = await client.auth_test()
    except SlackApiError as error:
        raise SlackCheckError(str(error.response.get("error") or "unknown")) from None
    except (OSError, ClientError) as error:
        raise SlackCheckError(type(error).__name__) from None
    return SlackIdentity(str(answer.get("team") or "?"), str(answer.get("user") or "?"))


class SlackCheckError(Exception):
    """`auth.test` failed; `reason` is Slack's error code or the connection error's kind."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
