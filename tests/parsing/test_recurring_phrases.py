"""Recurring plans (issue 15, DESIGN "Recurring plans"): every phrase of the tables gives its
occurrences, DST changes keep each occurrence's local time, and the ends are enforced.

Said on Tuesday 2026-03-10 09:15 in Paris unless a test says otherwise. Expected occurrences are
written as their local days (`MM-DD` in 2026, else `YYYY-MM-DD`) and their shared local window
(`+1`: it ends the next day), worked out by hand from the calendar.
"""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.model import format_api_timestamp
from bot.parsing.errors import ParseError, ParseProblem
from bot.parsing.series import MAX_OCCURRENCES, Series, read_schedule, read_series
from bot.parsing.time_phrases import read_window
from bot.when import run

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")
TUESDAY_MORNING = datetime(2026, 3, 10, 9, 15, tzinfo=PARIS)

WORKDAY = "08:00-17:00"
ENGLISH = [
    # DESIGN's examples
    ("every monday 8am to 12pm for 6 weeks", "03-16 03-23 03-30 04-06 04-13 04-20 @ 08:00-12:00"),
    ("every 2 weeks on tuesday 9:00-11:00 until 31 march", "03-17 03-31 @ 09:00-11:00"),
    ("every weekday 7am-9am next week", "03-16 03-17 03-18 03-19 03-20 @ 07:00-09:00"),
    (
        "first monday of each month 8am-12pm for 6 months",
        "04-06 05-04 06-01 07-06 08-03 09-07 @ 08:00-12:00",
    ),
    # weekly
    ("each friday 2pm-4pm until april 10", "03-13 03-20 03-27 04-03 04-10 @ 14:00-16:00"),
    ("every other tuesday 9-11 for 6 weeks", "03-17 03-31 04-14 @ 09:00-11:00"),
    ("every monday and thursday 7am 4 times", "03-12 03-16 03-19 03-23 @ 07:00-09:00"),
    ("weekly on thursday 10am for 4 weeks", "03-12 03-19 03-26 04-02 @ 10:00-12:00"),
    ("fortnightly on monday 3 times", f"03-16 03-30 04-13 @ {WORKDAY}"),
    ("biweekly on wednesday at 1pm 3 times", "03-11 03-25 04-08 @ 13:00-15:00"),
    ("every 2nd friday 4 times", f"03-13 03-27 04-10 04-24 @ {WORKDAY}"),
    ("every 2 weeks on monday and friday 8am 4 times", "03-13 03-23 03-27 04-06 @ 08:00-10:00"),
    ("every friday 9am 4 times", "03-13 03-20 03-27 04-03 @ 09:00-11:00"),
    ("every thursday 2pm for 90 min 3 times", "03-12 03-19 03-26 @ 14:00-15:30"),
    ("every saturday morning 3 times", "03-14 03-21 03-28 @ 08:00-12:00"),
    ("every sunday 10pm to 6am 3 times", "03-15 03-22 03-29 @ 22:00-06:00+1"),
    # days and working days
    ("every day at 6am for 1 week", "03-11 03-12 03-13 03-14 03-15 03-16 03-17 @ 06:00-08:00"),
    ("daily 7am 5 times", "03-11 03-12 03-13 03-14 03-15 @ 07:00-09:00"),
    ("every 3 days at 10am for 2 weeks", "03-10 03-13 03-16 03-19 03-22 @ 10:00-12:00"),
    ("every other day 6pm for 1 week", "03-10 03-12 03-14 03-16 @ 18:00-20:00"),
    ("weekdays 7am-9am next week", "03-16 03-17 03-18 03-19 03-20 @ 07:00-09:00"),
    (
        "every working day 6am for 2 weeks",
        "03-11 03-12 03-13 03-16 03-17 03-18 03-19 03-20 03-23 03-24 @ 06:00-08:00",
    ),
    ("every business day 8am-10am this week", "03-11 03-12 03-13 @ 08:00-10:00"),
    ("every day at 7am until friday", "03-11 03-12 03-13 @ 07:00-09:00"),
    # months
    ("the last friday of every month 3pm-5pm for 3 months", "03-27 04-24 05-29 @ 15:00-17:00"),
    ("second tuesday of each month 10am 3 times", "03-10 04-14 05-12 @ 10:00-12:00"),
    ("every third monday of the month 2 times", f"03-16 04-20 @ {WORKDAY}"),
    ("monthly on the last friday 3 times", f"03-27 04-24 05-29 @ {WORKDAY}"),
    ("day 15 of each month for 3 months", f"03-15 04-15 05-15 @ {WORKDAY}"),
    ("the 1st of every month at 9am 4 times", "04-01 05-01 06-01 07-01 @ 09:00-11:00"),
    ("every month on the 12th 3 times", f"03-12 04-12 05-12 @ {WORKDAY}"),
    ("every 20th of the month 2 times", f"03-20 04-20 @ {WORKDAY}"),
    # ends and starts
    ("every tuesday in april", f"04-07 04-14 04-21 04-28 @ {WORKDAY}"),
    ("every week on wednesday 3pm-4pm in april", "04-01 04-08 04-15 04-22 04-29 @ 15:00-16:00"),
    ("every wednesday until march 25", f"03-11 03-18 03-25 @ {WORKDAY}"),
    ("every monday until the end of march", f"03-16 03-23 03-30 @ {WORKDAY}"),
    ("every monday for the next 3 weeks", f"03-16 03-23 03-30 @ {WORKDAY}"),
    ("every monday starting april 6 for 3 weeks", f"04-06 04-13 04-20 @ {WORKDAY}"),
    ("every monday from march 16 to april 6", f"03-16 03-23 03-30 04-06 @ {WORKDAY}"),
    (
        "every monday in may 2027",
        f"2027-05-03 2027-05-10 2027-05-17 2027-05-24 2027-05-31 @ {WORKDAY}",
    ),
    ("each wednesday at 1pm 3 times", "03-11 03-18 03-25 @ 13:00-15:00"),
    ("every week on tuesday at 9am for 3 weeks", "03-17 03-24 03-31 @ 09:00-11:00"),
]
FRENCH = [
    # DESIGN's examples
    (
        "tous les lundis 8h à 12h pendant 6 semaines",
        "03-16 03-23 03-30 04-06 04-13 04-20 @ 08:00-12:00",
    ),
    ("un mardi sur deux de 9h à 11h jusqu'au 31 mars", "03-17 03-31 @ 09:00-11:00"),
    (
        "chaque jour ouvré de 7h à 9h la semaine prochaine",
        "03-16 03-17 03-18 03-19 03-20 @ 07:00-09:00",
    ),
    (
        "le premier lundi de chaque mois de 8h à 12h pendant 6 mois",
        "04-06 05-04 06-01 07-06 08-03 09-07 @ 08:00-12:00",
    ),
    # weekly
    (
        "tous les vendredis de 14h à 16h jusqu'au 10 avril",
        "03-13 03-20 03-27 04-03 04-10 @ 14:00-16:00",
    ),
    (
        "toutes les deux semaines le mardi de 9h à 11h pendant 6 semaines",
        "03-17 03-31 04-14 @ 09:00-11:00",
    ),
    ("tous les lundis et jeudis à 7h 4 fois", "03-12 03-16 03-19 03-23 @ 07:00-09:00"),
    ("chaque jeudi à 10h pendant 4 semaines", "03-12 03-19 03-26 04-02 @ 10:00-12:00"),
    ("un lundi sur deux 3 fois", f"03-16 03-30 04-13 @ {WORKDAY}"),
    ("un vendredi sur deux 4 fois", f"03-13 03-27 04-10 04-24 @ {WORKDAY}"),
    (
        "une semaine sur deux le lundi et vendredi à 8h 4 fois",
        "03-13 03-23 03-27 04-06 @ 08:00-10:00",
    ),
    ("chaque vendredi à 9h 4 fois", "03-13 03-20 03-27 04-03 @ 09:00-11:00"),
    ("chaque jeudi à 14h pendant 1h30 3 fois", "03-12 03-19 03-26 @ 14:00-15:30"),
    ("tous les samedis matin 3 fois", "03-14 03-21 03-28 @ 08:00-12:00"),
    ("tous les dimanches de 22h à 6h 3 fois", "03-15 03-22 03-29 @ 22:00-06:00+1"),
    ("chaque mercredi à 13h 3 fois", "03-11 03-18 03-25 @ 13:00-15:00"),
    ("toutes les semaines le mardi à 9h pendant 3 semaines", "03-17 03-24 03-31 @ 09:00-11:00"),
    # days and working days
    (
        "tous les jours à 6h pendant 1 semaine",
        "03-11 03-12 03-13 03-14 03-15 03-16 03-17 @ 06:00-08:00",
    ),
    ("tous les jours à 7h 5 fois", "03-11 03-12 03-13 03-14 03-15 @ 07:00-09:00"),
    ("quotidiennement à 7h 3 fois", "03-11 03-12 03-13 @ 07:00-09:00"),
    ("tous les 3 jours à 10h pendant 2 semaines", "03-10 03-13 03-16 03-19 03-22 @ 10:00-12:00"),
    ("un jour sur deux à 18h pendant 1 semaine", "03-10 03-12 03-14 03-16 @ 18:00-20:00"),
    (
        "les jours ouvrés de 7h à 9h la semaine prochaine",
        "03-16 03-17 03-18 03-19 03-20 @ 07:00-09:00",
    ),
    (
        "tous les jours ouvrés à 6h pendant 2 semaines",
        "03-11 03-12 03-13 03-16 03-17 03-18 03-19 03-20 03-23 03-24 @ 06:00-08:00",
    ),
    ("chaque jour ouvrable de 8h à 10h cette semaine", "03-11 03-12 03-13 @ 08:00-10:00"),
    ("tous les jours à 7h jusqu'à vendredi", "03-11 03-12 03-13 @ 07:00-09:00"),
    # months
    (
        "le dernier vendredi de chaque mois de 15h à 17h pendant 3 mois",
        "03-27 04-24 05-29 @ 15:00-17:00",
    ),
    ("le deuxième mardi de chaque mois à 10h 3 fois", "03-10 04-14 05-12 @ 10:00-12:00"),
    ("le troisième lundi de chaque mois 2 fois", f"03-16 04-20 @ {WORKDAY}"),
    ("chaque mois le premier lundi 2 fois", f"04-06 05-04 @ {WORKDAY}"),
    ("le 15 de chaque mois pendant 3 mois", f"03-15 04-15 05-15 @ {WORKDAY}"),
    ("le 1er de chaque mois à 9h 4 fois", "04-01 05-01 06-01 07-01 @ 09:00-11:00"),
    ("chaque mois le 12 3 fois", f"03-12 04-12 05-12 @ {WORKDAY}"),
    ("tous les 15 du mois à 8h pendant 3 mois", "03-15 04-15 05-15 @ 08:00-10:00"),
    # ends and starts
    ("tous les mardis en avril", f"04-07 04-14 04-21 04-28 @ {WORKDAY}"),
    (
        "chaque semaine le mercredi de 15h à 16h en avril",
        "04-01 04-08 04-15 04-22 04-29 @ 15:00-16:00",
    ),
    ("tous les mercredis jusqu'au 25 mars", f"03-11 03-18 03-25 @ {WORKDAY}"),
    ("tous les lundis jusqu'à fin mars", f"03-16 03-23 03-30 @ {WORKDAY}"),
    ("tous les lundis pendant les 3 prochaines semaines", f"03-16 03-23 03-30 @ {WORKDAY}"),
    ("tous les lundis à partir du 6 avril pendant 3 semaines", f"04-06 04-13 04-20 @ {WORKDAY}"),
    ("tous les lundis du 16 mars au 6 avril", f"03-16 03-23 03-30 04-06 @ {WORKDAY}"),
    (
        "tous les lundis en mai 2027",
        f"2027-05-03 2027-05-10 2027-05-17 2027-05-24 2027-05-31 @ {WORKDAY}",
    ),
]


def local_series(series: Series, zone: ZoneInfo = PARIS) -> str:
    """`MM-DD MM-DD @ HH:MM-HH:MM` when every occurrence has the same local window."""
    days, windows = [], set()
    for occurrence in series.occurrences:
        start, end = occurrence.start.astimezone(zone), occurrence.end.astimezone(zone)
        days.append(start.strftime("%m-%d" if start.year == 2026 else "%Y-%m-%d"))
        later = "+1" if end.date() != start.date() else ""
        windows.add(f"{start:%H:%M}-{end:%H:%M}{later}")
    assert len(windows) == 1, windows
    return f"{' '.join(days)} @ {windows.pop()}"


@pytest.mark.parametrize(("text", "expected"), ENGLISH, ids=[text for text, _ in ENGLISH])
def test_english_recurring_phrase_gives_its_occurrences(text: str, expected: str) -> None:
    series = read_series(text, now=TUESDAY_MORNING, tz=PARIS, locale="en")
    assert local_series(series) == expected


@pytest.mark.parametrize(("text", "expected"), FRENCH, ids=[text for text, _ in FRENCH])
def test_french_recurring_phrase_gives_its_occurrences(text: str, expected: str) -> None:
    series = read_series(text, now=TUESDAY_MORNING, tz=PARIS, locale="fr")
    assert local_series(series) == expected


def test_each_table_has_at_least_forty_phrases() -> None:
    assert len(ENGLISH) >= 40
    assert len(FRENCH) >= 40


def _utc(series: Series) -> list[str]:
    return [format_api_timestamp(occurrence.start) for occurrence in series.occurrences]


def test_paris_spring_forward_keeps_8am_local_and_marks_the_change() -> None:
    now = datetime(2026, 3, 20, 10, 0, tzinfo=PARIS)
    series = read_series("every monday 8am to 12pm for 3 weeks", now=now, tz=PARIS)
    assert _utc(series) == [
        "2026-03-23T07:00:00.000Z",  # CET, UTC+1
        "2026-03-30T06:00:00.000Z",  # CEST, UTC+2 since Sunday 29 March
        "2026-04-06T06:00:00.000Z",
    ]
    assert [o.end - o.start for o in series.occurrences] == [timedelta(hours=4)] * 3
    assert series.dst_shifts == (1,)
    assert series.crosses_dst


def test_paris_fall_back_in_french_keeps_8h_local() -> None:
    now = datetime(2026, 10, 15, 10, 0, tzinfo=PARIS)
    series = read_series(
        "tous les lundis 8h à 12h pendant 3 semaines", now=now, tz=PARIS, locale="fr"
    )
    assert _utc(series) == [
        "2026-10-19T06:00:00.000Z",  # CEST
        "2026-10-26T07:00:00.000Z",  # CET since Sunday 25 October
        "2026-11-02T07:00:00.000Z",
    ]
    assert series.dst_shifts == (1,)


def test_new_york_spring_forward_on_weekdays() -> None:
    now = datetime(2026, 3, 2, 10, 0, tzinfo=NEW_YORK)
    series = read_series("every weekday 9am-5pm for 1 week", now=now, tz=NEW_YORK)
    assert _utc(series) == [
        "2026-03-03T14:00:00.000Z",  # EST, UTC-5
        "2026-03-04T14:00:00.000Z",
        "2026-03-05T14:00:00.000Z",
        "2026-03-06T14:00:00.000Z",
        "2026-03-09T13:00:00.000Z",  # EDT, UTC-4 since Sunday 8 March
    ]
    assert series.dst_shifts == (4,)


def test_new_york_fall_back_in_french() -> None:
    now = datetime(2026, 10, 26, 12, 0, tzinfo=NEW_YORK)
    series = read_series("chaque vendredi à 15h 3 fois", now=now, tz=NEW_YORK, locale="fr")
    assert _utc(series) == [
        "2026-10-30T19:00:00.000Z",  # EDT
        "2026-11-06T20:00:00.000Z",  # EST since Sunday 1 November
        "2026-11-13T20:00:00.000Z",
    ]
    assert series.dst_shifts == (1,)


def test_a_series_within_one_offset_marks_no_change() -> None:
    series = read_series("every weekday 7am-9am next week", now=TUESDAY_MORNING, tz=PARIS)
    assert series.dst_shifts == ()
    assert not series.crosses_dst


@pytest.mark.parametrize(
    "text",
    [
        "every monday 8am-12pm for 53 weeks",
        "tous les lundis de 8h à 12h pendant 53 semaines",
        "every day for 2 years",
        "daily 7am 60 times",
    ],
)
def test_more_than_52_occurrences_is_an_error_that_says_so(text: str) -> None:
    with pytest.raises(ParseError) as raised:
        read_series(text, now=TUESDAY_MORNING, tz=PARIS)
    assert raised.value.problem is ParseProblem.TOO_MANY_OCCURRENCES


def test_exactly_52_occurrences_is_read() -> None:
    series = read_series("every monday 8am for 52 weeks", now=TUESDAY_MORNING, tz=PARIS)
    assert len(series.occurrences) == MAX_OCCURRENCES == 52


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("every monday 8am", "every monday"), ("tous les lundis à 8h", "tous les lundis")],
)
def test_a_series_with_no_end_is_an_error_quoting_what_repeats(text: str, fragment: str) -> None:
    with pytest.raises(ParseError) as raised:
        read_series(text, now=TUESDAY_MORNING, tz=PARIS)
    assert (raised.value.problem, raised.value.fragment) == (ParseProblem.NO_END, fragment)


def test_a_skipped_local_time_in_a_series_is_an_error() -> None:
    with pytest.raises(ParseError) as raised:
        read_series("daily 2:30am for 3 weeks", now=TUESDAY_MORNING, tz=PARIS)
    assert (raised.value.problem, raised.value.fragment) == (
        ParseProblem.NONEXISTENT_TIME,
        "2:30am",
    )


def test_one_window_is_expected_where_a_series_is_said_is_an_error() -> None:
    with pytest.raises(ParseError) as raised:
        read_window("every monday 8am for 6 weeks", now=TUESDAY_MORNING, tz=PARIS)
    assert raised.value.problem is ParseProblem.RECURRING


@pytest.mark.parametrize(
    "text", ["tomorrow 8am for 2 weeks", "monday until wednesday", "pendant 2 semaines demain"]
)
def test_phrases_that_do_not_repeat_stay_one_window(text: str) -> None:
    assert not isinstance(read_schedule(text, now=TUESDAY_MORNING, tz=PARIS), Series)


def test_when_prints_the_occurrences_of_a_recurring_phrase() -> None:
    stdout = io.StringIO()
    argv = ["--now", "2026-03-10T09:15:00+01:00", "--tz", "Europe/Paris"]
    lines = "every monday 8am to 12pm for 2 weeks\ntomorrow 8am\nevery monday\n"
    assert run(argv, io.StringIO(lines), stdout) == 0
    found = [json.loads(line) for line in stdout.getvalue().splitlines()]
    assert found == [
        {
            "text": "every monday 8am to 12pm for 2 weeks",
            "occurrences": [
                {"start": "2026-03-16T07:00:00.000Z", "end": "2026-03-16T11:00:00.000Z"},
                {"start": "2026-03-23T07:00:00.000Z", "end": "2026-03-23T11:00:00.000Z"},
            ],
        },
        {
            "text": "tomorrow 8am",
            "start": "2026-03-11T07:00:00.000Z",
            "end": "2026-03-11T09:00:00.000Z",
        },
        {
            "text": "every monday",
            "error": "'every monday' has no end: add 'for 6 weeks', 'until 31 march'...",
        },
    ]


@given(
    weekday=st.sampled_from(["monday", "tuesday", "wednesday", "thursday", "friday"]),
    hour=st.integers(min_value=6, max_value=20),
    weeks=st.integers(min_value=1, max_value=52),
    zone=st.sampled_from([PARIS, NEW_YORK]),
)
def test_weekly_series_keep_their_local_time_and_count(
    weekday: str, hour: int, weeks: int, zone: ZoneInfo
) -> None:
    text = f"every {weekday} {hour}:00 for {weeks} weeks"
    series = read_series(text, now=TUESDAY_MORNING, tz=zone)
    assert len(series.occurrences) == weeks
    starts = [o.start.astimezone(zone) for o in series.occurrences]
    assert all((s.hour, s.minute) == (hour, 0) for s in starts)
    assert all(later - earlier >= timedelta(days=6) for earlier, later in pairwise(starts))
    assert starts[0] >= TUESDAY_MORNING
