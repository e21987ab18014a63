"""The `/preventive` grammar of DESIGN's "Slash command", in English and French."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.model import Assignee, CreationStatus, ListScope, TimeWindow
from bot.parsing.commands import (
    Assign,
    Command,
    Create,
    Help,
    ListInterventions,
    OpenCreateModal,
    Reschedule,
    Status,
    Update,
    parse_command,
    subcommand_of,
    suggest_subcommand,
)
from bot.parsing.errors import ParseError, ParseProblem
from bot.parsing.time_phrases import parse_window

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 3, 10, 9, 15, tzinfo=PARIS)
BOB = Assignee(slack_user_id="U0BOB")


def command(text: str) -> Command:
    return parse_command(text, now=NOW, tz=PARIS)


def failure(text: str) -> tuple[ParseProblem, str]:
    with pytest.raises(ParseError) as caught:
        command(text)
    return caught.value.problem, caught.value.fragment


def window(text: str, *, allow_past: bool = False) -> TimeWindow:
    return parse_window(text, now=NOW, tz=PARIS, allow_past=allow_past)


@pytest.mark.parametrize("text", ["", "   ", "create", "CRÉER", " creer  "])
def test_no_arguments_open_the_create_modal(text: str) -> None:
    assert command(text) == OpenCreateModal()


@pytest.mark.parametrize("text", ["help", "aide", "Help me", "AIDE"])
def test_help_in_both_languages(text: str) -> None:
    assert command(text) == Help()


def test_create_with_status_and_mention_reads_every_part() -> None:
    text = "create 12 tomorrow 8am to 5pm status scheduled assign <@U0BOB|bob>"
    assert command(text) == Create(
        12, window("tomorrow 8am to 5pm"), "tomorrow 8am to 5pm", CreationStatus.SCHEDULED, BOB
    )


def test_create_in_french_with_accents_and_extra_spaces() -> None:
    text = "  Créer   12  demain 8h à 12h   statut à planifier  assigner <@U0BOB>"
    assert command(text) == Create(
        12, window("demain 8h à 12h"), "demain 8h à 12h", CreationStatus.TO_SCHEDULE, BOB
    )


@pytest.mark.parametrize(
    ("words", "status"),
    [("status done", CreationStatus.DONE), ("statut terminée", CreationStatus.DONE),
     ("statut termine", CreationStatus.DONE), ("status to schedule", CreationStatus.TO_SCHEDULE),
     ("status toschedule", CreationStatus.TO_SCHEDULE),
     ("STATUT Planifiée", CreationStatus.SCHEDULED),
     ("statut planifié", CreationStatus.SCHEDULED), ("", CreationStatus.SCHEDULED)],
)  # fmt: skip
def test_status_words_in_both_languages(words: str, status: CreationStatus) -> None:
    found = command(f"create 7 tomorrow 9am {words}")
    assert isinstance(found, Create)
    assert found.status is status


def test_status_done_accepts_a_past_window() -> None:
    found = command("create 7 yesterday 9am status done")
    assert found == Create(
        7, window("yesterday 9am", allow_past=True), "yesterday 9am", CreationStatus.DONE
    )


def test_options_may_come_before_the_window() -> None:
    found = command("create 7 status to schedule assign profile:17 next monday 9:00")
    assert found == Create(
        7,
        window("next monday 9:00"),
        "next monday 9:00",
        CreationStatus.TO_SCHEDULE,
        Assignee(profile_id=17),
    )


def test_a_leading_routine_number_means_create() -> None:
    assert command("12 tomorrow 8am") == command("create 12 tomorrow 8am")


@pytest.mark.parametrize(
    ("word", "assignee"),
    [("<@U0BOB|bob>", BOB), ("<@U0BOB>", BOB), ("profile:17", Assignee(profile_id=17)),
     ("contact:5", Assignee(company_contact_id=5)), ("Profil:3", Assignee(profile_id=3))],
)  # fmt: skip
def test_assignee_forms(word: str, assignee: Assignee) -> None:
    assert command(f"assign 42 {word}") == Assign(42, assignee, "")


def test_assign_keeps_the_reason_verbatim() -> None:
    assert command("assigner #42 <@U0BOB|bob> raison : congés & <formation>") == Assign(
        42, BOB, "congés & <formation>"
    )


def test_reschedule_and_update_in_both_languages() -> None:
    expected = Reschedule(42, window("next monday 9:00-12:00"), "next monday 9:00-12:00")
    assert command("reschedule 42 next monday 9:00-12:00") == expected
    assert command("replanifier #42 lundi prochain 9h-12h") == Reschedule(
        42, window("lundi prochain 9h-12h"), "lundi prochain 9h-12h"
    )
    assert command("update 42") == command("modifier #42") == Update(42)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("frobnicate 12", (ParseProblem.UNKNOWN_SUBCOMMAND, "frobnicate")),
     ("create abc tomorrow", (ParseProblem.BAD_ROUTINE, "abc")),
     ("create 12", (ParseProblem.MISSING_WHEN, "")),
     ("create 12 status done", (ParseProblem.MISSING_WHEN, "")),
     ("create 12 tomorrow status", (ParseProblem.MISSING_STATUS, "")),
     ("create 12 tomorrow status maybe", (ParseProblem.BAD_STATUS, "maybe")),
     ("create 12 tomorrow assign @bob", (ParseProblem.BAD_ASSIGNEE, "@bob")),
     ("create 12 tomorrow assign", (ParseProblem.MISSING_ASSIGNEE, "")),
     ("create 12 next blursday", (ParseProblem.UNREADABLE, "blursday")),
     ("create 12 yesterday 9am", (ParseProblem.IN_PAST, "yesterday 9am")),
     ("create 12 tomorrow status done 8am", (ParseProblem.UNREADABLE, "8am")),
     ("reschedule", (ParseProblem.MISSING_ID, "")),
     ("reschedule x tomorrow", (ParseProblem.BAD_ID, "x")),
     ("reschedule 42", (ParseProblem.MISSING_WHEN, "")),
     ("assign 42", (ParseProblem.MISSING_ASSIGNEE, "")),
     ("assign 42 @bob", (ParseProblem.BAD_ASSIGNEE, "@bob")),
     ("update 42 now", (ParseProblem.UNREADABLE, "now"))],
)  # fmt: skip
def test_errors_name_the_offending_token(text: str, expected: tuple[ParseProblem, str]) -> None:
    assert failure(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "create"),
        ("12 tomorrow 8am", "create"),
        ("créer 12 demain", "create"),
        ("Replanifier 42 lundi", "reschedule"),
        ("assign 42 <@U0BOB>", "assign"),
        ("aide", "help"),
        ("dance 42", "unknown"),
    ],
    ids=["empty", "bare-id", "fr-create", "fr-reschedule", "assign", "fr-help", "unknown"],
)
def test_subcommand_of_names_the_subcommand_in_english_for_the_metrics(
    text: str, expected: str
) -> None:
    assert subcommand_of(text) == expected


def test_a_subcommand_one_slip_away_is_suggested_as_the_user_would_write_it() -> None:
    assert suggest_subcommand("creat") == "create"
    assert suggest_subcommand("reshedule") == "reschedule"
    assert suggest_subcommand("creér") == "créer"
    assert suggest_subcommand("blursday") is None
    assert suggest_subcommand("ls") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("list", ListInterventions(ListScope.MINE)),
        ("list mine", ListInterventions(ListScope.MINE)),
        ("list team", ListInterventions(ListScope.TEAM)),
        ("list all", ListInterventions(ListScope.ALL)),
        ("liste", ListInterventions(ListScope.MINE)),
        ("liste mes", ListInterventions(ListScope.MINE)),
        ("liste équipe", ListInterventions(ListScope.TEAM)),
        ("liste tout", ListInterventions(ListScope.ALL)),
        ("status 42", Status(42)),
        ("status #42", Status(42)),
        ("statut 42", Status(42)),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_list_and_status_in_both_languages(text: str, expected: Command) -> None:
    assert command(text) == expected


@pytest.mark.parametrize(
    ("text", "problem", "fragment"),
    [
        ("list blursday", ParseProblem.BAD_SCOPE, "blursday"),
        ("list mine please", ParseProblem.BAD_SCOPE, "please"),
        ("statut", ParseProblem.MISSING_ID, ""),
        ("status forty", ParseProblem.BAD_ID, "forty"),
        ("status 42 now", ParseProblem.UNREADABLE, "now"),
    ],
)
def test_list_and_status_errors_quote_the_words(
    text: str, problem: ParseProblem, fragment: str
) -> None:
    assert failure(text) == (problem, fragment)


@pytest.mark.parametrize(
    ("text", "problem", "fragment"),
    [
        ("create 0 tomorrow 8am", ParseProblem.BAD_ROUTINE, "0"),
        ("create 2147483648 tomorrow 8am", ParseProblem.BAD_ROUTINE, "2147483648"),
        ("create 12 tomorrow 8am assign contact:0", ParseProblem.BAD_ASSIGNEE, "contact:0"),
        ("assign 999999999999 <@U0BOB|bob>", ParseProblem.BAD_ID, "999999999999"),
        ("assign 42 profile:" + "9" * 5000, ParseProblem.BAD_ASSIGNEE, "profile:" + "9" * 5000),
        ("reschedule #0 friday 9am", ParseProblem.BAD_ID, "#0"),
        ("update 00", ParseProblem.BAD_ID, "00"),
        ("assign 42 <@U" + "A" * 30 + ">", ParseProblem.BAD_ASSIGNEE, "<@U" + "A" * 30 + ">"),
    ],
)
def test_ids_outside_one_to_two_to_the_31_minus_one_are_refused_quoting_them(
    text: str, problem: ParseProblem, fragment: str
) -> None:
    assert failure(text) == (problem, fragment)


def test_the_largest_ids_the_api_takes_are_read() -> None:
    parsed = command("assign #2147483647 profile:2147483647")
    assert parsed == Assign(2_147_483_647, Assignee(profile_id=2_147_483_647))
    assert command("update 007") == Update(7)


@pytest.mark.parametrize(
    "text",
    [
        "create 12 " + "1" * 310,
        "create 12 in " + "9" * 400 + " hours",
        "create 12 every " + "9" * 400 + " weeks",
        "create 12 tomorrow 8am for " + "9" * 400 + " weeks",
    ],
)
def test_a_number_too_long_to_be_an_amount_is_an_unreadable_word_not_a_crash(text: str) -> None:
    problem, quoted = failure(text)
    assert problem is ParseProblem.UNREADABLE
    assert quoted in text
