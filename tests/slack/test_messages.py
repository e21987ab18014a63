"""Messages people can act on (issue 12), end to end over signed HTTP, in both languages.

The clock is Tuesday 10 March 2026, 09:15 in Paris; Alice reads English in Paris, Bruno French
in New York. Routine 12 is named in `bot.toml`'s `[routines]`.
"""

from __future__ import annotations

import json
from typing import Any

from bot.fakes.slack import text_of
from tests.actors import Actor, BotServer, dump
from tests.slack.test_change_flows import create_intervention


def preview_of(actor: Actor, text: str, label: str = "Confirm") -> dict[str, Any]:
    before = len(actor.ephemerals())
    actor.command(text)
    return actor.wait_for_ephemeral(after=before, containing=label)


def requests_of(bot: BotServer, method: str) -> list[Any]:
    return [r.body for r in bot.api.requests if r.method == method]


# ----- 1. the confirm step on every path, and the preview's warnings ---------------------------


def test_the_create_form_shows_the_preview_with_its_warnings_before_sending(
    alice: Actor, bot_server: BotServer
) -> None:
    alice.command("")
    view = alice.wait_for_view(after=0)
    alice.submit(view, {"Routine ID": "12", "When": "from dec 7 to dec 28"})
    preview = alice.wait_for_ephemeral(after=0, containing="Confirm")
    shown = text_of(preview)
    assert "Mon 7 Dec, 08:00" in shown, dump(preview)
    assert "more than 12 hours" in shown
    assert "Saturday or Sunday" in shown
    assert bot_server.api.requests == []
    alice.click(preview, "Confirm")
    alice.wait_for_text(preview["ts"], "created")
    assert len(requests_of(bot_server, "POST")) == 1


def test_french_form_preview_warns_in_french(bruno: Actor, bot_server: BotServer) -> None:
    bruno.command("")
    view = bruno.wait_for_view(after=0)
    bruno.submit(view, {"N° de gamme": "12", "Quand": "samedi 22h à 6h"})
    preview = bruno.wait_for_ephemeral(after=0, containing="Confirmer")
    shown = text_of(preview)
    assert "samedi ou un dimanche" in shown, dump(preview)
    assert "hors de la journée de travail (08:00-17:00)" in shown
    assert bot_server.api.requests == []


def test_done_in_the_future_and_an_unknown_routine_are_warned(
    alice: Actor, bruno: Actor, bot_server: BotServer
) -> None:
    preview = preview_of(alice, "create 999 tomorrow 9am to 11am status done")
    shown = text_of(preview)
    assert "status is done, but the window starts in the future" in shown, dump(preview)
    assert "No team lists routine 999" in shown
    preview = preview_of(bruno, "créer 999 demain 9h à 11h statut terminée", "Confirmer")
    shown = text_of(preview)
    assert "commence dans le futur" in shown, dump(preview)
    assert "Aucune équipe ne suit la gamme 999\u202f:" in shown


def test_an_ordinary_window_has_no_warning(alice: Actor, bot_server: BotServer) -> None:
    preview = preview_of(alice, "create 12 tomorrow 9am to 11am")
    assert ":warning:" not in dump(preview)


def test_the_update_form_confirms_a_changed_schedule_inside_the_modal(
    alice: Actor, bruno: Actor, bot_server: BotServer
) -> None:
    create_intervention(alice, bot_server, "create 12 tomorrow 8am to 5pm")
    bruno.command("modifier 42")
    view = bruno.wait_for_view(after=0)
    ack = bruno.submit(view, {"Quand": "samedi 9h à 11h", "Description": "Courroies"})
    assert ack["response_action"] == "update", dump(ack)
    step = bot_server.slack.views[view["id"]]
    shown = text_of(step)
    assert "sam. 14 mars, 09:00" in shown, dump(step)
    assert "samedi ou un dimanche" in shown
    assert "Confirmer" in shown
    assert requests_of(bot_server, "PATCH") == []
    bruno.submit(step, {})
    bot_server.slack.wait_for(lambda: requests_of(bot_server, "PATCH"))
    assert requests_of(bot_server, "PATCH") == [
        {
            "description": "Courroies",
            "scheduledStart": "2026-03-14T13:00:00.000Z",
            "scheduledEnd": "2026-03-14T15:00:00.000Z",
        }
    ]


def test_an_update_that_leaves_the_schedule_alone_is_sent_at_once(
    alice: Actor, bot_server: BotServer
) -> None:
    create_intervention(alice, bot_server, "create 12 tomorrow 8am to 5pm")
    alice.command("update 42")
    view = alice.wait_for_view(after=0)
    ack = alice.submit(view, {"Description": "Belts"})
    assert ack.get("response_action") is None
    bot_server.slack.wait_for(lambda: requests_of(bot_server, "PATCH"))
    assert requests_of(bot_server, "PATCH") == [{"description": "Belts"}]


# ----- 10. routine names ----------------------------------------------------------------------


def test_a_named_routine_is_shown_by_its_name(
    alice: Actor, bruno: Actor, bot_server: BotServer
) -> None:
    preview = preview_of(alice, "create 12 tomorrow 9am to 11am")
    assert "12 — Chiller 2, quarterly check" in text_of(preview), dump(preview)
    preview = preview_of(bruno, "créer 12 demain 9h à 11h", "Confirmer")
    assert "12 — Chiller 2, quarterly check" in text_of(preview)
    alice.click(preview_of(alice, "create 12 tomorrow 1pm"), "Confirm")
    bot_server.slack.wait_for(lambda: bot_server.slack.messages("C0HVAC"))
    [confirmation] = bot_server.slack.messages("C0HVAC")
    assert "Chiller 2, quarterly check" in text_of(confirmation)


# ----- 6. an intervention the bot has no record of ---------------------------------------------


def test_rescheduling_an_unrecorded_intervention_is_warned_and_not_offered_again(
    alice: Actor, bruno: Actor, bot_server: BotServer
) -> None:
    preview = preview_of(alice, "reschedule 999 friday 1pm")
    assert "I have no record of intervention #999" in text_of(preview), dump(preview)
    alice.click(preview, "Confirm")
    shown = alice.wait_for_text(preview["ts"], "knows no intervention #999")
    assert "Confirm" not in text_of(shown)  # confirming again cannot make #999 exist
    preview = preview_of(bruno, "replanifier 999 vendredi 13h", "Confirmer")
    assert "Je n'ai aucune trace de l'intervention n°999" in text_of(preview)


def test_updating_an_unrecorded_intervention_says_so_above_the_fields(
    alice: Actor, bruno: Actor, bot_server: BotServer
) -> None:
    alice.command("update 999")
    view = alice.wait_for_view(after=0)
    assert "I have no record of intervention #999" in text_of(view), dump(view)
    bruno.command("modifier 998")
    view = bruno.wait_for_view(after=1)
    assert "Je n'ai aucune trace de l'intervention n°998" in text_of(view)


# ----- 2. no jargon: settings, config files and HTTP internals stay in the admin's log ---------


def test_a_bare_status_phrase_from_the_api_is_not_shown(
    alice: Actor, bruno: Actor, bot_server: BotServer
) -> None:
    for actor, text, label, expected in [
        (alice, "create 12 tomorrow 8am", "Confirm", "refused the request as invalid"),
        (bruno, "créer 12 demain 8h", "Confirmer", "a refusé la demande comme invalide"),
    ]:
        bot_server.api.fail_next(422, body={"error": "Unprocessable Entity"})
        preview = preview_of(actor, text, label)
        actor.click(preview, label)
        shown = actor.wait_for_text(preview["ts"], expected)
        assert "Unprocessable" not in text_of(shown)


def test_refused_credentials_tell_whom_to_ask_and_the_log_names_the_settings(
    alice: Actor, bruno: Actor, bot_server: BotServer, caplog: Any
) -> None:
    for actor, text, label, expected in [
        (alice, "create 12 tomorrow 8am", "Confirm", "Ask your Slack admin"),
        (bruno, "créer 12 demain 8h", "Confirmer", "votre administrateur Slack"),
    ]:
        bot_server.api.fail_next(401, times=3)
        preview = preview_of(actor, text, label)
        actor.click(preview, label)
        shown = text_of(actor.wait_for_text(preview["ts"], expected))
        assert "INTERVENTIONS_" not in shown
        assert "401" not in shown
    assert "INTERVENTIONS_API_TOKEN" in caplog.text


def test_an_unmapped_assignee_is_explained_without_naming_the_config_file(
    alice: Actor, bruno: Actor, bot_server: BotServer
) -> None:
    alice.command("create 12 tomorrow 8am assign <@U0NOBODY|nobody>")
    shown = text_of(alice.wait_for_ephemeral(after=0, containing="not linked"))
    assert "bot.toml" not in shown
    assert "Ask your Slack admin" in shown
    bruno.command("créer 12 demain 8h assigner <@U0NOBODY|nobody>")
    shown = text_of(bruno.wait_for_ephemeral(after=0, containing="pas encore relié"))
    assert "bot.toml" not in shown


# ----- 4. unknown commands ----------------------------------------------------------------------


def test_an_unknown_command_gets_did_you_mean_and_the_command_list(
    alice: Actor, bruno: Actor, bot_server: BotServer
) -> None:
    alice.command("creat 12 tomorrow 8am")
    shown = text_of(alice.wait_for_ephemeral(after=0, containing="creat"))
    assert "Did you mean `/preventive create`?" in shown
    assert "`reschedule`" in shown
    assert "`update`" in shown
    alice.command("cancel 42")
    shown = text_of(alice.wait_for_ephemeral(after=1, containing="cancel"))
    assert "Did you mean" not in shown
    assert "Commands: `create`" in shown
    bruno.command("modifer 42")
    shown = text_of(bruno.wait_for_ephemeral(after=0, containing="modifer"))
    assert "Vous vouliez dire `/preventive modifier`\u202f?" in shown
    assert "Commandes\u202f: `créer`" in shown
    assert bot_server.api.requests == []


# ----- 5. done work reads backwards --------------------------------------------------------------


def test_done_work_is_placed_in_the_past(alice: Actor, bruno: Actor, bot_server: BotServer) -> None:
    preview = preview_of(alice, "create 12 monday 9am to 11am status done")
    shown = text_of(preview)
    assert "Mon 9 Mar, 09:00" in shown, dump(preview)  # last Monday, said on Tuesday 10 March
    assert "in the future" not in shown
    preview = preview_of(alice, "create 12 dec 1 9am status done")
    assert "Mon 1 Dec 2025, 09:00" in text_of(preview), dump(preview)
    preview = preview_of(bruno, "créer 12 lundi 9h à 11h statut terminée", "Confirmer")
    assert "lun. 9 mars, 09:00" in text_of(preview), dump(preview)


def test_a_past_window_says_to_add_status_done(
    alice: Actor, bruno: Actor, bot_server: BotServer
) -> None:
    alice.command("create 12 yesterday 9am")
    shown = text_of(alice.wait_for_ephemeral(after=0, containing="in the past"))
    assert "add `status done`" in shown
    bruno.command("créer 12 hier 9h")
    shown = text_of(bruno.wait_for_ephemeral(after=0, containing="dans le passé"))
    assert "ajoutez `statut terminée`" in shown


def test_the_form_reads_done_work_backwards_too(alice: Actor, bot_server: BotServer) -> None:
    alice.command("")
    view = alice.wait_for_view(after=0)
    alice.submit(view, {"Routine ID": "12", "When": "monday 9am to 11am", "Status": "done"})
    preview = alice.wait_for_ephemeral(after=0, containing="Confirm")
    assert "Mon 9 Mar, 09:00" in text_of(preview), dump(preview)


# ----- 7. threads keep what happened ------------------------------------------------------------


def test_a_reschedule_reply_shows_old_and_new(alice: Actor, bot_server: BotServer) -> None:
    parent = create_intervention(alice, bot_server, "create 12 tomorrow 8am to 5pm")
    preview = preview_of(alice, "reschedule 42 thursday 9am to 11am")
    alice.click(preview, "Confirm")
    bot_server.slack.wait_for(lambda: bot_server.slack.thread("C0HVAC", parent["ts"]))
    [reply] = bot_server.slack.thread("C0HVAC", parent["ts"])
    assert "was <!date^1773212400^" in reply["text"], dump(reply)  # Wed 08:00 Paris
    assert "now <!date^1773302400^" in reply["text"]  # Thu 09:00 Paris


def test_a_managers_direct_reassignment_keeps_the_reason(
    alice: Actor, lead: Actor, bot_server: BotServer
) -> None:
    parent = create_intervention(alice, bot_server, "create 12 tomorrow 8am to 5pm")
    lead.command("assign 42 <@U0BOB|bob> covering for alice")
    bot_server.slack.wait_for(lambda: bot_server.slack.thread("C0HVAC", parent["ts"]))
    [reply] = bot_server.slack.thread("C0HVAC", parent["ts"])
    assert "assigned it to <@U0BOB>" in text_of(reply)
    assert "Reason: covering for alice" in text_of(reply)


# ----- 8. approval requests a manager can decide from the notification -------------------------


def test_an_approval_request_shows_routine_window_and_withdraw(
    alice: Actor, bot_server: BotServer
) -> None:
    parent = create_intervention(alice, bot_server, "create 12 tomorrow 8am to 5pm")
    alice.command("assign 42 <@U0BOB|bob> on leave")
    bot_server.slack.wait_for(lambda: bot_server.slack.thread("C0HVAC", parent["ts"]))
    [request] = bot_server.slack.thread("C0HVAC", parent["ts"])
    shown = text_of(request)
    assert "Routine 12 — Chiller 2, quarterly check" in request["text"], dump(request)
    assert "<!date^1773212400^" in request["text"]
    assert "Reason: on leave" in shown
    assert "Withdraw" in shown
    assert "Cancel" not in shown


def test_the_email_choices_name_whom_they_email(
    alice: Actor, bruno: Actor, bot_server: BotServer
) -> None:
    parent = create_intervention(
        alice, bot_server, "create 12 tomorrow 8am to 5pm assign <@U0ALICE|alice>"
    )
    alice.click(parent, "Reassign", channel="C0HVAC")
    view = alice.wait_for_view(after=0)
    shown = json.dumps(view, ensure_ascii=False)
    assert "Email the previous assignee (<@U0ALICE>)" in shown
    assert "Email the new assignee" in shown
    bruno.command("modifier 42")
    view = bruno.wait_for_view(after=1)
    shown = json.dumps(view, ensure_ascii=False)
    assert "Prévenir l'assigné précédent par e-mail (<@U0ALICE>)" in shown
    assert "après ce changement" in shown


# ----- 9. French forms ---------------------------------------------------------------------------


def test_french_forms_are_prefilled_in_french_and_read_back(
    alice: Actor, bruno: Actor, bot_server: BotServer
) -> None:
    parent = create_intervention(alice, bot_server, "create 12 tomorrow 8:15am to 5pm")
    bruno.click(parent, "Reschedule", channel="C0HVAC")
    view = bruno.wait_for_view(after=0)
    shown = json.dumps(view, ensure_ascii=False)
    assert "mercredi 11 mars 2026 de 3h15 à 12h" in shown, shown
    assert " to " not in shown
    assert "T03" not in shown
    bruno.submit(view, {})  # the prefilled phrase reads back as the same window
    preview = bruno.wait_for_ephemeral(after=0, containing="Confirmer")
    assert "mer. 11 mars, 03:15" in text_of(preview), dump(preview)


def test_french_preview_labels_take_a_narrow_space_before_the_colon(
    bruno: Actor, bot_server: BotServer
) -> None:
    preview = preview_of(bruno, "créer 12 demain 8h", "Confirmer")
    assert "comme\u202f:" in preview["text"]
    assert " :" not in preview["text"]


def test_a_huge_phrase_in_the_update_form_is_refused_within_slack_limits(
    alice: Actor, bot_server: BotServer
) -> None:
    create_intervention(alice, bot_server, "create 12 tomorrow 8am to 5pm")
    alice.command("update 42")
    view = alice.wait_for_view(after=0)
    phrase = "thursday 9am to 11am " + " " * 2900 + "&<>"
    ack = alice.submit(view, {"When": phrase})
    assert ack["response_action"] == "errors", dump(ack)  # unreadable, quoted and clipped
    assert len(ack["errors"]["when"]) < 400


def test_a_zone_slack_did_not_give_is_named_as_a_default(
    alice: Actor, bot_server: BotServer
) -> None:
    bot_server.slack.fail_next("users.info", "ratelimited")
    preview = preview_of(alice, "create 12 tomorrow 9am to 11am")
    assert "Slack did not give me your time zone" in text_of(preview), dump(preview)
    preview = preview_of(alice, "create 12 tomorrow 9am to 11am")  # the next lookup works
    assert "did not give me your time zone" not in text_of(preview)
