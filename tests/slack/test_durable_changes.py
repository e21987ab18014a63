"""A real `python -m bot` killed (SIGKILL) at each step of a reschedule, then started again;
two reschedules of one intervention confirmed at once on two processes; `chat.update` failing
for a while (DESIGN "Durability"). The parent must end on what the API last answered.

On SQLite shared by the processes, and on PostgreSQL when `TEST_DATABASE_URL` is set.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any, TypeVar

import psycopg

from bot.api.sandbox import Sandbox
from bot.fakes.slack import FakeSlack, text_of
from bot.fakes.slack import payloads as slack_payloads
from bot.slack.metadata import Preview
from bot.store.actions import ActionState
from bot.store.store import Store
from tests.actors import Actor, BotServer
from tests.slack.test_durable_processes import RECOVERED_WITHIN, click_confirm
from tests.store.databases import database_url

__all__ = ["database_url"]  # the fixture: SQLite, and PostgreSQL when TEST_DATABASE_URL is set

T = TypeVar("T")
GHOST = "update:another-process"
LONG = timedelta(minutes=10)
# The first key of the advisory lock the bot takes on an intervention (`lock_intervention`).
INTERVENTION_LOCK = 0x1D0C


def in_store(url: str, use: Callable[[Store], Awaitable[T]]) -> T:
    """Run `use` against the bots' database, from the test's own process."""

    async def run() -> T:
        async with await Store.connect(url) as store:
            return await use(store)

    return asyncio.run(run())


def poll(predicate: Callable[[], T], timeout: float = 10) -> T:
    """Wait for something outside Slack (the API, the store, metrics) to become true."""
    deadline = time.monotonic() + timeout
    while not (result := predicate()):
        if time.monotonic() > deadline:
            raise TimeoutError(f"not true within {timeout}s")
        time.sleep(0.05)
    return result


def patches(api: Sandbox) -> list[Any]:
    return [request.body for request in api.requests if request.method == "PATCH"]


def created(alice: Actor) -> dict[str, Any]:
    """Create #42 through its preview; the confirmation in the team channel."""
    preview = click_confirm(alice)
    alice.wait_for_text(preview["ts"], "created", timeout=15)
    slack = alice.slack
    [confirmation] = slack.wait_for(lambda: slack.messages("C0HVAC"), timeout=15)
    return confirmation


def reschedule_preview(actor: Actor, phrase: str) -> tuple[dict[str, Any], str]:
    """The preview of `reschedule 42 <phrase>` and the key its Confirm carries."""
    before = len(actor.ephemerals())
    actor.command(f"reschedule 42 {phrase}")
    preview = actor.wait_for_ephemeral(after=before, containing="Confirm", timeout=10)
    value = slack_payloads.find_button(preview, "Confirm")["value"]
    return preview, Preview.model_validate_json(value).key


def api_window(api: Sandbox) -> str:
    """How the parent shows the start the API holds for #42 (a Slack date token)."""
    start = api.interventions[42]["scheduledStart"]
    instant = datetime.fromisoformat(start.replace("Z", "+00:00"))
    return f"<!date^{int(instant.timestamp())}^"


def parent_shows_api(slack: FakeSlack, api: Sandbox, ts: str) -> bool:
    return api_window(api) in text_of(slack.message("C0HVAC", ts))


def ends_rescheduled(alice: Actor, preview: dict[str, Any]) -> str:
    shown = alice.wait_for_text(preview["ts"], "rescheduled", timeout=RECOVERED_WITHIN)
    return text_of(shown)


def check_everything_shown(
    bot: BotServer, alice: Actor, preview: dict[str, Any], parent: dict[str, Any]
) -> None:
    """The thread reply, the parent as the API holds it, and the user's outcome, each once."""
    slack = bot.slack
    assert "#42" in ends_rescheduled(alice, preview)
    [reply] = slack.wait_for(lambda: slack.thread("C0HVAC", parent["ts"]), timeout=10)
    assert "rescheduled" in reply["text"]
    assert "<@U0ALICE>" in reply["text"]
    slack.wait_for(lambda: parent_shows_api(slack, bot.api, parent["ts"]), timeout=10)
    assert len(slack.messages("C0HVAC")) == 1  # no second confirmation
    shown = text_of(next(e for e in alice.ephemerals() if e["ts"] == preview["ts"]))
    assert "went wrong" not in shown


def test_killed_before_the_patch_the_change_is_sent_once_after_a_restart(
    start_bot: Any, database_url: str
) -> None:
    """The change waits its turn (another process's change of #42 is in flight) when the bot
    dies: nothing was sent; after a restart it is sent once and everything shown."""
    process, bot = start_bot()
    with Actor("U0ALICE", bot, channel="C0GENERAL") as alice:
        parent = created(alice)

        async def hold_the_turn(store: Store) -> None:
            await store.actions.record_intent(
                key=GHOST, kind="update", payload={}, owner="ghost", intervention_id=42, lease=LONG
            )
            await store.actions.start_sending(GHOST, owner="ghost", lease=LONG)

        in_store(database_url, hold_the_turn)
        preview, key = reschedule_preview(alice, "tomorrow 9am to 11am")
        alice.click(preview, "Confirm")

        async def waiting(store: Store) -> bool:
            record = await store.actions.get(f"reschedule:{key}")
            return record is not None and record.state is ActionState.INTENT

        poll(lambda: in_store(database_url, waiting), timeout=10)
        process.kill()
        assert patches(bot.api) == []

        async def finish_the_other(store: Store) -> None:
            await store.actions.finish_action(GHOST, owner="ghost", state=ActionState.FAILED)

        in_store(database_url, finish_the_other)
        _, restarted = start_bot()
        check_everything_shown(restarted, alice, preview, parent)
    assert len(patches(bot.api)) == 1


def test_killed_with_the_patch_in_flight_it_is_sent_again_and_shown(start_bot: Any) -> None:
    """A reschedule emails nobody: its unknown outcome is settled by sending the same PATCH."""
    process, bot = start_bot()
    with Actor("U0ALICE", bot, channel="C0GENERAL") as alice:
        parent = created(alice)
        preview, _ = reschedule_preview(alice, "tomorrow 9am to 11am")
        bot.api.hang_next()  # the API applies it, and its answer never comes
        alice.click(preview, "Confirm")
        poll(lambda: patches(bot.api), timeout=10)
        process.kill()
        bot.api.release_hangs()

        _, restarted = start_bot()
        check_everything_shown(restarted, alice, preview, parent)
    first, again = patches(bot.api)
    assert first == again


@contextmanager
def store_locked(database_url: str) -> Iterator[Callable[[], None]]:
    """Hold what the bot needs to record a change of #42: SQLite's write lock, or #42's
    advisory lock on PostgreSQL. Yields a wait for the bot to be stuck on it."""
    if database_url.startswith("sqlite"):
        file = sqlite3.connect(database_url.removeprefix("sqlite:///"), timeout=30)
        file.isolation_level = None
        file.execute("BEGIN IMMEDIATE")
        try:
            # SQLite cannot tell who waits for its lock: the bot reads the API's answer within
            # moments (killing it a little earlier is the PATCH-in-flight case, same outcome).
            yield lambda: time.sleep(0.5)
        finally:
            file.execute("ROLLBACK")
            file.close()
        return
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute("SELECT pg_advisory_lock(%s, 42)", (INTERVENTION_LOCK,))

        def someone_waits() -> bool:
            query = (
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                " AND classid = %s AND objid = 42 AND objsubid = 2"
            )
            row = connection.execute(query, (INTERVENTION_LOCK,)).fetchone()
            return row is not None and row[0] > 0

        def stuck() -> None:
            poll(someone_waits)

        yield stuck
        connection.execute("SELECT pg_advisory_unlock(%s, 42)", (INTERVENTION_LOCK,))


def test_killed_after_the_patch_answered_before_the_store_recorded_it(
    start_bot: Any, database_url: str
) -> None:
    """The API applied the change and answered; the bot dies waiting to record it. The same
    PATCH is sent again after the restart (it emails nobody) and everything is shown."""
    process, bot = start_bot()
    with Actor("U0ALICE", bot, channel="C0GENERAL") as alice:
        parent = created(alice)
        preview, _ = reschedule_preview(alice, "tomorrow 9am to 11am")
        created_at = bot.api.interventions[42]["scheduledStart"]
        bot.api.latency = 1.0  # time to lock the store while the PATCH is on its way
        alice.click(preview, "Confirm")
        poll(lambda: patches(bot.api))
        with store_locked(database_url) as stuck:
            poll(lambda: bot.api.interventions[42]["scheduledStart"] != created_at)  # applied
            stuck()
            process.kill()
        bot.api.latency = 0.0

        _, restarted = start_bot()
        check_everything_shown(restarted, alice, preview, parent)
    first, again = patches(bot.api)
    assert first == again


def test_killed_after_recording_before_slack_was_told(start_bot: Any) -> None:
    """The PATCH answered and was recorded with its effects; Slack rate-limits the parent's
    update when the bot dies: another process delivers everything, and nothing is re-sent."""
    process, bot = start_bot()
    with Actor("U0ALICE", bot, channel="C0GENERAL") as alice:
        parent = created(alice)
        preview, _ = reschedule_preview(alice, "tomorrow 9am to 11am")
        bot.slack.rate_limit_next("chat.update", retry_after=3)
        alice.click(preview, "Confirm")
        bot.slack.wait_for(lambda: bot.slack.calls_to("chat.update"), timeout=10)
        process.kill()
        assert bot.slack.thread("C0HVAC", parent["ts"]) == []

        _, restarted = start_bot()
        check_everything_shown(restarted, alice, preview, parent)
    assert len(patches(bot.api)) == 1


def test_chat_update_failing_for_a_while_does_not_fail_the_reschedule(start_bot: Any) -> None:
    _, bot = start_bot()
    slack = bot.slack
    with Actor("U0ALICE", bot, channel="C0GENERAL") as alice:
        parent = created(alice)
        preview, _ = reschedule_preview(alice, "tomorrow 9am to 11am")
        slack.fail_next("chat.update", "cant_update_message")
        slack.rate_limit_next("chat.update", retry_after=1, times=4)
        alice.click(preview, "Confirm")
        check_everything_shown(bot, alice, preview, parent)
    assert len(slack.calls_to("chat.update")) == 6
    assert len(patches(bot.api)) == 1


def test_two_reschedules_confirmed_at_once_on_two_processes_leave_the_api_last_state(
    start_bot: Any, database_url: str
) -> None:
    """Ten rounds of two users confirming reschedules of #42 at the same moment, each on its
    own process: both answered, no incident, and the parent shows what the API holds."""
    _, first = start_bot()
    _, second = start_bot()
    rounds = 10
    with (
        Actor("U0ALICE", first, channel="C0GENERAL") as alice,
        Actor("U0BOB", second, channel="C0GENERAL") as bob,
    ):
        parent = created(alice)

        async def backlog(store: Store) -> int:
            return await store.outbox.backlog()

        shown: list[bool] = []  # after each round: does the parent show the API's state?
        for round_ in range(rounds):
            day = f"in {round_ + 2} days"
            previews = [
                reschedule_preview(alice, f"{day} 9am to 10am")[0],
                reschedule_preview(bob, f"{day} 2pm to 3pm")[0],
            ]
            barrier = threading.Barrier(2)

            def confirm(actor: Actor, preview: dict[str, Any], barrier: Any = barrier) -> None:
                barrier.wait()
                actor.click(preview, "Confirm")

            threads = [
                threading.Thread(target=confirm, args=pair)
                for pair in zip((alice, bob), previews, strict=True)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=30)
            for actor, preview in zip((alice, bob), previews, strict=True):
                assert "#42" in ends_rescheduled(actor, preview)
            poll(lambda: in_store(database_url, backlog) == 0, timeout=60)
            shown.append(parent_shows_api(first.slack, first.api, parent["ts"]))
        answers = [text_of(message) for message in alice.ephemerals() + bob.ephemerals()]
    assert not [a for a in answers if "went wrong" in a or "incident" in a], answers
    assert len(patches(first.api)) == 2 * rounds
    assert shown == [True] * rounds
    assert len(first.slack.thread("C0HVAC", parent["ts"])) == 2 * rounds


def test_an_emailing_update_killed_in_flight_is_never_sent_again(start_bot: Any) -> None:
    """An update that emails the assignee may have gone out when the bot died: after the
    restart it is not sent again, and the user is told an email may have gone."""
    process, bot = start_bot()
    with Actor("U0ALICE", bot, channel="C0GENERAL") as alice:
        created(alice)
        before = len(alice.ephemerals())
        alice.command("update 42")
        view = alice.wait_for_view(after=0, timeout=10)
        bot.api.hang_next()
        emails = ["Email the assignee after this change"]
        alice.submit(view, {"Description": "Check the filters", "Emails": emails})
        poll(lambda: patches(bot.api))
        process.kill()
        bot.api.release_hangs()

        _, restarted = start_bot()
        told = alice.wait_for_ephemeral(
            after=before, containing="email may already have gone", timeout=RECOVERED_WITHIN
        )
    assert "#42" in text_of(told)
    assert patches(restarted.api) == [
        {"description": "Check the filters", "sendUpdateEmailToCurrentAssignee": True}
    ]
