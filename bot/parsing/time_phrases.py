"""Natural-language time windows in English and French -> exact UTC windows.

Pure: `now` and the zone are arguments, nothing reads the machine's clock or zone. Importing it is
cheap (regular expressions and word tables only; no dateparser).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.model import TimeWindow, WindowDefaults
from bot.parsing.elements import Phrase, Recurrence, SeriesEnd, Span
from bot.parsing.errors import ParseError, ParseProblem
from bot.parsing.grammar import read_phrase
from bot.parsing.placement import place_phrase

_MONTH_FIRST_LOCALES = frozenset({"en", "en-us"})


def is_month_first(locale: str) -> bool:
    """Numeric dates read month/day for `en` and `en-US`, day/month everywhere else."""
    return locale.strip().lower().replace("_", "-") in _MONTH_FIRST_LOCALES


@dataclass(frozen=True, slots=True)
class Reading:
    """A phrase's window, and the user's words that were read by a guess (`a few hours`,
    `le lendemain`, `after lunch`, a misspelt `wensday`): the preview shows them as guesses."""

    window: TimeWindow
    guesses: tuple[str, ...] = ()


def parse_window(
    text: str,
    *,
    now: datetime,
    tz: ZoneInfo,
    locale: str = "en",
    defaults: WindowDefaults = WindowDefaults(),  # noqa: B008  # frozen value object
    allow_past: bool = False,
) -> TimeWindow:
    """Read `text` said at `now` (aware) by a user in zone `tz`; raise `ParseError` otherwise.

    `locale` only decides the order of numeric dates; both languages' words are always read.
    `allow_past` (status "done") accepts a start before `now`. A phrase that repeats (`every
    monday`) is a `RECURRING` error here: `bot.parsing.series.read_schedule` reads it.
    """
    reading = read_window(
        text, now=now, tz=tz, locale=locale, defaults=defaults, allow_past=allow_past
    )
    return reading.window


def read_window(
    text: str,
    *,
    now: datetime,
    tz: ZoneInfo,
    locale: str = "en",
    defaults: WindowDefaults = WindowDefaults(),  # noqa: B008  # frozen value object
    allow_past: bool = False,
) -> Reading:
    """`parse_window`, with the words that were guessed."""
    if now.tzinfo is None:
        raise ValueError("parse_window needs an aware `now`")
    if not text.strip():
        raise ParseError(ParseProblem.EMPTY, "")
    phrase = read_phrase(text, month_first=is_month_first(locale))
    series = [e for e in phrase.start.elements if isinstance(e, Recurrence | SeriesEnd)]
    if series or (phrase.end and any(isinstance(e, Recurrence) for e in phrase.end.elements)):
        span = series[0].span if series else Span(0, len(text))
        raise ParseError(ParseProblem.RECURRING, text[span.start : span.end].strip())
    return place_reading(phrase, text, now=now, tz=tz, defaults=defaults, allow_past=allow_past)


def place_reading(
    phrase: Phrase, text: str, *, now: datetime, tz: ZoneInfo, defaults: WindowDefaults,
    allow_past: bool,
) -> Reading:  # fmt: skip
    """The `Reading` of a phrase already read (one window, not a series)."""
    window = place_phrase(phrase, text, now=now, tz=tz, defaults=defaults, allow_past=allow_past)
    if not allow_past and window.start < now:
        span = phrase.start.span
        fragment = text[span.start : span.end] if span is not None else text.strip()
        raise ParseError(ParseProblem.IN_PAST, fragment)
    guesses = tuple(dict.fromkeys(text[span.start : span.end] for span in phrase.guesses))
    return Reading(window, guesses)
