"""Absolute date formats the rules do not read go to dateparser, and only those: phrases the
rules read never import it (nor rapidfuzz, when every word is known)."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.parsing.errors import ParseError, ParseProblem
from bot.parsing.time_phrases import read_window

PARIS = ZoneInfo("Europe/Paris")
TUESDAY_MORNING = datetime(2026, 3, 10, 9, 15, tzinfo=PARIS)


def local(text: str, locale: str = "en") -> tuple[str, str]:
    window = read_window(text, now=TUESDAY_MORNING, tz=PARIS, locale=locale).window
    return (
        window.start.astimezone(PARIS).strftime("%Y-%m-%d %H:%M"),
        window.end.astimezone(PARIS).strftime("%Y-%m-%d %H:%M"),
    )


@pytest.mark.parametrize(
    ("text", "locale", "start", "end"),
    [
        ("20 02 2027", "fr", "2027-02-20 08:00", "2027-02-20 17:00"),
        ("2027 02 20", "en", "2027-02-20 08:00", "2027-02-20 17:00"),
        ("sep-23-2026", "en", "2026-09-23 08:00", "2026-09-23 17:00"),
        ("2026/sep/23", "en", "2026-09-23 08:00", "2026-09-23 17:00"),
        ("oct/2", "en", "2026-10-02 08:00", "2026-10-02 17:00"),
        ("23-sept-2026", "fr", "2026-09-23 08:00", "2026-09-23 17:00"),
        ("sep-23-2026 at 3pm", "en", "2026-09-23 15:00", "2026-09-23 17:00"),
        ("from oct/2 to oct/5", "en", "2026-10-02 08:00", "2026-10-05 17:00"),
        ("le 5 jui. à 10h", "fr", "2026-06-05 10:00", "2026-06-05 12:00"),
        ("20260905 at 9am", "en", "2026-09-05 09:00", "2026-09-05 11:00"),
    ],
)
def test_date_format_the_rules_do_not_know_is_read(
    text: str, locale: str, start: str, end: str
) -> None:
    assert local(text, locale) == (start, end)


def test_an_abbreviation_of_two_months_is_read_as_the_first_and_listed_as_a_guess() -> None:
    reading = read_window("5 jui.", now=TUESDAY_MORNING, tz=PARIS, locale="fr")
    assert reading.guesses == ("5 jui.",)


@pytest.mark.parametrize(
    ("text", "problem"),
    [("20 02 2014", ParseProblem.IN_PAST), ("sep-31-2026", ParseProblem.UNREADABLE)],
)
def test_a_date_format_read_by_dateparser_still_obeys_the_rules(
    text: str, problem: ParseProblem
) -> None:
    with pytest.raises(ParseError) as caught:
        read_window(text, now=TUESDAY_MORNING, tz=PARIS)
    assert caught.value.problem is problem


PROBE = """
import sys
from datetime import datetime
from zoneinfo import ZoneInfo
from bot.parsing.errors import ParseError
from bot.parsing.time_phrases import parse_window
now = datetime(2026, 3, 10, 9, 15, tzinfo=ZoneInfo("Europe/Paris"))
for text in sys.argv[1:]:
    try:
        parse_window(text, now=now, tz=ZoneInfo("Europe/Paris"))
    except ParseError:
        pass
print(" ".join(name for name in ("dateparser", "rapidfuzz") if name in sys.modules))
"""


def loaded_after(*texts: str) -> str:
    done = subprocess.run(  # noqa: S603  # our own interpreter and a fixed script
        [sys.executable, "-c", PROBE, *texts], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_phrases_the_rules_read_import_neither_dateparser_nor_rapidfuzz() -> None:
    assert loaded_after("tomorrow 8am to 5pm", "next week", "le 3 mars à 14h", "in 2 hours") == ""


def test_a_date_format_the_rules_do_not_know_imports_dateparser() -> None:
    assert loaded_after("sep-23-2026") == "dateparser"


def test_a_misspelt_word_imports_rapidfuzz_only() -> None:
    assert loaded_after("wensday 3pm") == "rapidfuzz"
