"""Done work reads backwards: the latest past occurrence of a recurring phrase."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.parsing.done_work import place_done_window

PARIS = ZoneInfo("Europe/Paris")
WEDNESDAY = datetime(2026, 3, 11, 10, 0, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("monday 9am to 11am", datetime(2026, 3, 9, 9, 0, tzinfo=PARIS)),
        ("lundi 9h à 11h", datetime(2026, 3, 9, 9, 0, tzinfo=PARIS)),
        ("dec 1 9am", datetime(2025, 12, 1, 9, 0, tzinfo=PARIS)),
        ("11am", datetime(2026, 3, 10, 11, 0, tzinfo=PARIS)),
        ("9am", datetime(2026, 3, 11, 9, 0, tzinfo=PARIS)),
        ("friday", datetime(2026, 3, 6, 8, 0, tzinfo=PARIS)),
        # anchored on the moment of speaking, or absolute: one reading only
        ("tomorrow 9am", datetime(2026, 3, 12, 9, 0, tzinfo=PARIS)),
        ("next monday 9am", datetime(2026, 3, 16, 9, 0, tzinfo=PARIS)),
        ("2026-03-12 9am", datetime(2026, 3, 12, 9, 0, tzinfo=PARIS)),
        ("yesterday 8am", datetime(2026, 3, 10, 8, 0, tzinfo=PARIS)),
    ],
)
def test_done_work_is_the_latest_past_reading(text: str, start: datetime) -> None:
    assert place_done_window(text, now=WEDNESDAY, tz=PARIS).start == start
