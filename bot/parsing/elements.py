"""What the grammar reads out of a phrase, before it is placed on the calendar.

Plain values with the offsets of the words they came from; no clock, no zone, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta, tzinfo


@dataclass(frozen=True, slots=True)
class Span:
    """Offsets of some words of the original text."""

    start: int
    end: int

    def join(self, other: Span) -> Span:
        return Span(min(self.start, other.start), max(self.end, other.end))


@dataclass(frozen=True, slots=True)
class Clock:
    """A time of day. `loose`: may mean 12 h later ("et 2"); `bare`: a plain number ("at 3")."""

    hour: int
    minute: int
    span: Span
    meridiem: str | None = None
    loose: bool = False
    bare: bool = False


@dataclass(frozen=True, slots=True)
class CalendarDate:
    """A day of the calendar; month and year may be left out ("le 15", "March 12")."""

    day: int
    month: int | None
    year: int | None
    span: Span


@dataclass(frozen=True, slots=True)
class WeekdayRef:
    """A day of the week; mode is plain, next, this, last or next_week. `weeks_after` whole weeks
    are added to the day found ("tuesday after next", "vendredi en quinze")."""

    weekday: int
    mode: str
    span: Span
    weeks_after: int = 0


@dataclass(frozen=True, slots=True)
class RelativeDay:
    """A number of days from today ("tomorrow", "dans 3 jours")."""

    days: int
    span: Span


@dataclass(frozen=True, slots=True)
class RelativeMonth:
    """The same day some months from today ("in a month")."""

    months: int
    span: Span


@dataclass(frozen=True, slots=True)
class WeekRef:
    """A week counted from this one ("next week"); alone it is its Monday-Friday window."""

    weeks: int
    span: Span


@dataclass(frozen=True, slots=True)
class WeekOf:
    """The Monday-Friday window of the week a date is in ("the week of nov 2")."""

    date: CalendarDate
    span: Span


@dataclass(frozen=True, slots=True)
class IsoWeek:
    """The Monday-Friday window of a numbered week ("week 12", "semaine 12"), the next to come."""

    week: int
    span: Span


@dataclass(frozen=True, slots=True)
class YearRef:
    """A year counted from this one ("next year", "l'an prochain"): a date's year, or alone its
    first workday."""

    years: int
    span: Span


@dataclass(frozen=True, slots=True)
class DayAfter:
    """Days after the day said before it ("le lendemain"): the start's day for an end, else
    today's."""

    days: int
    span: Span


@dataclass(frozen=True, slots=True)
class MonthRef:
    """A month counted from this one ("next month"); alone it means its first workday."""

    months: int
    span: Span


@dataclass(frozen=True, slots=True)
class MonthDay:
    """A day of a month counted from this one ("the 3rd of next month")."""

    day: int
    months: int
    span: Span


@dataclass(frozen=True, slots=True)
class NthWeekday:
    """The nth weekday of a month: named ("the first monday of April [2027]"), the next one to
    come unless the year is given, or counted from this one (`months`: "of next month").
    `nth` -1 is the last; `weekday` None is any day ("the last day of April")."""

    nth: int
    weekday: int | None
    month: int | None
    span: Span
    year: int | None = None
    months: int | None = None


@dataclass(frozen=True, slots=True)
class WeekendRef:
    """A weekend counted from this one: Saturday's workday start to Sunday's end."""

    weeks: int
    span: Span


@dataclass(frozen=True, slots=True)
class DayPart:
    """Morning, afternoon, evening or night; `days` is set when the words fix the day."""

    part: str
    days: int | None
    span: Span


@dataclass(frozen=True, slots=True)
class Offset:
    """An exact instant from now ("in 2 hours")."""

    delta: timedelta
    span: Span


@dataclass(frozen=True, slots=True)
class BareNumber:
    """A number whose role (hour or day of the month) depends on its neighbours; `hour_hint`: it
    opens a range of hours ("mardi de 14 à 16h")."""

    value: int
    span: Span
    day_hint: bool = False
    leading_zero: bool = False
    hour_hint: bool = False


@dataclass(frozen=True, slots=True)
class Recurrence:
    """What repeats (`bot.parsing.series` expands it): every `interval` days, weeks or months
    (`unit`), on these `weekdays` (0 Monday), on a day of the month (`month_day`) or on the
    `nth` weekday of the month (-1 the last)."""

    unit: str
    interval: int
    span: Span
    weekdays: tuple[int, ...] = ()
    month_day: int | None = None
    nth: int | None = None


@dataclass(frozen=True, slots=True)
class SeriesEnd:
    """How a series ends: after `count` occurrences, `length` units after its first one
    (`for 6 weeks`: (6, "week")), on a written day (`until`), or at the end of a month said
    alone (`in March`: `month`, `year`)."""

    span: Span
    count: int | None = None
    length: tuple[int, str] | None = None
    until: CalendarDate | None = None
    month: int | None = None
    year: int | None = None
    end_of_month: bool = False


Element = (
    Clock
    | CalendarDate
    | WeekdayRef
    | RelativeDay
    | RelativeMonth
    | WeekRef
    | WeekOf
    | IsoWeek
    | YearRef
    | DayAfter
    | MonthRef
    | MonthDay
    | NthWeekday
    | WeekendRef
    | DayPart
    | Offset
    | BareNumber
    | Recurrence
    | SeriesEnd
)


@dataclass(slots=True)
class Side:
    """One end of a phrase (the start, or the end after a connector)."""

    elements: list[Element] = field(default_factory=list)
    prefix: str | None = None

    @property
    def span(self) -> Span | None:
        if not self.elements:
            return None
        span = self.elements[0].span
        for element in self.elements[1:]:
            span = span.join(element.span)
        return span


@dataclass(frozen=True, slots=True)
class Duration:
    """How long the window lasts: elapsed time, or whole days for a date ("for 2 days")."""

    delta: timedelta
    days: int | None
    span: Span


@dataclass(slots=True)
class Phrase:
    """A whole phrase as read: a start, an optional end, duration and explicit zone."""

    start: Side
    end: Side | None = None
    duration: Duration | None = None
    zone: tzinfo | None = None
    guesses: list[Span] = field(default_factory=list)  # words read by a guess ("a few")
