"""Approvals, managers' direct assignments and creates-and-assign through action records and the
outbox (DESIGN "Durability"), against real `python -m bot` processes killed (SIGKILL) exactly
on each step boundary (`BOT_CRASH_AT`, `bot.domain.durable.crash_point`) while a second process
keeps running on the same database, then restarted.

On SQLite shared by the processes, and on PostgreSQL when `TEST_DATABASE_URL` is set.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest

from bot.api.sandbox import Sandbox
from bot.fakes.slack import FakeSlack, text_of
from tests.actors import Actor, BotServer
from tests.slack.processes import BotProcess
from tests.slack.test_processes import pending_request
from tests.store.databases import database_url

__all__ = ["database_url"]  # the fixture: SQLite, and PostgreSQL when TEST_DATABASE_URL is set

# An action's lease (15 s) or an effect's (30 s) must expire before another process takes it.
RECOVERED_WITHIN = 60
ASSIGNED_TO_BOB = "*Assignee*\n<@U0BOB>"


def calls(api: Sandbox, method: str) -> int:
    return sum(1 for request in api.requests if request.method == method)


def wait_dead(process: BotProcess) -> None:
    """The process killed itself at its crash point."""
    assert process.process is not None
    process.process.wait(timeout=30)


def shows(slack: FakeSlack, channel: str, ts: str, words: str) -> dict[str, Any]:
    def found() -> dict[str, Any] | None:
        message = slack.message(channel, ts)
        return message if words in text_of(message) else None

    shown = slack.wait_for(found, timeout=RECOVERED_WITHIN)
    assert shown is not None
    return shown


def approve_on_a_process_that_dies_at(
    start_bot: Any, step: str
) -> tuple[BotServer, dict[str, Any], dict[str, Any], Actor]:
    """A request made through a healthy process; its approval clicked on one that dies at
    `step`; that one restarted. Returns the healthy one, parent, request, and the manager."""
    crashing, doomed = start_bot(BOT_CRASH_AT=step)
    _, healthy = start_bot()
    parent, request = pending_request(healthy)
    manager = Actor("U0MANAGER", doomed, channel="C0HVAC")
    manager.click(request, "Approve", channel="C0HVAC")
    wait_dead(crashing)
    start_bot()
    return healthy, parent, request, manager


@pytest.mark.parametrize("step", ["approval:recorded", "approval:finished"])
def test_an_approval_killed_before_its_patch_or_after_recording_it_is_finished_elsewhere(
    start_bot: Any, step: str
) -> None:
    """Killed with the PATCH not sent (only recorded), or sent and its outcome and effects
    recorded: another process sends it or delivers what shows it; one PATCH in all."""
    bot, parent, request, manager = approve_on_a_process_that_dies_at(start_bot, step)
    slack = bot.slack
    decided = shows(slack, "C0HVAC", request["ts"], "is now assigned")
    assert "Approved by <@U0MANAGER>" in text_of(decided)
    assert all(block["type"] != "actions" for block in decided["blocks"])
    shows(slack, "C0HVAC", parent["ts"], ASSIGNED_TO_BOB)
    told = manager.wait_for_ephemeral(after=0, containing="is now assigned", timeout=30)
    assert "#42" in text_of(told)
    slack.wait_for(
        lambda: any(
            m["text"].startswith("<@U0ALICE>: Approved")
            for m in slack.thread("C0HVAC", parent["ts"])
        ),
        timeout=30,
    )
    assert calls(bot.api, "PATCH") == 1
    manager.http.close()


@pytest.mark.parametrize("step", ["approval:sending", "approval:sent"])
def test_an_approval_killed_with_its_emailing_patch_maybe_sent_is_not_sent_again(
    start_bot: Any, step: str
) -> None:
    """Killed once the PATCH may have left (marked sending; or answered, not recorded): it
    emails the previous assignee, so no process sends it again. The approver is told the
    outcome is unknown and that an email may have gone, with Retry; the approval message
    offers Retry too. Retry after a PATCH that never left sends it: one PATCH in all."""
    bot, parent, request, manager = approve_on_a_process_that_dies_at(start_bot, step)
    slack = bot.slack
    told = manager.wait_for_ephemeral(
        after=0, containing="don't know whether it was applied", timeout=RECOVERED_WITHIN
    )
    assert "An email may already have gone" in text_of(told)
    failed = shows(slack, "C0HVAC", request["ts"], "Retry")
    assert "don't know whether it was applied" in text_of(failed)
    sent = 0 if step == "approval:sending" else 1
    assert calls(bot.api, "PATCH") == sent
    if sent == 0:  # the manager knows it never reached the API: Retry sends it, once
        manager.bot = bot
        manager.click(told, "Retry", channel="C0HVAC")
        shows(slack, "C0HVAC", request["ts"], "is now assigned")
        shows(slack, "C0HVAC", parent["ts"], ASSIGNED_TO_BOB)
    assert calls(bot.api, "PATCH") == 1
    manager.http.close()


def confirm_create_and_assign(bot: BotServer) -> tuple[Actor, dict[str, Any]]:
    alice = Actor("U0ALICE", bot, channel="C0GENERAL")
    alice.command("create 12 tomorrow 8am to 5pm assign <@U0BOB|bob>")
    preview = alice.wait_for_ephemeral(after=0, containing="Confirm", timeout=10)
    alice.click(preview, "Confirm")
    return alice, preview


@pytest.mark.parametrize(
    ("step", "patches"),
    [
        ("create:recorded", 1),  # created and recorded; the assignment only recorded
        ("assign:sending", 1),  # the assignment marked sending, never sent
        ("assign:sent", 2),  # the assignment answered, not recorded: it emails nobody, so
        # it is sent again (DESIGN: only emailing PATCHes are never retried); same body
        ("assign:finished", 1),  # all recorded, nothing shown yet
    ],
)
def test_a_create_and_assign_killed_at_each_step_ends_created_assigned_and_shown(
    start_bot: Any, step: str, patches: int
) -> None:
    crashing, doomed = start_bot(BOT_CRASH_AT=step)
    _, healthy = start_bot()
    alice, preview = confirm_create_and_assign(doomed)
    wait_dead(crashing)
    start_bot()
    shown = alice.wait_for_text(preview["ts"], "created", timeout=RECOVERED_WITHIN)
    assert "#42" in text_of(shown)
    slack = healthy.slack
    [confirmation] = slack.messages("C0HVAC")
    shows(slack, "C0HVAC", confirmation["ts"], ASSIGNED_TO_BOB)
    assert calls(healthy.api, "POST") == 1
    assert calls(healthy.api, "PATCH") == patches
    bodies = [r.body for r in healthy.api.requests if r.method == "PATCH"]
    assert all(body == {"assignedCompanyContactId": 5} for body in bodies), bodies
    alice.http.close()


def test_a_create_killed_after_its_post_answered_is_never_sent_again(start_bot: Any) -> None:
    crashing, doomed = start_bot(BOT_CRASH_AT="create:sent")
    _, healthy = start_bot()
    alice, preview = confirm_create_and_assign(doomed)
    wait_dead(crashing)
    start_bot()
    alice.wait_for_text(preview["ts"], "don't know", timeout=RECOVERED_WITHIN)
    assert calls(healthy.api, "POST") == 1
    assert calls(healthy.api, "PATCH") == 0
    assert healthy.slack.messages("C0HVAC") == []
    alice.http.close()


def expected_assignee(api: Sandbox) -> str:
    """The assignee of the API's last accepted PATCH, as the parent shows it."""
    [last] = [r.body for r in api.requests if r.method == "PATCH"][-1:]
    return (
        "*Assignee*\n<@U0BOB>" if "assignedCompanyContactId" in last else "*Assignee*\n<@U0ALICE>"
    )


def test_sixty_managers_assigning_one_intervention_at_once_are_all_answered(
    start_bot: Any, database_url: str
) -> None:
    """Ten rounds of 60 concurrent direct assignments of #42 by two managers on two
    processes: no incident message, every manager answered (assigned, or told who won), and
    the parent shows the API's last state."""
    _, first = start_bot()
    _, second = start_bot()
    with Actor("U0ALICE", first, channel="C0GENERAL") as alice:
        alice.command("create 12 tomorrow 8am to 5pm")
        preview = alice.wait_for_ephemeral(after=0, containing="Confirm", timeout=10)
        alice.click(preview, "Confirm")
        alice.wait_for_text(preview["ts"], "created", timeout=15)
    slack = first.slack
    [parent] = slack.messages("C0HVAC")
    actors = [
        (Actor(user, bot, channel="C0HVAC"), who)
        for user, bot, who in [
            ("U0MANAGER", first, "<@U0BOB|bob>"),
            ("U0LEAD", second, "<@U0ALICE|alice>"),
        ]
        * 30
    ]

    def answers() -> list[str]:
        return [text_of(e) for e in slack.ephemerals("U0MANAGER") + slack.ephemerals("U0LEAD")]

    try:
        rounds = 10
        for round_ in range(rounds):
            barrier = threading.Barrier(len(actors))

            def assign(
                actor: Actor, who: str, round_: int = round_, barrier: Any = barrier
            ) -> None:
                barrier.wait()
                actor.command(f"assign 42 {who} round {round_}")

            threads = [threading.Thread(target=assign, args=pair) for pair in actors]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
            expected = len(actors) * (round_ + 1)
            slack.wait_for(lambda expected=expected: len(answers()) >= expected, timeout=90)
            shows(slack, "C0HVAC", parent["ts"], expected_assignee(first.api))
        everything = answers()
        assert len(everything) == len(actors) * rounds
        assert not [a for a in everything if "went wrong" in a or "incident" in a], everything
        told = ("now assigned", "a moment ago", "maintenant assignée", "il y a un instant")
        unclear = [a for a in everything if not any(word in a for word in told)]
        assert not unclear, (len(unclear), sorted({a[:60] for a in unclear}))
    finally:  # closed even when an assertion fails, not left to the next test's GC
        for actor, _ in actors:
            actor.http.close()
