"""Every phrase of the dev set and of the held-out set gives its hand-worked answer."""

from __future__ import annotations

import pytest

from tests.parsing.phrase_sets import Record, answer, case_id, is_right, load, score

DEV = load("when-dev.jsonl")
HELD_OUT = load("when-heldout.jsonl")


@pytest.mark.parametrize("record", DEV, ids=[case_id(r) for r in DEV])
def test_dev_phrase_gives_its_expected_window(record: Record) -> None:
    got = answer(record)
    assert is_right(record, got), f"got {got}, expected {record.get('expected_start')}"


@pytest.mark.parametrize("record", HELD_OUT, ids=[case_id(r) for r in HELD_OUT])
def test_held_out_phrase_gives_its_expected_window(record: Record) -> None:
    got = answer(record)
    assert is_right(record, got), f"got {got}, expected {record.get('expected_start')}"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_held_out_score_is_at_least_ninety_percent_in_each_language(language: str) -> None:
    records = [r for r in HELD_OUT if r["locale"].startswith(language)]
    assert len(records) >= 60
    assert score(records) >= 0.9


def test_dev_set_has_both_languages_and_errors() -> None:
    """The copied dev set is the whole shared one: 221 phrases, 41 of them errors."""
    assert len(DEV) == 221
    assert sum(bool(r.get("expect_error")) for r in DEV) == 41
