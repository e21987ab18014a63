"""The declared constructions of clocks: `half 3` (UK), `midi quinze`, `quarter past noon`,
`9 30`, `2 30pm`, `3ish`. Tried after the date constructions of `bot.parsing.constructions`;
examples are said on Tuesday 2026-03-10 09:15, Paris.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.parsing.elements import BareNumber, Clock, Element, Span
from bot.parsing.lexicon import Word
from bot.parsing.rules import (
    Example,
    Rule,
    either,
    glued,
    not_before,
    number,
    optional,
    tagged,
    word,
)


def _int(value: object) -> int:
    return int(str(value))


def _half_hour(values: list[object], span: Span) -> Sequence[Element]:
    return [Clock(_int(values[1]), 30, span, loose=True, bare=True)]


def _clock_word_minutes(values: list[object], span: Span) -> Sequence[Element]:
    noon = values[0]
    hour = getattr(noon, "hour", 12)
    return [Clock(hour, _int(values[1]), span)]


def _spoken_clock_word(values: list[object], span: Span) -> Sequence[Element]:
    minutes = getattr(values[1], "hour", 12) * 60 + _int(values[0])
    return [Clock(minutes // 60 % 24, minutes % 60, span)]


def _hour_and_minutes(values: list[object], span: Span) -> Sequence[Element]:
    hour, minute = _int(values[0]), _int(values[1])
    loose = 1 <= hour <= 11
    return [Clock(hour, minute, span, loose=loose, bare=loose and hour <= 5)]


def _meridiem_clock(values: list[object], span: Span) -> Sequence[Element] | None:
    tag, minutes, meridiem = values
    assert isinstance(tag, tuple)  # noqa: S101  # a tagged part
    kind, number = tag
    if kind == "joined":
        hour, minute = divmod(_int(number), 100)
    elif minutes is None:
        hour, minute = _int(number), 0
    else:
        hour, minute = _int(number), _int(minutes)
    if not 1 <= hour <= 12 or minute > 59:
        return None
    hour = hour % 12 + (12 if meridiem == "pm" else 0)
    return [Clock(hour, minute, span, str(meridiem))]


def _roughly(values: list[object], span: Span) -> Sequence[Element]:
    return [BareNumber(_int(values[0]), span)]


CLOCK_RULES: tuple[Rule, ...] = (
    Rule(
        "hour_minutes_meridiem",
        (
            either(
                tagged("spaced", number(1, 12, words=False)),
                tagged("joined", number(100, 1259, digits=3, words=False)),
            ),
            optional(number(0, 59, digits=2, words=False)),
            word(Word.MERIDIEM),
        ),
        _meridiem_clock,
        (
            Example("2 30pm", "2026-03-10 14:30"),
            Example("230pm", "2026-03-10 14:30"),
            Example("demain 9 45 am", "2026-03-11 09:45", None, "fr"),
        ),
    ),
    Rule(
        "uk_half_hour",
        (word(Word.NUMBER, 0.5), number(1, 12), not_before(word(Word.UNIT))),
        _half_hour,
        (
            Example("tomorrow half 3", "2026-03-11 15:30"),
            Example("half ten", "2026-03-10 10:30"),
        ),
    ),
    Rule(
        "clock_word_minutes",
        (word(Word.CLOCK), number(2, 59, digits=2), not_before(word(Word.UNIT))),
        _clock_word_minutes,
        (
            Example("midi quinze", "2026-03-10 12:15", None, "fr"),
            Example("demain midi 20", "2026-03-11 12:20", None, "fr"),
            Example("noon thirty", "2026-03-10 12:30"),
        ),
    ),
    Rule(
        "spoken_clock_noon",
        (word(Word.SPOKEN_CLOCK), word(Word.CLOCK)),
        _spoken_clock_word,
        (
            Example("quarter past noon", "2026-03-10 12:15"),
            Example("half past midnight", "2026-03-11 00:30"),
            Example("quarter to noon", "2026-03-10 11:45"),
        ),
    ),
    Rule(
        "hour_space_minutes",
        (
            number(0, 23, words=False),
            number(0, 59, digits=2, words=False),
            not_before(number(0, 9999, words=False)),
            not_before(word(Word.MONTH)),
            not_before(word(Word.UNIT)),
            not_before(word(Word.ORDINAL_SUFFIX)),
        ),
        _hour_and_minutes,
        (
            Example("9 30", "2026-03-10 09:30"),
            Example("demain 14 45", "2026-03-11 14:45", None, "fr"),
        ),
    ),
    Rule(
        "roughly_hour",
        (number(1, 12, words=False), glued(word(Word.ISH))),
        _roughly,
        (Example("3ish", "2026-03-10 15:00"), Example("tomorrow 10ish", "2026-03-11 10:00")),
    ),
)
