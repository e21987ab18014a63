"""Blind round 5 as a score-only check: the aggregate may only go up; no phrase is tested alone.

The set (`tests/parsing/blind/round5.jsonl`) was written without reading the parser and scored once
against `main` before any fix (`tests/parsing/blind/README.md`). This test runs it through
`python -m bot when` and asserts only the strict accuracy per language against that first score,
rounded down. It never names a missed phrase, so the set stays a measure of generalisation.
"""

from __future__ import annotations

import hashlib

from tests.parsing.blind import score

# The first score, measured on main before any fix, was EN 260/421 (0.618), FR 267/422 (0.633).
# After the parser's redesign (written without seeing this set) it read EN 385/421, FR 382/422:
# the floor is that, rounded down, so a regression shows while no phrase is tuned to.
FLOOR = {"en": 0.914, "fr": 0.905}
# The set as scored; a corrected expectation changes this digest, and the README says why.
SET_DIGEST = "92c2c2826cd77c3d8c7e013c87a10da1bc471c263af334f9b613c11b6f547718"
SIZES = {"en": 421, "fr": 422}


def test_the_set_is_the_one_that_was_scored() -> None:
    digest = hashlib.sha256(score.SET.read_bytes()).hexdigest()
    assert digest == SET_DIGEST, "round5.jsonl changed: record why in the blind README"
    sizes: dict[str, int] = {}
    for record in score.load():
        language = record["locale"][:2]
        sizes[language] = sizes.get(language, 0) + 1
    assert sizes == SIZES


def test_strict_accuracy_per_language_does_not_fall_below_the_first_score() -> None:
    figures = score.score()
    accuracy = {language: figures[language]["accuracy"] for language in sorted(figures)}
    assert set(accuracy) == set(FLOOR)
    for language, floor in FLOOR.items():
        assert accuracy[language] >= floor, (
            f"{language}: strict {accuracy[language]:.3f} below the recorded {floor:.3f}"
        )
