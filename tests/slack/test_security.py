"""Signatures are always verified, and secrets never reach Slack or a log line."""

from __future__ import annotations

import json
import logging
import time

import httpx
import pytest

from bot.fakes.slack import payloads
from bot.ops.logs import FORMATS
from tests.actors import SECRET, Actor, BotServer
from tests.api.test_secrets import formatted_lines


def _command(bot: BotServer) -> payloads.SlackPayload:
    url = bot.slack.response_url(channel="C0GENERAL", user="U0ALICE")
    return payloads.slash_command(
        text="create 12 tomorrow 8am", user_id="U0ALICE", channel_id="C0GENERAL", response_url=url
    )


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param(lambda body: payloads.sign(body, "not-the-secret"), id="forged"),
        pytest.param(
            lambda body: {"Content-Type": "application/x-www-form-urlencoded"}, id="unsigned"
        ),
        pytest.param(
            lambda body: payloads.sign(body, SECRET, int(time.time()) - 600), id="ten-minutes-old"
        ),
    ],
)
def test_bad_signatures_are_refused_with_401_and_cause_no_call(
    bot_server: BotServer, headers: object
) -> None:
    body = _command(bot_server).body()
    response = httpx.post(bot_server.events_url, content=body, headers=headers(body))  # type: ignore[operator]  # the param is a callable
    assert response.status_code == 401
    time.sleep(0.3)  # a listener, had one run, would have called Slack by now
    assert bot_server.api.requests == []
    assert [c.method for c in bot_server.slack.calls if c.method != "auth.test"] == []


def test_health_answers_once_ready(bot_server: BotServer) -> None:
    assert httpx.get(f"{bot_server.url}/healthz").status_code == 200


@pytest.mark.parametrize("log_format", FORMATS)
def test_no_secret_reaches_slack_or_the_logs(
    log_format: str, alice: Actor, bot_server: BotServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    alice.command("create 12 tomorrow 8am to 5pm assign profile:17")
    preview = alice.wait_for_ephemeral(after=0, containing="Confirm")
    alice.click(preview, "Confirm")
    alice.wait_for_text(preview["ts"], "created")
    bot_server.api.fail_next(401, method="PATCH")
    alice.command("reschedule 42 friday 9am")
    second = alice.wait_for_ephemeral(after=1, containing="Confirm")
    alice.click(second, "Confirm")
    alice.wait_for_text(second["ts"], "renew the bot's access")

    sandbox = bot_server.api
    planted = [
        str(sandbox.code_pin),
        sandbox.img_signature,
        sandbox.create_token,
        "api-token-PLANTED-4242",
        "session-token-PLANTED-4343",
        "xoxb-test-bot-token",
        SECRET,
    ]
    sent_to_slack = json.dumps([call.args for call in bot_server.slack.calls], ensure_ascii=False)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    logged += "\n".join(str(record.args) for record in caplog.records)
    logged += "\n".join(formatted_lines(caplog.records, log_format))
    for secret in planted:
        assert secret not in sent_to_slack
        assert secret not in logged
