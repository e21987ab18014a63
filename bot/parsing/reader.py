"""The cursor under the time-phrase grammar: state, sides, errors; at each token it tries the
declared rules (`bot.parsing.constructions`) first, then reads numbers and date stamps itself.
`bot.parsing.grammar` adds the handlers of the structure words (connectors, prefixes, zones).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta, tzinfo
from typing import Any, ClassVar

from bot.parsing.absolute_dates import dated_date
from bot.parsing.ambiguity import settle_numbers
from bot.parsing.constructions import RULE_BOOK
from bot.parsing.elements import (
    BareNumber,
    CalendarDate,
    Clock,
    Duration,
    Element,
    Phrase,
    Side,
    Span,
)
from bot.parsing.errors import ParseError, ParseProblem
from bot.parsing.lexicon import GUESSED_FIRST_WORDS, Word
from bot.parsing.month_days import read_day_of_shifted_month, read_nth_weekday
from bot.parsing.numerals import (
    Quantity,
    check_date,
    read_clock,
    read_day_number,
    read_iso,
    read_month_after_day,
    read_numeric_date,
    read_quantity,
)
from bot.parsing.rules import Cursor, match_rule
from bot.parsing.tokens import Match, Token, entries_at, find
from bot.parsing.word_constructions import offset_element

_CONNECTOR_MARKS = frozenset({"-", ">", "->", "=>", "/"})
_SKIPPED_MARKS = frozenset({",", ".", "@", "(", ")", "'", "!", ";", ":", "[", "]", '"', "?"})


def is_hour(element: Element) -> bool:
    """A clock, or a bare number no word made a day of the month."""
    return isinstance(element, Clock) or (isinstance(element, BareNumber) and not element.day_hint)


class Reader:
    """Reads tokens left to right into a `Phrase`; word meanings come from `handlers`."""

    handlers: ClassVar[dict[Word, Callable[[Any, Match, bool], bool]]] = {}

    def __init__(self, text: str, tokens: list[Token], month_first: bool) -> None:
        self.text = text
        self.tokens = tokens
        self.month_first = month_first
        self.pos = 0
        self.phrase = Phrase(Side())
        self.connector: Token | None = None
        self.cursor = Cursor(tokens, text, month_first)
        self._keys: frozenset[str] | None = None

    # -- driving -------------------------------------------------------------------------------

    @property
    def side(self) -> Side:
        return self.phrase.end if self.phrase.end is not None else self.phrase.start

    def read(self) -> None:
        while self.pos < len(self.tokens):
            hint = self._after_day_word()
            token = self.tokens[self.pos]
            if self._rule():
                continue
            if token.kind == "iso":
                self._iso(token)
            elif token.kind == "dated":
                self._add(dated_date(token), self.pos + 1)
            elif token.kind == "date":
                self._add(read_numeric_date(token, self.text, self.month_first), self.pos + 1)
            elif token.kind == "num":
                self._number(hint)
            elif token.kind == "word":
                self._word(hint)
            else:
                self._punct(token)

    def _after_day_word(self) -> bool:
        """True just after a word that makes a bare number a day (`le 15`, `du 16 au 18`)."""
        return self._after_word(Word.DAY_NUMBER_NEXT)

    def _after_word(self, meaning: Word) -> bool:
        """True just after a word with this meaning."""
        previous = self.pos - 1
        if previous < 0 or self.tokens[previous].kind != "word":
            return False
        return find(entries_at(self.tokens, previous), meaning) is not None

    def _phrase_keys(self) -> frozenset[str]:
        """Every token kind and meaning in the phrase (a rule needing others cannot match)."""
        if self._keys is None:
            keys = {token.kind for token in self.tokens}
            for pos in range(len(self.tokens)):
                keys.update(match.meaning.value for match in entries_at(self.tokens, pos))
            self._keys = frozenset(keys)
        return self._keys

    def _rule(self) -> bool:
        """Read the first declared rule that matches here; False when none does."""
        token = self.tokens[self.pos]
        found_here = entries_at(self.tokens, self.pos)
        keys = frozenset((token.kind, *(match.meaning.value for match in found_here)))
        phrase_keys = self._phrase_keys()
        for rule, needs in RULE_BOOK.candidates(keys):
            if not needs <= phrase_keys:
                continue
            found = match_rule(rule, self.cursor, self.pos)
            if found is None:
                continue
            values, end = found
            span = self._span(self.pos, end)
            elements = rule.produce(values, span)
            if elements is None:
                continue
            self.side.elements.extend(elements)
            if rule.guess:
                self.phrase.guesses.append(span)
            self.pos = end
            return True
        return False

    def finish(self) -> Phrase:
        start, end = self.phrase.start, self.phrase.end
        if end is not None and not end.elements and self.connector is not None:
            raise ParseError(ParseProblem.UNREADABLE, self._quote(self.connector))
        if not start.elements:
            raise ParseError(ParseProblem.UNREADABLE, self.text.strip())
        settle_numbers(start, end, self.text)
        for pos, token in enumerate(self.tokens):
            if token.text not in GUESSED_FIRST_WORDS:
                continue
            guessed = find(entries_at(self.tokens, pos), Word.GUESSED)
            if guessed is not None:
                self.phrase.guesses.append(self._span(pos, guessed.end))
        return self.phrase

    def _add(self, element: Element, end: int) -> None:
        self.side.elements.append(element)
        self.pos = end

    def _span(self, start: int, end: int) -> Span:
        return Span(self.tokens[start].start, self.tokens[end - 1].end)

    def _quote(self, token: Token) -> str:
        return self.text[token.start : token.end]

    def _unreadable(self, pos: int) -> ParseError:
        """An error quoting the run of unknown words at `pos` (or just after a known one)."""
        tokens = self.tokens
        if (
            tokens[pos].kind == "word"
            and entries_at(tokens, pos)
            and pos + 1 < len(tokens)
            and tokens[pos + 1].kind == "word"
            and not entries_at(tokens, pos + 1)
        ):
            pos += 1
        last = pos
        while last + 1 < len(tokens) and not (
            tokens[last + 1].kind == "word" and entries_at(tokens, last + 1)
        ):
            if tokens[last + 1].kind != "word" and tokens[last + 1].text not in "-'":
                break
            last += 1
        while last > pos and tokens[last].kind != "word":
            last -= 1
        return ParseError(ParseProblem.UNREADABLE, self.text[tokens[pos].start : tokens[last].end])

    def _punct(self, token: Token) -> None:
        if token.text == "(" and self._bracketed_duration():
            return
        if token.text in _CONNECTOR_MARKS:
            if not self._split(self.pos + 1):
                raise self._unreadable(self.pos)
        elif token.text in _SKIPPED_MARKS:
            self.pos += 1
        else:
            raise self._unreadable(self.pos)

    def _bracketed_duration(self) -> bool:
        """`tomorrow 9am (2h)`: a quantity alone in brackets is how long it lasts."""
        quantity = read_quantity(self.tokens, self.pos + 1)
        if quantity is None or quantity[1] >= len(self.tokens):
            return False
        if self.tokens[quantity[1]].text != ")":
            return False
        self._set_duration(quantity[0], self.pos + 1, quantity[1])
        self.pos += 1
        return True

    def _split(self, end: int) -> bool:
        if self.phrase.end is not None:
            return self._daily_hours(end)
        if not self.phrase.start.elements:
            return False
        self.connector = self.tokens[self.pos]
        self.phrase.end = Side()
        self.pos = end
        return True

    def _daily_hours(self, end: int) -> bool:
        """`du lundi au vendredi 8h-17h`: a second range, of hours, after a range of days starts
        on the first day at its first hour and ends on the last day at its second."""
        start, last = self.phrase.start, self.phrase.end
        assert last is not None  # noqa: S101  # called once the phrase is split
        elements = last.elements
        days_only = not any(is_hour(e) for e in start.elements)
        if not (days_only and len(elements) == 2 and is_hour(elements[-1])):
            return False
        start.elements.append(elements.pop())
        self.pos = end
        return True

    def _word(self, hint: bool) -> None:
        for match in entries_at(self.tokens, self.pos):
            handler = self.handlers.get(match.meaning)
            if handler is not None and handler(self, match, hint):
                return
        raise self._unreadable(self.pos)

    # -- numbers -------------------------------------------------------------------------------

    def _iso(self, token: Token) -> None:
        calendar_date, clock, zone = read_iso(token, self.text)
        self._add(calendar_date, self.pos + 1)
        if clock is not None:
            self.side.elements.append(clock)
        if zone is not None:
            self._set_zone(zone, self.pos - 1)

    def _number(self, hint: bool) -> None:
        pos = self.pos
        clock = read_clock(self.tokens, pos, self.text)
        if clock is not None:
            self._add(*clock)
            return
        if self._day(pos, hint):
            return
        quantity = read_quantity(self.tokens, pos)
        if quantity is not None:
            self._quantity(quantity[0], pos, quantity[1])
            return
        token = self.tokens[pos]
        if len(token.text) > 2:
            raise self._unreadable(pos)
        span = self._span(pos, pos + 1)
        opens_range = not hint and self._after_word(Word.PREFIX)
        number = BareNumber(int(token.text), span, hint, token.text[0] == "0", opens_range)
        self._add(number, pos + 1)

    def _day(self, pos: int, hint: bool) -> bool:
        """`12 mars`, `1st of April`, `15th`, `1er`: a day of the month, with or without month."""
        found = read_day_number(self.tokens, pos)
        if found is None:
            return False
        day, end = found
        dated = read_month_after_day(self.tokens, end, day, self.tokens[pos].start, self.text)
        if dated is not None:
            self._add(*dated)
            return True
        if self._day_through_month(pos, day, end):
            return True
        if end == pos + 1 and self.tokens[pos].kind == "num":
            return False  # no ordinal mark: maybe an hour, decided once the phrase is read
        span = self._span(pos, end)
        check_date(day, None, None, span, self.text)
        self._add(CalendarDate(day, None, None, span), end)
        return True

    def _day_through_month(self, pos: int, day: int, end: int) -> bool:
        """`the 3rd of next month`, `le 3 du mois prochain`; after an ordinal (not a bare
        number), `first monday of April`, `premier lundi d'avril`."""
        start = self.tokens[pos].start
        found: tuple[Element, int] | None = read_day_of_shifted_month(
            self.tokens, end, day, start, self.text
        )
        if found is None and not (end == pos + 1 and self.tokens[pos].kind == "num"):
            found = read_nth_weekday(self.tokens, end, day, start)
        if found is None:
            return False
        self._add(*found)
        return True

    def _quantity(self, quantity: Quantity, start: int, end: int) -> None:
        """`2 hours from now` is an offset; `2 hours` after a start is how long it lasts."""
        later = find(entries_at(self.tokens, end), Word.FROM_NOW)
        if later is not None:
            self._offset(quantity, start, later.end)
        else:
            self._set_duration(quantity, start, end)

    def _offset(self, quantity: Quantity, start: int, end: int) -> None:
        self._add(offset_element(quantity, self._span(start, end)), end)

    def _set_duration(self, quantity: Quantity, start: int, end: int) -> None:
        span = self._span(start, end)
        if self.phrase.duration is not None or quantity.months:
            raise ParseError(ParseProblem.CONFLICTING, self.text[span.start : span.end])
        days = quantity.days or None
        delta = timedelta(days=quantity.days, minutes=quantity.minutes)
        self.phrase.duration = Duration(delta, days, span)
        self.pos = end

    def _set_zone(self, zone: tzinfo, pos: int) -> None:
        if self.phrase.zone is not None:
            raise ParseError(ParseProblem.CONFLICTING, self._quote(self.tokens[pos]))
        self.phrase.zone = zone
