"""The declared constructions of weeks and weekday arithmetic: `the week of nov 2`, `week 12`,
`early next week`, `end of the week`, `tuesday after next`, `vendredi en quinze`, `2 fridays from
now`, `lundi dans 2 semaines`, `demain en huit`. Tried first (see `bot.parsing.constructions`);
examples are said on Tuesday 2026-03-10 09:15, Paris.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.parsing.elements import (
    CalendarDate,
    Element,
    IsoWeek,
    RelativeDay,
    Span,
    WeekdayRef,
    WeekOf,
    WeekRef,
)
from bot.parsing.lexicon import Word
from bot.parsing.rules import (
    Example,
    Rule,
    calendar_date,
    either,
    joiner,
    not_before,
    number,
    optional,
    word,
)


def _int(value: object) -> int:
    return int(str(value))


_OF = joiner(word(Word.OF))
_HOUR_MARKS = either(word(Word.HOUR_MARK), word(Word.FRENCH_HOURS), word(Word.MERIDIEM))
_WEEK = either(word(Word.WEEK), word(Word.WEEK_NOUN))


def _weekday_weeks_later(values: list[object], span: Span) -> Sequence[Element]:
    return [WeekdayRef(_int(values[0]), "plain", span, weeks_after=_int(values[1]))]


def _modified_weekday_weeks_later(values: list[object], span: Span) -> Sequence[Element]:
    before, weekday, after, weeks = values
    mode = str(before or after or "plain")
    return [WeekdayRef(_int(weekday), mode, span, weeks_after=_int(weeks))]


def _counted_weekdays(values: list[object], span: Span) -> Sequence[Element]:
    count = _int(values[0])
    return [WeekdayRef(_int(values[1]), "plain", span, weeks_after=max(count - 1, 0))]


def _week_of(values: list[object], span: Span) -> Sequence[Element]:
    written = values[1]
    assert isinstance(written, CalendarDate)  # noqa: S101  # the calendar_date part
    return [WeekOf(written, span)]


WEEK_RULES: tuple[Rule, ...] = (
    Rule(
        "week_of_date",
        (word(Word.WEEK_OF), calendar_date),
        _week_of,
        (
            Example("the week of march 23", "2026-03-23 08:00", "2026-03-27 17:00"),
            Example("la semaine du 23 mars", "2026-03-23 08:00", "2026-03-27 17:00", "fr"),
            Example("week commencing 16/03", "2026-03-16 08:00", "2026-03-20 17:00", "fr"),
            Example("la semaine du 16", "2026-03-16 08:00", "2026-03-20 17:00", "fr"),
            Example("week of the 10th", "2026-03-10 09:15", "2026-03-13 17:00"),
        ),
    ),
    Rule(
        "iso_week",
        (word(Word.WEEK_NUMBER), number(1, 53, words=False), not_before(_HOUR_MARKS)),
        lambda values, span: [IsoWeek(_int(values[1]), span)],
        (
            Example("week 12", "2026-03-16 08:00", "2026-03-20 17:00"),
            Example("semaine 13", "2026-03-23 08:00", "2026-03-27 17:00", "fr"),
            Example("S11", "2026-03-10 09:15", "2026-03-13 17:00", "fr"),
        ),
    ),
    Rule(
        "early_late_week",
        (word(Word.EARLY), optional(_OF), _WEEK),
        lambda values, span: [
            WeekRef(_int(values[2]), span),
            WeekdayRef(_int(values[0]), "plain", span),
        ],
        (
            Example("early next week", "2026-03-16 08:00", "2026-03-16 17:00"),
            Example("en début de semaine prochaine", "2026-03-16 08:00", "2026-03-16 17:00", "fr"),
            Example("late next week", "2026-03-19 08:00", "2026-03-19 17:00"),
            Example("en milieu de semaine prochaine", "2026-03-18 08:00", "2026-03-18 17:00", "fr"),
        ),
        guess=True,
    ),
    Rule(
        "end_of_week",
        (word(Word.END_OF), _WEEK),
        lambda values, span: [WeekRef(_int(values[1]), span), WeekdayRef(4, "plain", span)],
        (
            Example("end of next week", "2026-03-20 08:00", "2026-03-20 17:00"),
            Example("fin de la semaine prochaine", "2026-03-20 08:00", "2026-03-20 17:00", "fr"),
            Example("end of the week", "2026-03-13 08:00", "2026-03-13 17:00"),
        ),
        guess=True,
    ),
    Rule(
        "weekday_in_weeks",
        (word(Word.WEEKDAY), word(Word.IN_MARKER), number(1, 9), word(Word.UNIT, "week")),
        lambda values, span: [
            WeekRef(_int(values[2]), span),
            WeekdayRef(_int(values[0]), "plain", span),
        ],
        (
            Example("lundi dans 2 semaines", "2026-03-23 08:00", "2026-03-23 17:00", "fr"),
            Example("friday in 3 weeks", "2026-04-03 08:00", "2026-04-03 17:00"),
        ),
    ),
    Rule(
        "in_weeks_weekday",
        (
            word(Word.IN_MARKER),
            number(1, 9),
            word(Word.UNIT, "week"),
            optional(word(Word.ON)),
            word(Word.WEEKDAY),
        ),
        lambda values, span: [
            WeekRef(_int(values[1]), span),
            WeekdayRef(_int(values[4]), "plain", span),
        ],
        (
            Example("dans 2 semaines lundi", "2026-03-23 08:00", "2026-03-23 17:00", "fr"),
            Example("in 2 weeks on tuesday at 9am", "2026-03-24 09:00"),
        ),
    ),
    Rule(
        "day_weeks_later",
        (word(Word.RELATIVE_DAY), word(Word.WEEKS_LATER)),
        lambda values, span: [RelativeDay(_int(values[0]) + 7 * _int(values[1]), span)],
        (
            Example("demain en huit", "2026-03-18 08:00", "2026-03-18 17:00", "fr"),
            Example("aujourd'hui en quinze", "2026-03-24 08:00", "2026-03-24 17:00", "fr"),
            Example("tomorrow week", "2026-03-18 08:00", "2026-03-18 17:00"),
        ),
    ),
    Rule(
        "weekday_weeks_later",
        (word(Word.WEEKDAY), word(Word.WEEKS_LATER)),
        _weekday_weeks_later,
        (
            Example("tuesday after next", "2026-03-24 08:00", "2026-03-24 17:00"),
            Example("friday week", "2026-03-20 08:00", "2026-03-20 17:00"),
            Example("vendredi en 8", "2026-03-20 08:00", "2026-03-20 17:00", "fr"),
            Example("lundi en quinze à 9h", "2026-03-30 09:00", None, "fr"),
            Example("jeudi d'après", "2026-03-19 08:00", "2026-03-19 17:00", "fr"),
        ),
    ),
    Rule(
        "modified_weekday_weeks_later",
        (
            optional(word(Word.MODIFIER)),
            word(Word.WEEKDAY),
            optional(word(Word.MODIFIER_AFTER)),
            word(Word.WEEKS_LATER),
        ),
        _modified_weekday_weeks_later,
        (
            Example("mardi prochain en huit", "2026-03-24 08:00", "2026-03-24 17:00", "fr"),
            Example("next friday week", "2026-03-20 08:00", "2026-03-20 17:00"),
        ),
    ),
    Rule(
        "weeks_on_weekday",
        (number(1, 4), word(Word.UNIT, "week"), word(Word.ON), word(Word.WEEKDAY)),
        lambda values, span: _weekday_weeks_later([values[3], values[0]], span),
        (
            Example("a week on friday", "2026-03-20 08:00", "2026-03-20 17:00"),
            Example("two weeks on monday at 9am", "2026-03-30 09:00"),
        ),
    ),
    Rule(
        "weekdays_from_now",
        (number(1, 9), word(Word.WEEKDAY), word(Word.FROM_NOW)),
        _counted_weekdays,
        (
            Example("2 fridays from now", "2026-03-20 08:00", "2026-03-20 17:00"),
            Example("three mondays from now at 10am", "2026-03-30 10:00"),
        ),
    ),
    Rule(
        "weekdays_in",
        (word(Word.IN_MARKER), number(1, 9), word(Word.WEEKDAY)),
        lambda values, span: _counted_weekdays(values[1:], span),
        (
            Example("in 2 fridays", "2026-03-20 08:00", "2026-03-20 17:00"),
            Example("dans deux vendredis", "2026-03-20 08:00", "2026-03-20 17:00", "fr"),
        ),
    ),
)
