"""Slack users for tests: they sign and POST what Slack would send, and read what Slack shows.

An `Actor` types slash commands, clicks buttons by label and fills modals by label, through real
signed HTTP requests to the running bot; what the bot sent back is read from the fake Slack.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import httpx

from bot.api.sandbox import Sandbox
from bot.config import Settings
from bot.fakes.slack import FakeSlack, payloads, text_of

SECRET = "test-signing-secret-8c1f"  # noqa: S105  # the tests' own signing secret
Json = dict[str, Any]


@dataclass
class BotServer:
    """A running bot (in a thread, or an OS process), with the fakes it talks to."""

    url: str
    settings: Settings | None
    slack: FakeSlack
    api: Sandbox

    @property
    def events_url(self) -> str:
        return f"{self.url}/slack/events"


class Actor:
    """One Slack user driving the bot."""

    def __init__(self, user_id: str, bot: BotServer, *, channel: str) -> None:
        self.user_id = user_id
        self.bot = bot
        self.slack = bot.slack
        self.channel = channel
        self.http = httpx.Client(timeout=10)

    def __enter__(self) -> Actor:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.http.close()

    # ----- sending ---------------------------------------------------------------------------

    def post(self, payload: payloads.SlackPayload) -> httpx.Response:
        request = payload.signed(SECRET)
        response = self.http.post(
            self.bot.events_url, content=request.body, headers=request.headers
        )
        assert response.status_code == 200, response.text
        return response

    def command(self, text: str, *, channel: str | None = None) -> httpx.Response:
        """Type `/preventive <text>`."""
        channel = channel or self.channel
        url = self.slack.response_url(channel=channel, user=self.user_id)
        payload = payloads.slash_command(
            text=text, user_id=self.user_id, channel_id=channel, response_url=url
        )
        return self.post(payload)

    def click(self, message: Json, label: str, *, channel: str | None = None) -> httpx.Response:
        """Press the button labelled `label` on a message (ephemeral or not)."""
        channel = channel or message.get("channel") or self.channel
        ephemeral = "user" in message and message.get("via") is not None
        url = self.slack.response_url(
            channel=channel,
            user=self.user_id,
            original_ts=message["ts"],
            original_ephemeral=ephemeral,
        )
        element = payloads.find_button(message, label)
        payload = payloads.block_action(
            element,
            user_id=self.user_id,
            channel_id=channel,
            message=message,
            ephemeral=ephemeral,
            response_url=url,
        )
        return self.post(payload)

    def open_home(self) -> httpx.Response:
        """Open the app's Home tab (Slack sends `app_home_opened`)."""
        return self.post(payloads.app_home_opened(user_id=self.user_id))

    def home(self, *, containing: str = "", timeout: float = 5) -> Json:
        """This user's Home tab once it is published (and shows `containing`)."""

        def found() -> Json | None:
            tab = self.slack.home_tab(self.user_id)
            return tab if tab is not None and containing in text_of(tab) else None

        result = self.slack.wait_for(found, timeout=timeout)
        assert result is not None
        return result

    def click_home(self, label: str, *, containing: str = "") -> httpx.Response:
        """Press a button of this user's Home tab, in the block group that shows `containing`."""
        tab = self.home(containing=containing)
        blocks = tab["blocks"]
        start = next(
            (i for i, b in enumerate(blocks) if containing and containing in text_of(b)), 0
        )
        scope = {"blocks": blocks[start:]}
        element = payloads.find_button(scope, label)
        return self.post(payloads.block_action(element, user_id=self.user_id, view=tab))

    def submit(self, view: Json, answers: dict[str, Any]) -> Json:
        """Fill a modal by label and submit it; returns the ack body (errors, or empty)."""
        values = payloads.fill_view(view, answers)
        payload = payloads.view_submission(view, values, user_id=self.user_id)
        response = self.post(payload)
        ack = response.json() if response.content else {}
        self.slack.apply_view_ack(view["id"], ack)
        return ack

    # ----- reading ---------------------------------------------------------------------------

    def ephemerals(self) -> list[Json]:
        return self.slack.ephemerals(self.user_id)

    def wait_for_ephemeral(self, *, after: int, containing: str = "", timeout: float = 5) -> Json:
        """The newest ephemeral once there are more than `after` (and it contains the text)."""

        def found() -> Json | None:
            shown = self.ephemerals()
            if len(shown) > after and containing in text_of(shown[-1]):
                return shown[-1]
            return None

        result = self.slack.wait_for(found, timeout=timeout)
        assert result is not None
        return result

    def wait_for_text(self, ts: str, containing: str, timeout: float = 5) -> Json:
        """The ephemeral `ts` once it has been replaced by a text containing `containing`."""

        def found() -> Json | None:
            for shown in self.ephemerals():
                if shown["ts"] == ts and containing in text_of(shown):
                    return shown
            return None

        result = self.slack.wait_for(found, timeout=timeout)
        assert result is not None
        return result

    def wait_for_view(self, *, after: int, timeout: float = 5) -> Json:
        def found() -> Json | None:
            opened = self.slack.calls_to("views.open")
            if len(opened) > after:
                views = self.slack.views
                return list(views.values())[-1] if views else None
            return None

        result = self.slack.wait_for(found, timeout=timeout)
        assert result is not None
        return result


def create_directly(api_url: str, *, routine_id: int, status: int = 1) -> int:
    """Create an intervention through the API as another tool would: the bot never sees it."""
    response = httpx.post(
        f"{api_url}/interventions/v2/rs/preventive/routine",
        json={
            "scheduledStart": "2026-03-11T07:00:00.000Z",
            "scheduledEnd": "2026-03-11T09:00:00.000Z",
            "creationStatus": status,
            "routineId": routine_id,
        },
        headers={"Authorization": "Bearer other-tool", "X-Session-Token": "other-session"},
    )
    return int(response.json()["data"]["id"])


def dump(item: Json) -> str:
    """A message as text for assertion messages."""
    return json.dumps(item, ensure_ascii=False, indent=1)[:2000]
