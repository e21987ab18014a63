"""Both languages say everything, with the same placeholders; dates follow the reader's locale."""

from __future__ import annotations

import string
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.i18n import en, fr
from bot.i18n.catalog import format_duration, format_local, format_window, language_of, t
from bot.model import Language, TimeWindow
from bot.parsing.errors import ParseProblem

PARIS = ZoneInfo("Europe/Paris")


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_english_and_french_have_the_same_keys() -> None:
    assert set(en.MESSAGES) == set(fr.MESSAGES)


@pytest.mark.parametrize("key", sorted(en.MESSAGES))
def test_both_languages_use_the_same_placeholders(key: str) -> None:
    assert _placeholders(en.MESSAGES[key]) == _placeholders(fr.MESSAGES[key])


@pytest.mark.parametrize("problem", list(ParseProblem), ids=str)
def test_every_parse_problem_has_a_sentence_in_both_languages(problem: ParseProblem) -> None:
    for lang in Language:
        sentence = t(f"parse.{problem.value}", lang, fragment="blursday")
        assert sentence.strip()


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("fr-FR", Language.FR),
        ("fr-CA", Language.FR),
        ("en-US", Language.EN),
        ("en-GB", Language.EN),
        (None, Language.EN),
        ("de-DE", Language.EN),
    ],
)
def test_slack_locale_picks_the_language(locale: str | None, expected: Language) -> None:
    assert language_of(locale) == expected


def test_local_time_is_written_in_the_reader_zone_and_language() -> None:
    instant = datetime(2026, 3, 10, 7, 0, tzinfo=UTC)
    now = datetime(2026, 3, 9, tzinfo=UTC)
    assert format_local(instant, PARIS, Language.FR, now=now) == "mar. 10 mars, 08:00"
    assert (
        format_local(instant, PARIS, Language.EN, locale="en-US", now=now)
        == "Tue 10 Mar, 8:00\u202fAM"
    )


def test_the_year_shows_only_when_it_is_not_this_year() -> None:
    instant = datetime(2027, 1, 4, 7, 0, tzinfo=UTC)
    assert "2027" in format_local(
        instant, PARIS, Language.EN, now=datetime(2026, 12, 1, tzinfo=UTC)
    )


def test_a_same_day_window_names_the_day_once() -> None:
    window = TimeWindow(datetime(2026, 3, 10, 7, tzinfo=UTC), datetime(2026, 3, 10, 16, tzinfo=UTC))
    assert (
        format_window(window, PARIS, Language.EN, now=window.start) == "Tue 10 Mar, 08:00 → 17:00"
    )


@pytest.mark.parametrize(
    ("minutes", "lang", "expected"),
    [
        (120, Language.EN, "2 h"),
        (90, Language.FR, "1 h 30"),
        (45, Language.EN, "45 min"),
        (3 * 1440 + 120, Language.FR, "3 j 2 h"),
    ],
)
def test_durations_are_short_and_localised(minutes: int, lang: Language, expected: str) -> None:
    assert format_duration(timedelta(minutes=minutes), lang) == expected
