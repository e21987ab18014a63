"""Reschedule, update and the modals, end to end: thread replies and a parent kept current."""

from __future__ import annotations

from typing import Any

from bot.fakes.slack import text_of
from tests.actors import Actor, BotServer, create_directly, dump


def create_intervention(actor: Actor, bot: BotServer, text: str) -> dict[str, Any]:
    """Create through preview and Confirm; returns the confirmation in the team channel."""
    before = len(actor.ephemerals())
    actor.command(text)
    preview = actor.wait_for_ephemeral(after=before, containing="Confirm")
    actor.click(preview, "Confirm")
    actor.wait_for_text(preview["ts"], "created")
    return bot.slack.messages("C0HVAC")[-1]


def test_reschedule_patches_both_times_replies_in_thread_and_updates_parent(
    alice: Actor, bot_server: BotServer
) -> None:
    parent = create_intervention(alice, bot_server, "create 12 tomorrow 8am to 5pm")
    alice.command("reschedule 42 next monday 9:00-12:00")
    preview = alice.wait_for_ephemeral(after=1, containing="Confirm")
    assert "Mon 16 Mar, 09:00" in text_of(preview), dump(preview)
    alice.click(preview, "Confirm")
    alice.wait_for_text(preview["ts"], "rescheduled")

    patch = [r.body for r in bot_server.api.requests if r.method == "PATCH"]
    assert patch == [
        {"scheduledStart": "2026-03-16T08:00:00.000Z", "scheduledEnd": "2026-03-16T11:00:00.000Z"}
    ]
    [reply] = bot_server.slack.thread("C0HVAC", parent["ts"])
    assert "rescheduled" in reply["text"]
    assert "<@U0ALICE>" in reply["text"]
    updated = bot_server.slack.message("C0HVAC", parent["ts"])
    assert "<!date^1773648000^" in updated["text"]  # 2026-03-16T08:00Z


def test_french_reschedule_through_the_button_and_modal_shows_inline_error_then_works(
    alice: Actor, bruno: Actor, bot_server: BotServer
) -> None:
    parent = create_intervention(alice, bot_server, "create 12 tomorrow 8am to 5pm")
    bruno.click(parent, "Reschedule", channel="C0HVAC")
    view = bruno.wait_for_view(after=0)
    assert "mercredi 11 mars 2026 de 3h à 12h" in dump(view)  # in French, in New York time
    ack = bruno.submit(view, {"Quand": "mercredi 25h"})
    assert ack["response_action"] == "errors"
    assert "25h" in ack["errors"]["when"]
    assert [r.method for r in bot_server.api.requests] == ["POST"]  # nothing sent

    ack = bruno.submit(view, {"Quand": "jeudi 14h à 16h"})
    assert ack == {} or ack.get("response_action") != "errors"
    # The form closes on a preview, as typed commands do: nothing is sent before Confirmer.
    preview = bruno.wait_for_ephemeral(after=0, containing="Confirmer")
    assert "jeu. 12 mars, 14:00" in text_of(preview), dump(preview)
    assert [r.method for r in bot_server.api.requests] == ["POST"]
    bruno.click(preview, "Confirmer")
    bot_server.slack.wait_for(lambda: bot_server.slack.thread("C0HVAC", parent["ts"]))
    patch = [r.body for r in bot_server.api.requests if r.method == "PATCH"]
    assert patch == [
        {"scheduledStart": "2026-03-12T18:00:00.000Z", "scheduledEnd": "2026-03-12T20:00:00.000Z"}
    ]
    outcome = bruno.wait_for_text(preview["ts"], "replanifiée")
    assert "jeu. 12 mars" in text_of(outcome)


def test_update_modal_is_prefilled_and_sends_only_what_changed(
    alice: Actor, bot_server: BotServer
) -> None:
    parent = create_intervention(alice, bot_server, "create 12 tomorrow 8am to 5pm")
    alice.command("update 42")
    view = alice.wait_for_view(after=0)
    assert "Wed 11 Mar 2026 08:00 to 17:00" in dump(view)
    alice.submit(
        view,
        {
            "Description": "Check filters <!channel> & belts",
            "Site rule IDs": "3, 5",
            "Emails": ["Email the assignee after this change"],
        },
    )
    bot_server.slack.wait_for(lambda: bot_server.slack.thread("C0HVAC", parent["ts"]))
    patch = [r.body for r in bot_server.api.requests if r.method == "PATCH"]
    assert patch == [
        {
            "description": "Check filters <!channel> & belts",
            "siteRuleIds": [3, 5],
            "sendUpdateEmailToCurrentAssignee": True,
        }
    ]
    updated = bot_server.slack.message("C0HVAC", parent["ts"])
    shown = dump(updated)
    assert "&lt;!channel&gt; &amp; belts" in shown
    assert "<!channel>" not in shown
    assert "3, 5" in text_of(updated)


def test_create_modal_path_with_inline_error_then_fix(alice: Actor, bot_server: BotServer) -> None:
    alice.command("")
    view = alice.wait_for_view(after=0)
    ack = alice.submit(view, {"Routine ID": "twelve", "When": "blursday"})
    assert set(ack["errors"]) == {"routine", "when"}
    assert "blursday" in ack["errors"]["when"]
    ack = alice.submit(
        view, {"Routine ID": "20", "When": "tomorrow 10am for 90 min", "Assignee": "U0ALICE"}
    )
    assert ack.get("response_action") != "errors"
    preview = alice.wait_for_ephemeral(after=0, containing="Confirm")
    assert "Wed 11 Mar, 10:00" in text_of(preview), dump(preview)
    assert bot_server.api.requests == []  # the form's phrase is never sent on the first submit
    alice.click(preview, "Confirm")
    bot_server.slack.wait_for(lambda: bot_server.slack.messages("C0ELEC"))
    bodies = [r.body for r in bot_server.api.requests]
    assert bodies == [
        {
            "scheduledStart": "2026-03-11T09:00:00.000Z",
            "scheduledEnd": "2026-03-11T10:30:00.000Z",
            "creationStatus": 1,
            "routineId": 20,
        },
        {"assignedProfileId": 17},
    ]
    alice.wait_for_text(preview["ts"], "created")


def test_an_intervention_the_bot_never_saw_can_be_rescheduled_by_id(
    alice: Actor, bot_server: BotServer, served_api: tuple[object, str]
) -> None:
    new_id = create_directly(served_api[1], routine_id=13)
    alice.command(f"reschedule {new_id} friday 1pm")
    preview = alice.wait_for_ephemeral(after=0, containing="Confirm")
    alice.click(preview, "Confirm")
    alice.wait_for_text(preview["ts"], "rescheduled")
    [parent] = bot_server.slack.messages("C0HVAC")  # routine 13 is HVAC's: a new confirmation
    assert f"#{new_id}" in parent["text"]
    [reply] = bot_server.slack.thread("C0HVAC", parent["ts"])
    assert "rescheduled" in reply["text"]


def test_rescheduling_an_unknown_intervention_says_the_api_does_not_know_it(
    bruno: Actor, bot_server: BotServer
) -> None:
    bruno.command("replanifier 777 vendredi 13h")
    preview = bruno.wait_for_ephemeral(after=0, containing="Confirmer")
    bruno.click(preview, "Confirmer")
    # The preview names n°777 too: wait for the answer's own words.
    shown = bruno.wait_for_text(preview["ts"], "ne connaît pas l'intervention n°777")
    assert "Confirmer" not in text_of(shown)
    assert bot_server.slack.messages("C0HVAC") == []
