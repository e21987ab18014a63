"""The English and French words of time phrases, accent-free and lower case, with their meaning.

Both languages are always understood. Compounds are written with spaces; their words may be
typed with hyphens or apostrophes between them ("après-demain", "aujourd'hui"). Tables only.
"""

from __future__ import annotations

from datetime import time
from enum import StrEnum

from bot.parsing.lexicon_numbers import (
    CLOCK_WORDS,
    FRENCH_HOURS,
    HALVES,
    HOUR_MARKS,
    MERIDIEMS,
    MINUTES_AFTER,
    NUMBERS,
    ORDINAL_SUFFIXES,
    ORDINALS,
    SPOKEN_CLOCKS,
    UNITS,
    ZONES,
)
from bot.parsing.lexicon_series import SERIES_WORDS


class Word(StrEnum):
    """What a word (or a compound) means to the grammar."""

    RELATIVE_DAY = "relative_day"  # value: days from today
    DAY_PART = "day_part"  # value: (days from today or None, part name)
    WEEKDAY = "weekday"  # value: 0 (Monday) .. 6
    MONTH = "month"  # value: 1 .. 12
    MODIFIER = "modifier"  # value: "next" | "this" | "last", before a weekday or a week
    MODIFIER_AFTER = "modifier_after"  # value: "next" | "last" | "next_week", after a weekday
    WEEK = "week"  # value: weeks from this one ("next week" = 1)
    MONTH_SHIFT = "month_shift"  # value: months from this one
    WEEKEND = "weekend"  # value: weeks from this one
    CONNECTOR = "connector"  # "to", "until", "au", "jusqu'à": always ends the start
    PAIR_CONNECTOR = "pair_connector"  # "and", "et": ends the start after "between" / "entre"
    AT = "at"  # French "à" without its accent, or with: a connector or a filler
    PREFIX = "prefix"  # value: "from" | "between"
    DURATION_MARKER = "duration_marker"  # "for", "pendant"
    IN_MARKER = "in_marker"  # "in", "dans"
    FROM_NOW = "from_now"  # "from now", "plus tard" after a quantity
    FILLER = "filler"  # value: True when a following bare number is a day ("le 15")
    CLOCK = "clock"  # value: a time ("noon", "minuit")
    MERIDIEM = "meridiem"  # value: "am" | "pm"
    HOUR_MARK = "hour_mark"  # "h" in "14h30"
    FRENCH_HOURS = "french_hours"  # "heures": "à 8 heures" is a time of day
    UNIT = "unit"  # value: minute, hour, day, week, fortnight, month, year
    NUMBER = "number"  # value: a number written as a word
    ORDINAL_SUFFIX = "ordinal_suffix"  # "st" in "1st", "er" in "1er"
    ORDINAL = "ordinal"  # value: a day number written as a word ("premier")
    ZONE = "zone"  # value: an IANA name or a UTC offset in minutes
    MINUTES_AFTER = "minutes_after"  # value: minutes added to a clock ("et quart")
    SPOKEN_CLOCK = "spoken_clock"  # value: minutes from the hour that follows ("half past")
    HALF = "half"  # "and a half", "et demie" after a quantity
    WEEKS_LATER = "weeks_later"  # value: weeks added after a weekday ("after next", "en quinze")
    WEEK_OF = "week_of"  # "the week of", "la semaine du" before a date
    END_OF = "end_of"  # "end of", "fin du" before a month or a week
    ON = "on"  # "a week on friday": the weekday a count of weeks is added to
    NOW = "now"  # "now", "maintenant": this very minute
    MONTH_NOUN = "month_noun"  # value 0: "the month" in "end of the month", "du mois"
    WEEK_NOUN = "week_noun"  # value 0: "the week" in "end of the week"
    WEEK_NUMBER = "week_number"  # "week 12", "semaine 12": an ISO week
    EARLY = "early"  # value: the weekday meant by "early", "mid", "late" before a week
    DAY_NUMBER_NEXT = "day_number_next"  # "au", "du", "the": a bare number after it is a day
    PAST_HOUR = "past_hour"  # "20 past 3": minutes after the hour that follows
    TO_HOUR = "to_hour"  # "10 minutes to 5": minutes before the hour that follows
    ARTICLE = "article"  # "a", "un": one of something, never a day or minutes
    CLOCK_AT = "clock_at"  # "at", "à": a number word after it is an hour
    SHORT_MERIDIEM = "short_meridiem"  # value: "am" | "pm", glued to a number ("2p")
    LAST_ONE = "last_one"  # "last", "dernier": the last day or weekday of a month
    OF = "of"  # "of", "de", "du", "d'": between a day and its month
    YEAR_SHIFT = "year_shift"  # value: years from this one ("next year" = 1)
    DAY_AFTER = "day_after"  # value: days after the day said before ("le lendemain" = 1)
    AFTER = "after"  # "after", "après" after a quantity of days
    ISH = "ish"  # "3ish": an hour said roughly
    GUESSED = "guessed"  # words whose reading is a guess ("a few" = 3): the preview says so
    EVERY = "every"  # "every", "chaque", "tous les": a recurring plan (`bot.parsing.series`)
    EVERY_OTHER = "every_other"  # value: the interval ("every other" = 2)
    ONE_IN = "one_in"  # value: the interval, after what repeats ("un mardi sur deux" = 2)
    WORKDAY = "workday"  # "weekday", "jour ouvré": Monday to Friday
    FREQUENCY = "frequency"  # value: (unit, interval) ("daily", "fortnightly")
    TIMES = "times"  # "6 times", "6 fois": a count of occurrences
    UNTIL = "until"  # "until", "jusqu'au": the last day of a series (else a connector)
    NEXT_COUNT = "next_count"  # "the next" in "for the next 6 weeks"


# Every short form of "tomorrow" also works inside "the day after ...". Thumb slips ("tomorow",
# "demian") are not listed: `bot.parsing.typos` reads them as the closest word.
_TOMORROWS = ("tomorrow", "tmrw", "tmr", "tmrow", "tmw", "tomo", "tom")
RELATIVE_DAYS = {
    "today": 0, "tod": 0, "tdy": 0, "aujourd hui": 0, "aujourdhui": 0, "auj": 0, "ajd": 0,
    **dict.fromkeys(_TOMORROWS, 1), "demain": 1, "dem": 1,
    **{f"{lead}{word}": 2 for word in _TOMORROWS
       for lead in ("day after ", "after ", "the day after ")},
    "overmorrow": 2, "apres demain": 2, "apres dem": 2, "apresdemain": 2,
    "yesterday": -1, "hier": -1, "day before yesterday": -2, "avant hier": -2,
}  # fmt: skip

_AFTER_LUNCH = (
    "after lunch", "after lunchtime", "after the lunch break", "after eating", "apres manger",
    "apres le dejeuner", "apres dejeuner", "apres la pause dejeuner", "apres la pause de midi",
    "apres le repas", "apres la cantine", "sortie de table",
)  # fmt: skip
_AFTER_BREAKFAST = (
    "after breakfast", "apres le petit dejeuner", "apres le petit dej", "apres le cafe",
    "after coffee",
)  # fmt: skip
_DINNER = ("dinner", "dinnertime", "dinner time", "diner", "l heure du diner", "au diner")
_AFTER_DINNER = ("after dinner", "apres le diner", "apres diner", "apres manger ce soir")
MEALS = (*_AFTER_LUNCH, *_AFTER_BREAKFAST, *_DINNER, *_AFTER_DINNER)
# "before lunch", "avant midi" set a deadline, not a start: left unread, like "by 3pm".

DAY_PARTS: dict[str, tuple[int | None, str]] = {
    "this morning": (0, "morning"), "this afternoon": (0, "afternoon"),
    "this evening": (0, "evening"), "tonight": (0, "evening"), "tonite": (0, "evening"),
    "morning": (None, "morning"), "afternoon": (None, "afternoon"),
    "evening": (None, "evening"), "night": (None, "night"),
    "in the morning": (None, "morning"), "in the afternoon": (None, "afternoon"),
    "in the evening": (None, "evening"), "at night": (None, "night"),
    "ce matin": (0, "morning"), "cet apres midi": (0, "afternoon"), "cet aprem": (0, "afternoon"),
    "cette apres midi": (0, "afternoon"), "ce soir": (0, "evening"), "cette nuit": (0, "night"),
    "matin": (None, "morning"), "matinee": (None, "morning"), "le matin": (None, "morning"),
    "dans la matinee": (None, "morning"), "en matinee": (None, "morning"),
    "du matin": (None, "morning"), "apres midi": (None, "afternoon"),
    "aprem": (None, "afternoon"), "l apres midi": (None, "afternoon"),
    "de l apres midi": (None, "afternoon"), "dans l apres midi": (None, "afternoon"),
    "soir": (None, "evening"),
    "soiree": (None, "evening"), "le soir": (None, "evening"), "du soir": (None, "evening"),
    "en soiree": (None, "evening"), "nuit": (None, "night"), "la nuit": (None, "night"),
    "de la nuit": (None, "night"), "all day": (None, "day"), "the whole day": (None, "day"),
    "whole day": (None, "day"), "full day": (None, "day"), "toute la journee": (None, "day"),
    "la journee": (None, "day"), "late afternoon": (None, "late"),
    "fin d apres midi": (None, "late"), "en fin d apres midi": (None, "late"),
    "early morning": (None, "early"), "debut de matinee": (None, "early"),
    "en debut de matinee": (None, "early"), "tot le matin": (None, "early"),
    "journee": (None, "day"),
    "dans la journee": (None, "day"), "toute la matinee": (None, "morning"),
    "tout le matin": (None, "morning"), "tout l apres midi": (None, "afternoon"),
    "toute l apres midi": (None, "afternoon"), "toute la soiree": (None, "evening"),
    "toute la nuit": (None, "night"), "all morning": (None, "morning"),
    "all afternoon": (None, "afternoon"), "all evening": (None, "evening"),
    "all night": (None, "night"), "overnight": (None, "night"), "late tonight": (0, "night"),
    "tard ce soir": (0, "night"),
    # moments of the day (DAY_POINTS): a start, like a clock
    "first thing": (None, "first"), "first thing in the morning": (None, "first"),
    "premiere heure": (None, "first"), "a la premiere heure": (None, "first"),
    "en premiere heure": (None, "first"), "des la premiere heure": (None, "first"),
    "mid morning": (None, "mid_morning"), "midmorning": (None, "mid_morning"),
    "milieu de matinee": (None, "mid_morning"), "en milieu de matinee": (None, "mid_morning"),
    "late morning": (None, "late_morning"), "fin de matinee": (None, "late_morning"),
    "en fin de matinee": (None, "late_morning"), "lunch": (None, "lunch"),
    "lunchtime": (None, "lunch"), "lunch time": (None, "lunch"), "lunch break": (None, "lunch"),
    "heure du dejeuner": (None, "lunch"), "pause dejeuner": (None, "lunch"),
    "pause de midi": (None, "lunch"), "dejeuner": (None, "lunch"),
    "early afternoon": (None, "early_afternoon"), "debut d apres midi": (None, "early_afternoon"),
    "en debut d apres midi": (None, "early_afternoon"), "debut d aprem": (None, "early_afternoon"),
    "en debut d aprem": (None, "early_afternoon"), "eod": (None, "eod"), "cob": (None, "eod"),
    "end of day": (None, "eod"), "end of the day": (None, "eod"),
    "close of business": (None, "eod"), "fin de journee": (None, "eod"),
    "en fin de journee": (None, "eod"), "en fin de la journee": (None, "eod"),
    "du mat": (None, "morning"), "au mat": (None, "morning"), "le mat": (None, "morning"),
    "in the am": (None, "morning"), "in the pm": (None, "afternoon"),
    "en debut de soiree": (None, "evening"), "debut de soiree": (None, "evening"),
    "early evening": (None, "evening"), "en fin de soiree": (None, "night"),
    # around meals (GUESSED too: when people eat is a guess)
    **dict.fromkeys(_AFTER_LUNCH, (None, "after_lunch")),
    **dict.fromkeys(_AFTER_BREAKFAST, (None, "after_breakfast")),
    **dict.fromkeys(_DINNER, (None, "dinner")),
    **dict.fromkeys(_AFTER_DINNER, (None, "after_dinner")),
}  # fmt: skip

# Local hours of each part of a day; the workday bounds stand in for "workday".
DAY_PART_HOURS: dict[str, tuple[time | None, time | None]] = {
    "morning": (None, time(12, 0)),
    "afternoon": (time(13, 0), None),
    "evening": (time(18, 0), time(22, 0)),
    "night": (time(22, 0), time(6, 0)),
    "day": (None, None),
    "early": (None, time(10, 0)),
    "late": (time(15, 0), None),
}

# Moments of a day: a start like a clock, lasting the default duration. None is the workday's
# start for a morning moment and its end for an afternoon one; the part reads a clock said with
# it ("lunchtime at 1" is 13:00).
DAY_POINTS: dict[str, tuple[time | None, str]] = {
    "first": (None, "morning"),
    "mid_morning": (time(10, 0), "morning"),
    "late_morning": (time(11, 0), "morning"),
    "lunch": (time(12, 0), "afternoon"),
    "early_afternoon": (time(14, 0), "afternoon"),
    "eod": (None, "afternoon"),
    "after_lunch": (time(13, 0), "afternoon"),
    "after_breakfast": (time(9, 0), "morning"),
    "dinner": (time(19, 0), "evening"),
    "after_dinner": (time(20, 0), "evening"),
}

WEEKDAYS = {
    "monday": 0, "mon": 0, "lundi": 0, "lun": 0,
    "tuesday": 1, "tue": 1, "tues": 1, "mardi": 1, "mar": 1,
    "wednesday": 2, "wed": 2, "weds": 2, "mercredi": 2, "mer": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "jeudi": 3, "jeu": 3,
    "friday": 4, "fri": 4, "vendredi": 4, "ven": 4, "vend": 4,
    "saturday": 5, "sat": 5, "samedi": 5, "sam": 5,
    "sunday": 6, "sun": 6, "dimanche": 6, "dim": 6,
    "mondays": 0, "tuesdays": 1, "wednesdays": 2, "thursdays": 3, "fridays": 4, "saturdays": 5,
    "sundays": 6, "lundis": 0, "mardis": 1, "mercredis": 2, "jeudis": 3, "vendredis": 4,
    "samedis": 5, "dimanches": 6,
}  # fmt: skip

MONTHS = {
    "january": 1, "jan": 1, "janvier": 1, "janv": 1,
    "february": 2, "feb": 2, "fevrier": 2, "fevr": 2, "fev": 2,
    "march": 3, "mar": 3, "mars": 3,
    "april": 4, "apr": 4, "avril": 4, "avr": 4,
    "may": 5, "mai": 5,
    "june": 6, "jun": 6, "juin": 6,
    "july": 7, "jul": 7, "juillet": 7, "juil": 7,
    "august": 8, "aug": 8, "aout": 8,
    "september": 9, "sep": 9, "sept": 9, "septembre": 9,
    "october": 10, "oct": 10, "octobre": 10,
    "november": 11, "nov": 11, "novembre": 11,
    "december": 12, "dec": 12, "decembre": 12,
}  # fmt: skip

MODIFIERS = {
    "next": "next", "coming": "next", "this coming": "next", "this": "this", "last": "last",
    "past": "last", "following": "next", "the following": "next", "upcoming": "next",
    "prochain": "next", "prochaine": "next", "ce": "this", "cette": "this",
}  # fmt: skip

MODIFIERS_AFTER = {
    "prochain": "next", "prochaine": "next", "qui vient": "next", "dernier": "last",
    "derniere": "last", "passe": "last", "next week": "next_week",
    "de la semaine prochaine": "next_week", "la semaine prochaine": "next_week",
    "semaine prochaine": "next_week", "of next week": "next_week", "suivant": "next",
    "de la semaine suivante": "next_week", "la semaine suivante": "next_week",
    "semaine suivante": "next_week", "the following week": "next_week",
    "the week after": "next_week", "la semaine d apres": "next_week",
    "de la semaine d apres": "next_week",
    "coming": "next", "suivante": "next", "pro": "next", "next": "next", "prochains": "next",
    "prochaines": "next", "suivants": "next", "suivantes": "next",
}  # fmt: skip

WEEKS = {
    "next week": 1, "this week": 0, "last week": -1, "la semaine prochaine": 1,
    "semaine prochaine": 1, "la semaine pro": 1, "semaine pro": 1, "cette semaine": 0,
    "la semaine derniere": -1, "semaine derniere": -1, "la semaine suivante": 1,
    "semaine suivante": 1, "the following week": 1, "the week after": 1, "la semaine d apres": 1,
    "the coming week": 1, "la semaine qui vient": 1, "this coming week": 1,
    "the week after next": 2, "week after next": 2, "dans la semaine": 0,
}  # fmt: skip
WEEKS_LATER = {
    "after next": 1, "week": 1, "en huit": 1, "en 8": 1, "en quinze": 2, "en 15": 2,
    "d apres": 1, "week after next": 2,
}  # fmt: skip
WEEK_OF = (
    "week of", "the week of", "week commencing", "week beginning", "the week commencing",
    "the week beginning", "semaine du", "la semaine du", "semaine de", "la semaine de",
    "in the week of", "dans la semaine du", "week of the", "the week of the",
)  # fmt: skip
ENDS_OF = (
    "end of", "end of the", "the end of", "the end of the", "fin", "fin de", "fin du", "fin d",
    "la fin du", "la fin de", "la fin de la", "a la fin du", "a la fin de", "fin de la",
    "en fin de", "en fin du", "by the end of", "at the end of", "at the end of the",
)  # fmt: skip
ONS = ("on", "from")
NOWS = (
    "now", "right now", "right away", "maintenant", "des maintenant", "tout de suite",
    "immediately", "immediatement", "des a present",
)  # fmt: skip
# "the month", "la semaine" after "end of", "du": this one, but never a window alone.
MONTH_NOUNS = ("month", "the month", "mois", "le mois")
WEEK_NOUNS = ("week", "the week", "semaine", "la semaine")
WEEK_NUMBERS = (
    "week", "wk", "semaine", "sem", "week no", "week number", "semaine n", "cw", "s", "w",
)  # fmt: skip
EARLIES = {
    "early": 0, "en debut de": 0, "debut de": 0, "debut": 0, "au debut de": 0,
    "late": 3, "en fin de": 4, "towards the end of": 3, "mid": 2, "midweek": 2,
    "en milieu de": 2, "milieu de": 2, "le milieu de": 2, "mi": 2, "la mi": 2, "a la mi": 2,
}  # fmt: skip
DAY_NUMBER_NEXT = ("au", "aux", "du", "the", "on the", "le")
PAST_HOURS = ("past", "after")
TO_HOURS = ("to", "of", "till", "til")
ARTICLES = ("a", "an", "un", "une")
CLOCK_ATS = ("at", "a")
SHORT_MERIDIEMS = {"a": "am", "p": "pm"}
LAST_ONES = ("last", "the last", "dernier", "derniere", "le dernier", "la derniere", "final")
OFS = ("of", "of the", "in", "de", "du", "d", "en", "de la")
YEAR_SHIFTS = {
    "next year": 1, "this year": 0, "last year": -1, "l an prochain": 1, "an prochain": 1,
    "l annee prochaine": 1, "annee prochaine": 1, "cette annee": 0, "l annee derniere": -1,
    "l an dernier": -1, "the following year": 1, "l annee suivante": 1,
}  # fmt: skip
DAYS_AFTER = {
    "lendemain": 1, "le lendemain": 1, "surlendemain": 2, "le surlendemain": 2,
    "the day after": 1, "the next day": 1, "the following day": 1, "le jour suivant": 1,
    "le jour d apres": 1, "day after": 1, "next day": 1,
}  # fmt: skip
AFTERS = ("after", "apres", "later", "plus tard")
# Words read by a guess: the preview shows what they were read as.
GUESSED = (
    "few", "a few", "several", "quelques", "plusieurs", "d apres", "quinzaine", *MEALS,
    "une dizaine", "une quinzaine", "une vingtaine", "une trentaine", "une petite", "une bonne",
)  # fmt: skip

MONTH_SHIFTS = {
    "next month": 1, "le mois prochain": 1, "mois prochain": 1, "this month": 0,
    "ce mois": 0, "ce mois ci": 0, "le mois suivant": 1,
    "the following month": 1,
}  # fmt: skip

WEEKENDS = {
    "weekend": 0, "week end": 0, "this weekend": 0, "next weekend": 1, "le weekend": 0,
    "le week end": 0, "ce weekend": 0, "ce week end": 0, "le week end prochain": 1,
    "le weekend prochain": 1,
}  # fmt: skip

CONNECTORS = (
    "to", "until", "untill", "till", "til", "through", "thru", "au", "jusqu a", "jusqua",
    "jusqu au", "jusque", "jusqu", "aux",
)  # fmt: skip
PAIR_CONNECTORS = ("and", "et")
PREFIXES = {
    "from": "from", "starting": "from", "starting at": "from", "starting from": "from",
    "beginning": "from", "de": "from", "du": "from", "des": "from", "a partir de": "from",
    "a partir du": "from", "a compter de": "from", "a compter du": "from",
    "between": "between", "entre": "between",
}  # fmt: skip
DURATION_MARKERS = (
    "for", "pdt", "pour", "pendant", "durant", "during", "lasting", "sur", "duree", "duration",
)  # fmt: skip  # "pdt": French for "pendant"; PDT the zone when no quantity follows
# "within 2 hours", "d'ici 15h" set a deadline, not a start: left unread, so an error quotes them.
IN_MARKERS = ("in", "dans")
FROM_NOW = ("from now", "later", "plus tard", "from today")
FILLERS = {
    "at": False, "on": False, "of": False, "around": False, "about": False, "approx": False,
    "approximately": False, "vers": False, "environ": False, "for the": False,
    "the": True, "on the": True, "le": True, "la": False, "les": False, "l": False,
    "for": False, "pour": False,  # "for tomorrow": a duration marker only before a quantity
    "aux alentours de": False, "aux alentours d": False, "autour de": False,
    "a peu pres": False, "approximativement": False, "roughly": False, "circa": False,
    "round about": False, "around about": False, "give or take": False, "vers les": False,
    "sur les coups de": False, "grosso modo": False, "sur les": False, "aux environs de": False,
    "dans les environs de": False, "or so": False, "or thereabouts": False, "right": False,
    "juste": False, "just": False, "pile": False, "sharp": False, "tapantes": False,
    "tapant": False, "precises": False, "pile poil": False, "on the dot": False,
    "after": False, "apres": False, "dans le courant de": False, "courant": False,
    "courant de": False, "au cours de": False, "sometime": False, "some time": False,
    "time": False, "s time": False, "jour pour jour": False,
}  # fmt: skip
# What people say around the time and that changes nothing in it: requests, politeness, hedges.
# Any other word stays unreadable ("tomorrow banana 8am"), and chatter alone reads no time.
CHATTER = (
    "please", "pls", "plz", "kindly", "thanks", "thank you", "thx", "ok", "okay", "schedule",
    "reschedule", "book", "plan", "set", "put", "it", "can", "could", "we", "you", "do",
    "let s", "lets", "say", "how about", "what about", "maybe", "sometime", "some time",
    "anytime", "any time",
    "stp", "svp", "s il te plait", "s il vous plait", "merci", "merci beaucoup", "prevu",
    "prevue", "prevus", "prevues", "planifie", "planifiee", "planifier", "on dit", "disons",
    "plutot", "c est", "n importe quand", "d accord",
)  # fmt: skip

_TABLES: tuple[tuple[Word, dict[str, object]], ...] = (  # ties go to the earlier table
    (Word.RELATIVE_DAY, dict(RELATIVE_DAYS)),
    (Word.DAY_PART, dict(DAY_PARTS)),
    (Word.MODIFIER_AFTER, dict(MODIFIERS_AFTER)),
    (Word.WEEK, dict(WEEKS)),
    (Word.MONTH_SHIFT, dict(MONTH_SHIFTS)),
    (Word.WEEKEND, dict(WEEKENDS)),
    (Word.MONTH, dict(MONTHS)),
    (Word.WEEKDAY, dict(WEEKDAYS)),
    (Word.MODIFIER, dict(MODIFIERS)),
    (Word.CONNECTOR, dict.fromkeys(CONNECTORS)),
    (Word.PAIR_CONNECTOR, dict.fromkeys(PAIR_CONNECTORS)),
    (Word.AT, {"a": None}),
    (Word.PREFIX, dict(PREFIXES)),
    (Word.DURATION_MARKER, dict.fromkeys(DURATION_MARKERS)),
    (Word.IN_MARKER, dict.fromkeys(IN_MARKERS)),
    (Word.FROM_NOW, dict.fromkeys(FROM_NOW)),
    (Word.FILLER, dict(FILLERS)),
    (Word.FILLER, dict.fromkeys(CHATTER, False)),
    (Word.CLOCK, dict(CLOCK_WORDS)),
    (Word.MERIDIEM, dict(MERIDIEMS)),
    (Word.HOUR_MARK, dict.fromkeys(HOUR_MARKS)),
    (Word.FRENCH_HOURS, dict.fromkeys(FRENCH_HOURS)),
    (Word.UNIT, dict(UNITS)),
    (Word.NUMBER, dict(NUMBERS)),
    (Word.ORDINAL_SUFFIX, dict.fromkeys(ORDINAL_SUFFIXES)),
    (Word.ORDINAL, dict(ORDINALS)),
    (Word.ZONE, dict(ZONES)),
    (Word.MINUTES_AFTER, dict(MINUTES_AFTER)),
    (Word.SPOKEN_CLOCK, dict(SPOKEN_CLOCKS)),
    (Word.HALF, dict.fromkeys(HALVES)),
    (Word.WEEKS_LATER, dict(WEEKS_LATER)),
    (Word.WEEK_OF, dict.fromkeys(WEEK_OF)),
    (Word.END_OF, dict.fromkeys(ENDS_OF)),
    (Word.ON, dict.fromkeys(ONS)),
    (Word.NOW, dict.fromkeys(NOWS)),
    (Word.MONTH_NOUN, dict.fromkeys(MONTH_NOUNS, 0)),
    (Word.WEEK_NOUN, dict.fromkeys(WEEK_NOUNS, 0)),
    (Word.WEEK_NUMBER, dict.fromkeys(WEEK_NUMBERS)),
    (Word.EARLY, dict(EARLIES)),
    (Word.DAY_NUMBER_NEXT, dict.fromkeys(DAY_NUMBER_NEXT)),
    (Word.PAST_HOUR, dict.fromkeys(PAST_HOURS)),
    (Word.TO_HOUR, dict.fromkeys(TO_HOURS)),
    (Word.ARTICLE, dict.fromkeys(ARTICLES)),
    (Word.CLOCK_AT, dict.fromkeys(CLOCK_ATS)),
    (Word.SHORT_MERIDIEM, dict(SHORT_MERIDIEMS)),
    (Word.LAST_ONE, dict.fromkeys(LAST_ONES)),
    (Word.OF, dict.fromkeys(OFS)),
    (Word.YEAR_SHIFT, dict(YEAR_SHIFTS)),
    (Word.DAY_AFTER, dict(DAYS_AFTER)),
    (Word.AFTER, dict.fromkeys(AFTERS)),
    (Word.ISH, dict.fromkeys(("ish",))),
    (Word.GUESSED, dict.fromkeys(GUESSED)),
    *((Word(meaning), table) for meaning, table in SERIES_WORDS.items()),
)

Entry = tuple[tuple[str, ...], Word, object]


def build_index() -> dict[str, tuple[Entry, ...]]:
    """Map each first word to its entries (words, meaning, value), longest compounds first."""
    index: dict[str, list[Entry]] = {}
    for meaning, table in _TABLES:
        for phrase, value in table.items():
            words = tuple(phrase.split())
            index.setdefault(words[0], []).append((words, meaning, value))
    return {
        first: tuple(sorted(entries, key=lambda entry: -len(entry[0])))
        for first, entries in index.items()
    }


INDEX = build_index()
GUESSED_FIRST_WORDS = frozenset(phrase.split()[0] for phrase in GUESSED)
