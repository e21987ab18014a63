"""A real `python -m bot` killed (SIGKILL) in the middle of a series, then started again: every
occurrence is sent exactly once, the one in flight is listed as unknown and never re-sent by
itself (DESIGN "Recurring plans", "Durability").

On SQLite shared by the processes, and on PostgreSQL when `TEST_DATABASE_URL` is set.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from bot.api.sandbox import Sandbox
from bot.fakes.slack import text_of
from tests.actors import Actor, dump
from tests.slack.test_series import progress, series_message
from tests.store.databases import database_url

__all__ = ["database_url"]  # the fixture: SQLite, and PostgreSQL when TEST_DATABASE_URL is set

RECOVERED_WITHIN = 90  # the dead process's leases (15 s) expire, then recovery sends the rest


def posts(api: Sandbox) -> int:
    return sum(1 for request in api.requests if request.method == "POST")


def until(predicate: Any, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("the condition did not hold in time")
        time.sleep(0.01)


def test_killed_after_the_third_of_eight_posts_the_restart_makes_exactly_eight(
    start_bot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SERIES_CONCURRENCY", "1")  # one POST in flight: the 3rd is cut off
    process, bot = start_bot()
    bot.api.latency = 1.0
    with Actor("U0ALICE", bot, channel="C0GENERAL") as alice:
        alice.command("create 12 every monday 8am to 12pm for 8 weeks")
        preview = alice.wait_for_ephemeral(after=0, containing="Confirm", timeout=10)
        assert "8 interventions" in text_of(preview)
        alice.click(preview, "Confirm")
        until(lambda: posts(bot.api) >= 3, timeout=20)
        process.kill()
        assert posts(bot.api) == 3
        bot.api.latency = 0.0

        _, restarted = start_bot()
        shown = progress(bot.slack, "U0ALICE", "7/8 created", timeout=RECOVERED_WITHIN)
        until(lambda: "sending" not in text_of(bot.slack.messages("U0ALICE")[-1]), timeout=10)
    assert posts(restarted.api) == 8
    assert len(restarted.api.interventions) == 8  # the 3rd was created; its answer never came
    final = text_of(bot.slack.messages("U0ALICE")[-1])
    assert final.count("outcome unknown") == 1, dump(shown)
    assert "Retry the 1 failed" in final

    def seven_ids() -> bool:
        [message] = bot.slack.messages("C0HVAC")
        return sum(f"#{i}" in message["text"] for i in range(42, 50)) == 7

    bot.slack.wait_for(seven_ids, timeout=10)  # the series message follows the progress


def test_sigterm_mid_series_finishes_the_call_in_flight_and_a_restart_sends_the_rest(
    start_bot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGTERM's drain: the create in flight gets its answer and is recorded; nothing is
    unknown, and the occurrences not started are sent by the next process, each once."""
    monkeypatch.setenv("SERIES_CONCURRENCY", "1")
    process, bot = start_bot()
    bot.api.latency = 1.0
    with Actor("U0ALICE", bot, channel="C0GENERAL") as alice:
        alice.command("create 12 every monday 8am to 12pm for 8 weeks")
        preview = alice.wait_for_ephemeral(after=0, containing="Confirm", timeout=10)
        alice.click(preview, "Confirm")
        until(lambda: posts(bot.api) >= 3, timeout=20)
        process.stop()
        assert process.process is not None
        assert process.process.returncode == 0
        assert posts(bot.api) == 3
        bot.api.latency = 0.0

        start_bot()
        done = progress(bot.slack, "U0ALICE", "8/8 created", timeout=RECOVERED_WITHIN)
        series_message(bot.slack, range(42, 50))
    assert posts(bot.api) == 8
    assert len(bot.api.interventions) == 8
    assert "outcome unknown" not in text_of(done)
    assert len(bot.slack.messages("C0HVAC")) == 1
