"""The English and French words of recurring plans (`every monday`, `un mardi sur deux`), typed
by the name of their `bot.parsing.lexicon.Word` meaning. Tables only; `bot.parsing.lexicon`
indexes them with the other words.
"""

from __future__ import annotations

_EVERY = (
    "every", "each", "tous les", "toutes les", "chaque", "every single", "on every", "a chaque",
)  # fmt: skip
# value: the interval ("every other monday" = 2)
_EVERY_OTHER = {
    "every other": 2, "every second": 2, "every alternate": 2, "every third": 3,
    "every fourth": 4, "every 2 nd": 2, "every 3 rd": 3,
}  # fmt: skip
# value: the interval, after the thing repeated ("un mardi sur deux")
_ONE_IN = {"sur deux": 2, "sur 2": 2, "sur trois": 3, "sur 3": 3, "sur quatre": 4, "sur 4": 4}
# value: True for the plural, which says "every" alone ("weekdays"); the singular needs it
_WORKDAYS = {
    "weekday": False, "weekdays": True, "working day": False, "working days": True,
    "workday": False, "workdays": True, "business day": False, "business days": True,
    "jour ouvre": False, "jours ouvres": True, "jour ouvrable": False, "jours ouvrables": True,
}  # fmt: skip
# value: the unit and the interval ("fortnightly": every 2 weeks)
_FREQUENCIES = {
    "daily": ("day", 1), "everyday": ("day", 1), "weekly": ("week", 1),
    "monthly": ("month", 1), "fortnightly": ("week", 2), "biweekly": ("week", 2),
    "bi weekly": ("week", 2), "quotidiennement": ("day", 1), "hebdomadaire": ("week", 1),
    "mensuel": ("month", 1), "mensuellement": ("month", 1),
}  # fmt: skip
_TIMES = ("times", "time", "fois", "occurrences", "occurrence", "occurences", "sessions")
_UNTILS = (
    "until", "till", "til", "untill", "through", "thru", "up to", "jusqu au", "jusqu a",
    "jusqua", "jusque", "jusqu en", "up until", "jusqu",
)  # fmt: skip

SERIES_WORDS: dict[str, dict[str, object]] = {
    "every": dict.fromkeys(_EVERY, True),  # a recurrence follows (True: "every" was said)
    "every_other": dict(_EVERY_OTHER),
    "one_in": dict(_ONE_IN),
    "workday": dict(_WORKDAYS),
    "frequency": dict(_FREQUENCIES),
    "times": dict.fromkeys(_TIMES),  # after a number: how many occurrences ("6 fois")
    "until": dict.fromkeys(_UNTILS),  # the last day of a series ("jusqu'au 31 mars")
    "next_count": dict.fromkeys(("the next", "next", "les", "the following")),
}
