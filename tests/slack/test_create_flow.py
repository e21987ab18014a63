"""Creating interventions from Slack, end to end: signed requests in, fake Slack and sandbox out."""

from __future__ import annotations

from bot.fakes.slack import text_of
from tests.actors import Actor, BotServer, dump


def posts(bot: BotServer) -> list[object]:
    return [request.body for request in bot.api.requests if request.method == "POST"]


def patches(bot: BotServer) -> list[object]:
    return [request.body for request in bot.api.requests if request.method == "PATCH"]


def test_english_technician_previews_then_confirms_exactly_one_create(
    alice: Actor, bot_server: BotServer
) -> None:
    alice.command("create 12 tomorrow 8am to 5pm")
    preview = alice.wait_for_ephemeral(after=0, containing="Confirm")
    shown = text_of(preview)
    assert "Wed 11 Mar, 08:00" in shown, dump(preview)
    assert "17:00" in shown
    assert "Europe/Paris (CET)" in shown
    assert "9 h" in shown
    assert "scheduled" in shown
    assert bot_server.api.requests == []

    alice.click(preview, "Confirm")
    alice.wait_for_text(preview["ts"], "created")
    assert posts(bot_server) == [
        {
            "scheduledStart": "2026-03-11T07:00:00.000Z",
            "scheduledEnd": "2026-03-11T16:00:00.000Z",
            "creationStatus": 1,
            "routineId": 12,
        }
    ]
    [confirmation] = bot_server.slack.messages("C0HVAC")  # routine 12 belongs to HVAC
    assert "#42" in confirmation["text"]
    assert "<!date^1773212400^" in confirmation["text"]
    assert "Sandbox" not in text_of(confirmation)  # INTERVENTIONS_API_URL names a real server
    for label in ("Reschedule", "Reassign", "Edit"):
        assert label in text_of(confirmation)


def test_french_technician_in_new_york_gets_french_preview_and_new_york_times(
    bruno: Actor, bot_server: BotServer
) -> None:
    bruno.command("créer 12 demain 8h à 12h")
    preview = bruno.wait_for_ephemeral(after=0, containing="Confirmer")
    shown = text_of(preview)
    assert "mer. 11 mars, 08:00" in shown, dump(preview)
    assert "America/New_York (EDT)" in shown
    assert "Annuler" in shown
    assert "Modifier" in shown

    bruno.click(preview, "Confirmer")
    bruno.wait_for_text(preview["ts"], "créée")
    assert posts(bot_server) == [
        {
            "scheduledStart": "2026-03-11T12:00:00.000Z",
            "scheduledEnd": "2026-03-11T16:00:00.000Z",
            "creationStatus": 1,
            "routineId": 12,
        }
    ]


def test_confirm_clicked_twice_creates_once(alice: Actor, bot_server: BotServer) -> None:
    alice.command("create 12 friday 9am for 3 hours")
    preview = alice.wait_for_ephemeral(after=0, containing="Confirm")
    alice.click(preview, "Confirm")
    alice.click(preview, "Confirm")
    bot_server.slack.wait_for(lambda: bot_server.slack.messages("C0HVAC"))
    alice.wait_for_text(preview["ts"], "created")
    alice.click(preview, "Confirm")
    alice.wait_for_text(preview["ts"], "already created as intervention #42")
    assert len(posts(bot_server)) == 1
    assert len(bot_server.slack.messages("C0HVAC")) == 1


def test_cancel_sends_nothing(alice: Actor, bot_server: BotServer) -> None:
    alice.command("create 12 tomorrow 8am to 5pm")
    preview = alice.wait_for_ephemeral(after=0, containing="Cancel")
    alice.click(preview, "Cancel")
    alice.wait_for_text(preview["ts"], "nothing was sent")
    alice.click(preview, "Confirm")  # a stale copy of the preview still does nothing
    assert bot_server.api.requests == []
    assert bot_server.slack.messages("C0HVAC") == []


def test_create_and_assign_posts_then_patches_the_mapped_assignee(
    alice: Actor, bot_server: BotServer
) -> None:
    alice.command("create 13 tomorrow 2pm-4pm status to schedule assign <@U0BOB|bob>")
    preview = alice.wait_for_ephemeral(after=0, containing="Confirm")
    assert "<@U0BOB>" in text_of(preview)
    assert "to schedule" in text_of(preview)
    alice.click(preview, "Confirm")
    alice.wait_for_text(preview["ts"], "created")
    assert [r.method for r in bot_server.api.requests] == ["POST", "PATCH"]
    assert posts(bot_server)[0] == {
        "scheduledStart": "2026-03-11T13:00:00.000Z",
        "scheduledEnd": "2026-03-11T15:00:00.000Z",
        "creationStatus": 0,
        "routineId": 13,
    }
    assert patches(bot_server) == [{"assignedCompanyContactId": 5}]
    [confirmation] = bot_server.slack.messages("C0HVAC")
    assert "<@U0BOB>" in text_of(confirmation)


def test_created_but_not_assigned_says_so_and_retry_assigns(
    alice: Actor, bot_server: BotServer
) -> None:
    alice.command("create 12 tomorrow 2pm assign profile:17")
    preview = alice.wait_for_ephemeral(after=0, containing="Confirm")
    bot_server.api.fail_next(400, body={"message": "profile 17 is archived"}, method="PATCH")
    alice.click(preview, "Confirm")
    outcome = alice.wait_for_text(preview["ts"], "failed")
    shown = text_of(outcome)
    assert "#42" in shown
    assert "profile 17 is archived" in shown
    assert "Retry" in shown
    assert len(posts(bot_server)) == 1
    assert len(patches(bot_server)) == 1

    alice.click(outcome, "Retry")
    alice.wait_for_text(preview["ts"], "now assigned")
    assert len(posts(bot_server)) == 1  # the retry never creates again
    assert patches(bot_server)[-1] == {"assignedProfileId": 17}
    [confirmation] = bot_server.slack.messages("C0HVAC")
    thread = bot_server.slack.thread("C0HVAC", confirmation["ts"])
    assert "*Assignee*\n<@U0ALICE>" in text_of(confirmation)  # profile 17 is Alice in bot.toml
    assert "assigned it to <@U0ALICE>" in text_of(thread[-1])


def test_unreadable_window_quotes_the_words_and_sends_nothing(
    alice: Actor, bruno: Actor, bot_server: BotServer
) -> None:
    alice.command("create 12 blursday 8am")
    error = alice.wait_for_ephemeral(after=0, containing="blursday")
    assert "For example" in text_of(error)
    bruno.command("créer 12 demain 25h")
    error = bruno.wait_for_ephemeral(after=0, containing="25h")
    assert "Par exemple" in text_of(error)
    assert bot_server.api.requests == []


def test_user_text_is_escaped_in_every_message(alice: Actor, bot_server: BotServer) -> None:
    alice.command("create 12 <!channel> <@U123> <http://x|y>")
    error = alice.wait_for_ephemeral(after=0)
    raw = dump(error)
    assert "<!channel>" not in raw
    assert "<http://x|y>" not in raw
    assert "<@U123>" not in raw
    assert bot_server.api.requests == []


def test_a_routine_that_is_not_a_number_is_refused_in_the_user_language(
    alice: Actor, bruno: Actor, bot_server: BotServer
) -> None:
    alice.command("create twelve tomorrow 8am")
    error = alice.wait_for_ephemeral(after=0, containing="twelve")
    assert "is not a routine number" in text_of(error)
    bruno.command("créer douze demain 8h")
    error = bruno.wait_for_ephemeral(after=0, containing="douze")
    assert "n'est pas un numéro de gamme" in text_of(error)
    assert bot_server.api.requests == []


def test_slack_rate_limits_are_retried_and_the_confirmation_still_lands(
    alice: Actor, bot_server: BotServer
) -> None:
    bot_server.slack.rate_limit_next("chat.postMessage", retry_after=1)
    alice.command("create 12 tomorrow 8am to 5pm")
    preview = alice.wait_for_ephemeral(after=0, containing="Confirm")
    alice.click(preview, "Confirm")
    alice.wait_for_text(preview["ts"], "created", timeout=10)
    attempts = bot_server.slack.calls_to("chat.postMessage")
    assert [call.ok for call in attempts] == [False, True]
    assert len(bot_server.slack.messages("C0HVAC")) == 1
    assert len(posts(bot_server)) == 1
