"""Dates, times and durations in a Babel locale's own styles, for text the bot does not write.

The demo's terminal renders Slack's `<!date^…>` tokens the way a Slack client would, in the
reader's locale; it comes here because Babel lives in `bot.i18n` only.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from babel.dates import format_date, format_time, format_timedelta


def date_in_style(instant: datetime, style: str, locale: str) -> str:
    """`style` is Babel's `short`, `medium`, `long` or `full`."""
    return format_date(instant, style, locale=locale)


def time_in_style(instant: datetime, style: str, locale: str) -> str:
    """`style` is Babel's `short` or `medium`."""
    return format_time(instant, style, locale=locale)


def relative_delta(delta: timedelta, locale: str) -> str:
    """`in 2 hours`, `il y a 3 jours`."""
    return format_timedelta(delta, add_direction=True, locale=locale)
