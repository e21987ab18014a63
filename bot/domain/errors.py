"""Errors of the use cases; they carry data (ids, states, people), never sentences.

    DomainError
     ├── NotAllowed(who_may)               the user may not do this; `who_may` may
     ├── AlreadyDecided(state, by, at)     someone (or the clock) got there first
     ├── UnknownRequest(request_id)        no such reassignment request
     ├── UnmappedAssignee(slack_user_id)   bot.toml gives this user no API identity
     └── CannotSave(intervention_id)       the store did not answer: before the API call
                                           (None: nothing was sent), or after it answered

The Slack layer's one error handler turns each into a private message in the user's language.
"""

# The names are the vocabulary of DESIGN.md and STYLE.md, not "...Error" ones.
# ruff: noqa: N818

from __future__ import annotations

from datetime import datetime

from bot.model import RequestState


class DomainError(Exception):
    """Base of every error a use case raises on purpose."""


class NotAllowed(DomainError):
    """The user may not take this action; the people in `who_may` may (possibly nobody)."""

    def __init__(self, who_may: tuple[str, ...]) -> None:
        super().__init__(who_may)
        self.who_may = who_may


class AlreadyDecided(DomainError):
    """The request left the state the action needs: it is `state` since `at`, by `by` if anyone."""

    def __init__(self, state: RequestState, by: str | None, at: datetime | None) -> None:
        super().__init__(state, by, at)
        self.state = state
        self.by = by
        self.at = at


class UnknownRequest(DomainError):
    """No reassignment request has this id."""

    def __init__(self, request_id: int) -> None:
        super().__init__(request_id)
        self.request_id = request_id


class UnmappedAssignee(DomainError):
    """The proposed assignee is a Slack user `bot.toml` does not map to a profile or contact."""

    def __init__(self, slack_user_id: str | None) -> None:
        super().__init__(slack_user_id)
        self.slack_user_id = slack_user_id


class CannotSave(DomainError):
    """The store stopped answering. `intervention_id` None: before the API call, nothing was
    sent; else the API created it and the bot keeps trying to record it while it runs."""

    def __init__(self, intervention_id: int | None) -> None:
        super().__init__(intervention_id)
        self.intervention_id = intervention_id
