"""A real `python -m bot` killed (SIGKILL) in the middle of a create, then started again:
exactly one POST, and the user's "Sending…" always ends on the outcome (DESIGN "Durability").

On SQLite shared by the processes, and on PostgreSQL when `TEST_DATABASE_URL` is set.
"""

from __future__ import annotations

import threading
from typing import Any

from bot.api.sandbox import Sandbox
from bot.fakes.slack import text_of
from tests.actors import Actor
from tests.store.databases import database_url

__all__ = ["database_url"]  # the fixture: SQLite, and PostgreSQL when TEST_DATABASE_URL is set

# An action's lease (15 s) or an effect's (30 s) must expire before another process takes it.
RECOVERED_WITHIN = 60


def posts(api: Sandbox) -> int:
    return sum(1 for request in api.requests if request.method == "POST")


def click_confirm(alice: Actor) -> dict[str, Any]:
    alice.command("create 12 tomorrow 8am to 5pm")
    preview = alice.wait_for_ephemeral(after=0, containing="Confirm", timeout=10)
    alice.click(preview, "Confirm")
    alice.wait_for_text(preview["ts"], "Sending", timeout=10)
    return preview


def test_killed_after_the_post_returned_the_confirmation_and_the_outcome_follow_a_restart(
    start_bot: Any,
) -> None:
    process, bot = start_bot()
    slack = bot.slack
    # The confirmation meets a 429: the outbox holds it for Retry-After while the bot dies.
    slack.rate_limit_next("chat.postMessage", retry_after=3)
    with Actor("U0ALICE", bot, channel="C0GENERAL") as alice:
        preview = click_confirm(alice)
        slack.wait_for(lambda: slack.calls_to("chat.postMessage"), timeout=10)
        process.kill()
        assert posts(bot.api) == 1
        assert slack.messages("C0HVAC") == []
        assert "Sending" in text_of(next(e for e in alice.ephemerals() if e["ts"] == preview["ts"]))

        _, restarted = start_bot()
        shown = alice.wait_for_text(preview["ts"], "created", timeout=RECOVERED_WITHIN)
    assert "#42" in text_of(shown)
    assert "C0HVAC" in text_of(shown)
    [confirmation] = slack.messages("C0HVAC")
    assert "42" in text_of(confirmation)
    assert posts(restarted.api) == 1


def test_killed_with_the_post_in_flight_the_user_is_told_the_outcome_is_unknown(
    start_bot: Any,
) -> None:
    process, bot = start_bot()
    bot.api.hang_next()  # the API creates it, and its answer never comes
    with Actor("U0ALICE", bot, channel="C0GENERAL") as alice:
        preview = click_confirm(alice)
        bot.slack.wait_for(lambda: posts(bot.api) == 1, timeout=10)
        process.kill()
        bot.api.release_hangs()

        _, restarted = start_bot()
        shown = alice.wait_for_text(preview["ts"], "don't know", timeout=RECOVERED_WITHIN)
    assert "will not send it again" in text_of(shown)
    assert posts(restarted.api) == 1
    assert bot.slack.messages("C0HVAC") == []


def test_two_managers_assigning_at_once_on_two_processes_both_get_an_answer(
    start_bot: Any,
) -> None:
    """Ten rounds of two managers' direct assignments of one intervention, on two processes:
    no incident, each manager answered (assigned, or told who won)."""
    _, first = start_bot()
    _, second = start_bot()
    with Actor("U0ALICE", first, channel="C0GENERAL") as alice:
        click_confirm(alice)
        first.slack.wait_for(lambda: first.slack.messages("C0HVAC"), timeout=15)
    manager = Actor("U0MANAGER", first, channel="C0HVAC")
    lead = Actor("U0LEAD", second, channel="C0HVAC")
    rounds = 10
    for round_ in range(rounds):
        barrier = threading.Barrier(2)

        def assign(actor: Actor, who: str, round_: int = round_, barrier: Any = barrier) -> None:
            barrier.wait()
            actor.command(f"assign 42 {who} round {round_}")

        threads = [
            threading.Thread(target=assign, args=(manager, "<@U0BOB|bob>")),
            threading.Thread(target=assign, args=(lead, "<@U0ALICE|alice>")),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        for actor in (manager, lead):
            actor.wait_for_ephemeral(after=round_, timeout=20)
    answers = [text_of(shown) for shown in manager.ephemerals() + lead.ephemerals()]
    assert len(answers) == 2 * rounds
    assert not [a for a in answers if "went wrong" in a or "incident" in a], answers
    told = ("now assigned", "a moment ago", "maintenant assignée", "il y a un instant")
    assert all(any(word in a for word in told) for a in answers), answers
    for actor in (manager, lead):
        actor.http.close()
