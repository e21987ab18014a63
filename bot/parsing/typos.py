"""Misspelt day, month and keyword names (`wensday`, `tomorow`, `septembr`), read as the lexicon
word that is clearly closest, by rapidfuzz's edit distances.

Only a word the lexicon does not know, of five letters or more, is looked at; it is read as a
lexicon word one edit away (a transposition counts as one), or two edits for a long word still
mostly the same letters, and only when no other lexicon word is as close. `blursday` stays
unknown (an error that quotes it). rapidfuzz is imported on the first unknown word only, so
phrases made of known words start and run as fast as before.
"""

from __future__ import annotations

from functools import cache

from bot.parsing.lexicon import INDEX
from bot.parsing.lexicon_series import SERIES_WORDS
from bot.parsing.tokens import Token

_SHORTEST = 5  # shorter words have too many neighbours ("soon" / "noon")
_LONG = 7  # from this length, two edits may still be a slip
_SAME_LETTERS = 0.85  # share of letters two edits must keep (Indel similarity)

KNOWN_WORDS = frozenset(word for entries in INDEX.values() for e in entries for word in e[0])
# The words of recurring plans are known but never a reading of a slip: `wensday` stays as close
# to `wednesday` as before, with no `weekday` beside it.
_SLIP_TARGETS = frozenset(
    word
    for entries in INDEX.values()
    for e in entries
    if e[1].value not in SERIES_WORDS
    for word in e[0]
)
_CANDIDATES = tuple(sorted(word for word in _SLIP_TARGETS if len(word) >= _SHORTEST - 1))


def _sense(word: str) -> frozenset[str]:
    """What a word means alone (its meanings and values), or the word itself inside compounds:
    two words with one sense (`septembre`, `september`) are not rivals."""
    entries = INDEX.get(word, ())
    senses = frozenset(f"{e[1]}={e[2]!r}" for e in entries if e[0] == (word,))
    return senses or frozenset({word})


@cache
def closest_word(word: str) -> str | None:
    """The lexicon word `word` is clearly a slip for, or None."""
    from rapidfuzz import process  # here: only phrases with an unknown word pay for it
    from rapidfuzz.distance import OSA, Indel

    found = process.extract(word, _CANDIDATES, scorer=OSA.distance, score_cutoff=2, limit=3)
    if not found:
        return None
    best, distance = found[0][0], found[0][1]
    if any(other[1] == distance and _sense(other[0]) != _sense(best) for other in found[1:]):
        return None  # two words as close, meaning different things: no clear reading
    if distance == 1:
        return best
    long_enough = len(word) >= _LONG
    if long_enough and Indel.normalized_similarity(word, best) >= _SAME_LETTERS:
        return best
    return None


def correct_typos(tokens: list[Token]) -> list[int]:
    """Replace, in place, each unknown word that is clearly a slip for a lexicon word; the
    positions of the words replaced."""
    replaced = []
    for pos, token in enumerate(tokens):
        if token.kind != "word" or len(token.text) < _SHORTEST or token.text in KNOWN_WORDS:
            continue
        word = closest_word(token.text)
        if word is not None:
            tokens[pos] = token._replace(text=word)
            replaced.append(pos)
    return replaced
