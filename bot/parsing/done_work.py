"""Done work reads backwards: with `status done`, a window is placed at the latest occurrence
whose start is already past (`monday 9am to 11am status done`, said on a Wednesday, is last
Monday), since done work is in the past.

The time parser places phrases forward. For done work, a phrase it placed in the future is read
again as if said earlier (a day, a week, a year before), and the latest of those readings that
starts before now wins. Phrases anchored on the moment of speaking (`tomorrow`, `next friday`,
`in 2 hours`, `demain`) and absolute dates keep their one reading: moving the moment of
speaking would change what they mean, or nothing at all.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.model import TimeWindow, WindowDefaults
from bot.parsing.errors import ParseError
from bot.parsing.time_phrases import parse_window
from bot.parsing.tokens import normalize

_ANCHORED = frozenset(
    {
        "tomorrow", "today", "tonight", "yesterday", "now", "next", "this", "last", "in",
        "ago", "week", "weekend", "demain", "aujourd", "hui", "aujourdhui", "hier", "ce", "cet",
        "cette", "maintenant", "prochain", "prochaine", "dernier", "derniere", "dans",
        "semaine", "apres", "avant", "soir",
    }
)  # fmt: skip
_WORD = re.compile(r"[a-z]+")
_EARLIER = (timedelta(days=1), timedelta(days=7), timedelta(days=366))


def place_done_window(
    text: str,
    *,
    now: datetime,
    tz: ZoneInfo,
    locale: str = "en",
    defaults: WindowDefaults = WindowDefaults(),  # noqa: B008  # frozen value object
) -> TimeWindow:
    """`parse_window` for done work: the latest past reading of a recurring phrase."""
    window = parse_window(text, now=now, tz=tz, locale=locale, defaults=defaults, allow_past=True)
    if window.start <= now or _is_anchored(text):
        return window
    for step in _EARLIER:
        try:
            earlier = parse_window(
                text, now=now - step, tz=tz, locale=locale, defaults=defaults, allow_past=True
            )
        except ParseError:
            continue
        if earlier.start <= now:
            return earlier
    return window


def _is_anchored(text: str) -> bool:
    return any(word in _ANCHORED for word in _WORD.findall(normalize(text)))
