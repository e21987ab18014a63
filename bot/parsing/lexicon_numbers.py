"""The English and French words of numbers and clocks, accent-free and lower case: clock words,
am/pm, hour marks, units, numbers and ordinals in words, zones, spoken clock forms. Tables only;
`bot.parsing.lexicon` types them with their `Word` meaning.
"""

from __future__ import annotations

from datetime import time

CLOCK_WORDS = {
    "noon": time(12, 0), "midday": time(12, 0), "mid day": time(12, 0), "midi": time(12, 0),
    "midnight": time(0, 0), "minuit": time(0, 0),
}  # fmt: skip
MERIDIEMS = {"am": "am", "pm": "pm", "a m": "am", "p m": "pm"}
HOUR_MARKS = ("h", "o clock", "oclock")
FRENCH_HOURS = ("heure", "heures", "hre", "hres")
UNITS = {
    "min": "minute", "mins": "minute", "minute": "minute", "minutes": "minute", "mn": "minute",
    "mnt": "minute", "m": "minute", "h": "hour", "hr": "hour", "hrs": "hour", "hour": "hour",
    "hours": "hour", "heure": "hour", "heures": "hour", "hre": "hour", "hres": "hour",
    "day": "day", "days": "day", "jour": "day", "jours": "day", "j": "day", "d": "day",
    "journee": "day", "journees": "day", "week": "week", "weeks": "week", "wk": "week",
    "wks": "week", "semaine": "week", "semaines": "week", "month": "month",
    "months": "month", "mois": "month", "year": "year", "years": "year", "yr": "year",
    "yrs": "year", "an": "year", "ans": "year", "annee": "year", "annees": "year",
    "fortnight": "fortnight", "fortnights": "fortnight", "quinzaine": "fortnight",
}  # fmt: skip
_EN_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_EN_TEENS = (
    "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen",
)  # fmt: skip
_FR_UNITS = ("un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf")
_FR_TEENS = (
    "dix", "onze", "douze", "treize", "quatorze", "quinze", "seize", "dix sept", "dix huit",
    "dix neuf",
)  # fmt: skip


def _numbers_to_59(units: tuple[str, ...], teens: tuple[str, ...], tens: tuple[str, ...],
                   one: str) -> dict[str, float]:  # fmt: skip
    """1 to 59 in words: `units`, `teens` (10-19), then each of `tens` alone or with a unit
    (`one` joins the tens to 1: "vingt et un")."""
    found: dict[str, float] = {word: n for n, word in enumerate(units, 1)}
    found.update({word: n for n, word in enumerate(teens, 10)})
    for n, ten in enumerate(tens, 2):
        found[ten] = n * 10
        found[f"{ten} {one}"] = n * 10 + 1
        found.update({f"{ten} {unit}": n * 10 + u for u, unit in enumerate(units[1:], 2)})
    return found


NUMBERS = {
    **_numbers_to_59(_EN_UNITS, _EN_TEENS, ("twenty", "thirty", "forty", "fifty"), "one"),
    **_numbers_to_59(_FR_UNITS, _FR_TEENS, ("vingt", "trente", "quarante", "cinquante"), "et un"),
    "a": 1, "an": 1, "ninety": 90, "a couple of": 2, "couple of": 2, "half": 0.5, "half a": 0.5,
    "half an": 0.5, "une": 1, "quatre vingt dix": 90, "demi": 0.5, "une demi": 0.5,
    "un demi": 0.5, "quart": 0.25, "un quart": 0.25, "trois quarts": 0.75,
    "couple": 2, "a couple": 2, "few": 3, "a few": 3, "several": 3, "quelques": 3,
    "plusieurs": 3, "une paire de": 2, "une paire d": 2, "une dizaine de": 10,
    "une dizaine d": 10, "une petite": 1, "une bonne": 1, "une quinzaine de": 15,
    "une vingtaine de": 20, "une trentaine de": 30,
}  # fmt: skip
ORDINAL_SUFFIXES = ("st", "nd", "rd", "th", "er", "re", "e", "eme", "ieme", "em")
_EN_ORDINALS = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth", "twentieth",
)  # fmt: skip
ORDINALS = {
    **{word: n for n, word in enumerate(_EN_ORDINALS, 1)},
    **{f"twenty {word}": 20 + n for n, word in enumerate(_EN_ORDINALS[:9], 1)},
    "thirtieth": 30, "thirty first": 31, "premier": 1, "1st": 1, "premiere": 1, "deuxieme": 2,
    "seconde": 2, "troisieme": 3, "quatrieme": 4, "cinquieme": 5, "sixieme": 6,
}  # fmt: skip
ZONES: dict[str, str | int] = {
    "utc": 0, "gmt": 0, "z": 0, "cet": 60, "cest": 120, "wet": 0, "west": 60, "bst": 60,
    "eet": 120, "eest": 180, "est": -300, "edt": -240, "cst": -360, "cdt": -300,
    "mst": -420, "mdt": -360, "pst": -480, "pdt": -420,
    "pt": "America/Los_Angeles", "pacific time": "America/Los_Angeles",
    "ct": "America/Chicago", "central time": "America/Chicago", "mt": "America/Denver",
    "mountain time": "America/Denver", "et": "America/New_York",
    "eastern time": "America/New_York", "eastern": "America/New_York",
    "pacific": "America/Los_Angeles", "central": "America/Chicago",
    "paris time": "Europe/Paris", "heure de paris": "Europe/Paris",
    "london time": "Europe/London", "new york time": "America/New_York",
}  # fmt: skip
# English clock talk before an hour: "half past 3", "quarter to 5".
SPOKEN_CLOCKS = {
    "half past": 30, "half after": 30, "quarter past": 15, "quarter after": 15,
    "a quarter past": 15, "a quarter after": 15, "quarter to": -15, "quarter of": -15,
    "a quarter to": -15, "a quarter of": -15,
}  # fmt: skip
# None: a number of minutes follows and is taken off ("10h moins 10", "5h moins vingt").
MINUTES_AFTER = {
    "et quart": 15, "et demie": 30, "et demi": 30, "moins le quart": -15, "moins quart": -15,
    "moins": None, "trois quarts": 45, "et trois quarts": 45,
}  # fmt: skip
HALVES = ("and a half", "et demie", "et demi", "and half")
