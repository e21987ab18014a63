"""Days named through a month: `the 3rd of next month`, `le 3 du mois prochain`,
`the first monday of April`, `le premier lundi d'avril`. Read after a day number or ordinal.
"""

from __future__ import annotations

from bot.parsing.elements import MonthDay, NthWeekday, Span
from bot.parsing.errors import ParseError, ParseProblem
from bot.parsing.lexicon import Word
from bot.parsing.numerals import read_year
from bot.parsing.tokens import Token, entries_at, find

_MAX_NTH = 5  # a month holds at most five of any weekday


def _skip_of(tokens: list[Token], pos: int) -> int:
    """The position after an optional `of`/`in`/`de`/`du`/`d'` at `pos`."""
    of = find(entries_at(tokens, pos), Word.OF)
    if of is None:
        return pos
    return of.end + 1 if of.end < len(tokens) and tokens[of.end].text == "'" else of.end


def read_day_of_shifted_month(
    tokens: list[Token], pos: int, day: int, start: int, text: str
) -> tuple[MonthDay, int] | None:
    """`of next month` / `du mois prochain` after the day number that ends at `pos`."""
    following = entries_at(tokens, _skip_of(tokens, pos))
    shift = find(following, Word.MONTH_SHIFT) or find(following, Word.MONTH_NOUN)
    if shift is None:
        return None
    span = Span(start, tokens[shift.end - 1].end)
    if not 1 <= day <= 31:
        raise ParseError(ParseProblem.INVALID_DATE, text[span.start : span.end])
    return MonthDay(day, int(str(shift.value)), span), shift.end


def read_nth_weekday(
    tokens: list[Token], pos: int, nth: int, start: int
) -> tuple[NthWeekday, int] | None:
    """`monday of April [2027]`, `lundi d'avril`, `monday of next month` after an ordinal
    (`first`, `premier`, `2nd`)."""
    weekday = find(entries_at(tokens, pos), Word.WEEKDAY)
    if weekday is None or not 1 <= nth <= _MAX_NTH:
        return None
    following = entries_at(tokens, _skip_of(tokens, weekday.end))
    month = find(following, Word.MONTH)
    shift = find(following, Word.MONTH_SHIFT) or find(following, Word.MONTH_NOUN)
    if month is not None:
        year, end = read_year(tokens, month.end)
        span = Span(start, tokens[end - 1].end)
        found = NthWeekday(nth, int(str(weekday.value)), int(str(month.value)), span, year)
        return found, end
    if shift is not None:
        span = Span(start, tokens[shift.end - 1].end)
        months = int(str(shift.value))
        return NthWeekday(nth, int(str(weekday.value)), None, span, months=months), shift.end
    return None
