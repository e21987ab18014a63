"""Loads the phrase tables in tests/data and judges answers by their README's scoring rules."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.model import format_api_timestamp
from bot.parsing.errors import ParseError
from bot.parsing.time_phrases import parse_window

DATA = Path(__file__).resolve().parent.parent / "data"
Record = dict[str, Any]
Answer = tuple[str, str] | None  # (start, end) in the API format, None for an error


def load(name: str) -> list[Record]:
    """The records of `tests/data/<name>`."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def case_id(record: Record) -> str:
    """A test id naming the phrase, its locale and its zone."""
    return f"{record['text']!r}-{record['locale']}-{record['tz']}"


def answer(record: Record) -> Answer:
    """What the parser says for a record, as `python -m bot when` would."""
    try:
        window = parse_window(
            record["text"],
            now=datetime.fromisoformat(record["now"]),
            tz=ZoneInfo(record["tz"]),
            locale=record["locale"],
        )
    except ParseError:
        return None
    return format_api_timestamp(window.start), format_api_timestamp(window.end)


def _two_hours_after(start: str) -> str:
    instant = datetime.fromisoformat(start.replace("Z", "+00:00"))
    return format_api_timestamp(instant + timedelta(hours=2))


def _matches(got: Answer, start: str, end: str | None) -> bool:
    if got is None:
        return False
    return got == (start, end if end is not None else _two_hours_after(start))


def is_right(record: Record, got: Answer) -> bool:
    """The README's strict rules: exact start and end, alternatives and `past` leniency."""
    if record.get("expect_error"):
        return got is None
    if record.get("past") and got is None:
        return True
    readings = [(record["expected_start"], record["expected_end"])]
    readings += [(alt["start"], alt.get("end")) for alt in record.get("alternatives", [])]
    return any(_matches(got, start, end) for start, end in readings)


def _local_day(instant: str, zone: str) -> str:
    moment = datetime.fromisoformat(instant.replace("Z", "+00:00"))
    return moment.astimezone(ZoneInfo(zone)).date().isoformat()


def is_close(record: Record, got: Answer) -> bool:
    """The README's headline rules: an instant needs only its start, a date only its local day."""
    if is_right(record, got) or got is None or record.get("expect_error"):
        return is_right(record, got)
    readings = [record["expected_start"]] + [a["start"] for a in record.get("alternatives", [])]
    if record["kind"] == "instant":
        return got[0] in readings
    if record["kind"] == "date":
        day = _local_day(got[0], record["tz"])
        return any(_local_day(start, record["tz"]) == day for start in readings)
    return False


def score(records: list[Record], *, strict: bool = True) -> float:
    """The share of records answered right, by the strict or the headline (lenient) rules."""
    judge = is_right if strict else is_close
    return sum(judge(record, answer(record)) for record in records) / len(records)
