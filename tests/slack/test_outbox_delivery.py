"""The outbox after a create: Slack failing for a while delays the confirmation and the user's
outcome, never loses them, and never tells the user the create failed (DESIGN "Durability")."""

from __future__ import annotations

from typing import Any

from bot.fakes.slack import text_of
from tests.actors import Actor, BotServer


def confirm(alice: Actor, text: str = "create 12 tomorrow 8am to 5pm") -> dict[str, Any]:
    alice.command(text)
    preview = alice.wait_for_ephemeral(after=0, containing="Confirm")
    alice.click(preview, "Confirm")
    return preview


def test_a_confirmation_failing_twice_is_posted_once_slack_recovers(
    alice: Actor, bot_server: BotServer
) -> None:
    slack = bot_server.slack
    slack.fail_next("chat.postMessage", "internal_error", times=2)
    preview = confirm(alice)
    shown = alice.wait_for_text(preview["ts"], "created", timeout=15)
    assert "#42" in text_of(shown)
    assert "went wrong" not in text_of(shown)
    [confirmation] = slack.messages("C0HVAC")
    assert "42" in text_of(confirmation)
    failed = [call for call in slack.calls_to("chat.postMessage") if not call.ok]
    assert [call.error for call in failed] == ["internal_error", "internal_error"]


def test_a_rate_limited_confirmation_waits_for_retry_after_then_is_posted(
    alice: Actor, bot_server: BotServer
) -> None:
    slack = bot_server.slack
    slack.rate_limit_next("chat.postMessage", retry_after=2, times=3)
    preview = confirm(alice)
    alice.wait_for_text(preview["ts"], "created", timeout=20)
    assert len(slack.messages("C0HVAC")) == 1
    assert sum(1 for r in bot_server.api.requests if r.method == "POST") == 1
