"""Minutes counted from an hour: `20 past 3`, `twenty to five`, `10 minutes to 5`."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.model import format_api_timestamp
from bot.parsing.time_phrases import parse_window

PARIS = ZoneInfo("Europe/Paris")
TUESDAY_MORNING = datetime(2026, 3, 10, 9, 15, tzinfo=PARIS)


def window(text: str) -> tuple[str, str]:
    found = parse_window(text, now=TUESDAY_MORNING, tz=PARIS)
    return format_api_timestamp(found.start), format_api_timestamp(found.end)


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("20 past 3", "2026-03-10T14:20:00.000Z"),
        ("twenty-five after 4pm", "2026-03-10T15:25:00.000Z"),
        ("twenty to five", "2026-03-10T15:40:00.000Z"),
        ("10 minutes to 5", "2026-03-10T15:50:00.000Z"),
        ("tomorrow five past ten", "2026-03-11T09:05:00.000Z"),
    ],
)
def test_minutes_counted_from_an_hour_give_the_earliest_such_time_ahead(
    text: str, start: str
) -> None:
    assert window(text)[0] == start


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10 to 5", ("2026-03-10T09:00:00.000Z", "2026-03-10T16:00:00.000Z")),
        ("20 to 5", ("2026-03-10T19:00:00.000Z", "2026-03-11T04:00:00.000Z")),
    ],
)
def test_digits_before_to_stay_a_range_unless_they_say_minutes(
    text: str, expected: tuple[str, str]
) -> None:
    assert window(text) == expected


def test_counted_clock_opens_a_range() -> None:
    assert window("20 past 3 to 4") == ("2026-03-10T14:20:00.000Z", "2026-03-10T15:00:00.000Z")
