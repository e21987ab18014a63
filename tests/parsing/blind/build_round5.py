"""Build `round5.jsonl` from the hand-written expectations in `round5_phrases.txt`.

Each expectation is written by hand as local dates and times, with the weekday of every date
spelled out; this script only checks that arithmetic (the weekday matches the date, an ISO-week
claim matches, the start is ahead of `now`, the end is after the start, no local time falls in a
spring-forward gap) and converts local times to the API's UTC format with the zone's own rules.
It never calls the parser.

Line format: `clock|kind of miss|text|expectation[ || alternative ...]`, `#` starts a comment.
Expectations:
  E                              an error
  I wd YYYY-MM-DD HH:MM          a start, default duration (2 h)
  D wd YYYY-MM-DD                a date: the workday window 08:00-17:00
  R wd DATE HH:MM / wd DATE HH:MM   an interval; the end may be `HH:MM` (same date) or `+90m`/`+2h`
  R now / wd DATE HH:MM          an interval from the reference instant
  DR wd DATE / wd DATE           a date range: first day 08:00 to last day 17:00
  N +2h                          a start at now + an elapsed duration, default duration
  IZ YYYY-MM-DDTHH:MMZ           a start given in UTC (explicit zones), default duration
DATE may be `MM-DD` for 2026.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
CLOCKS = {
    # London, Thursday afternoon in BST; London and Paris leave summer time on Sunday 25 October.
    "A": ("2026-10-22T14:20:00+01:00", "Europe/London", "en-GB"),
    # New York, Friday before the workday, EST; US summer time begins Sunday 8 March 2026.
    "B": ("2026-01-16T07:30:00-05:00", "America/New_York", "en"),
    # Paris, Thursday afternoon in CEST.
    "C": ("2026-10-22T14:20:00+02:00", "Europe/Paris", "fr"),
    # Paris, Friday before the workday, CET; Paris enters summer time on Sunday 29 March 2026.
    "D": ("2026-01-16T07:30:00+01:00", "Europe/Paris", "fr"),
}
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WORKDAY = (time(8, 0), time(17, 0))
DEFAULT_DURATION = timedelta(hours=2)


def api(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def day(weekday: str, text: str) -> date:
    value = date.fromisoformat(text if len(text) == 10 else f"2026-{text}")
    if WEEKDAYS[value.weekday()] != weekday:
        raise ValueError(f"{text} is a {WEEKDAYS[value.weekday()]}, not {weekday}")
    return value


def local(value: date, clock: str, zone: ZoneInfo) -> datetime:
    hour, minute = (int(part) for part in clock.split(":"))
    moment = datetime.combine(value, time(hour, minute), tzinfo=zone)
    back = moment.astimezone(UTC).astimezone(zone)
    if back.replace(tzinfo=None) != moment.replace(tzinfo=None):
        raise ValueError(f"{value} {clock} does not exist in {zone}")
    return moment


def duration(text: str) -> timedelta:
    match = re.fullmatch(r"\+(\d+)([mhd])", text)
    if not match:
        raise ValueError(f"bad duration {text!r}")
    amount, unit = int(match[1]), match[2]
    units = {"m": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1)}
    return amount * units[unit]


def reading(spec: str, now: datetime, zone: ZoneInfo) -> dict[str, object]:
    """One expected reading: kind, start, end (UTC aware), dates."""
    words = spec.split()
    head = words[0]
    if head == "I":
        start = local(day(words[1], words[2]), words[3], zone)
        return {"kind": "instant", "start": start, "end": start + DEFAULT_DURATION}
    if head == "IZ":
        start = datetime.fromisoformat(words[1].replace("Z", "+00:00"))
        return {"kind": "instant", "start": start, "end": start + DEFAULT_DURATION}
    if head == "N":
        start = now + duration(words[1])
        return {"kind": "instant", "start": start, "end": start + DEFAULT_DURATION}
    if head == "D":
        value = day(words[1], words[2])
        return {
            "kind": "date",
            "start": local(value, "08:00", zone),
            "end": local(value, "17:00", zone),
            "date": value.isoformat(),
        }
    if head == "DR":
        first, last = day(words[1], words[2]), day(words[4], words[5])
        return {
            "kind": "interval",
            "start": local(first, "08:00", zone),
            "end": local(last, "17:00", zone),
            "date": first.isoformat(),
            "end_date": last.isoformat(),
        }
    if head == "R":
        left, right = (part.split() for part in spec[1:].split("/"))
        start = now if left == ["now"] else local(day(left[0], left[1]), left[2], zone)
        if len(right) == 1 and right[0].startswith("+"):
            end = start + duration(right[0])
        elif len(right) == 1:
            end = local(start.astimezone(zone).date(), right[0], zone)
        else:
            end = local(day(right[0], right[1]), right[2], zone)
        return {"kind": "interval", "start": start, "end": end}
    raise ValueError(f"bad expectation {spec!r}")


def record(line: str) -> dict[str, object]:
    clock, category, text, spec = line.split("|", 3)
    clock, category, spec = clock.strip(), category.strip(), spec.strip()
    now_text, tz, locale = CLOCKS[clock]
    zone = ZoneInfo(tz)
    now = datetime.fromisoformat(now_text)
    base: dict[str, object] = {"text": text, "now": now_text, "tz": tz, "locale": locale}
    specs = [part.strip() for part in spec.split("||")]
    if specs == ["E"]:
        return base | {
            "kind": "error",
            "expected_start": None,
            "expected_end": None,
            "expect_error": True,
            "category": category,
            "past": False,
        }
    readings = [reading(part, now, zone) for part in specs]
    for one in readings:
        start, end = one["start"], one["end"]
        assert isinstance(start, datetime)
        assert isinstance(end, datetime)
        if start < now:
            raise ValueError(f"{text!r}: start {start} is before now")
        if end <= start:
            raise ValueError(f"{text!r}: end {end} not after start {start}")
    first = readings[0]
    out = base | {
        "kind": first["kind"],
        "grain": "day" if first["kind"] == "date" or "end_date" in first else "minute",
        "expected_start": api(first["start"]),  # type: ignore[arg-type]
        "expected_end": None if first["kind"] == "instant" else api(first["end"]),  # type: ignore[arg-type]
    }
    for key in ("date", "end_date"):
        if key in first:
            out[key] = first[key]
    if len(readings) > 1:
        out["alternatives"] = [
            {"start": api(one["start"]), "end": api(one["end"])}  # type: ignore[arg-type]
            for one in readings[1:]
        ]
    return out | {"expect_error": False, "category": category, "past": False}


def main() -> int:
    records = []
    source = HERE / "round5_phrases.txt"
    for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            records.append(record(line))
        except (ValueError, KeyError) as error:
            sys.stderr.write(f"round5_phrases.txt:{number}: {error}\n")
            return 1
    texts = [(r["now"], r["locale"], r["text"]) for r in records]
    duplicates = {t for t in texts if texts.count(t) > 1}
    if duplicates:
        sys.stderr.write(f"duplicates: {sorted(duplicates)}\n")
        return 1
    with (HERE / "round5.jsonl").open("w", encoding="utf-8") as out:
        for one in records:
            out.write(json.dumps(one, ensure_ascii=False) + "\n")
    counts: dict[str, int] = {}
    for one in records:
        language = str(one["locale"])[:2]
        counts[language] = counts.get(language, 0) + 1
    sys.stdout.write(f"{counts}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
