"""Reads the tokens of a time phrase into a `Phrase`: a start, an optional end, a duration, a zone.

It knows words and their order, not the calendar: `bot.parsing.placement` puts the result in time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from bot.parsing.ambiguity import settle_numbers
from bot.parsing.elements import (
    BareNumber,
    CalendarDate,
    Clock,
    DayPart,
    Duration,
    Element,
    MonthRef,
    Offset,
    Phrase,
    RelativeDay,
    RelativeMonth,
    Side,
    Span,
    WeekdayRef,
    WeekendRef,
    WeekRef,
)
from bot.parsing.errors import ParseError, ParseProblem
from bot.parsing.lexicon import Word
from bot.parsing.numerals import (
    Quantity,
    check_date,
    make_clock,
    read_clock,
    read_day_number,
    read_iso,
    read_meridiem,
    read_month_after_day,
    read_month_first,
    read_numeric_date,
    read_quantity,
)
from bot.parsing.tokens import Match, Token, entries_at, find, tokenize

_CONNECTOR_MARKS = frozenset({"-", ">", "->", "=>", "/"})
_SKIPPED_MARKS = frozenset({",", ".", "@", "(", ")", "'", "!", ";", ":", "[", "]", '"', "?"})
_DAY_CONNECTORS = frozenset({"au", "aux"})


def read_phrase(text: str, *, month_first: bool) -> Phrase:
    """The structure of `text`, or `ParseError` quoting the words that could not be read."""
    reader = _Reader(text, tokenize(text), month_first)
    reader.read()
    return reader.finish()


class _Reader:
    def __init__(self, text: str, tokens: list[Token], month_first: bool) -> None:
        self.text = text
        self.tokens = tokens
        self.month_first = month_first
        self.pos = 0
        self.phrase = Phrase(Side())
        self.between = False
        self.day_hint = False
        self.modifier: tuple[str, int, int] | None = None  # mode, token position, text offset
        self.connector: Token | None = None
        self.handlers: dict[Word, Callable[[Match, bool], bool]] = {
            Word.RELATIVE_DAY: self._relative_day,
            Word.DAY_PART: self._day_part,
            Word.MODIFIER_AFTER: self._modifier_after,
            Word.WEEK: self._week,
            Word.MONTH_SHIFT: self._month_shift,
            Word.WEEKEND: self._weekend,
            Word.MONTH: self._month,
            Word.WEEKDAY: self._weekday,
            Word.MODIFIER: self._modifier,
            Word.CONNECTOR: self._connector,
            Word.PAIR_CONNECTOR: self._pair_connector,
            Word.AT: self._at,
            Word.PREFIX: self._prefix,
            Word.DURATION_MARKER: self._duration,
            Word.IN_MARKER: self._in,
            Word.FILLER: self._filler,
            Word.CLOCK: self._clock_word,
            Word.ORDINAL: self._ordinal,
            Word.ZONE: self._zone,
            Word.MINUTES_AFTER: self._minutes_after,
            Word.NUMBER: self._number_word,
        }

    # -- driving -------------------------------------------------------------------------------

    @property
    def side(self) -> Side:
        return self.phrase.end if self.phrase.end is not None else self.phrase.start

    def read(self) -> None:
        while self.pos < len(self.tokens):
            hint, self.day_hint = self.day_hint, False
            token = self.tokens[self.pos]
            if token.kind == "iso":
                self._iso(token)
            elif token.kind == "date":
                self._add(read_numeric_date(token, self.text, self.month_first), self.pos + 1)
            elif token.kind == "num":
                self._number(hint)
            elif token.kind == "word":
                self._word(hint)
            else:
                self._punct(token)

    def finish(self) -> Phrase:
        if self.modifier is not None:
            raise self._unreadable(self.modifier[1])
        start, end = self.phrase.start, self.phrase.end
        if end is not None and not end.elements and self.connector is not None:
            raise ParseError(ParseProblem.UNREADABLE, self._quote(self.connector))
        if not start.elements:
            raise ParseError(ParseProblem.UNREADABLE, self.text.strip())
        settle_numbers(start, end, self.text)
        return self.phrase

    def _add(self, element: Element, end: int) -> None:
        if self.modifier is not None:
            raise self._unreadable(self.modifier[1])
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
        if self.phrase.end is not None or not self.phrase.start.elements or self.modifier:
            return False
        self.connector = self.tokens[self.pos]
        self.phrase.end = Side()
        self.pos = end
        return True

    def _word(self, hint: bool) -> None:
        for match in entries_at(self.tokens, self.pos):
            handler = self.handlers.get(match.meaning)
            if handler is not None and handler(match, hint):
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
        number = BareNumber(int(token.text), self._span(pos, pos + 1), hint, token.text[0] == "0")
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
        if end == pos + 1:  # no ordinal mark: maybe an hour, decided once the phrase is read
            return False
        span = self._span(pos, end)
        check_date(day, None, None, span, self.text)
        self._add(CalendarDate(day, None, None, span), end)
        return True

    def _quantity(self, quantity: Quantity, start: int, end: int) -> None:
        """`2 hours from now` is an offset; `2 hours` after a start is how long it lasts."""
        later = find(entries_at(self.tokens, end), Word.FROM_NOW)
        if later is not None:
            self._offset(quantity, start, later.end)
        else:
            self._set_duration(quantity, start, end)

    def _offset(self, quantity: Quantity, start: int, end: int) -> None:
        span = self._span(start, end)
        if quantity.months:
            self._add(RelativeMonth(quantity.months, span), end)
        elif quantity.days:
            self._add(RelativeDay(quantity.days, span), end)
        else:
            self._add(Offset(timedelta(minutes=quantity.minutes), span), end)

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

    # -- words ---------------------------------------------------------------------------------

    def _relative_day(self, match: Match, hint: bool) -> bool:
        days = int(str(match.value))
        self._add(RelativeDay(days, self._span(self.pos, match.end)), match.end)
        return True

    def _day_part(self, match: Match, hint: bool) -> bool:
        value = match.value
        assert isinstance(value, tuple)  # noqa: S101  # lexicon DAY_PARTS values are pairs
        days, part = value
        self._add(DayPart(part, days, self._span(self.pos, match.end)), match.end)
        return True

    def _modifier_after(self, match: Match, hint: bool) -> bool:
        elements = self.side.elements
        if not elements or not isinstance(elements[-1], WeekdayRef):
            return False
        last = elements[-1]
        if last.mode not in ("plain", "this"):
            return False
        span = last.span.join(self._span(self.pos, match.end))
        elements[-1] = replace(last, mode=str(match.value), span=span)
        self.pos = match.end
        return True

    def _week(self, match: Match, hint: bool) -> bool:
        weeks = int(str(match.value))
        self._add(WeekRef(weeks, self._span(self.pos, match.end)), match.end)
        return True

    def _month_shift(self, match: Match, hint: bool) -> bool:
        months = int(str(match.value))
        self._add(MonthRef(months, self._span(self.pos, match.end)), match.end)
        return True

    def _weekend(self, match: Match, hint: bool) -> bool:
        weeks = int(str(match.value))
        self._add(WeekendRef(weeks, self._span(self.pos, match.end)), match.end)
        return True

    def _month(self, match: Match, hint: bool) -> bool:
        dated = read_month_first(self.tokens, match.end, int(str(match.value)), self.text)
        if dated is None:
            return False
        self._add(*dated)
        return True

    def _weekday(self, match: Match, hint: bool) -> bool:
        start, mode = self.pos, "plain"
        if self.modifier is not None:
            mode, start, _ = self.modifier
            self.modifier = None
        weekday = WeekdayRef(int(str(match.value)), mode, self._span(start, match.end))
        self._add(weekday, match.end)
        return True

    def _modifier(self, match: Match, hint: bool) -> bool:
        following = entries_at(self.tokens, match.end)
        if self.modifier is not None or find(following, Word.WEEKDAY) is None:
            return False
        self.modifier = (str(match.value), self.pos, self.tokens[self.pos].start)
        self.pos = match.end
        return True

    def _connector(self, match: Match, hint: bool) -> bool:
        if not self._split(match.end):
            return False
        self.day_hint = self.tokens[match.end - 1].text in _DAY_CONNECTORS
        return True

    def _pair_connector(self, match: Match, hint: bool) -> bool:
        return self.between and self._split(match.end)

    def _at(self, match: Match, hint: bool) -> bool:
        """French `à`: ends the start after a time or before a date, else just means "at"."""
        if self._at_is_connector(match.end):
            return self._split(match.end)
        self.pos = match.end
        return True

    def _at_is_connector(self, end: int) -> bool:
        side = self.side
        if self.phrase.end is not None or not side.elements:
            return False
        if side.prefix == "from" or any(self._is_time(e, side) for e in side.elements):
            return True
        following = entries_at(self.tokens, end)
        if find(following, Word.WEEKDAY) or find(following, Word.RELATIVE_DAY):
            return True
        return end < len(self.tokens) and self.tokens[end].kind in ("iso", "date")

    @staticmethod
    def _is_time(element: Element, side: Side) -> bool:
        """A clock, or a bare number that will be one (`8 à 10`, not `mardi 17 à 10h`)."""
        if isinstance(element, Clock):
            return True
        if not isinstance(element, BareNumber) or element.day_hint:
            return False
        after_weekday = any(isinstance(e, WeekdayRef) for e in side.elements)
        return not (after_weekday and 13 <= element.value <= 31)

    def _prefix(self, match: Match, hint: bool) -> bool:
        if self.phrase.end is not None:
            return False
        self.side.prefix = str(match.value)
        self.between = self.between or match.value == "between"
        self.day_hint = self.tokens[self.pos].text == "du"
        self.pos = match.end
        return True

    def _duration(self, match: Match, hint: bool) -> bool:
        quantity = read_quantity(self.tokens, match.end)
        if quantity is None:
            return False
        self._set_duration(quantity[0], self.pos, quantity[1])
        return True

    def _in(self, match: Match, hint: bool) -> bool:
        quantity = read_quantity(self.tokens, match.end)
        if quantity is None:
            return False
        self._offset(quantity[0], self.pos, quantity[1])
        return True

    def _number_word(self, match: Match, hint: bool) -> bool:
        if find(entries_at(self.tokens, match.end), Word.FRENCH_HOURS) is None:
            quantity = read_quantity(self.tokens, self.pos)
            if quantity is not None:
                self._quantity(quantity[0], self.pos, quantity[1])
                return True
        return self._hour_word(match)

    def _hour_word(self, match: Match) -> bool:
        """`at eight`, `nine am`, `huit heures`: an hour written as a word."""
        value = match.value
        if not isinstance(value, int) or not 1 <= value <= 12:
            return False
        meridiem, end = read_meridiem(self.tokens, match.end)
        following = entries_at(self.tokens, match.end)
        mark = find(following, Word.HOUR_MARK) or find(following, Word.FRENCH_HOURS)
        after_at = self.pos > 0 and self.tokens[self.pos - 1].text in ("at", "a", "@")
        if meridiem is None and mark is None and not after_at:
            return False
        end = mark.end if mark is not None else end
        clock = make_clock(value, 0, self._span(self.pos, end), self.text, meridiem, raw="1")
        self._add(replace(clock, bare=meridiem is None and mark is None), end)
        return True

    def _filler(self, match: Match, hint: bool) -> bool:
        self.day_hint = bool(match.value)
        self.pos = match.end
        return True

    def _clock_word(self, match: Match, hint: bool) -> bool:
        value = match.value
        assert isinstance(value, time)  # noqa: S101  # lexicon CLOCK_WORDS values are times
        self._add(Clock(value.hour, value.minute, self._span(self.pos, match.end)), match.end)
        return True

    def _ordinal(self, match: Match, hint: bool) -> bool:
        return self._day(self.pos, True)

    def _zone(self, match: Match, hint: bool) -> bool:
        elements = self.side.elements
        if not elements or not isinstance(elements[-1], Clock):
            return False
        value, end = match.value, match.end
        if isinstance(value, str):
            zone: tzinfo = ZoneInfo(value)
        else:
            minutes = int(str(value))
            sign = self.tokens[end].text if end < len(self.tokens) else ""
            if sign in ("+", "-") and end + 1 < len(self.tokens):
                hours = self.tokens[end + 1]
                if hours.kind == "num" and int(hours.text) <= 14:
                    minutes += int(hours.text) * 60 * (1 if sign == "+" else -1)
                    end += 2
            zone = timezone(timedelta(minutes=minutes))
        self._set_zone(zone, self.pos)
        self.pos = end
        return True

    def _minutes_after(self, match: Match, hint: bool) -> bool:
        elements = self.side.elements
        if not elements or not isinstance(elements[-1], Clock) or elements[-1].minute:
            return False
        clock = elements[-1]
        minutes = clock.hour * 60 + int(str(match.value))
        span = clock.span.join(self._span(self.pos, match.end))
        elements[-1] = replace(clock, hour=minutes // 60 % 24, minute=minutes % 60, span=span)
        self.pos = match.end
        return True
