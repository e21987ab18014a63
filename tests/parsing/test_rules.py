"""Every declared rule's examples give their window (a recurring plan: its first occurrence's
and its count); the rules are well formed."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.parsing.constructions import RULES
from bot.parsing.rules import Example, Rule
from bot.parsing.series import read_series
from bot.parsing.time_phrases import read_window

PARIS = ZoneInfo("Europe/Paris")
TUESDAY_MORNING = datetime(2026, 3, 10, 9, 15, tzinfo=PARIS)
EXAMPLES = [(rule, example) for rule in RULES for example in rule.examples]


def _local(moment: datetime) -> str:
    return moment.astimezone(PARIS).strftime("%Y-%m-%d %H:%M")


@pytest.mark.parametrize(
    ("rule", "example"), EXAMPLES, ids=[f"{r.name}:{e.text}" for r, e in EXAMPLES]
)
def test_rule_example_gives_its_window(rule: Rule, example: Example) -> None:
    if example.count is not None:
        series = read_series(example.text, now=TUESDAY_MORNING, tz=PARIS, locale=example.locale)
        assert len(series.occurrences) == example.count
        window, guesses = series.occurrences[0], series.guesses
    else:
        reading = read_window(example.text, now=TUESDAY_MORNING, tz=PARIS, locale=example.locale)
        window, guesses = reading.window, reading.guesses
    assert _local(window.start) == example.start
    if example.end is not None:
        assert _local(window.end) == example.end
    else:
        assert (window.end - window.start).total_seconds() == 7200
    assert bool(guesses) >= rule.guess


def test_every_rule_has_examples_in_both_languages_or_says_why() -> None:
    for rule in RULES:
        assert rule.examples, rule.name
        assert len({rule.name for rule in RULES}) == len(RULES)
