"""Idempotency of what users confirm: a key is acted on once, and its outcome is remembered.

A preview, a modal and a Retry button each carry a key; of any number of clicks, in any number of
processes, one claims it (an atomic insert in the store) and only that one calls the API. The
others learn what became of it, as a `ClaimOutcome`; the store keeps it as a short string.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ClaimState(StrEnum):
    """What became of a claimed action."""

    IN_PROGRESS = "in_progress"  # claimed, not finished (or never claimed)
    CREATED = "created"
    RESCHEDULED = "rescheduled"
    ASSIGNED = "assigned"
    CANCELLED = "cancelled"
    UNKNOWN = "unknown"  # the API call's outcome is unknown: it must not be sent again


@dataclass(frozen=True, slots=True)
class ClaimOutcome:
    """The outcome recorded for a key, with the intervention it concerned when there is one."""

    state: ClaimState
    intervention_id: int | None = None

    def encode(self) -> str:
        """The store's form: `created:42`, `cancelled`."""
        if self.intervention_id is None:
            return self.state.value
        return f"{self.state.value}:{self.intervention_id}"

    @classmethod
    def decode(cls, stored: str | None) -> ClaimOutcome:
        """Read the store's form back; nothing recorded yet means the action is in progress."""
        kind, _, value = (stored or "").partition(":")
        try:
            state = ClaimState(kind)
        except ValueError:
            return cls(ClaimState.IN_PROGRESS)
        return cls(state, int(value) if value.isdigit() else None)


CREATED, RESCHEDULED, ASSIGNED = ClaimState.CREATED, ClaimState.RESCHEDULED, ClaimState.ASSIGNED
CANCELLED = ClaimOutcome(ClaimState.CANCELLED)
UNKNOWN = ClaimOutcome(ClaimState.UNKNOWN)


@dataclass(frozen=True, slots=True)
class AlreadyHandled:
    """The same confirmation was already acted on (a double click, another process)."""

    outcome: ClaimOutcome
