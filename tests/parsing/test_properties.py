"""Properties of the parser over generated input: totality, invariants, round trips, and
independence from the machine's own time zone."""

from __future__ import annotations

import os
import re
import time as clock
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bot.model import TimeWindow, format_api_timestamp
from bot.parsing.commands import (
    Assign,
    Create,
    Help,
    OpenCreateModal,
    Reschedule,
    Update,
    parse_command,
)
from bot.parsing.errors import ParseError, ParseProblem
from bot.parsing.time_phrases import parse_window
from tests.parsing.phrase_sets import Record, answer, is_right, load

PARIS = ZoneInfo("Europe/Paris")
COMMAND_TYPES = (Assign, Create, Help, OpenCreateModal, Reschedule, Update)
NOW = datetime(2026, 3, 10, 9, 15, tzinfo=PARIS)
API_FORMAT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
FAST = settings(max_examples=150, deadline=None)
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]  # fmt: skip
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre"]  # fmt: skip
VOCABULARY = ["tomorrow", "demain", "8am", "14h30", "to", "à", "-", "from", "de", "du", "au",
              "between", "entre", "et", "and", "for", "pendant", "2h", "90", "min", "monday",
              "vendredi", "prochain", "next", "le", "the", "15", "1er", "March", "mars", "12/03",
              "2026-03-12", "noon", "minuit", "in", "dans", "3", "days", "jours", "pm", ":",
              "matin", "evening", "CET", "utc", "+", "2", "jusqu'à", "until", "30", "h", "'",
              "today", "hier", "last", "week", "semaine", "weekend", "24:00", "0",
              "99"]  # fmt: skip


def _check_invariants(found: TimeWindow, *, allow_past: bool) -> None:
    assert found.end > found.start
    for instant in (found.start, found.end):
        assert instant.utcoffset() == timedelta(0)
        assert API_FORMAT.fullmatch(format_api_timestamp(instant))
        assert format_api_timestamp(instant).endswith(".000Z")  # NOW is a whole minute
    if not allow_past:
        assert found.start >= NOW


def _parse_or_none(text: str, *, allow_past: bool = False) -> TimeWindow | None:
    try:
        return parse_window(text, now=NOW, tz=PARIS, locale="fr", allow_past=allow_past)
    except ParseError:
        return None


@FAST
@given(st.text(max_size=40))
def test_any_text_gives_a_window_or_a_parse_error(text: str) -> None:
    found = _parse_or_none(text)
    if found is not None:
        _check_invariants(found, allow_past=False)


@FAST
@given(st.lists(st.sampled_from(VOCABULARY), max_size=7), st.booleans())
def test_word_salad_gives_a_valid_window_or_a_parse_error(
    words: list[str], allow_past: bool
) -> None:
    found = _parse_or_none(" ".join(words), allow_past=allow_past)
    if found is not None:
        _check_invariants(found, allow_past=allow_past)


@FAST
@given(st.text(max_size=40))
def test_any_command_text_gives_a_command_or_a_parse_error(text: str) -> None:
    try:
        outcome: object = parse_command(text, now=NOW, tz=PARIS)
    except ParseError as error:
        outcome = error.problem
    assert isinstance(outcome, (*COMMAND_TYPES, ParseProblem))


@st.composite
def local_windows(draw: st.DrawFn) -> tuple[datetime, datetime]:
    """A window that starts tomorrow or later, on a clean five minutes, lasting up to 12 h."""
    day = draw(st.dates(min_value=date(2026, 3, 11), max_value=date(2027, 12, 31)))
    minutes = draw(st.integers(0, 287)) * 5
    start = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=PARIS)
    end = (start.astimezone(UTC) + timedelta(minutes=15 * draw(st.integers(1, 48)))).astimezone(
        PARIS
    )
    for moment in (start, end):  # skip wall times that are skipped or repeated
        assume(moment.astimezone(UTC).astimezone(PARIS).time() == moment.time())
        assume(moment.replace(fold=0).utcoffset() == moment.replace(fold=1).utcoffset())
    return start, end


def _english(moment: datetime) -> str:
    hour = moment.hour % 12 or 12
    half = "am" if moment.hour < 12 else "pm"
    month = MONTHS_EN[moment.month - 1]
    return f"{month} {moment.day}, {moment.year} {hour}:{moment.minute:02d}{half}"


def _french(moment: datetime) -> str:
    month = MONTHS_FR[moment.month - 1]
    return f"{moment.day} {month} {moment.year} {moment.hour}h{moment.minute:02d}"


@FAST
@given(local_windows(), st.sampled_from(["en", "fr", "iso", "en-duration", "fr-duration"]))
def test_rendered_window_reads_back_to_itself(
    window: tuple[datetime, datetime], style: str
) -> None:
    start, end = window
    minutes = int((end.astimezone(UTC) - start.astimezone(UTC)).total_seconds()) // 60  # elapsed
    phrase = {
        "en": f"from {_english(start)} to {_english(end)}",
        "fr": f"du {_french(start)} au {_french(end)}",
        "iso": f"{start:%Y-%m-%dT%H:%M} to {end:%Y-%m-%d %H:%M}",
        "en-duration": f"{_english(start)} for {minutes} minutes",
        "fr-duration": f"le {_french(start)} pendant {minutes // 60}h{minutes % 60:02d}",
    }[style]
    found = parse_window(phrase, now=NOW, tz=PARIS, locale="en")
    assert (found.start, found.end) == (start, end)


@pytest.fixture(params=["Pacific/Auckland", "UTC", "America/Los_Angeles"])
def machine_zone(request: pytest.FixtureRequest) -> Iterator[str]:
    """Run a test as if the machine's own zone were `request.param`."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    clock.tzset()
    yield request.param
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    clock.tzset()


def test_answers_do_not_depend_on_the_machine_zone(machine_zone: str) -> None:
    records: list[Record] = load("when-dev.jsonl")
    wrong = [r["text"] for r in records if not is_right(r, answer(r))]
    assert wrong == [], f"under TZ={machine_zone}"
