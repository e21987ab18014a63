"""Reassignment approvals in threads, end to end: who may decide, and exactly one PATCH."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from bot.api.sandbox import Sandbox
from bot.config import BotConfig
from bot.fakes.slack import FakeSlack, text_of
from bot.web import create_web_app
from tests.actors import Actor, BotServer, dump
from tests.api.servers import serve_app
from tests.conftest import Clock, bot_settings
from tests.slack.test_change_flows import create_intervention

BOB_BODY = {
    "assignedCompanyContactId": 5,
    "previousAssigneeNotification": {"sendEmail": True, "reason": "on leave this week"},
    "sendUpdateEmailToCurrentAssignee": False,
}


def patches(bot: BotServer) -> list[Any]:
    return [r.body for r in bot.api.requests if r.method == "PATCH"]


def request_reassignment(actor: Actor, bot: BotServer) -> tuple[dict[str, Any], dict[str, Any]]:
    """Create #42 and ask to give it to Bob; returns the parent and the approval message."""
    parent = create_intervention(actor, bot, "create 12 tomorrow 8am to 5pm")
    actor.command("assign 42 <@U0BOB|bob> on leave this week")
    actor.wait_for_ephemeral(after=1, containing="waiting for a manager")
    [request] = bot.slack.thread("C0HVAC", parent["ts"])
    return parent, request


def latest(bot: BotServer, channel: str, ts: str) -> dict[str, Any]:
    return bot.slack.message(channel, ts)


def wait_until_shows(bot: BotServer, ts: str, words: str, *, timeout: float = 5) -> dict[str, Any]:
    """The approval message `ts` once it contains `words`."""

    def shown() -> dict[str, Any] | None:
        message = latest(bot, "C0HVAC", ts)
        return message if words in text_of(message) else None

    found = bot.slack.wait_for(shown, timeout=timeout)
    assert found is not None
    return found


def test_technician_request_waits_refuses_others_and_one_manager_approval_patches(
    alice: Actor, bruno: Actor, lead: Actor, bot_server: BotServer
) -> None:
    parent, request = request_reassignment(alice, bot_server)
    shown = text_of(request)
    assert "<@U0ALICE> asks to reassign intervention #42 from nobody yet to <@U0BOB>" in shown
    assert "on leave this week" in shown
    assert "<@U0LEAD>" in shown
    assert "<@U0MANAGER>" in shown
    assert patches(bot_server) == []

    bruno.click(request, "Approve", channel="C0HVAC")
    refusal = bruno.wait_for_ephemeral(after=0, containing="peuvent approuver")
    assert "<@U0LEAD>" in text_of(refusal)
    assert patches(bot_server) == []
    assert latest(bot_server, "C0HVAC", request["ts"])["blocks"] == request["blocks"]

    lead.click(request, "Approve", channel="C0HVAC")
    decided = wait_until_shows(bot_server, request["ts"], "Approved by")
    assert patches(bot_server) == [BOB_BODY]
    assert "Approved by <@U0LEAD>" in text_of(decided)
    assert all(block["type"] != "actions" for block in decided["blocks"])
    bot_server.slack.wait_for(
        lambda: "*Assignee*\n<@U0BOB>" in text_of(latest(bot_server, "C0HVAC", parent["ts"]))
    )
    told = bot_server.slack.thread("C0HVAC", parent["ts"])[-1]
    assert told["text"].startswith("<@U0ALICE>")

    lead.click(request, "Approve", channel="C0HVAC")  # a late click changes nothing
    lead.wait_for_ephemeral(after=0, containing="déjà")
    assert len(patches(bot_server)) == 1


def test_reject_asks_a_reason_and_sends_nothing(
    alice: Actor, manager: Actor, bot_server: BotServer
) -> None:
    _, request = request_reassignment(alice, bot_server)
    manager.click(request, "Reject", channel="C0HVAC")
    view = manager.wait_for_view(after=0)
    ack = manager.submit(view, {"Why is it rejected?": "Bob is <b>off</b> too"})
    assert ack.get("response_action") != "errors", dump(ack)
    decided = wait_until_shows(bot_server, request["ts"], "Rejected by")
    assert "Bob is &lt;b&gt;off&lt;/b&gt; too" in text_of(decided)
    assert patches(bot_server) == []


def test_only_the_requester_may_withdraw(alice: Actor, lead: Actor, bot_server: BotServer) -> None:
    _, request = request_reassignment(alice, bot_server)
    assert "Cancel" not in text_of(request)  # it would read as cancelling the intervention
    lead.click(request, "Withdraw", channel="C0HVAC")
    lead.wait_for_ephemeral(after=0, containing="qui l'a demandée, peut la retirer")
    alice.click(request, "Withdraw", channel="C0HVAC")
    bot_server.slack.wait_for(
        lambda: "Withdrawn by <@U0ALICE>" in text_of(latest(bot_server, "C0HVAC", request["ts"]))
    )
    assert patches(bot_server) == []


def test_an_expired_request_cannot_be_approved(
    alice: Actor, manager: Actor, bot_server: BotServer, clock: Clock
) -> None:
    _, request = request_reassignment(alice, bot_server)
    clock.advance(hours=49)
    manager.click(request, "Approve", channel="C0HVAC")
    manager.wait_for_ephemeral(after=0, containing="expired")
    bot_server.slack.wait_for(
        lambda: "Expired" in text_of(latest(bot_server, "C0HVAC", request["ts"]))
    )
    assert patches(bot_server) == []


def test_a_manager_reassigns_at_once(alice: Actor, lead: Actor, bot_server: BotServer) -> None:
    parent = create_intervention(alice, bot_server, "create 12 tomorrow 8am to 5pm")
    lead.command("assigner 42 <@U0BOB|bob> on leave this week")
    lead.wait_for_ephemeral(after=0, containing="maintenant assignée")
    assert patches(bot_server) == [BOB_BODY]
    # The private answer does not wait for the thread (the outbox delivers both).
    [reply] = bot_server.slack.wait_for(lambda: bot_server.slack.thread("C0HVAC", parent["ts"]))
    assert "<@U0LEAD> assigned it to <@U0BOB>" in reply["text"]


def test_a_failed_patch_keeps_the_request_and_retry_applies_it(
    alice: Actor, manager: Actor, bot_server: BotServer
) -> None:
    _, request = request_reassignment(alice, bot_server)
    bot_server.api.fail_next(400, body={"message": "contact 5 is inactive"}, method="PATCH")
    manager.click(request, "Approve", channel="C0HVAC")
    failed = wait_until_shows(bot_server, request["ts"], "Retry")
    assert "contact 5 is inactive" in text_of(failed)
    manager.click(failed, "Retry", channel="C0HVAC")
    bot_server.slack.wait_for(
        lambda: "is now assigned" in text_of(latest(bot_server, "C0HVAC", request["ts"]))
    )
    assert patches(bot_server) == [BOB_BODY, BOB_BODY]


def test_reassign_button_opens_a_modal_whose_request_waits_for_approval(
    alice: Actor, bot_server: BotServer
) -> None:
    parent = create_intervention(alice, bot_server, "create 12 tomorrow 8am to 5pm")
    alice.click(parent, "Reassign", channel="C0HVAC")
    view = alice.wait_for_view(after=0)
    alice.submit(
        view,
        {
            "New assignee": "U0CLAIRE",
            "Reason": "Claire knows the site",
            "Emails": ["previous", "current"],
        },
    )
    bot_server.slack.wait_for(lambda: bot_server.slack.thread("C0HVAC", parent["ts"]))
    [request] = bot_server.slack.thread("C0HVAC", parent["ts"])
    assert "<@U0CLAIRE>" in text_of(request)
    assert "Approve" in text_of(request)
    assert patches(bot_server) == []


def test_the_sweeper_expires_a_forgotten_request_and_says_so(
    tmp_path: Path,
    fake_slack: FakeSlack,
    api: Sandbox,
    served_api: tuple[Sandbox, str],
    clock: Clock,
    bot_config: BotConfig,
) -> None:
    settings = bot_settings(tmp_path, fake_slack.url, served_api[1])
    app = create_web_app(settings, bot_config, now=clock, sweep_every=0.05)
    with serve_app(app, lifespan="on") as url:
        bot = BotServer(url, settings, fake_slack, api)
        with Actor("U0ALICE", bot, channel="C0GENERAL") as alice:
            _, request = request_reassignment(alice, bot)
            assert "Approve" in text_of(request)
            clock.advance(hours=47)
            time.sleep(0.3)
            assert "Expired" not in text_of(latest(bot, "C0HVAC", request["ts"]))
            clock.advance(hours=2)
            expired = wait_until_shows(bot, request["ts"], "Expired")
    assert all(block["type"] != "actions" for block in expired["blocks"])
    assert patches(bot) == []


def test_applying_one_reassignment_closes_the_other_pending_ones(
    alice: Actor, bruno: Actor, lead: Actor, bot_server: BotServer
) -> None:
    parent, first = request_reassignment(alice, bot_server)
    bruno.command("assigner 42 <@U0CLAIRE|claire> elle connaît le site")
    bruno.wait_for_ephemeral(after=0, containing="attend un responsable")
    second = bot_server.slack.thread("C0HVAC", parent["ts"])[-1]
    lead.click(second, "Approve", channel="C0HVAC")
    wait_until_shows(bot_server, second["ts"], "is now assigned")
    closed = wait_until_shows(bot_server, first["ts"], "applied another reassignment")
    assert all(block["type"] != "actions" for block in closed["blocks"])
    lead.click(first, "Approve", channel="C0HVAC")  # a stale copy of the first request
    lead.wait_for_ephemeral(after=0, containing="déjà")
    assert patches(bot_server) == [
        {
            "assignedProfileId": 23,
            "previousAssigneeNotification": {"sendEmail": True, "reason": "elle connaît le site"},
            "sendUpdateEmailToCurrentAssignee": False,
        }
    ]


def test_an_emailing_approval_whose_answer_is_lost_is_sent_once_and_says_an_email_may_have_gone(
    alice: Actor, manager: Actor, bot_server: BotServer
) -> None:
    """The API applies the PATCH and its answer never comes (the bot's timeout is 1 s here): the
    PATCH is not sent again, the approver is told the outcome is unknown, Retry is offered."""
    _, request = request_reassignment(alice, bot_server)
    bot_server.api.hang_next()
    manager.click(request, "Approve", channel="C0HVAC")
    failed = wait_until_shows(bot_server, request["ts"], "Retry")
    assert "email may already have gone" in text_of(failed)
    told = manager.wait_for_ephemeral(after=0, containing="email may already have gone")
    assert "may or may not be saved" in text_of(told)
    assert patches(bot_server) == [BOB_BODY]


def test_an_emailing_approval_meeting_a_502_is_not_sent_again(
    alice: Actor, manager: Actor, bot_server: BotServer
) -> None:
    _, request = request_reassignment(alice, bot_server)
    bot_server.api.fail_next(502, method="PATCH", times=3)
    manager.click(request, "Approve", channel="C0HVAC")
    failed = wait_until_shows(bot_server, request["ts"], "Retry")
    assert "email may already have gone" in text_of(failed)
    assert patches(bot_server) == [BOB_BODY]


def test_chat_update_failing_for_a_while_after_an_approval_catches_up_and_no_one_is_told_it_failed(
    alice: Actor, lead: Actor, bot_server: BotServer
) -> None:
    """One `cant_update_message` and then four 429s on `chat.update` after the PATCH: the
    outbox retries; the approver is told it is assigned, never that it failed; the approval
    message loses its buttons, the requester is told, the parent shows the new assignee."""
    parent, request = request_reassignment(alice, bot_server)
    slack = bot_server.slack
    slack.fail_next("chat.update", "cant_update_message")
    slack.rate_limit_next("chat.update", retry_after=1, times=4)
    lead.click(request, "Approve", channel="C0HVAC")
    told = lead.wait_for_ephemeral(after=0, containing="maintenant assignée", timeout=20)
    assert "#42" in text_of(told) or "n°42" in text_of(told)
    decided = wait_until_shows(bot_server, request["ts"], "Approved by <@U0LEAD>", timeout=40)
    assert all(block["type"] != "actions" for block in decided["blocks"])
    slack.wait_for(
        lambda: "*Assignee*\n<@U0BOB>" in text_of(latest(bot_server, "C0HVAC", parent["ts"])),
        timeout=40,
    )
    slack.wait_for(
        lambda: any(
            m["text"].startswith("<@U0ALICE>: Approved")
            for m in slack.thread("C0HVAC", parent["ts"])
        ),
        timeout=40,
    )
    answers = [text_of(e) for e in lead.ephemerals()]
    wrong = ("went wrong", "incident", "failed", "échoué", "erreur")
    assert not [a for a in answers if any(word in a for word in wrong)], answers
    assert len(patches(bot_server)) == 1


def test_an_assign_typed_while_the_confirmation_ts_is_not_stored_yet_goes_in_its_thread(
    alice: Actor, bot_server: BotServer
) -> None:
    """The confirmation shows in the channel, and Slack's answer (with its ts) comes 3 s later:
    an `assign` typed in between still puts the approval request in the intervention's thread,
    never top-level."""
    slack = bot_server.slack
    slack.answer_late_next("chat.postMessage", 3)
    alice.command("create 12 tomorrow 8am to 5pm")
    preview = alice.wait_for_ephemeral(after=0, containing="Confirm", timeout=10)
    alice.click(preview, "Confirm")
    [parent] = slack.wait_for(lambda: slack.messages("C0HVAC"), timeout=10)
    alice.command("assign 42 <@U0BOB|bob> on leave")
    alice.wait_for_ephemeral(after=1, containing="waiting for a manager", timeout=30)
    assert [m["ts"] for m in slack.messages("C0HVAC")] == [parent["ts"]]
    [request] = slack.thread("C0HVAC", parent["ts"])
    assert "asks to reassign intervention #42" in text_of(request)
