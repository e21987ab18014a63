"""`t(key, lang, **values)` and local time formatting: the only place text is made.

Lower layers hand over data (ids, windows, error values); this module turns them into English or
French. It knows nothing of Slack markup beyond plain `*bold*` in the templates.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time

from bot.i18n import en, following_en, following_fr, fr, series_en, series_fr
from bot.model import CreationStatus, Language, TimeWindow

CATALOGS: dict[Language, dict[str, str]] = {
    Language.EN: en.MESSAGES | following_en.MESSAGES | series_en.MESSAGES,
    Language.FR: fr.MESSAGES | following_fr.MESSAGES | series_fr.MESSAGES,
}


def language_of(locale: str | None, default: Language = Language.EN) -> Language:
    """The catalog language for a Slack locale such as `fr-FR` or `en-GB`."""
    if not locale:
        return default
    return Language.FR if locale.lower().startswith("fr") else Language.EN


def t(key: str, lang: Language | str, /, **values: object) -> str:
    """The message `key` in `lang`, with `values` filled in."""
    catalog = CATALOGS[Language(lang)]
    return catalog[key].format(**values)


def babel_locale(locale: str | None, lang: Language) -> str:
    """A Babel locale name for a Slack locale, falling back to the language."""
    if locale and language_of(locale) == lang:
        return locale.replace("-", "_")
    return "fr_FR" if lang == Language.FR else "en_GB"


def format_status(status: int | None, lang: Language) -> str:
    if status is None:
        return t("status.unknown", lang)
    try:
        member = CreationStatus(status)
    except ValueError:
        return str(status)
    return t(f"status.{member.name.lower()}", lang)


def format_local(
    instant: datetime,
    zone: ZoneInfo,
    lang: Language,
    *,
    locale: str | None = None,
    now: datetime | None = None,
) -> str:
    """`Tue 10 Mar, 08:00` in `zone`; the year is shown when it is not the current one."""
    local = instant.astimezone(zone)
    babel = babel_locale(locale, lang)
    pattern = (
        "EEE d MMM" if now is None or now.astimezone(zone).year == local.year else ("EEE d MMM y")
    )
    return (
        f"{format_date(local, pattern, locale=babel)}, {format_time(local, 'short', locale=babel)}"
    )


def format_window(
    window: TimeWindow,
    zone: ZoneInfo,
    lang: Language,
    *,
    locale: str | None = None,
    now: datetime | None = None,
) -> str:
    """Both ends in the reader's zone, the end's date left out when it is the start's."""
    start = window.start.astimezone(zone)
    end = window.end.astimezone(zone)
    first = format_local(start, zone, lang, locale=locale, now=now)
    if start.date() == end.date():
        second = format_time(end, "short", locale=babel_locale(locale, lang))
    else:
        second = format_local(end, zone, lang, locale=locale, now=now)
    return f"{first} → {second}"


def format_phrase(window: TimeWindow, zone: ZoneInfo, lang: Language) -> str:
    """A window as a time phrase the user's language reads back, for prefilled forms:
    `Tue 1 Dec 2026 08:00 to 10:00`, `mardi 1 décembre 2026 de 8h à 10h`."""
    start, end = window.start.astimezone(zone), window.end.astimezone(zone)
    if lang == Language.FR:

        def day(moment: datetime) -> str:
            return format_date(moment, "EEEE d MMMM y", locale="fr_FR")

        def clock(moment: datetime) -> str:
            return f"{moment.hour}h{moment.minute:02d}" if moment.minute else f"{moment.hour}h"

        if start.date() == end.date():
            return f"{day(start)} de {clock(start)} à {clock(end)}"
        return f"du {day(start)} {clock(start)} au {day(end)} {clock(end)}"
    first = f"{format_date(start, 'EEE d MMM y', locale='en_GB')} {start:%H:%M}"
    if start.date() == end.date():
        return f"{first} to {end:%H:%M}"
    return f"{first} to {format_date(end, 'EEE d MMM y', locale='en_GB')} {end:%H:%M}"


def format_zone(instant: datetime, zone: ZoneInfo) -> str:
    """`Europe/Paris (CET)`: the zone's name and its abbreviation at that instant."""
    return f"{zone.key} ({instant.astimezone(zone).tzname()})"


def format_duration(duration: timedelta, lang: Language) -> str:
    """`2 h`, `1 h 30`, `3 d 2 h` / `3 j 2 h`."""
    minutes = int(duration.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(f"{days} {t('unit.day', lang)}")
    if hours:
        parts.append(f"{hours} h" if not mins or days else f"{hours} h {mins:02d}")
    if mins and (not hours or days):
        parts.append(f"{mins} min")
    return " ".join(parts) or "0 min"
