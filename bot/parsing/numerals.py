"""Productions that start with a number: clocks, dates, ISO stamps and quantities.

Each takes the tokens and a position and returns what it read with the next position, or None.
Impossible values (`25:00`, `March 32`) raise `ParseError` quoting the user's words.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import replace
from datetime import UTC, timedelta, timezone, tzinfo
from typing import NamedTuple

from bot.parsing.elements import CalendarDate, Clock, Span
from bot.parsing.errors import ParseError, ParseProblem
from bot.parsing.lexicon import Word
from bot.parsing.tokens import Token, entries_at, find

_ISO = re.compile(
    r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:t(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
    r"(z|[+-]\d{2}(?::?\d{2})?)?)?"
)


class Quantity(NamedTuple):
    """An amount of time: minutes, or whole days, or months."""

    minutes: float = 0.0
    days: int = 0
    months: int = 0


def _text(text: str, start: int, end: int) -> str:
    return text[start:end]


def _at(tokens: list[Token], pos: int, value: str) -> bool:
    return pos < len(tokens) and tokens[pos].text == value


def _num(tokens: list[Token], pos: int) -> int | None:
    if pos < len(tokens) and tokens[pos].kind == "num":
        return int(tokens[pos].text)
    return None


def make_clock(
    hour: int, minute: int, span: Span, text: str, meridiem: str | None = None, *, raw: str = ""
) -> Clock:
    """A validated clock; `raw` is the hour as typed (a leading zero means a 24 h clock)."""
    fragment = text[span.start : span.end]
    if minute > 59 or (meridiem and not 1 <= hour <= 12) or hour > 24:
        raise ParseError(ParseProblem.INVALID_TIME, fragment)
    if hour == 24:
        if minute:
            raise ParseError(ParseProblem.INVALID_TIME, fragment)
        hour = 0
    if meridiem:
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    loose = meridiem is None and 1 <= hour <= 11 and not raw.startswith("0")
    return Clock(hour, minute, span, meridiem, loose=loose)


def read_meridiem(tokens: list[Token], pos: int) -> tuple[str | None, int]:
    """An `am`/`pm` (or `a.m.`, or `a`/`p` glued to the number: `2p`) at `pos`, and what follows."""
    match = find(entries_at(tokens, pos), Word.MERIDIEM)
    if match is None:
        short = find(entries_at(tokens, pos), Word.SHORT_MERIDIEM)
        if short is not None and pos > 0:
            glued = tokens[pos - 1].kind == "num" and tokens[pos - 1].end == tokens[pos].start
            if glued:
                return str(short.value), pos + 1
        return None, pos
    end = match.end
    if _at(tokens, end, ".") and match.end - pos > 1:
        end += 1  # "a.m.": the closing dot
    return str(match.value), end


def read_clock(tokens: list[Token], pos: int, text: str) -> tuple[Clock, int] | None:
    """`14:30`, `8.30pm`, `14h30`, `8 heures`, `3pm`, `9 o'clock` starting at the number `pos`."""
    first = tokens[pos]
    if len(first.text) == 4:
        return _read_four_digits(tokens, pos, text)
    hour, nxt = int(first.text), pos + 1
    minute: int | None = None
    matches = entries_at(tokens, nxt)
    french = find(matches, Word.FRENCH_HOURS)
    colon = _at(tokens, nxt, ":") or _is_dotted_minute(tokens, pos)
    colon = colon and _num(tokens, nxt + 1) is not None
    if colon:
        minute, nxt = int(tokens[nxt + 1].text), nxt + 2
        if _at(tokens, nxt, ":") and _num(tokens, nxt + 1) is not None:
            nxt += 2  # seconds, ignored
        repeated = find(entries_at(tokens, nxt), Word.HOUR_MARK)
        if repeated is not None:
            nxt = repeated.end  # "14:30h": the hour mark repeated after the minutes
    elif (mark := find(matches, Word.HOUR_MARK)) or french:
        nxt = (mark or french).end  # type: ignore[union-attr]  # one of them is set
        minute = 0
        after = _num(tokens, nxt)
        if after is not None and len(tokens[nxt].text) <= 2 and not _starts_other(tokens, nxt):
            minute, nxt = after, nxt + 1
            nxt = skip_minute_unit(tokens, nxt)
    meridiem, end = read_meridiem(tokens, nxt)
    if minute is None and meridiem is None:
        return None
    span = Span(first.start, tokens[end - 1].end)
    clock = make_clock(hour, minute or 0, span, text, meridiem, raw=first.text)
    if colon and clock.loose and clock.hour <= 5 and len(first.text) == 1:
        clock = replace(clock, bare=True)  # "2:30" reads like "at 2"; "6:00" stays a morning
    return clock, end


def _read_four_digits(tokens: list[Token], pos: int, text: str) -> tuple[Clock, int] | None:
    """`0800`, `1400h`: a 24-hour clock without separator."""
    first = tokens[pos]
    hour, minute = int(first.text[:2]), int(first.text[2:])
    if hour > 23 or minute > 59:
        return None
    end = pos + 1
    matches = entries_at(tokens, end)
    mark = find(matches, Word.HOUR_MARK) or find(matches, Word.UNIT, "hour")
    if mark is not None:
        end = mark.end
    in_range = _at(tokens, end, "-") or (pos > 0 and tokens[pos - 1].text == "-")
    if mark is None and not in_range and first.text[0] not in "01":
        return None  # "2026" is a year, not 20:26
    span = Span(first.start, tokens[end - 1].end)
    return make_clock(hour, minute, span, text, raw=first.text), end


def _is_dotted_minute(tokens: list[Token], pos: int) -> bool:
    """`8.30`: a dot between an hour and two digits, no spaces."""
    if not _at(tokens, pos + 1, ".") or pos + 2 >= len(tokens):
        return False
    hour, dot, minute = tokens[pos], tokens[pos + 1], tokens[pos + 2]
    return (
        len(hour.text) <= 2
        and len(minute.text) == 2
        and hour.end == dot.start
        and dot.end == minute.start
    )


def _starts_clock(tokens: list[Token], pos: int) -> bool:
    """True when the number at `pos` is itself an hour (`8h 10h`), not minutes."""
    matches = entries_at(tokens, pos + 1)
    return bool(find(matches, Word.HOUR_MARK) or find(matches, Word.MERIDIEM)) or _at(
        tokens, pos + 1, ":"
    )


def _starts_other(tokens: list[Token], pos: int) -> bool:
    """True when the number after `8h` is not its minutes: `8h 10h`, `8h 20 mars`, `8h 3 fois`."""
    following = entries_at(tokens, pos + 1)
    return _starts_clock(tokens, pos) or bool(
        find(following, Word.MONTH) or find(following, Word.TIMES)
    )


def skip_minute_unit(tokens: list[Token], pos: int) -> int:
    """The position after an optional `min`/`minutes` at `pos`."""
    unit = find(entries_at(tokens, pos), Word.UNIT)
    return unit.end if unit is not None and unit.value == "minute" else pos


def check_date(day: int, month: int | None, year: int | None, span: Span, text: str) -> None:
    """Raise `invalid_date` for a day that no calendar has (`March 32`, `2026-02-30`)."""
    fragment = text[span.start : span.end]
    if month is not None and not 1 <= month <= 12:
        raise ParseError(ParseProblem.INVALID_DATE, fragment)
    if year is not None and month is not None:
        limit = calendar.monthrange(year, month)[1]
    elif month is not None:
        limit = 29 if month == 2 else calendar.monthrange(2026, month)[1]
    else:
        limit = 31
    if not 1 <= day <= limit:
        raise ParseError(ParseProblem.INVALID_DATE, fragment)


_FIRST_YEAR, _LAST_YEAR = 1970, 2199


def read_year(tokens: list[Token], pos: int) -> tuple[int | None, int]:
    """An optional `, 2026` after a day and month (`0800` is a clock, not a year)."""
    nxt = pos + 1 if _at(tokens, pos, ",") else pos
    value = _num(tokens, nxt)
    if value is not None and len(tokens[nxt].text) == 4 and _FIRST_YEAR <= value <= _LAST_YEAR:
        return value, nxt + 1
    return None, pos


def read_month_after_day(
    tokens: list[Token], pos: int, day: int, start: int, text: str
) -> tuple[CalendarDate, int] | None:
    """`[of|de] MONTH [YEAR]` after a day number: `12 mars`, `1st of April 2026`."""
    of = find(entries_at(tokens, pos), Word.OF)
    nxt = of.end if of is not None else pos
    month = find(entries_at(tokens, nxt), Word.MONTH)
    if month is None:
        return None
    year, end = read_year(tokens, month.end)
    span = Span(start, tokens[end - 1].end)
    check_date(day, int(str(month.value)), year, span, text)
    return CalendarDate(day, int(str(month.value)), year, span), end


def read_day_number(tokens: list[Token], pos: int) -> tuple[int, int] | None:
    """A day of the month: `12`, `12th`, `1er`, `premier`, with the position after it."""
    matches = entries_at(tokens, pos)
    ordinal = find(matches, Word.ORDINAL)
    if ordinal is not None:
        return int(str(ordinal.value)), ordinal.end
    value = _num(tokens, pos)
    if value is None or len(tokens[pos].text) > 2:
        return None
    suffix = find(entries_at(tokens, pos + 1), Word.ORDINAL_SUFFIX)
    return value, suffix.end if suffix is not None else pos + 1


def read_month_first(
    tokens: list[Token], pos: int, month: int, text: str
) -> tuple[CalendarDate, int] | None:
    """`MONTH [the] DAY [, YEAR]`: `March 12`, `march 20th`, `March 30, 2026`."""
    article = find(entries_at(tokens, pos), Word.DAY_NUMBER_NEXT)
    nxt = article.end if article is not None else pos  # "March the 12th"
    found = read_day_number(tokens, nxt)
    if found is None or _starts_clock(tokens, nxt):
        return None
    day, end = found
    year, end = read_year(tokens, end)
    span = Span(tokens[pos - 1].start, tokens[end - 1].end)
    check_date(day, month, year, span, text)
    return CalendarDate(day, month, year, span), end


def read_iso(token: Token, text: str) -> tuple[CalendarDate, Clock | None, tzinfo | None]:
    """`2026-03-12`, `2026-03-12T14:00`, `2026-03-12T14:00:00Z`, `...+02:00`."""
    found = _ISO.fullmatch(token.text)
    span = Span(token.start, token.end)
    if found is None:
        raise ParseError(ParseProblem.UNREADABLE, text[token.start : token.end])
    year, month, day = int(found[1]), int(found[2]), int(found[3])
    check_date(day, month, year, span, text)
    calendar_date = CalendarDate(day, month, year, span)
    if found[4] is None:
        return calendar_date, None, None
    clock = make_clock(int(found[4]), int(found[5]), span, text, raw=found[4])
    return calendar_date, clock, _offset_zone(found[7])


def _offset_zone(written: str | None) -> tzinfo | None:
    if written is None:
        return None
    if written == "z":
        return UTC
    digits = written[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + int(digits[2:] or 0)
    return timezone(timedelta(minutes=-minutes if written[0] == "-" else minutes))


def read_numeric_date(token: Token, text: str, month_first: bool) -> CalendarDate:
    """`20/03`, `3/20/2026`, `20.03.2026`, `20.03.`: the locale's order unless only the other
    fits."""
    parts = [int(part) for part in re.split(r"[/.-]", token.text.rstrip("."))]
    first, second = parts[0], parts[1]
    month, day = (first, second) if month_first else (second, first)
    if month > 12 >= day:
        month, day = day, month
    year = None
    if len(parts) == 3:
        year = parts[2] + 2000 if parts[2] < 100 else parts[2]
    span = Span(token.start, token.end)
    check_date(day, month, year, span, text)
    return CalendarDate(day, month, year, span)


# No duration, count or interval a person types has more digits; a float cannot hold 310.
MAX_AMOUNT_DIGITS = 6


def read_amount(tokens: list[Token], pos: int) -> tuple[float, int] | None:
    """A number (`2`, `1.5`, `1,5`) or a number word (`two`, `une`, `half an`); a number too
    long to be an amount of anything (`MAX_AMOUNT_DIGITS`) is not one."""
    value = _num(tokens, pos)
    if value is not None:
        if len(tokens[pos].text) > MAX_AMOUNT_DIGITS:
            return None
        if (
            pos + 2 < len(tokens)
            and tokens[pos + 1].text in ".,"
            and tokens[pos + 2].kind == "num"
            and tokens[pos].end == tokens[pos + 1].start == tokens[pos + 2].start - 1
        ):
            return float(f"{value}.{tokens[pos + 2].text}"), pos + 3
        return float(value), pos + 1
    number = find(entries_at(tokens, pos), Word.NUMBER)
    if number is None:
        return None
    return float(str(number.value)), number.end


def read_quantity(tokens: list[Token], pos: int) -> tuple[Quantity, int] | None:
    """`3 hours`, `2h30`, `90 min`, `1:30`, `une heure et demie`, `half an hour`, `3 days`."""
    found = read_amount(tokens, pos)
    if found is None:
        return None
    amount, nxt = found
    if _at(tokens, nxt, ":") and _num(tokens, nxt + 1) is not None:
        return Quantity(minutes=amount * 60 + int(tokens[nxt + 1].text)), nxt + 2
    if _at(tokens, nxt, "-") and tokens[nxt - 1].end == tokens[nxt].start:
        nxt += 1  # "une demi-heure"
    if amount < 1:
        nxt = _skip_french_of(tokens, nxt)  # "un quart d'heure"
    half = find(entries_at(tokens, nxt), Word.HALF)
    if half is not None:  # "2 and a half hours": the half before the unit
        amount, nxt = amount + 0.5, half.end
    unit = find(entries_at(tokens, nxt), Word.UNIT)
    if unit is None:
        return None
    nxt = unit.end
    after = find(entries_at(tokens, nxt), Word.HALF)
    if after is not None and half is None:  # "deux heures et demie"
        amount, nxt = amount + 0.5, after.end
    return _in_unit(tokens, amount, str(unit.value), nxt)


def _skip_french_of(tokens: list[Token], pos: int) -> int:
    """The position of the unit after a `de`/`d'` at `pos`, else `pos`."""
    of = find(entries_at(tokens, pos), Word.OF)
    if of is None:
        return pos
    after = of.end + 1 if _at(tokens, of.end, "'") else of.end
    return after if find(entries_at(tokens, after), Word.UNIT) else pos


_DAYS_IN = {"day": 1, "week": 7, "fortnight": 14}


def _in_unit(tokens: list[Token], amount: float, unit: str, nxt: int) -> tuple[Quantity, int]:
    """`amount` of `unit` as a `Quantity`; hours may carry trailing minutes (`2h30`)."""
    if unit == "hour":
        extra, nxt = _trailing_minutes(tokens, nxt)
        return Quantity(minutes=amount * 60 + extra), nxt
    if unit == "minute":
        return Quantity(minutes=amount), nxt
    if unit in _DAYS_IN:
        days = amount * _DAYS_IN[unit]
        if days != int(days):  # "une demi-journée": a share of an 8-hour working day
            return Quantity(minutes=days * 480), nxt
        return Quantity(days=int(days)), nxt
    return Quantity(months=int(amount * (12 if unit == "year" else 1))), nxt


def _trailing_minutes(tokens: list[Token], pos: int) -> tuple[int, int]:
    """The `30` of `2h30`, `2 hours 30 minutes`, `1 heure et 30 minutes`."""
    joined = find(entries_at(tokens, pos), Word.PAIR_CONNECTOR)
    nxt = joined.end if joined is not None else pos  # "2 hours and 30 minutes"
    value = _num(tokens, nxt)
    if value is None or len(tokens[nxt].text) > 2 or value > 59:
        return 0, pos
    unit = find(entries_at(tokens, nxt + 1), Word.UNIT)
    if unit is not None and unit.value == "minute":
        return value, unit.end
    if nxt == pos and not _starts_clock(tokens, nxt):
        return value, nxt + 1
    return 0, pos
