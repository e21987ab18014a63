"""Reminders before each start, end to end: once across two bot processes, moved by a reschedule.

Both bots serve the same SQLite file with a follow-up pass every 0.1 s, against one fake Slack and
one sandbox, and read the tests' clock; moving the clock makes a reminder due.
"""

from __future__ import annotations

import contextlib
import itertools
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.api.sandbox import Sandbox
from bot.config import BotConfig
from bot.fakes.slack import FakeSlack, text_of
from bot.web import create_web_app
from tests.actors import Actor, BotServer
from tests.api.servers import serve_app
from tests.conftest import Clock, bot_settings
from tests.slack.test_change_flows import create_intervention

PASS_SECONDS = 0.1


@pytest.fixture
def two_bots(
    tmp_path: Path,
    fake_slack: FakeSlack,
    api: Sandbox,
    served_api: tuple[Sandbox, str],
    clock: Clock,
    bot_config: BotConfig,
) -> Iterator[list[BotServer]]:
    """Two bot processes on one database, each following up every 0.1 s."""
    settings = bot_settings(tmp_path, fake_slack.url, served_api[1])
    with contextlib.ExitStack() as stack:
        bots = []
        for _ in range(2):
            app = create_web_app(settings, bot_config, now=clock, follow_up_every=PASS_SECONDS)
            url = stack.enter_context(serve_app(app, lifespan="on"))
            bots.append(BotServer(url, settings, fake_slack, api))
        yield bots


def direct_messages(slack: FakeSlack, user: str) -> list[str]:
    return [text_of(message) for message in slack.messages(user)]


def notes(slack: FakeSlack, parent_ts: str) -> list[str]:
    return [m["text"] for m in slack.thread("C0HVAC", parent_ts) if "Starts" in m["text"]]


def let_passes_run(count: int = 10) -> None:
    """Give both processes `count` more follow-up passes (to show nothing more is sent)."""
    time.sleep(PASS_SECONDS * count)


def test_a_reminder_reaches_the_assignee_once_from_two_processes(
    two_bots: list[BotServer], clock: Clock
) -> None:
    bot = two_bots[0]
    with Actor("U0ALICE", bot, channel="C0GENERAL") as alice:
        parent = create_intervention(alice, bot, "create 12 today 11am to noon assign <@U0BOB|bob>")
    let_passes_run()
    assert direct_messages(bot.slack, "U0BOB") == []  # 09:15: not yet due
    clock.advance(minutes=45, seconds=30)  # 10:00:30, an hour before the start
    bot.slack.wait_for(lambda: direct_messages(bot.slack, "U0BOB"))
    bot.slack.wait_for(lambda: notes(bot.slack, parent["ts"]))
    let_passes_run()
    [reminder] = direct_messages(bot.slack, "U0BOB")
    assert "Reminder: *#42* (routine 12) starts" in reminder, reminder
    [note] = notes(bot.slack, parent["ts"])
    assert "<@U0BOB> has been reminded" in note
    assert direct_messages(bot.slack, "U0ALICE") == []


def test_a_rescheduled_reminder_moves_and_a_past_start_gets_none(
    two_bots: list[BotServer], clock: Clock
) -> None:
    bot = two_bots[1]
    with Actor("U0ALICE", bot, channel="C0GENERAL") as alice:
        parent = create_intervention(alice, bot, "create 12 today 11am to noon")
        alice.command("reschedule 42 today 2pm to 3pm")
        preview = alice.wait_for_ephemeral(after=1, containing="Confirm")
        alice.click(preview, "Confirm")
        alice.wait_for_text(preview["ts"], "rescheduled")
    clock.advance(minutes=50)  # 10:05: the old start's reminder time has passed
    let_passes_run()
    assert direct_messages(bot.slack, "U0ALICE") == []
    clock.advance(hours=3, minutes=-4)  # 13:01
    [reminder] = bot.slack.wait_for(lambda: direct_messages(bot.slack, "U0ALICE"))
    assert "*#42*" in reminder
    assert "Reminder" in reminder
    bot.slack.wait_for(lambda: notes(bot.slack, parent["ts"]))
    with Actor("U0ALICE", bot, channel="C0GENERAL") as alice:
        create_intervention(alice, bot, "create 13 today 2:30pm to 3pm")
    clock.advance(hours=2)  # 15:01: #43 started half an hour ago
    let_passes_run()
    assert all("#43" not in m for m in direct_messages(bot.slack, "U0ALICE"))


def test_an_open_home_tab_is_republished_once_after_a_change_that_concerns_its_viewer(
    two_bots: list[BotServer],
) -> None:
    bot = two_bots[0]
    with Actor("U0BOB", bot, channel="C0GENERAL") as bob:
        bob.open_home()
        assert "Nothing scheduled." in text_of(bob.home())
        with Actor("U0ALICE", bot, channel="C0GENERAL") as alice:
            create_intervention(alice, bot, "create 12 tomorrow 8am assign <@U0BOB|bob>")
        bob.home(containing="#42")
        let_passes_run()
        calls = bot.slack.calls_to("views.publish")
        shown = [c.args["view"]["blocks"][:-1] for c in calls if c.args["user_id"] == "U0BOB"]
    # Each change (created, assigned, posted) is published once, by one of the two processes.
    assert len(shown) >= 2
    assert all(before != after for before, after in itertools.pairwise(shown))
