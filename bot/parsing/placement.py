"""Places a read phrase in time: local days and clocks in the user's zone, preferring the future.

Local times are built with zoneinfo (a time in the spring-forward gap is an error, a repeated one
takes its first occurrence); durations are added in UTC, so they are elapsed time across DST.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from bot.model import TimeWindow, WindowDefaults
from bot.parsing.calendar_dates import (
    add_months,
    end_calendar_date,
    iso_week_monday,
    matching_weekday,
    month_day_date,
    month_start,
    next_calendar_date,
    nth_weekday_date,
    week_days,
    week_start,
    weekday_date,
    weekend_days,
    with_month_of,
    year_start,
)
from bot.parsing.elements import (
    CalendarDate,
    Clock,
    DayAfter,
    DayPart,
    Element,
    IsoWeek,
    MonthDay,
    MonthRef,
    NthWeekday,
    Offset,
    Phrase,
    RelativeDay,
    RelativeMonth,
    Side,
    Span,
    WeekdayRef,
    WeekendRef,
    WeekOf,
    WeekRef,
    YearRef,
)
from bot.parsing.errors import ParseError, ParseProblem
from bot.parsing.lexicon import DAY_PART_HOURS, DAY_POINTS

Anchor = (
    CalendarDate
    | RelativeDay
    | RelativeMonth
    | MonthRef
    | MonthDay
    | NthWeekday
    | WeekendRef
    | WeekOf
    | IsoWeek
    | DayAfter
    | Offset
)


@dataclass(slots=True)
class Point:
    """One side of a phrase sorted into what it says: which day, which time, which part."""

    span: Span
    anchor: Anchor | None = None
    weekday: WeekdayRef | None = None
    week: WeekRef | None = None
    year: YearRef | None = None
    clock: Clock | None = None
    part: DayPart | None = None
    date_after_clock: bool = False

    @property
    def has_day(self) -> bool:
        fixed_part = self.part is not None and self.part.days is not None
        return bool(self.anchor or self.weekday or self.week or self.year or fixed_part)

    @property
    def is_week(self) -> bool:
        """`next week`, `the week of nov 2` with nothing else: a Monday-Friday window."""
        alone = self.weekday is None and self.clock is None and self.part is None
        return alone and (isinstance(self.anchor, WeekOf | IsoWeek) or (self.week is not None))


@dataclass(frozen=True, slots=True)
class Context:
    """What the phrase is read against."""

    now: datetime
    zone: tzinfo
    defaults: WindowDefaults
    text: str
    allow_past: bool

    @property
    def today(self) -> date:
        return self.now.date()

    def quote(self, span: Span) -> str:
        return self.text[span.start : span.end]

    def local(self, day: date, at: time, span: Span) -> datetime:
        """`day` at `at` in the zone; a time the clocks skip is an error."""
        moment = datetime.combine(day, at, tzinfo=self.zone)
        back = moment.astimezone(UTC).astimezone(self.zone)
        if back.replace(tzinfo=None) != moment.replace(tzinfo=None):
            raise ParseError(ParseProblem.NONEXISTENT_TIME, self.quote(span))
        return moment


def place_phrase(
    phrase: Phrase, text: str, *, now: datetime, tz: tzinfo, defaults: WindowDefaults,
    allow_past: bool,
) -> TimeWindow:  # fmt: skip
    """The UTC window a read phrase means at `now` in zone `tz`."""
    zone = phrase.zone or tz
    context = Context(now.astimezone(zone), zone, defaults, text, allow_past)
    start_point = sort_side(phrase.start, context)
    end_point = sort_side(phrase.end, context) if phrase.end is not None else None
    if end_point is not None:
        _share_day(start_point, end_point)
    start, implied_end, start_day = place_start(start_point, context)
    if end_point is not None:
        if phrase.duration is not None:
            raise ParseError(ParseProblem.CONFLICTING, context.quote(phrase.duration.span))
        end = place_end(end_point, context, start, start_day)
    elif phrase.duration is not None:
        duration = phrase.duration
        if duration.days and implied_end is not None and start_point.part is None:
            last_day = start_day + timedelta(days=duration.days - 1)
            end = context.local(last_day, defaults.workday_end, duration.span)
        else:
            end = start.astimezone(UTC) + duration.delta
        if end <= start:
            raise ParseError(ParseProblem.END_NOT_AFTER_START, context.quote(duration.span))
    else:
        end = implied_end or start.astimezone(UTC) + defaults.default_duration
    return TimeWindow(start.astimezone(UTC), end.astimezone(UTC))


def sort_side(side: Side, context: Context) -> Point:
    """Sort a side's elements into a `Point`; two of a kind that disagree are an error."""
    span = side.span
    assert span is not None  # noqa: S101  # the grammar never leaves a side empty
    point = Point(span)
    for element in side.elements:
        _put(point, element, context)
    anchor = point.anchor
    if point.weekday is not None and not (
        anchor is None or isinstance(anchor, CalendarDate | MonthDay)
    ):
        raise ParseError(ParseProblem.CONFLICTING, context.quote(_later(anchor, point.weekday)))
    if point.week is not None and anchor is not None:
        raise ParseError(ParseProblem.CONFLICTING, context.quote(_later(anchor, point.week)))
    if isinstance(anchor, Offset) and (point.clock or point.weekday or point.part):
        raise ParseError(ParseProblem.CONFLICTING, context.quote(span))
    _moment_as_clock(point, context.defaults)
    return point


def _moment_as_clock(point: Point, defaults: WindowDefaults) -> None:
    """`lunchtime`, `en fin de journée`: a moment of the day is a clock; said with a clock
    (`lunchtime at 1`), it is the part of the day that clock is in."""
    part = point.part
    if part is None or part.part not in DAY_POINTS:
        return
    at, broad = DAY_POINTS[part.part]
    if point.clock is not None:
        point.part = replace(part, part=broad)
        return
    if at is None:
        at = defaults.workday_start if broad == "morning" else defaults.workday_end
    point.clock, point.part = Clock(at.hour, at.minute, part.span), None


def _later(first: Element, second: Element) -> Span:
    """The span of whichever of two disagreeing elements the user wrote last."""
    return max(first.span, second.span, key=lambda span: span.start)


def _put(point: Point, element: Element, context: Context) -> None:
    slot = {
        Clock: "clock", WeekdayRef: "weekday", WeekRef: "week", DayPart: "part",
        YearRef: "year",
    }.get(type(element), "anchor")  # fmt: skip
    if getattr(point, slot) is not None:
        raise ParseError(ParseProblem.CONFLICTING, context.quote(element.span))
    setattr(point, slot, element)
    if slot in ("anchor", "weekday") and point.clock is not None:
        point.date_after_clock = True


def _share_day(start: Point, end: Point) -> None:
    """`from 9 to 11 on friday`: a day written after the end's time is the start's day too;
    `du 16 au 18 mars`: a start without month takes the end's."""
    shared = end.has_day and end.date_after_clock and end.clock is not None
    if shared and not start.has_day and start.clock is not None:
        start.anchor, start.weekday, start.week = end.anchor, end.weekday, end.week
        end.anchor, end.weekday, end.week = None, None, None
    if isinstance(start.anchor, CalendarDate) and isinstance(end.anchor, CalendarDate):
        start.anchor = with_month_of(start.anchor, end.anchor)
    written, last = start.anchor, end.anchor
    if isinstance(written, CalendarDate) and written.month is None and isinstance(last, MonthDay):
        start.anchor = MonthDay(written.day, last.months, written.span)  # "du 20 au 25 du mois"


def _clock_time(clock: Clock, part: DayPart | None) -> tuple[time, int]:
    """The clock's time of day, read with its day part (`8 du soir`), and any extra day."""
    hour = clock.hour
    later_part = part is not None and (
        part.part in ("afternoon", "evening") or (part.part == "night" and hour >= 6)
    )
    if later_part and clock.meridiem is None and (clock.loose or clock.bare):
        hour = hour % 12 + 12
    after_midnight = part is not None and part.part in ("evening", "night") and hour < 6
    extra = 1 if after_midnight else 0  # "tonight at midnight", "ce soir 1h": the next day's
    return time(hour, clock.minute), extra


def _part_hours(part: DayPart, defaults: WindowDefaults) -> tuple[time, time, int]:
    start, end = DAY_PART_HOURS[part.part]
    start = start or defaults.workday_start
    end = end or defaults.workday_end
    return start, end, 1 if end <= start else 0


def day_of(point: Point, context: Context, at: time, after: date | None) -> date | None:
    """The local day a point names, or None when it names none (a time alone)."""
    today = context.today
    if point.anchor is not None and not isinstance(point.anchor, Offset):
        return _anchor_day(point, _in_year(point, point.anchor, today), context, after)
    if point.weekday is not None:
        weeks = point.week.weeks if point.week is not None else None
        if after is not None and weeks is None and point.weekday.mode == "plain":
            return weekday_date(point.weekday, None, after, skip_today=False)
        skip = context.local(today, at, point.span) <= context.now
        return weekday_date(point.weekday, weeks, today, skip_today=skip)
    if point.week is not None:
        return week_start(today, point.week.weeks)
    if point.part is not None and point.part.days is not None:
        return today + timedelta(days=point.part.days)
    if point.year is not None:
        return year_start(today, point.year.years)
    return None


def _in_year(point: Point, anchor: Anchor, today: date) -> Anchor:
    """`march 3 next year`: a date or a month's nth day in the year said with it."""
    if point.year is None:
        return anchor
    year = today.year + point.year.years
    if isinstance(anchor, CalendarDate | NthWeekday) and anchor.year is None:
        if isinstance(anchor, NthWeekday) and anchor.month is None:
            return anchor
        return replace(anchor, year=year)
    return anchor


def _anchor_day(point: Point, anchor: Anchor, context: Context, after: date | None) -> date:
    today = context.today
    if isinstance(anchor, CalendarDate):
        fragment = context.quote(anchor.span)
        if after is None:
            found = next_calendar_date(anchor, today, fragment)
        else:
            found = end_calendar_date(anchor, after, fragment)
        if point.weekday is not None:
            found = matching_weekday(found, point.weekday, context.quote(point.span))
        return found
    if isinstance(anchor, RelativeDay):
        return today + timedelta(days=anchor.days)
    if isinstance(anchor, RelativeMonth):
        return add_months(today, anchor.months)
    if isinstance(anchor, MonthRef):
        return month_start(today, anchor.months)
    if isinstance(anchor, MonthDay | NthWeekday):
        return _month_anchor_day(point, anchor, context)
    return _week_anchor_day(anchor, context, after)


def _week_anchor_day(anchor: Anchor, context: Context, after: date | None) -> date:
    """The first day of a weekend, of the week of a date, or the day after another."""
    today = context.today
    if isinstance(anchor, WeekendRef):
        return weekend_days(today, anchor.weeks)[0]
    if isinstance(anchor, WeekOf):
        return week_days(next_calendar_date(anchor.date, today, context.quote(anchor.span)))[0]
    if isinstance(anchor, DayAfter):
        return (after or today) + timedelta(days=anchor.days)
    if isinstance(anchor, IsoWeek):
        return iso_week_monday(today, anchor.week, context.quote(anchor.span))
    raise ParseError(ParseProblem.CONFLICTING, context.quote(anchor.span))


def _month_anchor_day(point: Point, anchor: MonthDay | NthWeekday, context: Context) -> date:
    """The day of `the 3rd of next month` or `the first monday of April`; a weekday said with
    it must agree (`friday the 3rd of next month`)."""
    fragment = context.quote(anchor.span)
    if isinstance(anchor, MonthDay):
        found = month_day_date(anchor, context.today, fragment)
    else:
        found = nth_weekday_date(anchor, context.today, fragment)
    if point.weekday is not None and found.weekday() != point.weekday.weekday:
        raise ParseError(ParseProblem.CONFLICTING, context.quote(point.span))
    return found


def place_start(point: Point, context: Context) -> tuple[datetime, datetime | None, date]:
    """The start, the end a day or a day part implies (None for a time), and the local day."""
    if isinstance(point.anchor, Offset):
        start = (context.now.astimezone(UTC) + point.anchor.delta).astimezone(context.zone)
        return start, None, start.date()
    if point.clock is not None:
        at, extra = _clock_time(point.clock, point.part)
        day = day_of(point, context, at, None)
        if day is None:
            day = context.today + timedelta(days=extra)
            if context.local(day, at, point.clock.span) < context.now:
                day += timedelta(days=1)
        else:
            day += timedelta(days=extra)
        return context.local(day, at, point.clock.span), None, day
    return _place_day_window(point, context)


def _place_day_window(point: Point, context: Context) -> tuple[datetime, datetime, date]:
    defaults = context.defaults
    if point.part is not None:
        first, last, overnight = _part_hours(point.part, defaults)
    else:
        first, last, overnight = defaults.workday_start, defaults.workday_end, 0
    day = day_of(point, context, first, None)
    if day is None:
        if point.part is None:
            raise ParseError(ParseProblem.UNREADABLE, context.quote(point.span))
        day = context.today
        if context.local(day + timedelta(days=overnight), last, point.span) <= context.now:
            day += timedelta(days=1)
    last_day = day + timedelta(days=overnight)
    if isinstance(point.anchor, WeekendRef):
        last_day = weekend_days(context.today, point.anchor.weeks)[1]
    if point.is_week:
        day, last_day = _week_window(day, context.today)
    start = context.local(day, first, point.span)
    end = context.local(last_day, last, point.span)
    if day == context.today and start < context.now < end and not context.allow_past:
        start = context.now  # "today" once the workday began: from now on
    return start, end, day


def _week_window(day: date, today: date) -> tuple[date, date]:
    """Monday and Friday of the week `day` is in; this week's runs from today."""
    monday, friday = week_days(day)
    if monday <= today <= friday:
        return today, friday
    return monday, friday


def place_end(point: Point, context: Context, start: datetime, start_day: date) -> datetime:
    """The end of a range: its own day, or the start's day (rolling past midnight if needed)."""
    fragment = context.quote(point.span)
    if point.has_day:
        end = _end_with_day(point, context, start_day)
    elif point.clock is not None:
        end = _end_time_only(point, context, start, start_day)
    elif point.part is not None:
        _, last, overnight = _part_hours(point.part, context.defaults)
        end = context.local(start_day + timedelta(days=overnight), last, point.span)
    else:
        raise ParseError(ParseProblem.UNREADABLE, fragment)
    if end <= start:
        raise ParseError(ParseProblem.END_NOT_AFTER_START, fragment)
    return end


def _end_with_day(point: Point, context: Context, start_day: date) -> datetime:
    defaults = context.defaults
    at = defaults.workday_end
    day = day_of(point, context, at, start_day)
    assert day is not None  # noqa: S101  # has_day guarantees a day
    if point.clock is not None:
        at, extra = _clock_time(point.clock, point.part)
        return context.local(day + timedelta(days=extra), at, point.clock.span)
    if point.part is not None:
        _, last, overnight = _part_hours(point.part, defaults)
        return context.local(day + timedelta(days=overnight), last, point.span)
    if isinstance(point.anchor, WeekendRef):
        day = weekend_days(context.today, point.anchor.weeks)[1]
    if point.is_week:
        day = week_days(day)[1]
    return context.local(day, at, point.span)


def _end_time_only(point: Point, context: Context, start: datetime, start_day: date) -> datetime:
    clock = point.clock
    assert clock is not None  # noqa: S101  # called for a point with a clock
    at, extra = _clock_time(clock, point.part)
    end = context.local(start_day + timedelta(days=extra), at, clock.span)
    if end < start and clock.loose and clock.meridiem is None and at.hour < 12:
        later = context.local(start_day, at.replace(hour=at.hour + 12), clock.span)
        if later > start:
            return later  # "entre midi et 2": 14:00, a 12-hour reading later that day
    if end < start:
        end = context.local(start_day + timedelta(days=1), at, clock.span)
    return end
