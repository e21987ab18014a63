"""Why a time phrase or a `/preventive` command could not be read: data, never sentences.

    Exception
     └── ParseError(problem: ParseProblem, fragment: str)

`fragment` is the user's own words that failed, verbatim ("blursday", "25pm"); `bot.i18n` turns
the pair into an English or French sentence.
"""

from __future__ import annotations

from enum import StrEnum


class ParseProblem(StrEnum):
    """Every reason a phrase or a command can fail; the i18n layer translates each member."""

    # time phrases
    EMPTY = "empty"
    UNREADABLE = "unreadable"
    INVALID_DATE = "invalid_date"
    INVALID_TIME = "invalid_time"
    CONFLICTING = "conflicting"
    END_NOT_AFTER_START = "end_not_after_start"
    IN_PAST = "in_past"
    NONEXISTENT_TIME = "nonexistent_time"
    # recurring plans
    RECURRING = "recurring"  # a series where one window is expected
    TOO_MANY_OCCURRENCES = "too_many_occurrences"  # more than 52
    NO_END = "no_end"  # "every monday" with no count, length, last day or period
    # commands
    UNKNOWN_SUBCOMMAND = "unknown_subcommand"
    MISSING_ROUTINE = "missing_routine"
    BAD_ROUTINE = "bad_routine"
    MISSING_ID = "missing_id"
    BAD_ID = "bad_id"
    MISSING_WHEN = "missing_when"
    MISSING_ASSIGNEE = "missing_assignee"
    BAD_ASSIGNEE = "bad_assignee"
    MISSING_STATUS = "missing_status"
    BAD_STATUS = "bad_status"
    BAD_SCOPE = "bad_scope"


class ParseError(Exception):
    """The text could not be read; `fragment` quotes the part at fault ("" when empty)."""

    def __init__(self, problem: ParseProblem, fragment: str = "") -> None:
        super().__init__(problem, fragment)
        self.problem = problem
        self.fragment = fragment

    def __str__(self) -> str:
        return f"{self.problem.value}: {self.fragment!r}"

    def __repr__(self) -> str:
        return f"ParseError({self.problem.value!r}, {self.fragment!r})"
