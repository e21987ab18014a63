"""Awkward paths: Slack refusing a post, Slack's own escaping, stale previews, odd modal input."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.api.sandbox import Sandbox
from bot.config import BotConfig
from bot.fakes.slack import FakeSlack, payloads, text_of
from bot.model import CreationStatus
from bot.web import create_web_app
from tests.actors import Actor, BotServer, create_directly, dump
from tests.api.servers import serve_app
from tests.conftest import Clock, bot_settings
from tests.slack.test_change_flows import create_intervention


def requests_of(bot: BotServer, method: str) -> list[Any]:
    return [r.body for r in bot.api.requests if r.method == method]


def preview_of(actor: Actor, text: str, label: str = "Confirm") -> dict[str, Any]:
    before = len(actor.ephemerals())
    actor.command(text)
    return actor.wait_for_ephemeral(after=before, containing=label)


def test_a_team_channel_that_refuses_the_bot_falls_back_and_says_so(
    alice: Actor, bot_server: BotServer
) -> None:
    bot_server.slack.add_channel("C0HVAC", name="hvac", is_member=False)
    preview = preview_of(alice, "create 12 tomorrow 8am to 5pm")
    alice.click(preview, "Confirm")
    shown = alice.wait_for_text(preview["ts"], "#42")
    assert "posted in <#C0GENERAL>" in text_of(shown)  # where Alice typed
    [confirmation] = bot_server.slack.messages("C0GENERAL")
    assert "#42" in confirmation["text"]


def test_when_slack_refuses_every_channel_the_user_still_learns_the_id(
    alice: Actor, bot_server: BotServer
) -> None:
    bot_server.slack.add_channel("C0HVAC", name="hvac", is_member=False)
    bot_server.slack.add_channel("C0GENERAL", name="general", is_member=False)
    preview = preview_of(alice, "create 12 tomorrow 8am to 5pm")
    alice.click(preview, "Confirm")
    shown = alice.wait_for_text(preview["ts"], "could not post it")
    assert "#42" in text_of(shown)
    assert "not_in_channel" in text_of(shown)
    assert len(requests_of(bot_server, "POST")) == 1


def test_slack_escaped_text_is_decoded_once_shown_escaped_once_and_sent_as_typed(
    alice: Actor, manager: Actor, bot_server: BotServer
) -> None:
    parent = create_intervention(alice, bot_server, "create 12 tomorrow 8am to 5pm")
    # What Slack sends for: assign 42 @bob R&D <team> @here
    alice.command("assign 42 <@U0BOB|bob> R&amp;D &lt;team&gt; <!here>")
    alice.wait_for_ephemeral(after=1, containing="waiting for a manager")
    [request] = bot_server.slack.thread("C0HVAC", parent["ts"])
    shown = text_of(request)
    assert "R&amp;D &lt;team&gt; @here" in shown
    assert "<!here>" not in dump(request)
    assert "&amp;amp;" not in shown
    manager.click(request, "Approve", channel="C0HVAC")
    bot_server.slack.wait_for(lambda: requests_of(bot_server, "PATCH"))
    [patch] = requests_of(bot_server, "PATCH")
    assert patch["previousAssigneeNotification"]["reason"] == "R&D <team> @here"


def test_cancel_after_the_edit_modal_created_says_what_happened(
    alice: Actor, bot_server: BotServer
) -> None:
    preview = preview_of(alice, "create 12 tomorrow 8am to 5pm")
    alice.click(preview, "Edit")
    view = alice.wait_for_view(after=0)
    alice.submit(view, {})
    again = alice.wait_for_ephemeral(after=1, containing="Confirm")
    alice.click(again, "Confirm")
    bot_server.slack.wait_for(lambda: bot_server.slack.messages("C0HVAC"))
    alice.click(preview, "Cancel")
    alice.wait_for_text(preview["ts"], "already created as intervention #42")
    assert len(requests_of(bot_server, "POST")) == 1


def test_edit_keeps_an_assignee_given_by_api_id(alice: Actor, bot_server: BotServer) -> None:
    preview = preview_of(alice, "create 12 tomorrow 8am to 5pm assign profile:99")
    alice.click(preview, "Edit")
    view = alice.wait_for_view(after=0)
    assert "profile 99" in text_of(view)
    alice.submit(view, {"When": "tomorrow 9am to 5pm"})
    again = alice.wait_for_ephemeral(after=1, containing="Confirm")
    assert "profile 99" in text_of(again)
    alice.click(again, "Confirm")
    bot_server.slack.wait_for(lambda: requests_of(bot_server, "PATCH"))
    assert requests_of(bot_server, "PATCH") == [{"assignedProfileId": 99}]


def test_the_create_modal_submitted_twice_creates_once(alice: Actor, bot_server: BotServer) -> None:
    alice.command("")
    view = alice.wait_for_view(after=0)
    values = payloads.fill_view(view, {"Routine ID": "12", "When": "tomorrow 8am"})
    for _ in range(2):
        alice.post(payloads.view_submission(view, values, user_id="U0ALICE"))
    bot_server.slack.wait_for(lambda: len(alice.ephemerals()) == 2)
    first, second = alice.ephemerals()  # both previews carry the form's key
    alice.click(first, "Confirm")
    alice.wait_for_text(first["ts"], "created")
    alice.click(second, "Confirm")
    alice.wait_for_text(second["ts"], "already created as intervention #42")
    assert len(requests_of(bot_server, "POST")) == 1


def test_updating_an_unseen_intervention_sends_only_what_was_typed(
    alice: Actor, bot_server: BotServer, served_api: tuple[object, str]
) -> None:
    created = create_directly(served_api[1], routine_id=12, status=2)
    alice.command(f"update {created}")
    view = alice.wait_for_view(after=0)
    alice.submit(view, {"Description": "Replace the belts"})
    bot_server.slack.wait_for(lambda: requests_of(bot_server, "PATCH"))
    assert requests_of(bot_server, "PATCH") == [{"description": "Replace the belts"}]


def test_a_technician_picking_an_assignee_and_emails_sends_no_patch_of_its_own(
    alice: Actor, bot_server: BotServer
) -> None:
    parent = create_intervention(alice, bot_server, "create 12 tomorrow 8am to 5pm")
    alice.command("update 42")
    view = alice.wait_for_view(after=0)
    alice.submit(
        view,
        {
            "Assignee": "U0BOB",
            "Emails": ["previous", "current"],
        },
    )
    bot_server.slack.wait_for(lambda: bot_server.slack.thread("C0HVAC", parent["ts"]))
    [request] = bot_server.slack.thread("C0HVAC", parent["ts"])
    assert "Approve" in text_of(request)
    assert requests_of(bot_server, "PATCH") == []


def test_a_done_intervention_may_move_to_a_past_window(alice: Actor, bot_server: BotServer) -> None:
    create_intervention(alice, bot_server, "create 12 yesterday 8am to 5pm status done")
    assert requests_of(bot_server, "POST")[0]["creationStatus"] == int(CreationStatus.DONE)
    alice.command("update 42")
    view = alice.wait_for_view(after=0)
    ack = alice.submit(view, {"When": "yesterday 9am to 11am"})
    assert ack.get("response_action") == "update", dump(ack)  # the confirm step, in the form
    step = bot_server.slack.views[view["id"]]
    assert "Mon 9 Mar, 09:00" in text_of(step), dump(step)
    assert requests_of(bot_server, "PATCH") == []
    ack = alice.submit(step, {})
    assert ack.get("response_action") is None, dump(ack)
    bot_server.slack.wait_for(lambda: requests_of(bot_server, "PATCH"))
    assert requests_of(bot_server, "PATCH") == [
        {"scheduledStart": "2026-03-09T08:00:00.000Z", "scheduledEnd": "2026-03-09T10:00:00.000Z"}
    ]


def test_a_long_description_is_cut_in_the_message_and_sent_whole(
    alice: Actor, bot_server: BotServer
) -> None:
    parent = create_intervention(alice, bot_server, "create 12 tomorrow 8am to 5pm")
    description = ("R&D <x> " * 312)[:2500]
    alice.command("update 42")
    view = alice.wait_for_view(after=0)
    alice.submit(view, {"Description": description})
    bot_server.slack.wait_for(lambda: bot_server.slack.thread("C0HVAC", parent["ts"]))
    assert requests_of(bot_server, "PATCH") == [{"description": description}]
    updated = bot_server.slack.message("C0HVAC", parent["ts"])
    assert "…" in text_of(updated)
    assert all(call.ok for call in bot_server.slack.calls_to("chat.update"))


def test_modal_errors_are_plain_text(alice: Actor, bot_server: BotServer) -> None:
    alice.command("")
    view = alice.wait_for_view(after=0)
    ack = alice.submit(view, {"Routine ID": "²", "When": "<8am> & blursday"})
    assert set(ack["errors"]) == {"routine", "when"}
    assert "&lt;" not in ack["errors"]["when"]
    assert "`" not in ack["errors"]["when"]
    assert bot_server.api.requests == []


def test_site_rules_must_be_positive_numbers(alice: Actor, bot_server: BotServer) -> None:
    create_intervention(alice, bot_server, "create 12 tomorrow 8am to 5pm")
    alice.command("update 42")
    view = alice.wait_for_view(after=0)
    ack = alice.submit(view, {"Site rule IDs": "0, 3"})
    assert "site_rules" in ack["errors"]
    assert requests_of(bot_server, "PATCH") == []


def test_a_preview_confirmed_after_its_start_has_passed_sends_nothing(
    alice: Actor, bot_server: BotServer, clock: Clock
) -> None:
    preview = preview_of(alice, "create 12 in 1 hour")
    clock.advance(hours=2)
    alice.click(preview, "Confirm")
    alice.wait_for_text(preview["ts"], "starts in the past now")
    assert bot_server.api.requests == []


def test_a_slow_users_info_does_not_cost_the_modal_its_trigger(
    bot_server: BotServer, alice: Actor
) -> None:
    bot_server.slack.delay_next("users.info", 2.5)
    alice.command("")
    view = alice.wait_for_view(after=0, timeout=8)
    assert view["callback_id"] == "preventive.create_modal"
    assert all(call.ok for call in bot_server.slack.calls_to("views.open"))


def test_retry_assignment_clicked_twice_patches_once(alice: Actor, bot_server: BotServer) -> None:
    preview = preview_of(alice, "create 12 tomorrow 2pm assign profile:17")
    bot_server.api.fail_next(400, body={"message": "busy"}, method="PATCH")
    alice.click(preview, "Confirm")
    outcome = alice.wait_for_text(preview["ts"], "Retry")
    before = len(bot_server.slack.calls_to("response_url"))
    alice.click(outcome, "Retry")
    alice.click(outcome, "Retry")
    # Both clicks answer: one with the assignment, the other saying it was already sent.
    bot_server.slack.wait_for(lambda: len(bot_server.slack.calls_to("response_url")) >= before + 2)
    answers = [str(c.args.get("text")) for c in bot_server.slack.calls_to("response_url")[before:]]
    assert any("now assigned" in a for a in answers), answers
    assert len(requests_of(bot_server, "PATCH")) == 2  # the failed one, then one retry


def test_against_the_embedded_sandbox_every_posted_message_says_so(
    tmp_path: Path, fake_slack: FakeSlack, clock: Clock, bot_config: BotConfig
) -> None:
    settings = bot_settings(tmp_path, fake_slack.url, "sandbox")
    sandbox = Sandbox()
    with serve_app(
        create_web_app(settings, bot_config, sandbox=sandbox, now=clock), lifespan="on"
    ) as url:
        bot = BotServer(url, settings, fake_slack, sandbox)
        with Actor("U0ALICE", bot, channel="C0GENERAL") as alice:
            parent = create_intervention(alice, bot, "create 12 tomorrow 8am to 5pm")
            alice.command("assign 42 <@U0BOB|bob> away")
            alice.wait_for_ephemeral(after=1, containing="waiting for a manager")
    posted = [parent, *fake_slack.thread("C0HVAC", parent["ts"])]
    assert len(posted) == 2
    for message in posted:
        assert "Sandbox: not a real intervention" in text_of(message), dump(message)
