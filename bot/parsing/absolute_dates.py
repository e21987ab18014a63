"""Absolute dates in formats the rules do not read (`20 02 2014`, `sep-23-2020`, `2020/sep/23`,
`oct/2`, `5 jui.`, `20260905`), read by dateparser.

Only after the rules failed, and only over a run of the phrase shaped like a written date (digits
and a month name between separators): never ranges, durations or relative words. dateparser is
imported on the first such phrase, so start-up and the phrases the rules read do not pay for it.
A month abbreviation that begins two months' names (`jui`: juin, juillet) is read as the first
of them and listed as a guess.
"""

from __future__ import annotations

import re
from typing import Any

from bot.parsing.elements import CalendarDate, Span
from bot.parsing.errors import ParseError, ParseProblem
from bot.parsing.lexicon import INDEX, MONTHS, Word
from bot.parsing.numerals import check_date
from bot.parsing.tokens import Token, TokenList, normalize

_DATE_SHAPES = re.compile(
    r"""(?<![\w/.-])(?:
        (?:19|20)\d{6}
        |\d{1,2}\ \d{1,2}\ \d{4}
        |\d{4}\ \d{1,2}\ \d{1,2}
        |\d{4}[-/.][a-z]{3,9}\.?[-/.]\d{1,2}
        |[a-z]{3,9}\.?[-/]\d{1,2}(?:[-/]\d{2,4})?
        |\d{1,2}[-/.][a-z]{3,9}\.?(?:[-/.]\d{2,4})?
        |\d{1,2}\ [a-z]{3,5}\.
    )(?![\w/-])""",
    re.VERBOSE,
)
_LETTERS = re.compile(r"[a-z]+")
_YEAR = re.compile(r"\d{4}")
_DAY = re.compile(r"\d{1,2}")
_READABLE = (ParseProblem.UNREADABLE, ParseProblem.INVALID_TIME, ParseProblem.CONFLICTING)


def _month_words(letters: str) -> set[int] | None:
    """The months `letters` names: a month word, or the start of month names; None when the
    letters are some other word of the lexicon."""
    entries = INDEX.get(letters, ())
    months = {int(str(e[2])) for e in entries if e[1] is Word.MONTH and e[0] == (letters,)}
    if months:
        return months
    if any(e[0] == (letters,) for e in entries):
        return None  # "mon-23": a weekday, not a month
    return {number for name, number in MONTHS.items() if name.startswith(letters)} or None


def _dateparser_read(chunk: str, month_first: bool) -> tuple[int, int] | None:
    """(day, month) as dateparser reads `chunk`, in the locale's order first."""
    import dateparser  # here: only phrases the rules could not read pay for it

    orders = ("MDY", "DMY") if month_first else ("DMY", "MDY")
    for order in orders:
        settings: dict[str, Any] = {"DATE_ORDER": order, "REQUIRE_PARTS": ["day", "month"]}
        found = dateparser.parse(chunk, languages=["en", "fr"], settings=settings)
        if found is not None:
            return found.day, found.month
    return None


def _read_chunk(chunk: str, month_first: bool) -> tuple[int, int, bool] | None:
    """(day, month, guessed) for a date-shaped chunk, or None."""
    if chunk.isdigit():  # "20260905": a compact ISO date, which dateparser does not read
        return int(chunk[6:]), int(chunk[4:6]), False
    letters = _LETTERS.findall(chunk)
    if letters:
        months = _month_words(letters[0])
        if months is None:
            return None
        if len(months) > 1 or letters[0] not in MONTHS:  # an abbreviation dateparser lacks
            day = _DAY.search(_YEAR.sub(" ", chunk))
            return None if day is None else (int(day[0]), min(months), len(months) > 1)
    found = _dateparser_read(chunk, month_first)
    return None if found is None else (found[0], found[1], False)


def reread_dates(
    text: str, tokens: TokenList, month_first: bool, error: ParseError
) -> tuple[TokenList, list[Span]] | None:
    """The tokens with each date-shaped run the rules failed on replaced by one `dated` token,
    and the spans read by a guess; None when there is no such run or dateparser reads none."""
    if error.problem not in _READABLE:
        return None
    folded = normalize(text)
    replaced: list[tuple[int, int, str]] = []
    guesses: list[Span] = []
    for found in _DATE_SHAPES.finditer(folded):
        read = _read_chunk(found.group(), month_first)
        if read is None:
            continue
        day, month, guessed = read
        years = _YEAR.findall(found.group())
        year = int(years[0]) if years else None
        span = Span(found.start(), found.end())
        check_date(day, month, year, span, text)
        replaced.append((found.start(), found.end(), f"{day}.{month}.{year or 0}"))
        if guessed:
            guesses.append(span)
    if not replaced:
        return None
    kept = [t for t in tokens if not any(s <= t.start < e for s, e, _ in replaced)]
    kept += [Token("dated", value, start, end) for start, end, value in replaced]
    return TokenList(sorted(kept, key=lambda token: token.start)), guesses


def dated_date(token: Token) -> CalendarDate:
    """The date a `dated` token stands for."""
    day, month, year = (int(part) for part in token.text.split("."))
    return CalendarDate(day, month, year or None, Span(token.start, token.end))
