"""Misspelt day, month and keyword names are read as the clearly closest lexicon word, and the
reading lists them as guesses; words close to nothing, or to two different words, stay errors."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.parsing.errors import ParseError, ParseProblem
from bot.parsing.time_phrases import read_window
from bot.parsing.typos import closest_word

PARIS = ZoneInfo("Europe/Paris")
TUESDAY_MORNING = datetime(2026, 3, 10, 9, 15, tzinfo=PARIS)


def local_start(text: str) -> str:
    reading = read_window(text, now=TUESDAY_MORNING, tz=PARIS)
    return reading.window.start.astimezone(PARIS).strftime("%Y-%m-%d %H:%M")


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("tomorow 9am", "2026-03-11 09:00"),
        ("tommorow at 10", "2026-03-11 10:00"),
        ("wensday 3pm", "2026-03-11 15:00"),
        ("thrusday", "2026-03-12 08:00"),
        ("septembr 3", "2026-09-03 08:00"),
        ("vendredii 14h", "2026-03-13 14:00"),
        ("mecredi matin", "2026-03-11 08:00"),
        ("demian 9h", "2026-03-11 09:00"),
        ("apres-demian", "2026-03-12 08:00"),
        ("novembre 3", "2026-11-03 08:00"),
        ("decmbre 3", "2026-12-03 08:00"),
    ],
)
def test_misspelt_word_reads_as_the_closest_lexicon_word(text: str, start: str) -> None:
    assert local_start(text) == start


def test_the_misspelt_word_is_listed_as_a_guess() -> None:
    reading = read_window("wensday 3pm", now=TUESDAY_MORNING, tz=PARIS)
    assert reading.guesses == ("wensday",)


@pytest.mark.parametrize("text", ["blursday", "next blursday", "soon", "asdfgh"])
def test_a_word_close_to_no_lexicon_word_is_still_an_error_quoting_it(text: str) -> None:
    with pytest.raises(ParseError) as caught:
        read_window(text, now=TUESDAY_MORNING, tz=PARIS)
    assert caught.value.problem is ParseProblem.UNREADABLE
    assert caught.value.fragment in text


def test_a_word_as_close_to_two_different_words_is_not_guessed() -> None:
    assert closest_word("mardy") == "mardi"
    assert closest_word("mondey") == "monday"
    assert closest_word("marsi") is None  # one edit from "mars" and from "mardi"
