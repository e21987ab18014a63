"""Settles what a phrase's words leave open once it is read whole: is a bare number an hour or a
day of the month, and does a start like `9` in `9-11am` share the end's am/pm? No calendar here.
"""

from __future__ import annotations

from dataclasses import replace

from bot.parsing.elements import (
    BareNumber,
    CalendarDate,
    Clock,
    DayPart,
    Element,
    Side,
    WeekdayRef,
)
from bot.parsing.errors import ParseError, ParseProblem
from bot.parsing.numerals import check_date, make_clock

# A plain number from 1 to 6 with no am/pm is read as afternoon ("at 3", "de 2 à 4"): nobody
# books maintenance at 3 in the morning by leaving the hour bare.
_AFTERNOON_BARE_HOURS = range(1, 7)


def settle_numbers(start: Side, end: Side | None, text: str) -> None:
    """Turn bare numbers into clocks or days, and share am/pm from the end to the start."""
    _settle_side(start, end, text)
    if end is not None:
        _settle_side(end, start, text)
    start_clock = _clock_of(start)
    end_clock = _clock_of(end) if end is not None else None
    if start_clock is None:
        return
    if end_clock is not None and end_clock.meridiem and start_clock.meridiem is None:
        _replace(start, start_clock, _shared_meridiem(start_clock, end_clock))
    elif (
        start_clock.bare
        and start_clock.hour in _AFTERNOON_BARE_HOURS
        and not any(isinstance(e, DayPart) for e in start.elements)
    ):
        _replace(start, start_clock, replace(start_clock, hour=start_clock.hour + 12, loose=False))
        start_clock = _clock_of(start)
    if end is not None and start_clock is not None and end_clock is not None:
        _later_bare_end(end, start_clock, end_clock)


def _later_bare_end(end: Side, start: Clock, clock: Clock) -> None:
    """`monday to friday 9-5`: a bare end hour before the start's is in the afternoon."""
    later = clock.hour + 12
    if clock.bare and clock.meridiem is None and clock.hour < start.hour < later <= 23:
        _replace(end, clock, replace(clock, hour=later, loose=False, bare=False))


def _settle_side(side: Side, other: Side | None, text: str) -> None:
    has_clock = any(isinstance(e, Clock) for e in side.elements)
    other_is_day = other is not None and _is_day_only(other)
    has_weekday = any(isinstance(e, WeekdayRef) for e in side.elements)
    settled: list[Element] = []
    for element in side.elements:
        if isinstance(element, BareNumber):
            as_day = (
                element.day_hint
                or (has_weekday and 13 <= element.value <= 31 and not element.hour_hint)
                or (not has_clock and other_is_day)
            )
            settled.append(_as_day(element, text) if as_day else _as_clock(element, text))
            has_clock = has_clock or not as_day
        else:
            settled.append(element)
    side.elements[:] = settled


def _is_day_only(side: Side) -> bool:
    elements = side.elements
    return any(isinstance(e, CalendarDate) for e in elements) and not any(
        isinstance(e, Clock) or (isinstance(e, BareNumber) and not e.day_hint) for e in elements
    )


def _as_day(number: BareNumber, text: str) -> CalendarDate:
    check_date(number.value, None, None, number.span, text)
    return CalendarDate(number.value, None, None, number.span)


def _as_clock(number: BareNumber, text: str) -> Clock:
    if number.value > 24:
        raise ParseError(ParseProblem.INVALID_TIME, text[number.span.start : number.span.end])
    raw = "0" if number.leading_zero else str(number.value)
    clock = make_clock(number.value, 0, number.span, text, raw=raw)
    return replace(clock, bare=not number.leading_zero)


def _clock_of(side: Side) -> Clock | None:
    return next((e for e in side.elements if isinstance(e, Clock)), None)


def _replace(side: Side, old: Clock, new: Clock) -> None:
    side.elements[side.elements.index(old)] = new


def _shared_meridiem(start: Clock, end: Clock) -> Clock:
    """`9-11am` is 9am; `11-1pm` is 11am: the end's half of the day unless it puts start last."""
    if not (start.loose or start.bare):
        return start
    base = start.hour % 12
    same = base + (12 if end.meridiem == "pm" else 0)
    hour = same if same * 60 + start.minute < end.hour * 60 + end.minute else (same + 12) % 24
    return replace(start, hour=hour, meridiem=end.meridiem, loose=False, bare=False)
