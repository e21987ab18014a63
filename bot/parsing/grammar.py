"""Reads the tokens of a time phrase into a `Phrase`: a start, an optional end, a duration, a zone.

It knows words and their order, not the calendar: `bot.parsing.placement` puts the result in time.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from bot.parsing.elements import (
    BareNumber,
    Clock,
    DayPart,
    Element,
    MonthRef,
    Phrase,
    RelativeDay,
    Side,
    WeekdayRef,
    WeekendRef,
    WeekRef,
)
from bot.parsing.lexicon import Word
from bot.parsing.numerals import (
    make_clock,
    read_amount,
    read_meridiem,
    read_month_after_day,
    read_month_first,
    read_quantity,
    skip_minute_unit,
)
from bot.parsing.reader import Reader
from bot.parsing.tokens import Match, Token, entries_at, find, tokenize

_DAY_CONNECTORS = frozenset({"au", "aux"})
_FRENCH_ZONE_WORDS = frozenset({"et"})


def read_phrase(text: str, *, month_first: bool) -> Phrase:
    """The structure of `text`, or `ParseError` quoting the words that could not be read."""
    reader = _PhraseReader(text, tokenize(text), month_first)
    reader.read()
    return reader.finish()


class _PhraseReader(Reader):
    """The reader with the meaning of every kind of word."""

    def __init__(self, text: str, tokens: list[Token], month_first: bool) -> None:
        super().__init__(text, tokens, month_first)
        self.handlers.update(
            {
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
                Word.SPOKEN_CLOCK: self._spoken_clock,
                Word.MERIDIEM: self._meridiem,
                Word.NUMBER: self._number_word,
            }
        )

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
            mode, start = self.modifier
            self.modifier = None
        weekday = WeekdayRef(int(str(match.value)), mode, self._span(start, match.end))
        self._add(weekday, match.end)
        return True

    def _modifier(self, match: Match, hint: bool) -> bool:
        following = entries_at(self.tokens, match.end)
        if match.value == "this" and find(following, Word.CLOCK) is not None:
            self._add(RelativeDay(0, self._span(self.pos, match.end)), match.end)
            return True  # "ce midi": today's noon
        if self.modifier is not None or find(following, Word.WEEKDAY) is None:
            return False
        self.modifier = (str(match.value), self.pos)
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
        if read_quantity(self.tokens, self.pos) is not None:
            return False  # "a week from today": the article of a quantity
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
        return self._day_word(match, hint) or self._hour_word(match)

    def _day_word(self, match: Match, hint: bool) -> bool:
        """`le vingt`, `le douze mars`, `vingt-cinq mars`: a day of the month in words, after
        `le`/`the` or before a month."""
        value = match.value
        if not isinstance(value, int) or not 1 <= value <= 31 or self.tokens[self.pos].text == "a":
            return False
        dated = read_month_after_day(
            self.tokens, match.end, value, self.tokens[self.pos].start, self.text
        )
        if dated is not None:
            self._add(*dated)
            return True
        following = entries_at(self.tokens, match.end)
        clock_follows = find(following, Word.HOUR_MARK) or find(following, Word.FRENCH_HOURS)
        if not hint or clock_follows or read_meridiem(self.tokens, match.end)[0]:
            return False
        self._add(BareNumber(value, self._span(self.pos, match.end), day_hint=True), match.end)
        return True

    def _hour_word(self, match: Match) -> bool:
        """`at eight`, `nine am`, `huit heures`, `ten thirty`, `entre midi et deux`: an hour
        written as a word, after `at`/`à`, with a mark or am/pm, or opening a side of a range."""
        value = match.value
        following = entries_at(self.tokens, match.end)
        mark = find(following, Word.HOUR_MARK) or find(following, Word.FRENCH_HOURS)
        if not isinstance(value, int) or not 1 <= value <= (24 if mark else 12):
            return False  # "dix-sept heures" is 17:00; "seventeen" alone is no clock
        minute, end = self._minute_word(mark.end if mark else match.end, mark is not None)
        meridiem, end = read_meridiem(self.tokens, end)
        after_at = self.pos > 0 and self.tokens[self.pos - 1].text in ("at", "a", "@")
        if meridiem is None and mark is None and not (after_at or self._opens_range_side()):
            return False
        clock = make_clock(value, minute, self._span(self.pos, end), self.text, meridiem, raw="1")
        self._add(replace(clock, bare=meridiem is None and mark is None), end)
        return True

    def _minute_word(self, pos: int, marked: bool) -> tuple[int, int]:
        """The minutes said after an hour word (`ten thirty`, `dix heures vingt`), or none."""
        number = find(entries_at(self.tokens, pos), Word.NUMBER)
        if number is None or not isinstance(number.value, int) or not 2 <= number.value <= 59:
            return 0, pos  # "huit heures à ...": "a"/"un" are never minutes
        if number.value < 10 and not marked:
            return 0, pos  # "eight five" is no clock; "huit heures cinq" is
        if find(entries_at(self.tokens, number.end), Word.UNIT) is not None:
            return 0, pos  # "eight thirty minutes" is not a clock
        return number.value, number.end

    def _opens_range_side(self) -> bool:
        """True at the first word of a range's end, or of a start after `from`/`between`."""
        side = self.side
        if side.elements:
            return False
        return self.phrase.end is not None or side.prefix in ("from", "between")

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
        if self.tokens[self.pos].text in _FRENCH_ZONE_WORDS and not elements[-1].meridiem:
            return False  # "et" is Eastern Time only after "10am"; after "8h" it is French "and"
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
        offset, end = match.value, match.end
        if offset is None:  # "moins 10": the minutes are written out
            amount = read_amount(self.tokens, end)
            if amount is None or amount[0] not in range(1, 60):
                return False
            offset, end = -int(amount[0]), skip_minute_unit(self.tokens, amount[1])
        clock = elements[-1]
        minutes = clock.hour * 60 + int(str(offset))
        span = clock.span.join(self._span(self.pos, end))
        elements[-1] = replace(clock, hour=minutes // 60 % 24, minute=minutes % 60, span=span)
        self.pos = end
        return True

    def _meridiem(self, match: Match, hint: bool) -> bool:
        """`tomorrow am`, `friday pm`: a lone am/pm after a day is its morning or afternoon."""
        elements = self.side.elements
        if not elements or isinstance(elements[-1], Clock | DayPart):
            return False
        part = "morning" if match.value == "am" else "afternoon"
        self._add(DayPart(part, None, self._span(self.pos, match.end)), match.end)
        return True

    def _spoken_clock(self, match: Match, hint: bool) -> bool:
        """`half past 3`, `quarter to 5 pm`: minutes counted from the hour that follows."""
        pos = match.end
        token = self.tokens[pos] if pos < len(self.tokens) else None
        hour: int | None = None
        if token is not None and token.kind == "num" and len(token.text) <= 2:
            hour, pos = int(token.text), pos + 1
        else:
            number = find(entries_at(self.tokens, pos), Word.NUMBER)
            if number is not None and isinstance(number.value, int):
                hour, pos = number.value, number.end
        if hour is None or not 1 <= hour <= 12:
            return False
        minutes = (hour * 60 + int(str(match.value))) % (12 * 60)
        meridiem, end = read_meridiem(self.tokens, pos)
        span = self._span(self.pos, end)
        on_clock_face = minutes // 60 or 12  # "quarter to 1" is 12:45, not 0:45
        clock = make_clock(on_clock_face, minutes % 60, span, self.text, meridiem, raw="1")
        self._add(replace(clock, bare=meridiem is None), end)
        return True
