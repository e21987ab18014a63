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


def score(records: list[Record]) -> float:
    """The share of records answered right."""
    return sum(is_right(record, answer(record)) for record in records) / len(records)
