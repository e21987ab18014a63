"""A stateful fake of the Slack Web API and its response URLs, for tests and `python -m bot demo`.

It answers like Slack (ok/error bodies, 429s, ts values, view ids), keeps what users would see, and
records every call; it never reaches beyond 127.0.0.1 and holds no real token. `FakeSlack` is the
workspace (`state`) plus queued faults (`faults`) and the HTTP app (`routes`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.fakes.serving import ThreadedServer
from bot.fakes.slack import response_urls, routes, views
from bot.fakes.slack.faults import Faults
from bot.fakes.slack.state import Workspace


class FakeSlack(Workspace):
    """Workspace state, plus the ASGI app (`asgi`) serving `/api/<method>` and `/response/<key>`."""

    def __init__(
        self,
        *,
        team_id: str = "T0TEAM",
        bot_user_id: str = "U0BOT",
        bot_id: str = "B0BOT",
        app_id: str = "A0PREVENT",
        socket_mode_url: str | None = None,
        trigger_ttl: float | None = 3.0,
        origin: str = "http://slack.fake",
    ) -> None:
        self.faults = Faults()
        super().__init__(
            team_id=team_id,
            bot_user_id=bot_user_id,
            bot_id=bot_id,
            app_id=app_id,
            socket_mode_url=socket_mode_url,
            trigger_ttl=trigger_ttl,
        )
        self.origin = origin
        self.asgi = routes.web_api(self, self.faults)

    @property
    def url(self) -> str:
        """Base URL for slack_sdk's `base_url` and `SLACK_API_URL`."""
        return f"{self.origin}/api/"

    def reset(self) -> None:
        """Forget calls, messages, ephemerals, views, triggers and faults; keep users, channels."""
        super().reset()
        self.faults.clear()

    def response_url(
        self,
        *,
        channel: str,
        user: str,
        original_ts: str | None = None,
        original_ephemeral: bool = False,
        key: str | None = None,
    ) -> str:
        """Issue a response URL bound to a channel and user, and to the message a button was on."""
        key = response_urls.issue(
            self,
            channel=channel,
            user=user,
            original_ts=original_ts,
            original_ephemeral=original_ephemeral,
            key=key,
        )
        return f"{self.origin}/response/{key}"

    def rate_limit_next(self, method: str, retry_after: int = 1, times: int = 1) -> None:
        """Answer the next `times` calls of `method` with HTTP 429 and `Retry-After`."""
        self.faults.rate_limit_next(method, retry_after, times)

    def fail_next(self, method: str, error: str = "internal_error", times: int = 1) -> None:
        """Answer the next `times` calls of `method` with `{"ok": false, "error": error}`."""
        self.faults.fail_next(method, error, times)

    def delay_next(self, method: str, seconds: float, times: int = 1) -> None:
        """Make the next `times` calls of `method` wait `seconds` before being handled."""
        self.faults.delay_next(method, seconds, times)

    def answer_late_next(self, method: str, seconds: float, times: int = 1) -> None:
        """Handle the next `times` calls of `method` at once (a posted message shows), then wait
        `seconds` before answering, as a slow network back to the caller would."""
        self.faults.answer_late_next(method, seconds, times)

    def apply_view_ack(self, view_id: str, ack: Mapping[str, Any] | None = None) -> None:
        """Do what Slack does with a view_submission ack body: close, update, push, clear, keep."""
        views.apply_view_ack(self, view_id, ack)


class FakeSlackServer:
    """Serves a FakeSlack with uvicorn on 127.0.0.1:0, in a background thread with its own loop."""

    def __init__(self, fake: FakeSlack | None = None) -> None:
        self.fake = fake or FakeSlack()
        self._server = ThreadedServer(self.fake.asgi, name="fake-slack")
        self.fake.origin = self._server.origin

    @property
    def url(self) -> str:
        """`http://127.0.0.1:PORT/api/`, for slack_sdk's `base_url` and `SLACK_API_URL`."""
        return self.fake.url

    def start(self) -> FakeSlackServer:
        """Start serving and return once the socket accepts requests."""
        self._server.start()
        return self

    def stop(self) -> None:
        """Stop serving and wait for the thread to end."""
        self._server.stop()

    def __enter__(self) -> FakeSlack:
        return self.start().fake

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
