"""SIGTERM: /healthz turns 503 at once, no new work is taken, work in flight finishes, exit 0."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.api.sandbox import Sandbox
from bot.fakes.slack import payloads
from bot.fakes.slack.block_kit import find_button, text_of
from bot.fakes.slack.fake import FakeSlack
from tests.actors import Actor
from tests.ops.conftest import StartBot, process_for
from tests.slack.socket_mode_server import FakeSocketMode


def test_sigterm_during_a_slow_create_still_confirms_it_and_exits_0(start_bot: StartBot) -> None:
    process, bot = start_bot()
    assert process.process is not None
    with Actor("U0ALICE", bot, channel="C0GENERAL") as alice:
        alice.command("create 12 tomorrow 8am to 5pm")
        preview = alice.wait_for_ephemeral(after=0, containing="Confirm", timeout=10)
        bot.api.latency = 3.0
        alice.click(preview, "Confirm")
        process.process.send_signal(signal.SIGTERM)
        bot.slack.wait_for(lambda: _health(process.url) == 503, timeout=5)
        refused = alice.http.post(bot.events_url, content=b"")
        assert refused.status_code == 503
        assert process.process.wait(timeout=30) == 0
        alice.wait_for_text(preview["ts"], "created", timeout=1)
    assert [r.method for r in bot.api.requests] == ["POST"]
    assert bot.slack.messages("C0HVAC")


def _health(url: str) -> int:
    try:
        return httpx.get(f"{url}/healthz", timeout=2).status_code
    except httpx.TransportError:
        return 0


@pytest.fixture
def socket_server(fake_slack: FakeSlack) -> Iterator[FakeSocketMode]:
    with FakeSocketMode() as server:
        fake_slack.socket_mode_url = server.url
        yield server
        fake_slack.socket_mode_url = None


def test_sigterm_in_socket_mode_closes_the_socket_and_finishes_the_create(
    tmp_path: Path,
    fake_slack: FakeSlack,
    api: Sandbox,
    served_api: tuple[Sandbox, str],
    socket_server: FakeSocketMode,
) -> None:
    app_token = "xapp-process-test"  # noqa: S105  # a test token
    process = process_for(tmp_path, fake_slack, served_api[1], SLACK_APP_TOKEN=app_token)
    del process.env["SLACK_SIGNING_SECRET"]
    process.start()
    try:
        assert process.process is not None
        url = fake_slack.response_url(channel="C0GENERAL", user="U0ALICE")
        command = payloads.slash_command(
            text="create 12 tomorrow 8am to 5pm",
            user_id="U0ALICE",
            channel_id="C0GENERAL",
            response_url=url,
        )
        socket_server.push(command)
        preview = fake_slack.wait_for(lambda: fake_slack.ephemerals("U0ALICE"), timeout=10)[-1]
        click = payloads.block_action(
            find_button(preview, "Confirm"),
            user_id="U0ALICE",
            channel_id="C0GENERAL",
            message=preview,
            ephemeral=True,
            response_url=fake_slack.response_url(
                channel="C0GENERAL",
                user="U0ALICE",
                original_ts=preview["ts"],
                original_ephemeral=True,
            ),
        )
        api.latency = 3.0
        envelope = socket_server.push(click)
        socket_server.wait_for(lambda: socket_server.ack_for(envelope), timeout=5)
        process.process.send_signal(signal.SIGTERM)
        fake_slack.wait_for(lambda: _health(process.url) == 503, timeout=5)
        socket_server.wait_for(lambda: socket_server.live_connections == 0, timeout=5)
        assert process.process.wait(timeout=30) == 0
    finally:
        process.stop()
    [shown] = [e for e in fake_slack.ephemerals("U0ALICE") if e["ts"] == preview["ts"]]
    assert "created" in text_of(shown)
    assert [r.method for r in api.requests] == ["POST"]
