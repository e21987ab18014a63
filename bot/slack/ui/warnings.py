"""What a preview warns about, one line each, before anything is sent.

A window longer than 12 h, one on a weekend or outside the workday, `done` work set in the
future, a routine no team lists, an intervention the bot has no record of: each is legal, and
each is more often a slip than a wish, so the preview says it plainly.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.config import BotConfig
from bot.i18n.catalog import format_duration, t
from bot.model import CreationStatus, Language, TimeWindow

LONG_WINDOW = timedelta(hours=12)
_SATURDAY = 5


def window_warnings(
    window: TimeWindow, zone: ZoneInfo, config: BotConfig, lang: Language
) -> list[str]:
    """Lines about the window itself: long, on a weekend, outside the workday."""
    lines = []
    if window.duration > LONG_WINDOW:
        lines.append(t("warn.long", lang, duration=format_duration(window.duration, lang)))
    start, end = window.start.astimezone(zone), window.end.astimezone(zone)
    last_day = (end - timedelta(microseconds=1)).date()
    days = (last_day - start.date()).days + 1
    if any((start.date() + timedelta(d)).weekday() >= _SATURDAY for d in range(min(days, 7))):
        lines.append(t("warn.weekend", lang))
    opens, closes = config.workday
    if not (opens <= start.time() <= closes) or not (opens <= end.time() <= closes):
        workday = f"{opens:%H:%M}-{closes:%H:%M}"
        lines.append(t("warn.outside_workday", lang, workday=workday))
    return lines


def preview_warnings(
    *,
    window: TimeWindow,
    zone: ZoneInfo,
    config: BotConfig,
    lang: Language,
    now: datetime,
    status: CreationStatus | None = None,
    routine_id: int | None = None,
    unrecorded_id: int | None = None,
    zone_is_default: bool = False,
) -> list[str]:
    """Every warning for one preview, in the user's language."""
    lines = window_warnings(window, zone, config, lang)
    if zone_is_default:
        lines.append(t("warn.default_zone", lang, zone=zone.key))
    if status == CreationStatus.DONE and window.start > now:
        lines.append(t("warn.done_in_future", lang))
    if routine_id is not None and not config.knows_routine(routine_id):
        lines.append(t("warn.unknown_routine", lang, id=routine_id))
    if unrecorded_id is not None:
        lines.append(t("warn.unrecorded", lang, id=unrecorded_id))
    return lines
