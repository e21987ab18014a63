"""Reads the tokens of a time phrase into a `Phrase`: a start, an optional end, a duration, a zone.

Misspelt words are read first (`bot.parsing.typos`); when the rules fail on an absolute date in a
format they do not know, `bot.parsing.absolute_dates` reads it and the phrase is read again. It
knows words and their order, not the calendar: `bot.parsing.placement` puts the result in time.
"""

from __future__ import annotations

from datetime import timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from bot.parsing.absolute_dates import reread_dates
from bot.parsing.elements import (
    BareNumber,
    Clock,
    DayPart,
    Element,
    Phrase,
    Side,
    Span,
    WeekdayRef,
)
from bot.parsing.errors import ParseError
from bot.parsing.lexicon import Word
from bot.parsing.number_words import NumberWordReader
from bot.parsing.numerals import (
    read_quantity,
)
from bot.parsing.reader import is_hour
from bot.parsing.tokens import Match, TokenList, entries_at, find, tokenize
from bot.parsing.typos import correct_typos


def read_phrase(text: str, *, month_first: bool) -> Phrase:
    """The structure of `text`, or `ParseError` quoting the words that could not be read.
    Misspelt lexicon words are read as the word they are a slip for, and listed as guesses."""
    tokens = tokenize(text)
    corrected = [Span(tokens[pos].start, tokens[pos].end) for pos in correct_typos(tokens)]
    try:
        phrase = _read_tokens(text, tokens, month_first)
    except ParseError as error:
        dated = reread_dates(text, tokens, month_first, error)
        if dated is None:
            raise
        try:
            phrase = _read_tokens(text, dated[0], month_first)
        except ParseError:
            raise error from None
        phrase.guesses.extend(dated[1])
    phrase.guesses.extend(corrected)
    return phrase


def _read_tokens(text: str, tokens: TokenList, month_first: bool) -> Phrase:
    reader = _PhraseReader(text, tokens, month_first)
    reader.read()
    return reader.finish()


class _PhraseReader(NumberWordReader):
    """The reader with the meaning of every kind of word."""

    def _connector(self, match: Match, hint: bool) -> bool:
        return self._split(match.end)

    def _pair_connector(self, match: Match, hint: bool) -> bool:
        day_after = find(entries_at(self.tokens, match.end), Word.DAY_AFTER) is not None
        between = self.phrase.start.prefix == "between"
        return (between or day_after) and self._split(match.end)  # "lundi et le lendemain"

    def _hours_of_days(self, match: Match) -> bool:
        """`du lundi au vendredi de 8h à 17h`: `de` before the hours of a range of days."""
        last = self.phrase.end
        if last is None or len(last.elements) != 1 or self.phrase.start.span is None:
            return False
        if any(is_hour(e) for e in self.phrase.start.elements):
            return False
        self.pos = match.end
        return True

    def _at(self, match: Match, hint: bool) -> bool:
        """French `à`: ends the start after a time or before a date, else just means "at"."""
        if self.phrase.end is not None and self._daily_hours(match.end):
            return True
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
            return self._hours_of_days(match)
        self.side.prefix = str(match.value)
        self.pos = match.end
        return True

    def _duration(self, match: Match, hint: bool) -> bool:
        quantity = read_quantity(self.tokens, match.end)
        if quantity is None:
            return False
        self._set_duration(quantity[0], self.pos, quantity[1])
        return True

    def _filler(self, match: Match, hint: bool) -> bool:
        marker = find(entries_at(self.tokens, self.pos), Word.DURATION_MARKER)
        if marker is not None and match.end == len(self.tokens):
            return False  # "tomorrow 8am for": the duration is missing, not chatter
        self.pos = match.end
        return True

    def _ordinal(self, match: Match, hint: bool) -> bool:
        return self._day(self.pos, True)

    def _zone(self, match: Match, hint: bool) -> bool:
        elements = self.side.elements
        if not elements or not isinstance(elements[-1], Clock):
            return False
        french_and = find(entries_at(self.tokens, self.pos), Word.PAIR_CONNECTOR)
        if french_and is not None and not elements[-1].meridiem:
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

    def _meridiem(self, match: Match, hint: bool) -> bool:
        """`tomorrow am`, `friday pm`: a lone am/pm after a day is its morning or afternoon."""
        elements = self.side.elements
        if not elements or isinstance(elements[-1], Clock | DayPart):
            return False
        part = "morning" if match.value == "am" else "afternoon"
        self._add(DayPart(part, None, self._span(self.pos, match.end)), match.end)
        return True


_PhraseReader.handlers = {
    Word.CONNECTOR: _PhraseReader._connector,
    Word.PAIR_CONNECTOR: _PhraseReader._pair_connector,
    Word.AT: _PhraseReader._at,
    Word.PREFIX: _PhraseReader._prefix,
    Word.DURATION_MARKER: _PhraseReader._duration,
    Word.FILLER: _PhraseReader._filler,
    Word.ORDINAL: _PhraseReader._ordinal,
    Word.ZONE: _PhraseReader._zone,
    Word.MINUTES_AFTER: _PhraseReader._minutes_after,
    Word.SPOKEN_CLOCK: _PhraseReader._spoken_clock,
    Word.MERIDIEM: _PhraseReader._meridiem,
    Word.NUMBER: _PhraseReader._number_word,
}
