"""The declared constructions of time phrases: each one rule, with its examples in both languages.

Here the dates (days of a month, the day after, years, a weekday with its day number); recurring
plans are in `bot.parsing.series_constructions`, weeks and weekday arithmetic in
`bot.parsing.week_constructions`, clocks in
`bot.parsing.clock_constructions`, the plain words in `bot.parsing.word_constructions`, and
`RULE_BOOK` holds them all in the order they are tried (more specific first).

To read a new construction, add its words to `bot.parsing.lexicon` (typed by a `Word`) and one
`Rule`: a name, a pattern of parts from `bot.parsing.rules`, a production and examples (said on
Tuesday 2026-03-10 09:15, Paris; `tests/parsing/test_rules.py` runs them).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.parsing.clock_constructions import CLOCK_RULES
from bot.parsing.elements import (
    CalendarDate,
    DayAfter,
    Element,
    NthWeekday,
    RelativeDay,
    Span,
    WeekdayRef,
    YearRef,
)
from bot.parsing.errors import ParseError
from bot.parsing.lexicon import Word
from bot.parsing.numerals import Quantity, read_clock
from bot.parsing.rules import (
    Captured,
    Cursor,
    Example,
    Part,
    Rule,
    RuleBook,
    ahead,
    calendar_date,
    either,
    joiner,
    not_before,
    number,
    optional,
    tagged,
    word,
)
from bot.parsing.series_constructions import SERIES_RULES
from bot.parsing.series_ends import SERIES_END_RULES
from bot.parsing.week_constructions import WEEK_RULES
from bot.parsing.word_constructions import NAMED_DATE, QUANTITY, WORD_RULES


def _int(value: object) -> int:
    return int(str(value))


def _month_of(values: list[object], span: Span, nth: int, weekday: int | None) -> NthWeekday:
    tag = values[-1]
    assert isinstance(tag, tuple)  # noqa: S101  # a tagged part
    kind, value = tag
    if kind == "month":
        return NthWeekday(nth, weekday, _int(value), span)
    return NthWeekday(nth, weekday, None, span, months=_int(value))


def _last_weekday(values: list[object], span: Span) -> Sequence[Element]:
    return [_month_of(values, span, -1, _int(values[1]))]


def _last_day(values: list[object], span: Span) -> Sequence[Element]:
    return [_month_of(values, span, -1, None)]


def _nth_day(values: list[object], span: Span) -> Sequence[Element]:
    return [_month_of(values, span, _int(values[0]), None)]


def _day_after(values: list[object], span: Span) -> Sequence[Element]:
    return [DayAfter(_int(values[-1]), span)]


def _days_after(values: list[object], span: Span) -> Sequence[Element]:
    return [DayAfter(_int(values[0]), span)]


def _year(values: list[object], span: Span) -> Sequence[Element]:
    return [YearRef(_int(values[0]), span)]


def _weekday_and_day(values: list[object], span: Span) -> Sequence[Element]:
    modifier, weekday, _, day = values
    mode = "plain" if modifier is None else str(modifier)
    return [WeekdayRef(_int(weekday), mode, span), CalendarDate(_int(day), None, None, span)]


def _clock_ahead(cursor: Cursor, pos: int) -> Captured | None:
    """A clock written in digits starts here (`14h`, `10:30`, `2pm`, `2-4pm`)."""
    tokens = cursor.tokens
    if pos >= len(tokens) or tokens[pos].kind != "num":
        return None
    if pos + 2 < len(tokens) and tokens[pos + 1].text == "-" and tokens[pos + 2].kind == "num":
        return None, pos  # "2-4pm": a range of hours
    try:
        found = read_clock(tokens, pos, cursor.text)
    except ParseError:
        return None
    return None if found is None else (None, pos)


def _time_ahead(cursor: Cursor, pos: int) -> Captured | None:
    """A time follows, perhaps after `à`/`at`/`de`: `à 10h`, `de 14h`, `10h`, `midi`, `matin`.
    A bare number does not count: `lundi 8 à 10` stays a range of hours."""
    lead = _LEAD(cursor, pos)
    start = pos if lead is None else lead[1]
    if _clock_ahead(cursor, start) is not None or _NAMED_TIME(cursor, start) is not None:
        return None, pos
    return None


_LEAD = either(word(Word.AT), word(Word.FILLER), word(Word.PREFIX))
_NAMED_TIME = either(word(Word.CLOCK), word(Word.DAY_PART))
_TIME_AHEAD = Part(_time_ahead, zero_width=True)


def _days_from_day(values: list[object], span: Span) -> Sequence[Element] | None:
    quantity = values[0]
    assert isinstance(quantity, Quantity)  # noqa: S101  # the QUANTITY part
    if not quantity.days or quantity.minutes or quantity.months:
        return None  # "2 hours from tomorrow": not this rule
    return [RelativeDay(quantity.days + _int(values[2]), span)]


# The day of the month "early", "mid", "late" (their Word.EARLY values) stand for.
_DAY_OF_PART = {0: 1, 2: 15, 3: -1, 4: -1}
_MONTH_OR_SHIFT = either(
    tagged("month", word(Word.MONTH)),
    tagged("shift", word(Word.MONTH_SHIFT)),
    tagged("shift", word(Word.MONTH_NOUN)),
)
_WEEK = either(word(Word.WEEK), word(Word.WEEK_NOUN))
_OF = joiner(word(Word.OF))
_HOUR_MARKS = either(word(Word.HOUR_MARK), word(Word.FRENCH_HOURS), word(Word.MERIDIEM))

RULES: tuple[Rule, ...] = (
    Rule(
        "next_date",
        (
            calendar_date,
            not_before(word(Word.YEAR_SHIFT)),
            not_before(word(Word.WEEK)),
            word(Word.MODIFIER_AFTER, "next"),
        ),
        lambda values, span: [values[0]] if isinstance(values[0], CalendarDate) else None,
        (
            Example("le 17 mars prochain", "2026-03-17 08:00", "2026-03-17 17:00", "fr"),
            Example("le 2 mars prochain à 9h", "2027-03-02 09:00", None, "fr"),
        ),
    ),
    Rule(
        "last_weekday_of_month",
        (word(Word.LAST_ONE), word(Word.WEEKDAY), _OF, _MONTH_OR_SHIFT),
        _last_weekday,
        (
            Example("last friday of april", "2026-04-24 08:00", "2026-04-24 17:00"),
            Example("le dernier vendredi d'avril", "2026-04-24 08:00", "2026-04-24 17:00", "fr"),
            Example("last monday of next month at 9am", "2026-04-27 09:00"),
            Example("dernier lundi du mois", "2026-03-30 08:00", "2026-03-30 17:00", "fr"),
        ),
    ),
    Rule(
        "last_day_of_month",
        (word(Word.LAST_ONE), word(Word.UNIT, "day"), _OF, _MONTH_OR_SHIFT),
        _last_day,
        (
            Example("last day of april", "2026-04-30 08:00", "2026-04-30 17:00"),
            Example("the last day of the month", "2026-03-31 08:00", "2026-03-31 17:00"),
            Example("le dernier jour du mois", "2026-03-31 08:00", "2026-03-31 17:00", "fr"),
            Example("dernier jour de février à 10h", "2027-02-28 10:00", None, "fr"),
        ),
    ),
    Rule(
        "nth_day_of_month",
        (
            either(number(1, 31, words=False), word(Word.ORDINAL)),
            optional(word(Word.ORDINAL_SUFFIX)),
            word(Word.UNIT, "day"),
            _OF,
            _MONTH_OR_SHIFT,
        ),
        _nth_day,
        (
            Example("the 2nd day of next month", "2026-04-02 08:00", "2026-04-02 17:00"),
            Example("first day of april at 2pm", "2026-04-01 14:00"),
            Example("le 1er jour du mois prochain", "2026-04-01 08:00", "2026-04-01 17:00", "fr"),
        ),
    ),
    Rule(
        "end_of_month",
        (word(Word.END_OF), _MONTH_OR_SHIFT),
        _last_day,
        (
            Example("end of the month", "2026-03-31 08:00", "2026-03-31 17:00"),
            Example("fin du mois", "2026-03-31 08:00", "2026-03-31 17:00", "fr"),
            Example("à la fin du mois prochain", "2026-04-30 08:00", "2026-04-30 17:00", "fr"),
            Example("end of april", "2026-04-30 08:00", "2026-04-30 17:00"),
        ),
        guess=True,
    ),
    Rule(
        "days_from_day",
        (QUANTITY, word(Word.ON), word(Word.RELATIVE_DAY)),
        _days_from_day,
        (
            Example("a week from tomorrow", "2026-03-18 08:00", "2026-03-18 17:00"),
            Example("10 days from tomorrow", "2026-03-21 08:00", "2026-03-21 17:00"),
        ),
    ),
    Rule(
        "part_of_month",
        (joiner(word(Word.EARLY)), optional(_OF), _MONTH_OR_SHIFT),
        lambda values, span: [_month_of(values, span, _DAY_OF_PART[_int(values[0])], None)],
        (
            Example("début avril", "2026-04-01 08:00", "2026-04-01 17:00", "fr"),
            Example("late april", "2026-04-30 08:00", "2026-04-30 17:00"),
            Example("mid-april", "2026-04-15 08:00", "2026-04-15 17:00"),
            Example("mi-avril", "2026-04-15 08:00", "2026-04-15 17:00", "fr"),
            Example("mid next month", "2026-04-15 08:00", "2026-04-15 17:00"),
        ),
        guess=True,
    ),
    Rule(
        "day_after",
        (not_before(word(Word.RELATIVE_DAY)), word(Word.DAY_AFTER)),
        _day_after,
        (
            Example("le lendemain à 9h", "2026-03-11 09:00", None, "fr"),
            Example("monday 9am to the day after 5pm", "2026-03-16 09:00", "2026-03-17 17:00"),
            Example("du 16 mars au surlendemain", "2026-03-16 08:00", "2026-03-18 17:00", "fr"),
        ),
        guess=True,
    ),
    Rule(
        "days_after",
        (
            number(1, 9),
            word(Word.UNIT, "day"),
            word(Word.AFTER),
            not_before(word(Word.RELATIVE_DAY)),
        ),
        _days_after,
        (
            Example("du lundi à un jour après", "2026-03-16 08:00", "2026-03-17 17:00", "fr"),
            Example("from monday to 2 days after", "2026-03-16 08:00", "2026-03-18 17:00"),
        ),
    ),
    Rule(
        "year_shift",
        (word(Word.YEAR_SHIFT),),
        _year,
        (
            Example("march 3 next year", "2027-03-03 08:00", "2027-03-03 17:00"),
            Example("le 3 mars de l'année prochaine", "2027-03-03 08:00", "2027-03-03 17:00", "fr"),
            Example("l'an prochain", "2027-01-01 08:00", "2027-01-01 17:00", "fr"),
        ),
    ),
    Rule(
        "weekday_day_number_at",
        (
            not_before(NAMED_DATE),
            optional(word(Word.MODIFIER)),
            word(Word.WEEKDAY),
            optional(word(Word.DAY_NUMBER_NEXT)),
            number(1, 31, words=False),
            not_before(_HOUR_MARKS),
            ahead(_TIME_AHEAD),
        ),
        _weekday_and_day,
        (
            Example("vendredi 3 à 7h", "2026-04-03 07:00", None, "fr"),
            Example("friday 3 at 2pm", "2026-04-03 14:00"),
            Example("le jeudi 12 de 14h à 16h", "2026-03-12 14:00", "2026-03-12 16:00", "fr"),
            Example("jeudi 12 10h", "2026-03-12 10:00", None, "fr"),
            Example("ce jeudi 12 à 10h", "2026-03-12 10:00", None, "fr"),
            Example("thu 12 2-4pm", "2026-03-12 14:00", "2026-03-12 16:00"),
        ),
    ),
)

RULES = (*SERIES_RULES, *SERIES_END_RULES, *WEEK_RULES, *RULES, *CLOCK_RULES, *WORD_RULES)
assert len({rule.name for rule in RULES}) == len(RULES)  # noqa: S101  # names are unique
RULE_BOOK = RuleBook(RULES)
