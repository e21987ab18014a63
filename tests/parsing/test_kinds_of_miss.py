"""The kinds of miss issue 13 lists that are read through the lexicon (not one rule each):
weeks as Monday-Friday windows, counts in words, year offsets, clock idioms, parts of the day
around meals, approximations; and which readings are flagged as guesses for the preview."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.parsing.errors import ParseError, ParseProblem
from bot.parsing.time_phrases import read_window

PARIS = ZoneInfo("Europe/Paris")
TUESDAY_MORNING = datetime(2026, 3, 10, 9, 15, tzinfo=PARIS)
SATURDAY = datetime(2026, 3, 14, 10, 0, tzinfo=PARIS)


def local(text: str, now: datetime = TUESDAY_MORNING) -> tuple[str, str]:
    window = read_window(text, now=now, tz=PARIS).window
    return (
        window.start.astimezone(PARIS).strftime("%Y-%m-%d %H:%M"),
        window.end.astimezone(PARIS).strftime("%Y-%m-%d %H:%M"),
    )


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("next week", "2026-03-16 08:00", "2026-03-20 17:00"),
        ("la semaine prochaine", "2026-03-16 08:00", "2026-03-20 17:00"),
        ("this week", "2026-03-10 09:15", "2026-03-13 17:00"),
        ("cette semaine", "2026-03-10 09:15", "2026-03-13 17:00"),
        ("the week after next", "2026-03-23 08:00", "2026-03-27 17:00"),
        ("la semaine suivante", "2026-03-16 08:00", "2026-03-20 17:00"),
        ("the week of nov 2", "2026-11-02 08:00", "2026-11-06 17:00"),
        ("la semaine du 2 novembre", "2026-11-02 08:00", "2026-11-06 17:00"),
        ("next week friday 10am", "2026-03-20 10:00", "2026-03-20 12:00"),
    ],
)
def test_a_week_is_its_monday_to_friday_window(text: str, start: str, end: str) -> None:
    assert local(text) == (start, end)


def test_next_week_said_on_a_saturday_is_the_coming_monday_to_friday() -> None:
    assert local("next week", SATURDAY) == ("2026-03-16 08:00", "2026-03-20 17:00")


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("0900hrs", "2026-03-11 09:00"),
        ("1430 hours", "2026-03-10 14:30"),
        ("3h du mat", "2026-03-11 03:00"),
        ("onze heures trois quarts", "2026-03-10 11:45"),
        ("sept heures et trois quarts", "2026-03-11 07:45"),
        ("à 9h tapantes", "2026-03-11 09:00"),
        ("9am sharp", "2026-03-11 09:00"),
        ("3pm or so", "2026-03-10 15:00"),
        ("aux alentours de 15h", "2026-03-10 15:00"),
        ("sur les 15h", "2026-03-10 15:00"),
        ("after 5pm", "2026-03-10 17:00"),
        ("après 17h", "2026-03-10 17:00"),
        ("in two hours", "2026-03-10 11:15"),
        ("dans deux heures", "2026-03-10 11:15"),
        ("in a year", "2027-03-10 08:00"),
        ("dans 2 ans", "2028-03-10 08:00"),
        ("march 3rd next year", "2027-03-03 08:00"),
        ("le 3 mars de l'an prochain", "2027-03-03 08:00"),
        ("in a fortnight", "2026-03-24 08:00"),
        ("le deuxième mardi d'avril", "2026-04-14 08:00"),
        ("le troisième jeudi du mois", "2026-03-19 08:00"),
    ],
)
def test_clock_idioms_counts_and_years_are_read(text: str, start: str) -> None:
    assert local(text)[0] == start


@pytest.mark.parametrize(
    ("text", "start", "guess"),
    [
        ("in a few hours", "2026-03-10 12:15", "a few"),
        ("dans quelques jours", "2026-03-13 08:00", "quelques"),
        ("in several days", "2026-03-13 08:00", "several"),
        ("after lunch", "2026-03-10 13:00", "after lunch"),
        ("demain après manger", "2026-03-11 13:00", "après manger"),
        ("après le déjeuner", "2026-03-10 13:00", "après le déjeuner"),
        ("tomorrow after breakfast", "2026-03-11 09:00", "after breakfast"),
        ("après le dîner", "2026-03-10 20:00", "après le dîner"),
        ("le lendemain", "2026-03-11 08:00", "le lendemain"),
        ("end of the month", "2026-03-31 08:00", "end of the month"),
    ],
)
def test_a_vague_word_is_read_and_listed_as_a_guess(text: str, start: str, guess: str) -> None:
    reading = read_window(text, now=TUESDAY_MORNING, tz=PARIS)
    assert reading.window.start.astimezone(PARIS).strftime("%Y-%m-%d %H:%M") == start
    assert guess in reading.guesses


@pytest.mark.parametrize("text", ["tomorrow 9am", "next friday", "du 16 au 18 mars", "3ish"])
def test_an_exact_reading_lists_no_guess(text: str) -> None:
    assert read_window(text, now=TUESDAY_MORNING, tz=PARIS).guesses == ()


def test_the_day_after_a_start_is_counted_from_that_start() -> None:
    assert local("from friday to the day after") == ("2026-03-13 08:00", "2026-03-14 17:00")


@pytest.mark.parametrize("text", ["3pm-ish", "before lunch", "avant midi", "by 3pm"])
def test_deadlines_and_hedged_clocks_stay_errors(text: str) -> None:
    with pytest.raises(ParseError):
        read_window(text, now=TUESDAY_MORNING, tz=PARIS)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("mardi de 14 à 16h", "2026-03-10 14:00", "2026-03-10 16:00"),
        ("mardi entre 14 et 16h", "2026-03-10 14:00", "2026-03-10 16:00"),
        ("mardi 17 à 18h", "2026-03-17 18:00", "2026-03-17 20:00"),
        ("du 16 au 18", "2026-03-16 08:00", "2026-03-18 17:00"),
    ],
)
def test_a_number_after_de_or_entre_opens_a_range_of_hours(text: str, start: str, end: str) -> None:
    assert local(text) == (start, end)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("du lundi au vendredi 8h-17h", "2026-03-16 08:00", "2026-03-20 17:00"),
        ("du lundi au vendredi de 8h à 17h", "2026-03-16 08:00", "2026-03-20 17:00"),
        ("monday to friday 8am-5pm", "2026-03-16 08:00", "2026-03-20 17:00"),
        ("monday to friday 9-5", "2026-03-16 09:00", "2026-03-20 17:00"),
        ("du 16 au 18 mars de 9h à 12h", "2026-03-16 09:00", "2026-03-18 12:00"),
    ],
)
def test_hours_after_a_range_of_days_start_the_first_day_and_end_the_last(
    text: str, start: str, end: str
) -> None:
    assert local(text) == (start, end)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("lundi et le lendemain", "2026-03-16 08:00", "2026-03-17 17:00"),
        ("monday and the day after", "2026-03-16 08:00", "2026-03-17 17:00"),
        ("demain et le surlendemain", "2026-03-11 08:00", "2026-03-13 17:00"),
    ],
)
def test_a_day_and_the_day_after_is_a_range(text: str, start: str, end: str) -> None:
    assert local(text) == (start, end)


@pytest.mark.parametrize("text", ["mardi 6 à 7h", "thursday 5th", "lundi 12 mars"])
def test_a_weekday_that_is_not_the_dates_is_an_error_quoting_both(text: str) -> None:
    with pytest.raises(ParseError) as caught:
        read_window(text, now=TUESDAY_MORNING, tz=PARIS)
    assert caught.value.problem is ParseProblem.CONFLICTING
    assert text.split()[0] in caught.value.fragment


def test_a_weekday_day_month_and_a_four_digit_clock_is_that_date_at_that_time() -> None:
    """DESIGN's own example: `0800` after `Jan` is a clock, not the year 800."""
    now = datetime(2026, 1, 10, 9, 0, tzinfo=PARIS)
    assert local("Tues 13th Jan 0800", now) == ("2026-01-13 08:00", "2026-01-13 10:00")
