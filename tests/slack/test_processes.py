"""Several bot processes on one database: exactly one PATCH, and nothing lost to a crash."""

from __future__ import annotations

import threading
from typing import Any

from bot.api.sandbox import Sandbox
from bot.fakes.slack import text_of
from tests.actors import Actor, BotServer
from tests.store.databases import database_url

__all__ = ["database_url"]  # the fixture: SQLite, and PostgreSQL when TEST_DATABASE_URL is set

RECOVERED_WITHIN = 60


def pending_request(bot: BotServer) -> tuple[dict[str, Any], dict[str, Any]]:
    """Alice creates an intervention and asks to give it to Bob; returns parent and request."""
    with Actor("U0ALICE", bot, channel="C0GENERAL") as alice:
        alice.command("create 12 tomorrow 8am to 5pm")
        preview = alice.wait_for_ephemeral(after=0, containing="Confirm", timeout=10)
        alice.click(preview, "Confirm")
        alice.wait_for_text(preview["ts"], "created", timeout=10)
        alice.command("assign 42 <@U0BOB|bob> on leave")
        alice.wait_for_ephemeral(after=1, containing="waiting for a manager", timeout=10)
    [parent] = bot.slack.messages("C0HVAC")
    [request] = bot.slack.thread("C0HVAC", parent["ts"])
    return parent, request


def patch_count(api: Sandbox) -> int:
    return sum(1 for request in api.requests if request.method == "PATCH")


def test_twenty_concurrent_approvals_on_two_processes_send_one_patch(start_bot: Any) -> None:
    _, first = start_bot()
    _, second = start_bot()
    _, request = pending_request(first)
    managers = [
        Actor(user, bot, channel="C0HVAC")
        for user, bot in [("U0MANAGER", first), ("U0LEAD", second)] * 10
    ]
    barrier = threading.Barrier(len(managers))

    def click(actor: Actor) -> None:
        barrier.wait()
        actor.click(request, "Approve", channel="C0HVAC")

    threads = [threading.Thread(target=click, args=(actor,)) for actor in managers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    slack = first.slack
    slack.wait_for(
        lambda: len(slack.ephemerals("U0MANAGER") + slack.ephemerals("U0LEAD")) >= 20, timeout=20
    )
    decided = slack.wait_for(
        lambda: (
            "is now assigned" in text_of(slack.message("C0HVAC", request["ts"]))
            and slack.message("C0HVAC", request["ts"])
        ),
        timeout=20,
    )
    assert patch_count(first.api) == 1
    answers = [text_of(e) for e in slack.ephemerals("U0MANAGER") + slack.ephemerals("U0LEAD")]
    assert len(answers) == 20  # the winner is told the outcome, the 19 others who decided
    assigned = ("is now assigned", "est maintenant assignée")
    assert sum(any(word in a for word in assigned) for a in answers) == 1, answers
    assert sum("already" in a or "déjà" in a for a in answers) == 19, answers
    assert "Approved by" in text_of(decided)
    for actor in managers:
        actor.http.close()


def test_a_pending_request_survives_a_sigkill_and_is_approved_after_restart(
    start_bot: Any,
) -> None:
    process, bot = start_bot()
    _, request = pending_request(bot)
    process.kill()
    _, restarted = start_bot()
    with Actor("U0MANAGER", restarted, channel="C0HVAC") as manager:
        manager.click(request, "Approve", channel="C0HVAC")
        restarted.slack.wait_for(
            lambda: "is now assigned" in text_of(restarted.slack.message("C0HVAC", request["ts"])),
            timeout=RECOVERED_WITHIN,  # an effect the killed process held waits for its lease
        )
    assert patch_count(restarted.api) == 1
