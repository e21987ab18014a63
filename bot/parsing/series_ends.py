"""The declared constructions of how a recurring plan ends: a count (`6 times`, `6 fois`), a
length (`for 6 weeks`, `pendant les 6 prochaines semaines`), a last day (`until 31 march`,
`jusqu'au 31 mars`, `until the end of march`) or a month (`in April`, `en avril`). Read only in
a phrase with a recurrence word (`SERIES_GATE`), so `for 2 weeks` alone stays a duration and
`until friday` a range. Examples as in `bot.parsing.series_constructions`.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.parsing.elements import CalendarDate, Element, SeriesEnd, Span
from bot.parsing.lexicon import Word
from bot.parsing.rules import (
    Captured,
    Cursor,
    Example,
    Part,
    Rule,
    calendar_date,
    either,
    number,
    optional,
    word,
)
from bot.parsing.tokens import entries_at

_RECURRING = frozenset({Word.EVERY, Word.EVERY_OTHER, Word.ONE_IN, Word.WORKDAY, Word.FREQUENCY})
_THE = optional(word(Word.FILLER))
_FR = "fr"


def _int(value: object) -> int:
    return int(str(value))


def _in_series(cursor: Cursor, pos: int) -> Captured | None:
    """Matches nothing, and only in a phrase that says something repeats."""
    tokens = cursor.tokens
    for index in range(len(tokens)):
        for match in entries_at(tokens, index):
            if match.meaning in _RECURRING and match.value is not False:
                return None, pos
    return None


SERIES_GATE = Part(_in_series, zero_width=True)


def _until(values: list[object], span: Span) -> Sequence[Element] | None:
    written = values[-1]
    if not isinstance(written, CalendarDate) or written.month is None:
        return None  # `until 12pm`: a time, so the connector of a range
    return [SeriesEnd(span, until=written)]


def _length(values: list[object], span: Span) -> Sequence[Element]:
    count, unit = _int(values[2]), str(values[4])
    if unit in ("fortnight", "year"):
        count, unit = (count * 2, "week") if unit == "fortnight" else (count * 12, "month")
    return [SeriesEnd(span, length=(count, unit))]


SERIES_END_RULES: tuple[Rule, ...] = (
    Rule(
        "series_length",
        (
            SERIES_GATE,
            word(Word.DURATION_MARKER),
            optional(word(Word.NEXT_COUNT)),
            number(1, 99),
            optional(word(Word.MODIFIER_AFTER)),
            word(Word.UNIT, "day", "week", "month", "fortnight", "year"),
        ),
        _length,
        (
            Example(
                "every monday for the next 3 weeks", "2026-03-16 08:00", "2026-03-16 17:00", count=3
            ),
            Example(
                "tous les jeudis pendant les 3 prochaines semaines",
                "2026-03-12 08:00",
                "2026-03-12 17:00",
                _FR,
                3,
            ),
        ),
    ),
    Rule(
        "series_count",
        (SERIES_GATE, optional(word(Word.DURATION_MARKER)), number(1, 999), word(Word.TIMES)),
        lambda values, span: [SeriesEnd(span, count=_int(values[1]))],
        (
            Example("every friday 9am 4 times", "2026-03-13 09:00", None, count=4),
            Example("chaque vendredi 4 fois à 9h", "2026-03-13 09:00", None, _FR, 4),
        ),
    ),
    Rule(
        "series_until",
        (SERIES_GATE, word(Word.UNTIL), _THE, calendar_date),
        _until,
        (
            Example(
                "every wednesday until march 25", "2026-03-11 08:00", "2026-03-11 17:00", count=3
            ),
            Example(
                "un mardi sur deux jusqu'au 31 mars", "2026-03-17 08:00", "2026-03-17 17:00", _FR, 2
            ),
        ),
    ),
    Rule(
        "series_until_end_of_month",
        (SERIES_GATE, word(Word.UNTIL), _THE, word(Word.END_OF), word(Word.MONTH)),
        lambda values, span: [SeriesEnd(span, month=_int(values[-1]), end_of_month=True)],
        (
            Example(
                "every monday until the end of march",
                "2026-03-16 08:00",
                "2026-03-16 17:00",
                count=3,
            ),
            Example(
                "tous les lundis jusqu'à fin mars", "2026-03-16 08:00", "2026-03-16 17:00", _FR, 3
            ),
        ),
    ),
    Rule(
        "series_in_month",
        (
            SERIES_GATE,
            either(word(Word.IN_MARKER), word(Word.OF), word(Word.DURATION_MARKER)),
            word(Word.MONTH),
            optional(number(2020, 2100, digits=4)),
        ),
        lambda values, span: [
            SeriesEnd(
                span, month=_int(values[1]), year=None if values[2] is None else _int(values[2])
            )
        ],
        (
            Example("every tuesday in april", "2026-04-07 08:00", "2026-04-07 17:00", count=4),
            Example(
                "tous les mardis en avril de 8h à 10h",
                "2026-04-07 08:00",
                "2026-04-07 10:00",
                _FR,
                4,
            ),
        ),
    ),
)
