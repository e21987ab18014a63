"""Recurring plans (`every monday 8am to 12pm for 6 weeks`, `un mardi sur deux jusqu'au 31 mars`)
-> the UTC window of every occurrence.

The rules of `bot.parsing.series_constructions` read what repeats and how the series ends; the
rest of the phrase (`8am to 12pm`, `de 9h à 11h`, nothing: the workday) is each occurrence's
window, and a day said with it is the first day (`starting march 16`). The days come from
python-dateutil's `rrule` (RFC 5545), in local wall-clock time; each occurrence is then placed
on its own day by `bot.parsing.placement`, so it keeps its local time across DST changes. The
first occurrence is the first whose start is still ahead; a series has an end (a count, a
length, a last day or a bounded period: `next week`, `in March`) and at most 52 occurrences.
Pure, like the rest of the parser; `dateutil.rrule` is imported on the first series only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from bot.model import TimeWindow, WindowDefaults
from bot.parsing.calendar_dates import add_months, next_calendar_date
from bot.parsing.elements import (
    CalendarDate,
    Element,
    IsoWeek,
    MonthDay,
    MonthRef,
    NthWeekday,
    Phrase,
    Recurrence,
    RelativeDay,
    SeriesEnd,
    Side,
    Span,
    WeekdayRef,
    WeekOf,
    WeekRef,
)
from bot.parsing.errors import ParseError, ParseProblem
from bot.parsing.grammar import read_phrase
from bot.parsing.placement import place_phrase
from bot.parsing.time_phrases import Reading, is_month_first, place_reading

MAX_OCCURRENCES = 52
_FIRST_SEARCH = 400  # occurrences tried to find the first one still ahead
_DAYS = (CalendarDate, WeekdayRef, RelativeDay, MonthDay, NthWeekday, WeekOf, IsoWeek)


@dataclass(frozen=True, slots=True)
class Series:
    """Every occurrence of a recurring plan, in order; `dst_shifts` are the positions of the
    occurrences whose UTC offset differs from the one before (a DST change between them), and
    `guesses` the words read by a guess, as in `Reading`."""

    occurrences: tuple[TimeWindow, ...]
    dst_shifts: tuple[int, ...] = ()
    guesses: tuple[str, ...] = ()

    @property
    def crosses_dst(self) -> bool:
        """True when a DST change falls between two occurrences."""
        return bool(self.dst_shifts)


def read_schedule(
    text: str,
    *,
    now: datetime,
    tz: ZoneInfo,
    locale: str = "en",
    defaults: WindowDefaults = WindowDefaults(),  # noqa: B008  # frozen value object
    allow_past: bool = False,
) -> Reading | Series:
    """A phrase's window (`Reading`) or, when it says something repeats, its `Series`; raise
    `ParseError` otherwise. Arguments as for `bot.parsing.time_phrases.read_window`."""
    if now.tzinfo is None:
        raise ValueError("read_schedule needs an aware `now`")
    if not text.strip():
        raise ParseError(ParseProblem.EMPTY, "")
    phrase = read_phrase(text, month_first=is_month_first(locale))
    if not is_series(phrase):
        return place_reading(phrase, text, now=now, tz=tz, defaults=defaults, allow_past=allow_past)
    return expand_series(phrase, text, now=now, tz=tz, defaults=defaults)


def read_series(
    text: str,
    *,
    now: datetime,
    tz: ZoneInfo,
    locale: str = "en",
    defaults: WindowDefaults = WindowDefaults(),  # noqa: B008  # frozen value object
) -> Series:
    """The occurrences of a recurring plan; a phrase that does not repeat is one occurrence."""
    found = read_schedule(text, now=now, tz=tz, locale=locale, defaults=defaults)
    if isinstance(found, Reading):
        return Series((found.window,), (), found.guesses)
    return found


def is_series(phrase: Phrase) -> bool:
    """True when the phrase says something repeats, or how a series ends."""
    return any(isinstance(e, Recurrence | SeriesEnd) for side in _sides(phrase) for e in side)


def _sides(phrase: Phrase) -> Iterator[list[Element]]:
    yield phrase.start.elements
    if phrase.end is not None:
        yield phrase.end.elements


@dataclass(slots=True)
class _Parts:
    """A series phrase sorted out: what repeats, its first day, its end, each window."""

    text: str
    recurrence: Recurrence | None = None
    first: list[Element] = field(default_factory=list)
    end: SeriesEnd | None = None
    last_day: Element | None = None
    period: WeekRef | MonthRef | None = None
    window: Phrase = field(default_factory=lambda: Phrase(Side()))

    def conflict(self, element: Element) -> ParseError:
        return ParseError(
            ParseProblem.CONFLICTING, self.text[element.span.start : element.span.end]
        )


def _sort(phrase: Phrase, text: str) -> _Parts:
    parts = _Parts(text)
    kept: list[list[Element]] = [[], []]
    for number, elements in enumerate(_sides(phrase)):
        for element in elements:
            if not _take(parts, element, in_end=bool(number)):
                kept[number].append(element)
    if parts.recurrence is None:
        raise ParseError(ParseProblem.UNREADABLE, text.strip())
    start, end = kept
    if not start and end:
        raise ParseError(ParseProblem.UNREADABLE, _quote(text, end[0].span))
    parts.window = Phrase(
        Side(start, phrase.start.prefix), Side(end) if end else None, phrase.duration, phrase.zone
    )
    return parts


def _take(parts: _Parts, element: Element, *, in_end: bool) -> bool:
    """Sort one element that says how the series repeats, starts or ends into `parts`; False
    for an element of each occurrence's window (a clock, a day part)."""
    if isinstance(element, Recurrence):
        if parts.recurrence is not None:
            raise parts.conflict(element)
        parts.recurrence = element
    elif isinstance(element, SeriesEnd) or (in_end and isinstance(element, _DAYS)):
        if parts.end is not None or parts.last_day is not None:
            raise parts.conflict(element)
        if isinstance(element, SeriesEnd):
            parts.end = element
        else:
            parts.last_day = element  # "every monday from march 16 to april 27", "… to friday"
    elif isinstance(element, WeekRef | MonthRef):
        if parts.period is not None:
            raise parts.conflict(element)
        parts.period = element
    elif not in_end and isinstance(element, _DAYS):
        parts.first.append(element)  # "starting march 16"
    else:
        return False
    return True


def _quote(text: str, span: Span) -> str:
    return text[span.start : span.end]


def expand_series(
    phrase: Phrase, text: str, *, now: datetime, tz: tzinfo, defaults: WindowDefaults
) -> Series:
    """The occurrences of a read series phrase said at `now` in zone `tz`."""
    parts = _sort(phrase, text)
    recurrence = parts.recurrence
    assert recurrence is not None  # noqa: S101  # _sort raises without one
    zone = phrase.zone or tz
    today = now.astimezone(zone).date()
    begin, last = _bounds(parts, text, now=now, zone=zone, defaults=defaults, today=today)
    count = parts.end.count if parts.end is not None else None
    if last is None and count is None and (parts.end is None or parts.end.length is None):
        raise ParseError(ParseProblem.NO_END, _quote(text, recurrence.span))

    def window_on(day: date) -> TimeWindow:
        start = Side([CalendarDate(day.day, day.month, day.year, recurrence.span)])
        start.elements.extend(parts.window.start.elements)
        start.prefix = parts.window.start.prefix
        placed = Phrase(start, parts.window.end, parts.window.duration, parts.window.zone)
        return place_phrase(placed, text, now=now, tz=zone, defaults=defaults, allow_past=True)

    first = _first_day(parts, recurrence, begin, last, lambda day: window_on(day).start >= now)
    if parts.end is not None and parts.end.length is not None:
        length, unit = parts.end.length
        last = _last_of_length(first, length, unit, recurrence)
    windows: list[TimeWindow] = []
    for day in _days(recurrence, first, last, interval=recurrence.interval):
        if count is not None and len(windows) == count:
            break
        if len(windows) == MAX_OCCURRENCES:
            raise ParseError(ParseProblem.TOO_MANY_OCCURRENCES, text.strip())
        windows.append(window_on(day))
    guesses = tuple(dict.fromkeys(_quote(text, span) for span in phrase.guesses))
    return Series(tuple(windows), _dst_shifts(windows, zone), guesses)


def _first_day(
    parts: _Parts,
    recurrence: Recurrence,
    begin: date,
    last: date | None,
    ahead: Callable[[date], bool],
) -> date:
    """The first day of the pattern from `begin` whose occurrence is still `ahead` (every
    day of the pattern, so that `every other tuesday` said on a Tuesday starts next week)."""
    for number, day in enumerate(_days(recurrence, begin, last, interval=1)):
        if number >= _FIRST_SEARCH:
            break
        if ahead(day):
            return day
    fragment = parts.end.span if parts.end is not None else recurrence.span
    raise ParseError(ParseProblem.END_NOT_AFTER_START, _quote(parts.text, fragment))


def _last_of_length(first: date, length: int, unit: str, recurrence: Recurrence) -> date:
    """The last day of `for 6 weeks` from the first occurrence; `for 6 months` of a monthly
    plan runs to the end of the sixth month, so that it makes 6 occurrences."""
    if unit == "month" and recurrence.unit == "month":
        return add_months(first.replace(day=1), length) - timedelta(days=1)
    if unit == "month":
        return add_months(first, length) - timedelta(days=1)
    return first + timedelta(days=length * (7 if unit == "week" else 1) - 1)


def _bounds(
    parts: _Parts, text: str, *, now: datetime, zone: tzinfo, defaults: WindowDefaults, today: date
) -> tuple[date, date | None]:
    """The first day a series may start on, and its last day when the phrase gives one."""
    begin = today
    if parts.first:
        said = Phrase(Side(list(parts.first)))
        window = place_phrase(said, text, now=now, tz=zone, defaults=defaults, allow_past=True)
        begin = max(window.start.astimezone(zone).date(), today)
    last: date | None = None
    period = parts.period
    if period is not None:
        first_day, last_day = _period_days(period, today)
        if parts.end is None and parts.last_day is None:
            last = last_day  # "every weekday next week": that week only
        begin = max(begin, first_day)
    end = parts.end
    if end is not None and end.month is not None:
        first_day, last_day = _month_days(end.month, end.year, begin)
        if not end.end_of_month:
            begin = max(begin, first_day)  # "in March": from its first day
        last = last_day
    written = end.until if end is not None else parts.last_day
    if isinstance(written, CalendarDate):
        last = next_calendar_date(written, begin, _quote(text, written.span))
    elif written is not None:
        said = Phrase(Side([written]))
        window = place_phrase(said, text, now=now, tz=zone, defaults=defaults, allow_past=True)
        last = window.start.astimezone(zone).date()
    return begin, last


def _period_days(period: WeekRef | MonthRef, today: date) -> tuple[date, date]:
    """The first and last day of `next week`, `this month`..."""
    if isinstance(period, WeekRef):
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=period.weeks)
        return monday, monday + timedelta(days=6)
    first = add_months(today.replace(day=1), period.months)
    return first, add_months(first, 1) - timedelta(days=1)


def _month_days(month: int, year: int | None, reference: date) -> tuple[date, date]:
    """The first and last day of the next month named so (this one included), or of that year's."""
    if year is None:
        year = reference.year if month >= reference.month else reference.year + 1
    first = date(year, month, 1)
    return first, add_months(first, 1) - timedelta(days=1)


def _days(
    recurrence: Recurrence, begin: date, last: date | None, *, interval: int
) -> Iterator[date]:
    """The local days of the recurrence from `begin` (up to `last`), by `dateutil.rrule`."""
    from dateutil import rrule  # here: only phrases that repeat pay for it

    frequency = {"day": rrule.DAILY, "week": rrule.WEEKLY, "month": rrule.MONTHLY}
    days = recurrence.weekdays
    by: dict[str, Any] = {}
    if recurrence.nth is not None:
        by["byweekday"] = [rrule.weekday(day, recurrence.nth) for day in days]
    elif days:
        by["byweekday"] = list(days)
    if recurrence.month_day is not None:
        by["bymonthday"] = recurrence.month_day
    until = datetime.combine(last, datetime.min.time()) if last is not None else None
    start = datetime.combine(begin, datetime.min.time())
    rule = rrule.rrule(
        frequency[recurrence.unit], dtstart=start, interval=interval, until=until, **by
    )
    for moment in rule:
        yield moment.date()


def _dst_shifts(windows: list[TimeWindow], zone: tzinfo) -> tuple[int, ...]:
    offsets = [window.start.astimezone(zone).utcoffset() for window in windows]
    return tuple(n for n in range(1, len(offsets)) if offsets[n] != offsets[n - 1])
