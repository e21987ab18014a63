"""Words for numbers under the time-phrase grammar: hours, minutes and days of the month said in
words (`ten thirty`, `dix-sept heures`, `le vingt`), and spoken clock forms (`half past 3`,
`8h moins le quart`). `bot.parsing.grammar` registers them as handlers.
"""

from __future__ import annotations

from dataclasses import replace

from bot.parsing.elements import BareNumber, Clock
from bot.parsing.lexicon import Word
from bot.parsing.numerals import (
    make_clock,
    read_amount,
    read_meridiem,
    read_month_after_day,
    read_quantity,
    skip_minute_unit,
)
from bot.parsing.reader import Reader
from bot.parsing.tokens import Match, entries_at, find

_CLOCK_FACE_HOURS = 12


class NumberWordReader(Reader):
    """The reader's handlers for numbers and clock talk written as words."""

    def _number_word(self, match: Match, hint: bool) -> bool:
        if self._minutes_from_hour():
            return True
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
        article = find(entries_at(self.tokens, self.pos), Word.ARTICLE)
        if not isinstance(value, int) or not 1 <= value <= 31 or article is not None:
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
        after_at = self.pos > 0 and (
            self.tokens[self.pos - 1].text == "@"
            or find(entries_at(self.tokens, self.pos - 1), Word.CLOCK_AT) is not None
        )
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

    def _spoken_clock(self, match: Match, hint: bool) -> bool:
        """`half past 3`, `quarter to 5 pm`: minutes counted from the hour that follows."""
        return self._counted_clock(int(str(match.value)), match.end)

    def _number(self, hint: bool) -> None:
        if not self._minutes_from_hour():
            super()._number(hint)

    def _minutes_from_hour(self) -> bool:
        """`20 past 3`, `ten after 4`, `twenty to five`, `10 minutes to 5`. Before an hour,
        `to`/`of`/`till` only count minutes no hour could be (`twenty`) or that say `minutes`:
        `ten to five` stays a range."""
        tokens = self.tokens
        amount = read_amount(tokens, self.pos)
        if amount is None or amount[0] not in range(1, 60):
            return False
        minutes, nxt = int(amount[0]), amount[1]
        word_end = skip_minute_unit(tokens, nxt)
        following = entries_at(tokens, word_end)
        if find(following, Word.PAST_HOUR) is not None:
            return self._counted_clock(minutes, word_end + 1)
        in_words = tokens[self.pos].kind == "word" and minutes > _CLOCK_FACE_HOURS
        if find(following, Word.TO_HOUR) is not None and (word_end > nxt or in_words):
            return self._counted_clock(-minutes, word_end + 1)
        return False

    def _counted_clock(self, offset: int, pos: int) -> bool:
        """The clock `offset` minutes from the hour (1-12, digits or a word) at `pos`."""
        token = self.tokens[pos] if pos < len(self.tokens) else None
        hour: int | None = None
        if token is not None and token.kind == "num" and len(token.text) <= 2:
            hour, pos = int(token.text), pos + 1
        else:
            number = find(entries_at(self.tokens, pos), Word.NUMBER)
            if number is not None and isinstance(number.value, int):
                hour, pos = number.value, number.end
        if hour is None or not 1 <= hour <= _CLOCK_FACE_HOURS:
            return False
        minutes = (hour * 60 + offset) % (_CLOCK_FACE_HOURS * 60)
        meridiem, end = read_meridiem(self.tokens, pos)
        span = self._span(self.pos, end)
        on_clock_face = minutes // 60 or 12  # "quarter to 1" is 12:45, not 0:45
        clock = make_clock(on_clock_face, minutes % 60, span, self.text, meridiem, raw="1")
        self._add(replace(clock, bare=meridiem is None), end)
        return True
