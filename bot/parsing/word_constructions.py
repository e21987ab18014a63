"""The plain constructions: a day, a part of a day, a week, a month, a weekday, a named date, a
clock word, an amount of time from now. Tried after the more specific ones of
`bot.parsing.constructions`; examples are said on Tuesday 2026-03-10 09:15, Paris.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import time, timedelta

from bot.parsing.elements import (
    CalendarDate,
    Clock,
    DayPart,
    Element,
    MonthRef,
    Offset,
    RelativeDay,
    RelativeMonth,
    Span,
    WeekdayRef,
    WeekendRef,
    WeekRef,
)
from bot.parsing.lexicon import Word
from bot.parsing.numerals import Quantity, read_month_first, read_quantity
from bot.parsing.rules import Captured, Cursor, Example, Part, Rule, ahead, optional, word
from bot.parsing.tokens import entries_at, find


def _int(value: object) -> int:
    return int(str(value))


def offset_element(quantity: Quantity, span: Span) -> Element:
    """`in 2 hours` is an instant; `in 3 days`, `in a month` are days."""
    if quantity.months:
        return RelativeMonth(quantity.months, span)
    if quantity.days:
        return RelativeDay(quantity.days, span)
    return Offset(timedelta(minutes=quantity.minutes), span)


def _quantity(cursor: Cursor, pos: int) -> Captured | None:
    return read_quantity(cursor.tokens, pos)


def _named_date(cursor: Cursor, pos: int) -> Captured | None:
    month = find(entries_at(cursor.tokens, pos), Word.MONTH)
    if month is None:
        return None
    return read_month_first(cursor.tokens, month.end, _int(month.value), cursor.text)


QUANTITY = Part(_quantity, frozenset({"num", Word.NUMBER.value}))
NAMED_DATE = Part(_named_date, frozenset({Word.MONTH.value}))


def _weekday(values: list[object], span: Span) -> Sequence[Element]:
    before, weekday, after = values
    mode = str(before) if before is not None else "plain"
    if after is not None and mode in ("plain", "this"):
        mode = str(after)
    return [WeekdayRef(_int(weekday), mode, span)]


def _day_part(values: list[object], span: Span) -> Sequence[Element]:
    value = values[0]
    assert isinstance(value, tuple)  # noqa: S101  # lexicon DAY_PARTS values are pairs
    days, part = value
    return [DayPart(part, days, span)]


def _clock_word(values: list[object], span: Span) -> Sequence[Element]:
    value = values[0]
    assert isinstance(value, time)  # noqa: S101  # lexicon CLOCK_WORDS values are times
    return [Clock(value.hour, value.minute, span)]


def _offset(values: list[object], span: Span) -> Sequence[Element]:
    quantity = values[2]
    assert isinstance(quantity, Quantity)  # noqa: S101  # the QUANTITY part
    return [offset_element(quantity, span)]


def _named(values: list[object], span: Span) -> Sequence[Element]:
    written = values[0]
    assert isinstance(written, CalendarDate)  # noqa: S101  # the NAMED_DATE part
    return [written]


WORD_RULES: tuple[Rule, ...] = (
    Rule(
        "named_date",
        (NAMED_DATE,),
        _named,
        (
            Example("March 12", "2026-03-12 08:00", "2026-03-12 17:00"),
            Example("avril 3, 2027", "2027-04-03 08:00", "2027-04-03 17:00", "fr"),
            Example("mar 12 9am", "2026-03-12 09:00"),  # a month before a weekday ("mardi")
        ),
    ),
    Rule(
        "weekday",
        (optional(word(Word.MODIFIER)), word(Word.WEEKDAY), optional(word(Word.MODIFIER_AFTER))),
        _weekday,
        (
            Example("next friday", "2026-03-13 08:00", "2026-03-13 17:00"),
            Example("vendredi prochain", "2026-03-13 08:00", "2026-03-13 17:00", "fr"),
            Example("friday next week", "2026-03-20 08:00", "2026-03-20 17:00"),
            Example("jeudi de la semaine prochaine", "2026-03-19 08:00", "2026-03-19 17:00", "fr"),
            Example("tuesday", "2026-03-17 08:00", "2026-03-17 17:00"),
        ),
    ),
    Rule(
        "this_noon",
        (word(Word.MODIFIER, "this"), ahead(word(Word.CLOCK))),
        lambda values, span: [RelativeDay(0, span)],
        (
            Example("ce midi", "2026-03-10 12:00", None, "fr"),
            Example("this noon", "2026-03-10 12:00"),
        ),
    ),
    Rule(
        "relative_day",
        (word(Word.RELATIVE_DAY),),
        lambda values, span: [RelativeDay(_int(values[0]), span)],
        (
            Example("tomorrow", "2026-03-11 08:00", "2026-03-11 17:00"),
            Example("après-demain", "2026-03-12 08:00", "2026-03-12 17:00", "fr"),
        ),
    ),
    Rule(
        "day_part",
        (word(Word.DAY_PART),),
        _day_part,
        (
            Example("this afternoon", "2026-03-10 13:00", "2026-03-10 17:00"),
            Example("demain matin", "2026-03-11 08:00", "2026-03-11 12:00", "fr"),
            Example("lunchtime", "2026-03-10 12:00"),
        ),
    ),
    Rule(
        "week",
        (word(Word.WEEK),),
        lambda values, span: [WeekRef(_int(values[0]), span)],
        (
            Example("next week", "2026-03-16 08:00", "2026-03-20 17:00"),
            Example("cette semaine", "2026-03-10 09:15", "2026-03-13 17:00", "fr"),
        ),
    ),
    Rule(
        "month_shift",
        (word(Word.MONTH_SHIFT),),
        lambda values, span: [MonthRef(_int(values[0]), span)],
        (
            Example("next month", "2026-04-01 08:00", "2026-04-01 17:00"),
            Example("le mois prochain", "2026-04-01 08:00", "2026-04-01 17:00", "fr"),
        ),
    ),
    Rule(
        "weekend",
        (word(Word.WEEKEND),),
        lambda values, span: [WeekendRef(_int(values[0]), span)],
        (
            Example("this weekend", "2026-03-14 08:00", "2026-03-15 17:00"),
            Example("le week-end prochain", "2026-03-21 08:00", "2026-03-22 17:00", "fr"),
        ),
    ),
    Rule(
        "clock_word",
        (word(Word.CLOCK),),
        _clock_word,
        (Example("noon", "2026-03-10 12:00"), Example("minuit", "2026-03-11 00:00", None, "fr")),
    ),
    Rule(
        "in_quantity",
        (
            word(Word.IN_MARKER),
            optional(word(Word.FILLER)),
            QUANTITY,
            optional(word(Word.FROM_NOW)),
        ),
        _offset,
        (
            Example("in 2 hours", "2026-03-10 11:15"),
            Example("dans 3 jours", "2026-03-13 08:00", "2026-03-13 17:00", "fr"),
            Example("in a couple of hours", "2026-03-10 11:15"),
            Example("dans un an", "2027-03-10 08:00", "2027-03-10 17:00", "fr"),
            Example("in 3 hours from now", "2026-03-10 12:15"),
            Example("in about 2 hours", "2026-03-10 11:15"),
            Example("dans une petite heure", "2026-03-10 10:15", None, "fr"),
        ),
    ),
    Rule(
        "now",
        (word(Word.NOW),),
        lambda values, span: [Offset(timedelta(0), span)],
        (
            Example("now", "2026-03-10 09:15"),
            Example("de maintenant à 17h", "2026-03-10 09:15", "2026-03-10 17:00", "fr"),
            Example("from now until 5pm", "2026-03-10 09:15", "2026-03-10 17:00"),
        ),
    ),
)
