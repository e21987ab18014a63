"""Declared rules: one construction of a time phrase, in one place.

A `Rule` has a name, a pattern (a sequence of `Part`s, each a predicate over typed tokens that
consumes some of them and captures a value), a production (the captured values and the span of
the words -> the elements they mean) and examples in both languages. The reader tries every rule
at each position before its word handlers; the first whose pattern matches wins, so more
specific rules come first. `tests/parsing/test_rules.py` runs every rule's examples.

    Rule("weekday_weeks_later",
         (word(Word.WEEKDAY), word(Word.WEEKS_LATER)),
         lambda values, span: [WeekdayRef(values[0], "plain", span, weeks_after=values[1])],
         (Example("tuesday after next", "2026-03-24 08:00", "2026-03-24 17:00"), ...))
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.parsing.elements import CalendarDate, Element, Span
from bot.parsing.lexicon import Word
from bot.parsing.numerals import (
    read_day_number,
    read_iso,
    read_month_after_day,
    read_month_first,
    read_numeric_date,
)
from bot.parsing.tokens import Token, entries_at, find

Captured = tuple[object, int]  # (value, position after the words)


@dataclass(frozen=True, slots=True)
class Cursor:
    """What a part looks at: the tokens, the original text, the locale's date order."""

    tokens: list[Token]
    text: str
    month_first: bool


@dataclass(frozen=True, slots=True)
class Part:
    """A predicate over the tokens at a position: what it captured and where it ends, or None.
    `starts`: the token kinds and `Word` meanings it can start on (None: any); `zero_width`:
    a look-ahead that consumes nothing; `skippable`: it may match nothing (`optional`);
    `needs`: meanings that must be in the phrase for it to match (to skip a rule fast)."""

    match: Callable[[Cursor, int], Captured | None]
    starts: frozenset[str] | None = None
    zero_width: bool = False
    skippable: bool = False
    needs: frozenset[str] = frozenset()

    def __call__(self, cursor: Cursor, pos: int) -> Captured | None:
        return self.match(cursor, pos)


# The elements the captured values mean, or None when they do not fit after all (next rule).
Production = Callable[[list[object], Span], Sequence[Element] | None]


@dataclass(frozen=True, slots=True)
class Example:
    """A phrase said on Tuesday 2026-03-10 09:15 in Paris, with its local start and end
    (`YYYY-MM-DD HH:MM`; no end: the default duration); for a recurring plan, those of its
    first occurrence and `count`, how many there are."""

    text: str
    start: str
    end: str | None = None
    locale: str = "en"
    count: int | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    """A construction: its name, pattern, production and examples. `guess`: the reading is a
    guess (a vague word), so the preview says so."""

    name: str
    pattern: tuple[Part, ...]
    produce: Production
    examples: tuple[Example, ...]
    guess: bool = False

    @property
    def starts(self) -> frozenset[str] | None:
        """The token kinds and meanings the rule can start on (None: any), to skip it fast."""
        found: set[str] = set()
        for part in self.pattern:
            if part.zero_width:
                continue
            if part.starts is None:
                return None
            found |= part.starts
            if not part.skippable:
                return frozenset(found)
        return None

    @property
    def needs(self) -> frozenset[str]:
        """The meanings a phrase must hold somewhere for this rule to match in it."""
        return frozenset().union(*(part.needs for part in self.pattern))


class RuleBook:
    """Rules in their order, indexed by what they can start on."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)
        self._anywhere: list[int] = []
        self._by_start: dict[str, list[int]] = {}
        self._seen: dict[frozenset[str], tuple[tuple[Rule, frozenset[str]], ...]] = {}
        self._needs = [rule.needs for rule in self.rules]
        for number, rule in enumerate(self.rules):
            starts = rule.starts
            if starts is None:
                self._anywhere.append(number)
            for key in starts or ():
                self._by_start.setdefault(key, []).append(number)

    def candidates(self, keys: frozenset[str]) -> tuple[tuple[Rule, frozenset[str]], ...]:
        """The rules that may match at a token with these kinds and meanings, in order, each
        with the meanings it needs in the phrase."""
        known = self._seen.get(keys)
        if known is not None:
            return known
        numbers = set(self._anywhere)
        for key in keys:
            numbers.update(self._by_start.get(key, ()))
        found = tuple((self.rules[n], self._needs[n]) for n in sorted(numbers))
        self._seen[keys] = found
        return found


def match_rule(rule: Rule, cursor: Cursor, pos: int) -> tuple[list[object], int] | None:
    """The values captured by `rule`'s pattern at `pos` (none for look-aheads) and the position
    after it, or None."""
    values: list[object] = []
    for part in rule.pattern:
        found = part.match(cursor, pos)
        if found is None:
            return None
        if not part.zero_width:
            values.append(found[0])
        pos = found[1]
    return values, pos


# -- parts -----------------------------------------------------------------------------------


def word(meaning: Word, *values: object) -> Part:
    """A lexicon entry with this meaning (and one of `values`, when given); captures its value."""

    def part(cursor: Cursor, pos: int) -> Captured | None:
        for match in entries_at(cursor.tokens, pos):
            if match.meaning is meaning and (not values or match.value in values):
                return match.value, match.end
        return None

    return Part(part, frozenset({meaning.value}), needs=frozenset({meaning.value}))


def number(low: int, high: int, *, digits: int | None = None, words: bool = True) -> Part:
    """A whole number from `low` to `high`, in digits (exactly `digits` of them when given) or,
    when `words`, written as a word; captures the number."""

    def part(cursor: Cursor, pos: int) -> Captured | None:
        if pos >= len(cursor.tokens):
            return None
        token = cursor.tokens[pos]
        if token.kind == "num":
            if digits is not None and len(token.text) != digits:
                return None
            value, end = int(token.text), pos + 1
        elif words and (found := find(entries_at(cursor.tokens, pos), Word.NUMBER)):
            if not isinstance(found.value, int):
                return None
            value, end = found.value, found.end
        else:
            return None
        return (value, end) if low <= value <= high else None

    return Part(part, frozenset({"num", Word.NUMBER.value} if words else {"num"}))


def glued(inner: Part) -> Part:
    """`inner`, typed right against the token before it (`3ish`)."""

    def part(cursor: Cursor, pos: int) -> Captured | None:
        tokens = cursor.tokens
        if not 0 < pos < len(tokens) or tokens[pos - 1].end != tokens[pos].start:
            return None
        return inner(cursor, pos)

    return Part(part, inner.starts, needs=inner.needs)


def joiner(inner: Part) -> Part:
    """`inner`, then an optional apostrophe or hyphen (`d'avril`)."""

    def part(cursor: Cursor, pos: int) -> Captured | None:
        found = inner(cursor, pos)
        if found is None:
            return None
        end = found[1]
        if end < len(cursor.tokens) and cursor.tokens[end].text in "'-":
            end += 1
        return found[0], end

    return Part(part, inner.starts, needs=inner.needs)


def optional(inner: Part) -> Part:
    """`inner` or nothing (captures None)."""

    def part(cursor: Cursor, pos: int) -> Captured | None:
        return inner(cursor, pos) or (None, pos)

    return Part(part, inner.starts, skippable=True)


def either(*inners: Part) -> Part:
    """The first of `inners` that matches."""

    def part(cursor: Cursor, pos: int) -> Captured | None:
        for inner in inners:
            found = inner(cursor, pos)
            if found is not None:
                return found
        return None

    starts = [inner.starts for inner in inners]
    if any(start is None for start in starts):
        return Part(part)
    return Part(part, frozenset().union(*(start for start in starts if start is not None)))


def sequence(*inners: Part) -> Part:
    """Each of `inners` in turn; captures the tuple of their values (look-aheads left out)."""

    def part(cursor: Cursor, pos: int) -> Captured | None:
        values: list[object] = []
        for inner in inners:
            found = inner(cursor, pos)
            if found is None:
                return None
            if not inner.zero_width:
                values.append(found[0])
            pos = found[1]
        return tuple(values), pos

    first = next(inner for inner in inners if not inner.zero_width)
    needs = frozenset().union(*(inner.needs for inner in inners))
    return Part(part, None if first.skippable else first.starts, needs=needs)


def tagged(tag: str, inner: Part) -> Part:
    """`inner`, captured as `(tag, value)` so a production can tell `either` branches apart."""

    def part(cursor: Cursor, pos: int) -> Captured | None:
        found = inner(cursor, pos)
        return None if found is None else ((tag, found[0]), found[1])

    return Part(part, inner.starts, needs=inner.needs)


def not_before(inner: Part) -> Part:
    """Matches nothing, and only when `inner` does not match here (a negative look-ahead)."""

    def part(cursor: Cursor, pos: int) -> Captured | None:
        return None if inner(cursor, pos) is not None else (None, pos)

    return Part(part, zero_width=True)


def ahead(inner: Part) -> Part:
    """Matches nothing, and only when `inner` matches here (a look-ahead)."""

    def part(cursor: Cursor, pos: int) -> Captured | None:
        return None if inner(cursor, pos) is None else (None, pos)

    return Part(part, zero_width=True)


def _calendar_date(cursor: Cursor, pos: int) -> Captured | None:
    """A written date: `2 novembre`, `nov 2nd`, `11/02`, `2026-11-02`, or a day alone (`16th`);
    captures a CalendarDate."""
    tokens = cursor.tokens
    if pos >= len(tokens):
        return None
    token = tokens[pos]
    if token.kind == "date":
        return read_numeric_date(token, cursor.text, cursor.month_first), pos + 1
    if token.kind == "iso":
        return read_iso(token, cursor.text)[0], pos + 1
    named = find(entries_at(tokens, pos), Word.MONTH)
    if named is not None:
        return read_month_first(tokens, named.end, int(str(named.value)), cursor.text)
    found = read_day_number(tokens, pos)
    if found is None:
        return None
    dated = read_month_after_day(tokens, found[1], found[0], token.start, cursor.text)
    if dated is not None:
        return dated
    if not 1 <= found[0] <= 31:
        return None
    return CalendarDate(found[0], None, None, Span(token.start, tokens[found[1] - 1].end)), found[1]


calendar_date = Part(
    _calendar_date,
    frozenset({"date", "iso", "num", Word.MONTH.value, Word.ORDINAL.value}),
)
