"""Splits a phrase into tokens over an accent-free lower-case copy of the same length.

Every token keeps its offsets, so an error can quote the user's original words verbatim.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from bot.parsing.lexicon import INDEX, Word


class Token(NamedTuple):
    """One token: `kind` is iso, date, num, word or punct; `text` is normalized."""

    kind: str
    text: str
    start: int
    end: int


def _folding_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xC0, 0x250):
        base = unicodedata.normalize("NFD", chr(code).lower())[0]
        if base.isascii() and base.isalpha():
            table[code] = base
    for dash in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212~":
        table[ord(dash)] = "-"
    for quote in "\u2019\u2018`\u00b4\u02bc":
        table[ord(quote)] = "'"
    for space in "\u00a0\u202f\u2009\u2007\t\n\r":
        table[ord(space)] = " "
    table[0x2192] = ">"  # rightwards arrow
    table[0x21D2] = ">"  # rightwards double arrow
    return table


_FOLD = _folding_table()
_TOKEN = re.compile(
    r"""
    (?P<iso>\d{4}([-/.])\d{1,2}\2\d{1,2}
        (?:t\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}(?::?\d{2})?)?)?)
    |(?P<date>\d{1,2}[/.]\d{1,2}[/.]\d{2,4}(?![\d/.])|\d{1,2}-\d{1,2}-\d{4}|\d{1,2}/\d{1,2}(?![\d/])
        |\d{1,2}\.(?:0?[1-9]|1[0-2])\.(?!\d))
    |(?P<num>\d+)
    |(?P<word>[a-z]+)
    |(?P<punct>->|=>|[^\sa-z0-9])
    """,
    re.VERBOSE,
)


def normalize(text: str) -> str:
    """Lower-case, strip accents and unify dashes, quotes and spaces, keeping the length."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few letters (İ) grow when lowered: fold one by one
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lowered.translate(_FOLD)


class TokenList(list[Token]):
    """The tokens of one phrase, remembering the lexicon entries found at each position (all
    found at the first look, once the tokens are final)."""

    def __init__(self, tokens: list[Token]) -> None:
        super().__init__(tokens)
        self.found: list[list[Match]] | None = None


def tokenize(text: str) -> TokenList:
    """The tokens of `text`, skipping white space."""
    folded = normalize(text)
    return TokenList(
        [
            Token(match.lastgroup or "punct", match.group(), match.start(), match.end())
            for match in _TOKEN.finditer(folded)
        ]
    )


class Match(NamedTuple):
    """A lexicon entry found at some token: what it means, its value, the token after it."""

    meaning: Word
    value: object
    end: int


_JOINERS = frozenset("-'.")


def _match_words(tokens: list[Token], pos: int, words: tuple[str, ...]) -> int | None:
    index = pos
    for number, word in enumerate(words):
        if number:
            while index < len(tokens) and tokens[index].text in _JOINERS:
                index += 1
        if index >= len(tokens) or tokens[index].text != word:
            return None  # "en 8": later words may be digits
        index += 1
    return index


def entries_at(tokens: list[Token], pos: int) -> list[Match]:
    """Every lexicon entry that matches the words from `pos`, longest compounds first (a list
    the caller must not change)."""
    if isinstance(tokens, TokenList):
        found = tokens.found
        if found is None:
            found = tokens.found = [_entries(tokens, index) for index in range(len(tokens))]
        return found[pos] if pos < len(found) else _NOTHING
    return _entries(tokens, pos)


_NOTHING: list[Match] = []


def _entries(tokens: list[Token], pos: int) -> list[Match]:
    if pos >= len(tokens) or tokens[pos].kind != "word":
        return _NOTHING
    found = []
    for words, meaning, value in INDEX.get(tokens[pos].text, ()):
        end = _match_words(tokens, pos, words)
        if end is not None:
            found.append(Match(meaning, value, end))
    return found


def find(matches: list[Match], meaning: Word, value: object = None) -> Match | None:
    """The first (longest) match with this meaning (and this value, when given)."""
    for match in matches:
        if match.meaning is meaning and (value is None or match.value == value):
            return match
    return None
