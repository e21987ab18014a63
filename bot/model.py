"""Shared values of the product: windows, statuses, assignees, interventions, request states.

Plain data only: this module imports nothing from `bot` and does no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from enum import IntEnum, StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Language(StrEnum):
    """The two languages every user-facing text exists in."""

    EN = "en"
    FR = "fr"


class CreationStatus(IntEnum):
    """The API's `creationStatus` enum."""

    TO_SCHEDULE = 0
    SCHEDULED = 1
    DONE = 2


class ListScope(StrEnum):
    """Whose interventions `/preventive list` shows."""

    MINE = "mine"
    TEAM = "team"
    ALL = "all"


class RequestState(StrEnum):
    """States of a reassignment request; see `bot.domain.reassignments` for the transitions."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    APPLIED = "applied"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class WindowDefaults:
    """How a phrase that leaves something out is completed (`bot.toml`)."""

    default_duration: timedelta = timedelta(hours=2)
    workday_start: time = time(8, 0)
    workday_end: time = time(17, 0)


@dataclass(frozen=True, slots=True)
class TimeWindow:
    """A scheduled window: two timezone-aware instants, `end` strictly after `start`."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("TimeWindow needs timezone-aware datetimes")
        if self.end <= self.start:
            raise ValueError("TimeWindow end must be after its start")

    @property
    def duration(self) -> timedelta:
        return self.end - self.start


def format_api_timestamp(instant: datetime) -> str:
    """Write an aware instant the way the API wants it: `2024-12-01T12:34:56.000Z`."""
    if instant.tzinfo is None:
        raise ValueError("API timestamps need a timezone-aware datetime")
    utc = instant.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


# Every id the API takes (routine, intervention, profile, contact) is a positive 32-bit integer;
# anything else is refused where it enters (commands, button values, modal metadata).
MAX_API_ID = 2**31 - 1
ApiId = Annotated[int, Field(ge=1, le=MAX_API_ID)]


class Assignee(BaseModel):
    """Who an intervention goes to: a Slack user (mapped via `bot.toml`) or an API id.

    Exactly one of `profile_id` / `company_contact_id` is known once mapped; a bare Slack user
    that `bot.toml` does not map has neither and cannot be sent to the API.
    """

    model_config = ConfigDict(frozen=True)

    slack_user_id: str | None = None
    profile_id: ApiId | None = None
    company_contact_id: ApiId | None = None

    @model_validator(mode="after")
    def _check_known(self) -> Assignee:
        if (
            self.slack_user_id is None
            and self.profile_id is None
            and (self.company_contact_id is None)
        ):
            raise ValueError("an assignee needs a Slack user, a profile id or a contact id")
        if self.profile_id is not None and self.company_contact_id is not None:
            raise ValueError("an assignee is a profile or a company contact, not both")
        return self

    @property
    def is_mapped(self) -> bool:
        """True when the API can be told who this is."""
        return self.profile_id is not None or self.company_contact_id is not None


class Intervention(BaseModel):
    """What the API last said about an intervention, minus its secrets.

    Field names are the seeds' camelCase names in snake_case. Only the fields the bot reads are
    here; the wire model (`bot.api.payloads.InterventionPayload`) knows the others, and
    `codePin` and `imgSignature` are deliberately absent, so they never enter the program.
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: int
    status: int | None = None
    type: int | None = None
    description: str | None = None
    creation_status: int | None = None
    scheduled_start: datetime | None = None
    scheduled_end: datetime | None = None
    assigned_company_contact_id: int | None = None
    assigned_profile_id: int | None = None
    routine_id: int | None = None
    updated_at: datetime | None = None
    created_at: datetime | None = None

    @property
    def window(self) -> TimeWindow | None:
        """The scheduled window, when the API gave both ends in order."""
        start, end = self.scheduled_start, self.scheduled_end
        if start is None or end is None or start.tzinfo is None or end <= start:
            return None
        return TimeWindow(start, end)

    @property
    def assignee(self) -> Assignee | None:
        if self.assigned_profile_id is not None:
            return Assignee(profile_id=self.assigned_profile_id)
        if self.assigned_company_contact_id is not None:
            return Assignee(company_contact_id=self.assigned_company_contact_id)
        return None


@dataclass(frozen=True, slots=True)
class InterventionChanges:
    """The fields a PATCH changes; `None` means unchanged and is never sent."""

    description: str | None = None
    window: TimeWindow | None = None
    site_rule_ids: tuple[int, ...] | None = None
    creation_status: CreationStatus | None = None
    assignee: Assignee | None = None
    email_current_assignee: bool | None = None
    previous_assignee_email: bool | None = None
    previous_assignee_reason: str | None = None

    @property
    def is_empty(self) -> bool:
        return all(
            value is None
            for value in (
                self.description,
                self.window,
                self.site_rule_ids,
                self.creation_status,
                self.assignee,
                self.email_current_assignee,
                self.previous_assignee_email,
            )
        )


class ReassignmentRequest(BaseModel):
    """A request to give an intervention to someone else, as the store keeps it."""

    model_config = ConfigDict(frozen=True)

    id: int
    intervention_id: int
    requested_by: str
    proposed: Assignee
    current: Assignee | None = None
    reason: str = ""
    email_previous_assignee: bool = True
    email_current_assignee: bool = False
    state: RequestState = RequestState.PENDING
    created_at: datetime
    expires_at: datetime
    decided_by: str | None = None
    decided_at: datetime | None = None
    decision_reason: str | None = None
    failure: str | None = None
    channel: str | None = None
    thread_ts: str | None = None
    message_ts: str | None = None
