"""The declared constructions of recurring plans: what repeats (`every monday`, `un mardi sur
deux`, `first monday of each month`, `jours ouvrés`) and how the series ends (`for 6 weeks`,
`6 fois`, `until 31 march`, `in March`). Tried before every other rule (see
`bot.parsing.constructions`); an end is read only in a phrase with a recurrence word, so `for 2
weeks` alone stays a duration. `bot.parsing.series` expands them; examples are said on Tuesday
2026-03-10 09:15, Paris, and give the first occurrence and the count.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.parsing.elements import Element, Recurrence, Span
from bot.parsing.lexicon import Word
from bot.parsing.numerals import read_day_number
from bot.parsing.rules import (
    Captured,
    Cursor,
    Example,
    Part,
    Rule,
    either,
    joiner,
    number,
    optional,
    sequence,
    tagged,
    word,
)
from bot.parsing.tokens import entries_at, find

_RECURRING = frozenset({Word.EVERY, Word.EVERY_OTHER, Word.ONE_IN, Word.WORKDAY, Word.FREQUENCY})
_WORKWEEK = (0, 1, 2, 3, 4)
_HOUR_WORDS = frozenset({Word.HOUR_MARK, Word.FRENCH_HOURS, Word.MERIDIEM, Word.SHORT_MERIDIEM})


def _int(value: object) -> int:
    return int(str(value))


def _weekdays(cursor: Cursor, pos: int) -> Captured | None:
    """`monday`, `monday and thursday`, `lundi, mercredi et vendredi`: a tuple of weekdays."""
    tokens = cursor.tokens
    found = find(entries_at(tokens, pos), Word.WEEKDAY)
    if found is None:
        return None
    days, end = [_int(found.value)], found.end
    while end < len(tokens):
        step = end + 1 if tokens[end].text in (",", "&", "/") else end
        joined = find(entries_at(tokens, step), Word.PAIR_CONNECTOR)
        step = joined.end if joined is not None else step
        following = find(entries_at(tokens, step), Word.WEEKDAY) if step > end else None
        if following is None:
            break
        days.append(_int(following.value))
        end = following.end
    return tuple(sorted(set(days))), end


def _nth(cursor: Cursor, pos: int) -> Captured | None:
    """`first`, `1st`, `premier`, `2e` (1 to 5) or `last`, `dernier` (-1)."""
    last = find(entries_at(cursor.tokens, pos), Word.LAST_ONE)
    if last is not None:
        return -1, last.end
    found = read_day_number(cursor.tokens, pos)
    if found is None or not 1 <= found[0] <= 5 or _hour(cursor, found[1]):
        return None
    if found[1] == pos + 1 and _bare(cursor, pos):
        return None
    return found


def _day_of_month(cursor: Cursor, pos: int) -> Captured | None:
    """`15`, `15th`, `1er`, `first`: a day of the month (not the hour of `8h`, `8:30`)."""
    found = read_day_number(cursor.tokens, pos)
    if found is None or not 1 <= found[0] <= 31 or _hour(cursor, found[1]):
        return None
    return found


def _bare(cursor: Cursor, pos: int) -> bool:
    return cursor.tokens[pos].kind == "num"


def _hour(cursor: Cursor, pos: int) -> bool:
    """The token at `pos` makes the number before it an hour (`h`, `:`, `am`)."""
    if pos < len(cursor.tokens) and cursor.tokens[pos].text in (":", "."):
        return True
    return any(match.meaning in _HOUR_WORDS for match in entries_at(cursor.tokens, pos))


WEEKDAYS = Part(_weekdays, frozenset({Word.WEEKDAY.value}), needs=frozenset({Word.WEEKDAY.value}))
NTH = Part(_nth, frozenset({"num", Word.ORDINAL.value, Word.LAST_ONE.value}))
MONTH_DAY = Part(_day_of_month, frozenset({"num", Word.ORDINAL.value}))
_EVERY = word(Word.EVERY)
_THE = optional(word(Word.FILLER))

_MONTH = word(Word.UNIT, "month")
_EACH_MONTH = sequence(optional(joiner(word(Word.OF))), _EVERY, _MONTH)
_OF_THE_MONTH = sequence(joiner(word(Word.OF)), word(Word.MONTH_NOUN))
_ON_DAY = optional(either(word(Word.ON), word(Word.FILLER, True)))
_MONTHLY = either(sequence(_EVERY, _MONTH), word(Word.FREQUENCY, ("month", 1)))
_UNIT = word(Word.UNIT, "day", "week", "month", "fortnight")


def _nth_weekday(values: list[object], span: Span) -> Sequence[Element]:
    nth, days = values[-2], values[-1]
    assert isinstance(days, tuple)  # noqa: S101  # the WEEKDAYS part
    return [Recurrence("month", 1, span, days, nth=_int(nth))]


def _nth_weekday_of_month(values: list[object], span: Span) -> Sequence[Element] | None:
    """`first monday of each month`; `of the month` only after `every`."""
    tail = values[-1]
    if values[0] is None and isinstance(tail, tuple) and tail[0] == "the":
        return None
    return _nth_weekday(values[:-1], span)


def _month_day(values: list[object], span: Span) -> Sequence[Element]:
    day = next(value for value in reversed(values) if type(value) is int)  # not a filler's bool
    return [Recurrence("month", 1, span, month_day=day)]


def _weekly(interval: int, days: object, span: Span) -> Recurrence:
    assert isinstance(days, tuple)  # noqa: S101  # the WEEKDAYS part
    return Recurrence("week", interval, span, days)


def _every_unit(values: list[object], span: Span) -> Sequence[Element] | None:
    """`every 2 weeks on tuesday`, `tous les jours`, `every other day`, `une semaine sur deux`."""
    lead, count, unit, _, days = values
    assert isinstance(lead, tuple)  # noqa: S101  # a tagged part
    interval = _int(count or 1) * (_int(lead[1]) if lead[0] == "other" else 1)
    if unit == "fortnight":
        unit, interval = "week", interval * 2
    if days is not None and unit != "week":
        return None
    return [Recurrence(str(unit), interval, span, days if isinstance(days, tuple) else ())]


def _frequency(values: list[object], span: Span) -> Sequence[Element] | None:
    said, days = values[0], values[-1]
    assert isinstance(said, tuple)  # noqa: S101  # a FREQUENCY value: (unit, interval)
    unit, interval = str(said[0]), _int(said[1])
    if days is not None and unit != "week":
        return None
    return [Recurrence(unit, interval, span, days if isinstance(days, tuple) else ())]


_EN, _FR = "en", "fr"
SERIES_RULES: tuple[Rule, ...] = (
    Rule(
        "nth_weekday_of_each_month",
        (
            optional(_EVERY),
            _THE,
            NTH,
            WEEKDAYS,
            either(tagged("each", _EACH_MONTH), tagged("the", _OF_THE_MONTH)),
        ),
        _nth_weekday_of_month,
        (
            Example(
                "first monday of each month 8am-12pm for 3 months",
                "2026-04-06 08:00",
                "2026-04-06 12:00",
                count=3,
            ),
            Example(
                "le dernier vendredi de chaque mois pendant 2 mois",
                "2026-03-27 08:00",
                "2026-03-27 17:00",
                _FR,
                2,
            ),
            Example(
                "every second tuesday of the month for 3 months",
                "2026-04-14 08:00",
                "2026-04-14 17:00",
                count=3,
            ),
        ),
    ),
    Rule(
        "monthly_nth_weekday",
        (_MONTHLY, _ON_DAY, _THE, NTH, WEEKDAYS),
        _nth_weekday,
        (
            Example(
                "monthly on the last friday 3 times",
                "2026-03-27 08:00",
                "2026-03-27 17:00",
                count=3,
            ),
            Example(
                "chaque mois le premier lundi 2 fois",
                "2026-04-06 08:00",
                "2026-04-06 17:00",
                _FR,
                2,
            ),
        ),
    ),
    Rule(
        "day_of_each_month",
        (_THE, optional(word(Word.UNIT, "day")), MONTH_DAY, _EACH_MONTH),
        _month_day,
        (
            Example(
                "day 15 of each month for 3 months", "2026-03-15 08:00", "2026-03-15 17:00", count=3
            ),
            Example("le 1er de chaque mois 4 fois à 9h", "2026-04-01 09:00", None, _FR, 4),
        ),
    ),
    Rule(
        "every_day_of_the_month",
        (_EVERY, MONTH_DAY, _OF_THE_MONTH),
        _month_day,
        (
            Example("tous les 15 du mois à 8h pendant 3 mois", "2026-03-15 08:00", None, _FR, 3),
            Example(
                "every 20th of the month 2 times", "2026-03-20 08:00", "2026-03-20 17:00", count=2
            ),
        ),
    ),
    Rule(
        "monthly_on_day",
        (_MONTHLY, _ON_DAY, _THE, MONTH_DAY),
        _month_day,
        (
            Example(
                "every month on the 12th 3 times", "2026-03-12 08:00", "2026-03-12 17:00", count=3
            ),
            Example(
                "chaque mois le 12 jusqu'au 30 juin", "2026-03-12 08:00", "2026-03-12 17:00", _FR, 4
            ),
        ),
    ),
    Rule(
        "every_other_weekday",
        (word(Word.EVERY_OTHER), WEEKDAYS),
        lambda values, span: [_weekly(_int(values[0]), values[1], span)],
        (
            Example(
                "every other tuesday 9-11 for 6 weeks",
                "2026-03-17 09:00",
                "2026-03-17 11:00",
                count=3,
            ),
            Example("every 2nd friday 4 times", "2026-03-13 08:00", "2026-03-13 17:00", count=4),
        ),
    ),
    Rule(
        "weekday_one_in",
        (optional(word(Word.ARTICLE)), WEEKDAYS, word(Word.ONE_IN)),
        lambda values, span: [_weekly(_int(values[2]), values[1], span)],
        (
            Example(
                "un mardi sur deux de 9h à 11h pendant 6 semaines",
                "2026-03-17 09:00",
                "2026-03-17 11:00",
                _FR,
                3,
            ),
            Example("un vendredi sur 3 6 fois", "2026-03-13 08:00", "2026-03-13 17:00", _FR, 6),
        ),
    ),
    Rule(
        "every_weekdays",
        (_EVERY, _THE, WEEKDAYS),
        lambda values, span: [_weekly(1, values[2], span)],
        (
            Example(
                "every monday 8am to 12pm for 6 weeks",
                "2026-03-16 08:00",
                "2026-03-16 12:00",
                count=6,
            ),
            Example(
                "tous les lundis et jeudis à 7h pendant 2 semaines",
                "2026-03-12 07:00",
                None,
                _FR,
                4,
            ),
            Example(
                "each friday 2pm-4pm until april 10",
                "2026-03-13 14:00",
                "2026-03-13 16:00",
                count=5,
            ),
        ),
    ),
    Rule(
        "every_workday",
        (optional(_EVERY), _THE, word(Word.WORKDAY)),
        lambda values, span: (
            [Recurrence("week", 1, span, _WORKWEEK)] if values[0] or values[2] else None
        ),
        (
            Example(
                "every weekday 7am-9am next week", "2026-03-16 07:00", "2026-03-16 09:00", count=5
            ),
            Example(
                "chaque jour ouvré de 7h à 9h la semaine prochaine",
                "2026-03-16 07:00",
                "2026-03-16 09:00",
                _FR,
                5,
            ),
            Example("working days 6am for 2 weeks", "2026-03-11 06:00", None, count=10),
        ),
    ),
    Rule(
        "every_units",
        (
            either(tagged("other", word(Word.EVERY_OTHER)), tagged("every", _EVERY)),
            optional(number(1, 52)),
            _UNIT,
            _ON_DAY,
            optional(WEEKDAYS),
        ),
        _every_unit,
        (
            Example(
                "every 2 weeks on tuesday 9:00-11:00 until 31 march",
                "2026-03-17 09:00",
                "2026-03-17 11:00",
                count=2,
            ),
            Example(
                "toutes les deux semaines le mercredi à 14h 3 fois",
                "2026-03-11 14:00",
                None,
                _FR,
                3,
            ),
            Example("every day at 6am for 1 week", "2026-03-11 06:00", None, count=7),
            Example("tous les 3 jours à 10h pendant 2 semaines", "2026-03-10 10:00", None, _FR, 5),
        ),
    ),
    Rule(
        "unit_one_in",
        (optional(word(Word.ARTICLE)), _UNIT, word(Word.ONE_IN), _ON_DAY, optional(WEEKDAYS)),
        lambda values, span: _every_unit(
            [("other", values[2]), None, values[1], None, values[4]], span
        ),
        (
            Example("une semaine sur deux le lundi à 8h 3 fois", "2026-03-16 08:00", None, _FR, 3),
            Example("un jour sur deux à 18h pendant 1 semaine", "2026-03-10 18:00", None, _FR, 4),
        ),
    ),
    Rule(
        "frequency",
        (word(Word.FREQUENCY), _ON_DAY, optional(WEEKDAYS)),
        _frequency,
        (
            Example("weekly on thursday 10am for 4 weeks", "2026-03-12 10:00", None, count=4),
            Example("daily 7am 5 times", "2026-03-11 07:00", None, count=5),
            Example(
                "fortnightly on monday 3 times", "2026-03-16 08:00", "2026-03-16 17:00", count=3
            ),
        ),
    ),
)
