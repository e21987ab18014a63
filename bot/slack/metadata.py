"""Button `value`s and modal `private_metadata`: small pydantic models, serialised as JSON.

Slack gives a button value 2,000 characters and private_metadata 3,000: these models keep only
ids, instants and short user text. `bot.slack.middleware` reads them into each listener's context;
every id is an `ApiId` (1 to 2^31 - 1), so a forged value is refused there, before any call.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from bot.model import ApiId, Assignee, CreationStatus, TimeWindow


class _Compact(BaseModel):
    model_config = ConfigDict(frozen=True)

    def dump(self) -> str:
        return self.model_dump_json(exclude_none=True)


class PreviewKind(StrEnum):
    CREATE = "create"
    RESCHEDULE = "reschedule"


class Preview(_Compact):
    """What a preview proposes; its Confirm button carries it so Confirm needs no lookup."""

    kind: PreviewKind
    key: str
    start: datetime
    end: datetime
    when_text: str = ""
    routine_id: ApiId | None = None
    intervention_id: ApiId | None = None
    status: CreationStatus = CreationStatus.SCHEDULED
    assignee: Assignee | None = None
    channel_id: str = ""

    @field_validator("when_text")
    @classmethod
    def _short_enough_for_a_button(cls, text: str) -> str:
        """The phrase is only quoted back; a long one must not break the 2,000-char value."""
        return text if len(text) <= 300 else text[:299] + "…"

    @model_validator(mode="after")
    def _names_its_target(self) -> Preview:
        self.target_id  # noqa: B018  # raises when the target is missing
        return self

    @property
    def target_id(self) -> int:
        """The routine of a create, or the intervention of a reschedule."""
        target = self.routine_id if self.kind == PreviewKind.CREATE else self.intervention_id
        if target is None:
            raise ValueError(f"a {self.kind} preview needs its target id")
        return target

    @property
    def window(self) -> TimeWindow:
        return TimeWindow(self.start, self.end)


class SeriesRef(_Compact):
    """Buttons on a series preview: the plan (kept in the store under `key`), and what Edit
    puts back in the create form."""

    key: str = Field(max_length=64)
    routine_id: ApiId
    when_text: str = ""
    status: CreationStatus = CreationStatus.SCHEDULED
    assignee: Assignee | None = None
    channel_id: str = ""

    @field_validator("when_text")
    @classmethod
    def _short_enough_for_a_button(cls, text: str) -> str:
        return text if len(text) <= 300 else text[:299] + "…"


class SeriesRetry(_Compact):
    """ "Retry the N failed": which series, and a key of its own so a double click sends once."""

    key: str = Field(max_length=64)
    token: str = Field(default_factory=lambda: uuid.uuid4().hex[:12], max_length=32)


class InterventionRef(_Compact):
    """Buttons on a confirmation message: which intervention."""

    intervention_id: ApiId


class AssignmentRef(_Compact):
    """The Retry button of `created, not assigned`: which intervention, to whom, once."""

    intervention_id: ApiId
    assignee: Assignee
    key: str = Field(default_factory=lambda: uuid.uuid4().hex)


class RequestRef(_Compact):
    """Buttons on an approval request: which request."""

    request_id: ApiId


class ModalContext(_Compact):
    """Where a modal came from, so its submission answers in the right place."""

    channel_id: str = ""
    intervention_id: ApiId | None = None
    request_id: ApiId | None = None
    response_url: str | None = None
    prefilled_when: str | None = None
    confirmed_when: str | None = None  # digest of the phrase whose reading the form has shown
    key: str | None = None
    kept_assignee: Assignee | None = None  # an API-only assignee the user picker cannot show
