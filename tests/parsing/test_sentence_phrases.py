"""How a time is said inside a sentence: chatter around it, moments of the day, numbers in words,
deadlines and misspellings (rules behind the third blind round, `when-blind2`)."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.model import WindowDefaults, format_api_timestamp
from bot.parsing.errors import ParseError, ParseProblem
from bot.parsing.time_phrases import parse_window

PARIS = ZoneInfo("Europe/Paris")
TUESDAY_MORNING = datetime(2026, 3, 10, 9, 15, tzinfo=PARIS)
TOMORROW_8AM = ("2026-03-11T07:00:00.000Z", "2026-03-11T09:00:00.000Z")


def window(text: str, defaults: WindowDefaults = WindowDefaults()) -> tuple[str, str]:  # noqa: B008
    found = parse_window(text, now=TUESDAY_MORNING, tz=PARIS, defaults=defaults)
    return format_api_timestamp(found.start), format_api_timestamp(found.end)


def problem(text: str) -> ParseError:
    with pytest.raises(ParseError) as caught:
        window(text)
    return caught.value


@pytest.mark.parametrize(
    "text",
    ["schedule it for tomorrow 8am", "tomorrow 8am please", "let's say tomorrow at 8am",
     "can you do tomorrow 8am?", "pour demain 8h", "demain 8h stp", "svp demain 8h",
     "prévu demain 8h", "plutôt demain 8h", "demain 8h merci"],
)  # fmt: skip
def test_chatter_around_the_time_changes_nothing(text: str) -> None:
    assert window(text) == TOMORROW_8AM


@pytest.mark.parametrize("text", ["please", "merci", "can you do it"])
def test_chatter_alone_is_an_error_quoting_it(text: str) -> None:
    error = problem(text)
    assert (error.problem, error.fragment) == (ParseProblem.UNREADABLE, text)


@pytest.mark.parametrize(
    ("text", "word"), [("tomorrow banana 8am", "banana"), ("not tomorrow", "not")]
)
def test_a_word_that_is_not_chatter_is_still_quoted(text: str, word: str) -> None:
    assert problem(text).fragment == word


@pytest.mark.parametrize("text", ["for tomorrow", "sometime tomorrow", "n'importe quand demain"])
def test_chatter_before_a_day_leaves_its_workday(text: str) -> None:
    assert window(text) == ("2026-03-11T07:00:00.000Z", "2026-03-11T16:00:00.000Z")


def test_for_before_a_quantity_is_still_a_duration() -> None:
    assert window("tomorrow 8am for 3 hours")[1] == "2026-03-11T10:00:00.000Z"


@pytest.mark.parametrize(
    ("text", "word"), [("tomorrow 8am for", "for"), ("demain 8h pour", "pour")]
)
def test_for_with_nothing_after_it_is_a_missing_duration(text: str, word: str) -> None:
    assert problem(text).fragment == word


@pytest.mark.parametrize(
    ("text", "local_hour"),
    [("mid-morning tomorrow", 10), ("en milieu de matinée demain", 10),
     ("late morning tomorrow", 11), ("demain en fin de matinée", 11),
     ("tomorrow at lunchtime", 12), ("demain à l'heure du déjeuner", 12),
     ("early afternoon tomorrow", 14), ("demain en début d'après-midi", 14)],
)  # fmt: skip
def test_a_moment_of_the_day_is_a_start_lasting_the_default_duration(
    text: str, local_hour: int
) -> None:
    start, end = local_hour - 1, local_hour + 1  # CET is UTC+1; two hours long
    assert window(text) == (f"2026-03-11T{start:02}:00:00.000Z", f"2026-03-11T{end:02}:00:00.000Z")


@pytest.mark.parametrize(
    ("text", "start"),
    [("first thing tomorrow", "2026-03-11T06:30:00.000Z"),
     ("demain à la première heure", "2026-03-11T06:30:00.000Z"),
     ("tomorrow eod", "2026-03-11T17:00:00.000Z"),
     ("demain en fin de journée", "2026-03-11T17:00:00.000Z")],
)  # fmt: skip
def test_first_thing_and_end_of_day_follow_the_configured_workday(text: str, start: str) -> None:
    workday = WindowDefaults(workday_start=time(7, 30), workday_end=time(18, 0))
    assert window(text, workday)[0] == start


def test_moment_already_past_today_is_tomorrow() -> None:
    now = datetime(2026, 3, 10, 16, 40, tzinfo=PARIS)
    found = parse_window("à l'heure du déjeuner", now=now, tz=PARIS)
    assert format_api_timestamp(found.start) == "2026-03-11T11:00:00.000Z"


def test_a_clock_said_with_a_moment_reads_in_its_half_of_the_day() -> None:
    assert window("tomorrow lunchtime at 1")[0] == "2026-03-11T12:00:00.000Z"


@pytest.mark.parametrize(
    ("text", "day"),
    [("on the twentieth", "2026-03-20"), ("March twelfth", "2026-03-12"),
     ("the twenty-first", "2026-03-21"), ("le vingt", "2026-03-20"),
     ("le douze", "2026-03-12"), ("le vingt-cinq mars", "2026-03-25"),
     ("vingt et un mars", "2026-03-21"), ("le deux", "2026-04-02")],
)  # fmt: skip
def test_day_of_the_month_in_words_is_a_date(text: str, day: str) -> None:
    assert window(text)[0] == f"{day}T{'06' if day >= '2026-03-29' else '07'}:00:00.000Z"


def test_day_in_words_that_no_month_has_is_an_invalid_date() -> None:
    assert problem("le trente et un avril").problem is ParseProblem.INVALID_DATE


@pytest.mark.parametrize(
    ("text", "start"),
    [("friday at ten thirty", "2026-03-13T09:30:00.000Z"),
     ("at eight fifteen am", "2026-03-11T07:15:00.000Z"),
     ("à dix-sept heures trente", "2026-03-10T16:30:00.000Z"),
     ("huit heures cinq", "2026-03-11T07:05:00.000Z"),
     ("vingt-trois heures", "2026-03-10T22:00:00.000Z")],
)  # fmt: skip
def test_hours_and_minutes_in_words_are_a_clock(text: str, start: str) -> None:
    assert window(text)[0] == start


@pytest.mark.parametrize(
    ("text", "expected"),
    [("entre midi et deux", ("2026-03-10T11:00:00.000Z", "2026-03-10T13:00:00.000Z")),
     ("from nine to eleven", ("2026-03-11T08:00:00.000Z", "2026-03-11T10:00:00.000Z")),
     ("de neuf heures à onze heures", ("2026-03-11T08:00:00.000Z", "2026-03-11T10:00:00.000Z"))],
)  # fmt: skip
def test_number_word_opening_a_side_of_a_range_is_an_hour(
    text: str, expected: tuple[str, str]
) -> None:
    assert window(text) == expected


@pytest.mark.parametrize("text", ["two", "seventeen"])
def test_a_lone_number_word_is_not_a_time(text: str) -> None:
    assert problem(text).problem is ParseProblem.UNREADABLE


@pytest.mark.parametrize("text", ["14:30h", "14:30 h", "14H30", "14 h 30"])
def test_hour_mark_may_follow_or_split_a_24_hour_clock(text: str) -> None:
    assert window(text)[0] == "2026-03-10T13:30:00.000Z"


@pytest.mark.parametrize(
    ("text", "start"),
    [("dans un quart d'heure", "2026-03-10T08:30:00.000Z"),
     ("dans trois quarts d'heure", "2026-03-10T09:00:00.000Z")],
)  # fmt: skip
def test_quarters_of_an_hour_are_fifteen_minutes_each(text: str, start: str) -> None:
    assert window(text)[0] == start


@pytest.mark.parametrize(
    ("text", "word"),
    [("by 3pm", "by"), ("before noon", "before"), ("avant midi", "avant"),
     ("d'ici 15h", "d'ici"), ("within 2 hours", "within")],
)  # fmt: skip
def test_a_deadline_is_not_a_start_and_is_quoted(text: str, word: str) -> None:
    error = problem(text)
    assert (error.problem, error.fragment) == (ParseProblem.UNREADABLE, word)


@pytest.mark.parametrize(
    ("text", "start"),
    [("tomorow 8am", "2026-03-11T07:00:00.000Z"), ("thrusday 10am", "2026-03-12T09:00:00.000Z"),
     ("demian 8h", "2026-03-11T07:00:00.000Z"), ("wensday 2pm", "2026-03-11T13:00:00.000Z")],
)  # fmt: skip
def test_a_usual_misspelling_of_a_day_is_read_and_shown_in_the_preview(
    text: str, start: str
) -> None:
    assert window(text)[0] == start


def test_a_word_that_is_no_day_is_still_an_error_quoting_it() -> None:
    assert problem("blursday 8am").fragment == "blursday"


def test_late_tonight_with_a_clock_is_tonight() -> None:
    assert window("late tonight, 11pm")[0] == "2026-03-10T22:00:00.000Z"
