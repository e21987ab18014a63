"""Days named through a month: `the 3rd of next month`, `the first monday of April`."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.model import format_api_timestamp
from bot.parsing.errors import ParseError, ParseProblem
from bot.parsing.time_phrases import parse_window

PARIS = ZoneInfo("Europe/Paris")
TUESDAY_MORNING = datetime(2026, 3, 10, 9, 15, tzinfo=PARIS)


def start_of(text: str, now: datetime = TUESDAY_MORNING) -> str:
    return format_api_timestamp(parse_window(text, now=now, tz=PARIS).start)


def problem(text: str) -> ParseProblem:
    with pytest.raises(ParseError) as caught:
        parse_window(text, now=TUESDAY_MORNING, tz=PARIS)
    return caught.value.problem


def test_day_of_next_month_in_december_is_in_january_of_the_next_year() -> None:
    december = datetime(2026, 12, 10, 9, 15, tzinfo=PARIS)
    assert start_of("le 3 du mois prochain à 10h", december) == "2027-01-03T09:00:00.000Z"


def test_nth_weekday_already_past_this_year_is_next_years() -> None:
    assert start_of("the first monday of march") == "2027-03-01T07:00:00.000Z"


def test_second_and_last_possible_nth_weekday_are_read() -> None:
    assert start_of("2nd tuesday of april at 9am") == "2026-04-14T07:00:00.000Z"
    assert start_of("le 4e lundi d'avril") == "2026-04-27T06:00:00.000Z"


@pytest.mark.parametrize("text", ["the fifth monday of april", "le 31 du mois prochain"])
def test_day_the_month_does_not_have_is_an_invalid_date(text: str) -> None:
    assert problem(text) is ParseProblem.INVALID_DATE


def test_weekday_said_with_a_day_of_next_month_must_agree() -> None:
    assert start_of("friday the 3rd of next month") == "2026-04-03T06:00:00.000Z"
    assert problem("monday the 3rd of next month") is ParseProblem.CONFLICTING


def test_day_of_next_month_ends_a_date_range() -> None:
    window = parse_window("from monday to the 3rd of next month", now=TUESDAY_MORNING, tz=PARIS)
    assert format_api_timestamp(window.end) == "2026-04-03T15:00:00.000Z"


def test_nth_weekday_of_next_month_is_read_in_both_languages() -> None:
    assert start_of("first monday of next month") == "2026-04-06T06:00:00.000Z"
    assert start_of("le premier lundi du mois prochain à 9h") == "2026-04-06T07:00:00.000Z"


def test_nth_weekday_with_a_year_is_that_years_even_when_past() -> None:
    assert start_of("the 1st monday of april 2027") == "2027-04-05T06:00:00.000Z"
    with pytest.raises(ParseError) as caught:
        parse_window("the first monday of march 2026", now=TUESDAY_MORNING, tz=PARIS)
    assert caught.value.problem is ParseProblem.IN_PAST


def test_range_start_without_month_takes_the_month_of_a_next_month_end() -> None:
    window = parse_window("du 20 au 25 du mois prochain", now=TUESDAY_MORNING, tz=PARIS)
    assert format_api_timestamp(window.start) == "2026-04-20T06:00:00.000Z"
    assert format_api_timestamp(window.end) == "2026-04-25T15:00:00.000Z"
