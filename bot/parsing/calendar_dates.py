"""Turns date words into calendar days relative to today, preferring the future.

Pure date arithmetic: no clock, no zone. `placement` decides which day a window is on.
"""

from __future__ import annotations

import calendar
from dataclasses import replace
from datetime import date, timedelta

from bot.parsing.elements import CalendarDate, MonthDay, NthWeekday, WeekdayRef
from bot.parsing.errors import ParseError, ParseProblem


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _months_later(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter."""
    year, month = _months_later(day.year, day.month, months)
    for last in range(day.day, 27, -1):
        found = _safe(year, month, last)
        if found is not None:
            return found
    return date(year, month, min(day.day, 28))


def next_calendar_date(written: CalendarDate, reference: date, fragment: str) -> date:
    """The first day on or after `reference` that matches what was written."""
    day, month, year = written.day, written.month, written.year
    if year is not None and month is not None:
        found = _safe(year, month, day)
        if found is None:
            raise ParseError(ParseProblem.INVALID_DATE, fragment)
        return found
    for step in range(24 if month is None else 9):
        if month is None:
            candidate_year, candidate_month = _months_later(reference.year, reference.month, step)
            found = _safe(candidate_year, candidate_month, day)
        else:
            found = _safe(reference.year + step, month, day)
        if found is not None and found >= reference:
            return found
    raise ParseError(ParseProblem.INVALID_DATE, fragment)


def end_calendar_date(written: CalendarDate, start: date, fragment: str) -> date:
    """The end's day: the start's month and year unless written; rolls only across a year end
    (`Dec 28 to Jan 3`) or a month end (`du 28 au 3`), never back over an earlier day."""
    day, month, year = written.day, written.month, written.year
    if year is not None and month is not None:
        return next_calendar_date(written, start, fragment)
    if month is not None:
        found = _safe(start.year + (1 if month < start.month else 0), month, day)
        if found is None:
            raise ParseError(ParseProblem.INVALID_DATE, fragment)
        return found
    if day >= start.day:
        found = _safe(start.year, start.month, day)
        if found is not None:
            return found
    return next_calendar_date(written, start + timedelta(days=1), fragment)


def matching_weekday(found: date, weekday: WeekdayRef, fragment: str) -> date:
    """Check `jeudi 12 mars`, `vendredi 13`: the weekday must be the date's (DESIGN: else an
    error that says so, rather than a month months away where it would hold)."""
    if found.weekday() == weekday.weekday:
        return found
    raise ParseError(ParseProblem.CONFLICTING, fragment)


def weekday_date(weekday: WeekdayRef, weeks: int | None, today: date, skip_today: bool) -> date:
    """The day of `monday`, `next friday`, `lundi dernier`, `friday next week`."""
    if weeks is not None or weekday.mode == "next_week":
        shift = 1 if weeks is None else weeks  # "this week" is 0 weeks on, not next week
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=shift)
        return monday + timedelta(days=weekday.weekday)
    if weekday.mode == "last":
        back = (today.weekday() - weekday.weekday) % 7 or 7
        return today - timedelta(days=back)
    ahead = (weekday.weekday - today.weekday()) % 7
    if ahead == 0 and (skip_today or weekday.mode == "next"):
        ahead = 7
    return today + timedelta(days=ahead, weeks=weekday.weeks_after)


def first_workday(day: date) -> date:
    """`day`, or the Monday after it when it falls on a weekend."""
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def week_start(today: date, weeks: int) -> date:
    """The first workday of the week `weeks` from this one (`next week` is its Monday)."""
    monday = today - timedelta(days=today.weekday()) + timedelta(weeks=weeks)
    if weeks < 0:
        return monday  # "last week" is in the past, never today
    return first_workday(max(monday, today))


def week_days(day: date) -> tuple[date, date]:
    """Monday and Friday of the week `day` is in."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=4)


def iso_week_monday(today: date, week: int, fragment: str) -> date:
    """The Monday of ISO week `week`: this year's unless its Friday is past, then next year's."""
    for year in (today.year, today.year + 1):
        try:
            monday = date.fromisocalendar(year, week, 1)
        except ValueError:
            continue
        if monday + timedelta(days=4) >= today:
            return monday
    raise ParseError(ParseProblem.INVALID_DATE, fragment)


def year_start(today: date, years: int) -> date:
    """The first workday of the year `years` from this one (today for this year)."""
    return first_workday(max(date(today.year + years, 1, 1), today))


def month_start(today: date, months: int) -> date:
    """The first workday of the month `months` from this one."""
    year, month = _months_later(today.year, today.month, months)
    return first_workday(max(date(year, month, 1), today))


def weekend_days(today: date, weeks: int) -> tuple[date, date]:
    """Saturday and Sunday of this weekend (only Sunday once it is Sunday) or a later one."""
    if today.weekday() == 6:
        if weeks == 0:
            return today, today
        weeks -= 1
    saturday = today + timedelta(days=(5 - today.weekday()) % 7, weeks=weeks)
    return saturday, saturday + timedelta(days=1)


def with_month_of(start: CalendarDate, end: CalendarDate) -> CalendarDate:
    """`du 16 au 18 mars`: a start written without its month takes the end's month and year
    (so `du 18 au 16 mars` is an end before its start, not February)."""
    if start.month is not None or end.month is None:
        return start
    return replace(start, month=end.month, year=end.year)


def month_day_date(written: MonthDay, today: date, fragment: str) -> date:
    """`the 3rd of next month`: that day of the month `months` from this one."""
    year, month = _months_later(today.year, today.month, written.months)
    found = _safe(year, month, written.day)
    if found is None:
        raise ParseError(ParseProblem.INVALID_DATE, fragment)
    return found


def _nth_day_of(written: NthWeekday, year: int, month: int) -> date:
    """The nth (or last, -1) day or weekday of that month; outside the month when there is none."""
    if written.nth < 0:
        last = date(year, month, calendar.monthrange(year, month)[1])
        if written.weekday is None:
            return last
        return last - timedelta(days=(last.weekday() - written.weekday) % 7)
    first = date(year, month, 1)
    if written.weekday is None:
        return first + timedelta(days=written.nth - 1)
    found = first + timedelta(days=(written.weekday - first.weekday()) % 7)
    return found + timedelta(weeks=written.nth - 1)


def nth_weekday_date(written: NthWeekday, today: date, fragment: str) -> date:
    """`the first monday of April`: this year's, or next year's once this year's is past;
    in a given year or a month counted from this one, that month's only."""
    months: list[tuple[int, int]]
    if written.month is None:
        months = [_months_later(today.year, today.month, written.months or 0)]
    elif written.year is not None:
        months = [(written.year, written.month)]
    else:
        months = [(today.year, written.month), (today.year + 1, written.month)]
    for year, month in months:
        found = _nth_day_of(written, year, month)
        if found.month != month:
            raise ParseError(ParseProblem.INVALID_DATE, fragment)
        if found >= today or len(months) == 1:
            return found
    raise ParseError(ParseProblem.INVALID_DATE, fragment)
