"""Socket Mode end to end: the same app over a local websocket, no signing secret, reconnects."""

from __future__ import annotations

import functools
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from websockets.exceptions import ConnectionClosed

from bot.api.sandbox import Sandbox
from bot.config import BotConfig
from bot.fakes.slack import FakeSlack, payloads, text_of
from bot.web import create_web_app
from tests.api.servers import serve_app
from tests.conftest import Clock, bot_settings
from tests.slack.socket_mode_server import FakeSocketMode


def deliver_until_acked(server: FakeSocketMode, payload: payloads.SlackPayload) -> str:
    """Push like Slack does: an envelope that lands on a closing socket is sent again."""
    for _ in range(5):
        try:
            envelope = server.push(payload)
            server.wait_for(functools.partial(server.ack_for, envelope), timeout=2)
        except (ConnectionClosed, TimeoutError):
            time.sleep(0.2)
            continue
        return envelope
    raise AssertionError("no acknowledgement after 5 deliveries")


@pytest.fixture
def socket_server(fake_slack: FakeSlack) -> Iterator[FakeSocketMode]:
    with FakeSocketMode() as server:
        fake_slack.socket_mode_url = server.url
        yield server
        fake_slack.socket_mode_url = None


@pytest.fixture
def socket_bot(
    tmp_path: Path,
    fake_slack: FakeSlack,
    api: Sandbox,
    served_api: tuple[Sandbox, str],
    clock: Clock,
    bot_config: BotConfig,
    socket_server: FakeSocketMode,
) -> Iterator[str]:
    settings = bot_settings(
        tmp_path,
        fake_slack.url,
        served_api[1],
        slack_app_token="xapp-test-app-token",  # noqa: S106  # a test token
        slack_signing_secret=None,
    )
    with serve_app(create_web_app(settings, bot_config, now=clock), lifespan="on") as url:
        yield url


def test_a_command_over_the_socket_is_acked_and_previewed(
    socket_bot: str, socket_server: FakeSocketMode, fake_slack: FakeSlack
) -> None:
    assert httpx.get(f"{socket_bot}/healthz").status_code == 200
    url = fake_slack.response_url(channel="C0GENERAL", user="U0ALICE")
    payload = payloads.slash_command(
        text="create 12 tomorrow 8am to 5pm",
        user_id="U0ALICE",
        channel_id="C0GENERAL",
        response_url=url,
    )
    envelope = socket_server.push(payload)
    socket_server.wait_for(lambda: socket_server.ack_for(envelope))
    preview = fake_slack.wait_for(lambda: fake_slack.ephemerals("U0ALICE"))[-1]
    assert "Wed 11 Mar, 08:00" in text_of(preview)
    # Socket Mode requests are not signed, so HTTP events are not served at all.
    assert httpx.post(f"{socket_bot}/slack/events", content=payload.body()).status_code == 404


def test_the_bot_reconnects_after_slack_asks_it_to(
    socket_bot: str, socket_server: FakeSocketMode, fake_slack: FakeSlack
) -> None:
    before = socket_server.accepted_connections
    socket_server.disconnect()
    socket_server.wait_for(lambda: socket_server.accepted_connections > before, timeout=10)
    socket_server.wait_for(lambda: socket_server.live_connections == 1, timeout=10)
    url = fake_slack.response_url(channel="C0GENERAL", user="U0ALICE")
    payload = payloads.slash_command(
        text="help", user_id="U0ALICE", channel_id="C0GENERAL", response_url=url
    )
    deliver_until_acked(socket_server, payload)
    help_text = fake_slack.wait_for(lambda: fake_slack.ephemerals("U0ALICE"))[-1]
    assert "/preventive create" in text_of(help_text)


def test_health_is_503_while_the_socket_is_down(
    socket_bot: str, socket_server: FakeSocketMode, fake_slack: FakeSlack
) -> None:
    assert httpx.get(f"{socket_bot}/healthz").status_code == 200
    socket_server.stop()
    fake_slack.wait_for(lambda: httpx.get(f"{socket_bot}/healthz").status_code == 503, timeout=10)
