"""Wire models of the interventions API: request bodies, responses, error bodies.

The only place where camelCase exists. Response models list the fields they keep, so `codePin`,
`imgSignature` and the create response's `token` are dropped on arrival and never enter the bot.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import datetime
from typing import Annotated, Any, Self

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    StrictBool,
    StrictInt,
    ValidationError,
    model_validator,
)
from pydantic.alias_generators import to_camel
from pydantic_core import PydanticCustomError

from bot.api.errors import RequestNotValid
from bot.model import (
    CreationStatus,
    Intervention,
    InterventionChanges,
    TimeWindow,
    format_api_timestamp,
)

MAX_DESCRIPTION = 2500
MAX_DETAIL = 300
ApiTime = Annotated[AwareDatetime, PlainSerializer(format_api_timestamp, return_type=str)]
Id = Annotated[StrictInt, Field(gt=0)]
_DETAIL_KEYS = ("message", "error", "detail", "errors", "msg", "title", "error_description")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
# Field names whose values are secrets (case-insensitive, anywhere in the name).
_SECRET_FIELD = re.compile(r"pin|signature|token|secret|password|passwd", re.IGNORECASE)
# A secret's name in prose followed by a value with a digit: "pin 73105829", "token: abc-123".
_NAMED_SECRET = re.compile(
    r"\b((?:code[ _-]?)?pin|signature|token|secret|password)(\W{1,3})(?=[^\s,;]*\d)[^\s,;]+",
    re.IGNORECASE,
)
_SHORTEST_SECRET = 3


class _Wire(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
        frozen=True,
        hide_input_in_errors=True,
    )

    def to_wire(self) -> dict[str, Any]:
        """The JSON body: camelCase keys, API timestamps, and no key whose value is None."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


def _check_order(start: datetime | None, end: datetime | None) -> None:
    if (start is None) != (end is None):
        raise PydanticCustomError("start_and_end_go_together", "send both times or neither")
    if start is not None and end is not None and end <= start:
        raise PydanticCustomError("end_not_after_start", "the end must be after the start")


class CreateBody(_Wire, extra="forbid"):
    """Body of `POST .../preventive/routine`: every field is required."""

    scheduled_start: ApiTime
    scheduled_end: ApiTime
    creation_status: CreationStatus
    routine_id: Id

    @model_validator(mode="after")
    def _end_after_start(self) -> Self:
        _check_order(self.scheduled_start, self.scheduled_end)
        return self


class PreviousAssigneeNotification(_Wire, extra="forbid"):
    """Whether and why the previous assignee is emailed about a reassignment."""

    send_email: StrictBool
    reason: str | None = None


class PatchBody(_Wire, extra="forbid"):
    """Body of `PATCH .../preventive/{id}`: only what changes, never a null."""

    description: Annotated[str, Field(max_length=MAX_DESCRIPTION)] | None = None
    scheduled_start: ApiTime | None = None
    scheduled_end: ApiTime | None = None
    site_rule_ids: Annotated[list[Id], Field(min_length=1)] | None = None
    creation_status: CreationStatus | None = None
    assigned_company_contact_id: Id | None = None
    assigned_profile_id: Id | None = None
    send_update_email_to_current_assignee: StrictBool | None = None
    previous_assignee_notification: PreviousAssigneeNotification | None = None

    @model_validator(mode="after")
    def _coherent(self) -> Self:
        _check_order(self.scheduled_start, self.scheduled_end)
        if not self.to_wire():
            raise PydanticCustomError("nothing_to_change", "a PATCH needs at least one field")
        return self


def _not_valid(error: ValidationError) -> RequestNotValid:
    first = error.errors()[0]
    field = ".".join(str(part) for part in first["loc"]) or "body"
    return RequestNotValid(field, first["type"])


def create_body(routine_id: int, window: TimeWindow, status: CreationStatus) -> dict[str, Any]:
    """The JSON body of a create, checked against the seeds' rules (`RequestNotValid`)."""
    try:
        body = CreateBody(
            scheduled_start=window.start,
            scheduled_end=window.end,
            creation_status=status,
            routine_id=routine_id,
        )
    except ValidationError as error:
        raise _not_valid(error) from None
    return body.to_wire()


def patch_body(changes: InterventionChanges) -> dict[str, Any]:
    """The JSON body of an update: only what `changes` sets (`RequestNotValid` otherwise)."""
    assignee = changes.assignee
    if assignee is not None and not assignee.is_mapped:
        raise RequestNotValid("assignee", "unmapped")
    notification = None
    if changes.previous_assignee_email is not None:
        notification = PreviousAssigneeNotification(
            send_email=changes.previous_assignee_email, reason=changes.previous_assignee_reason
        )
    elif changes.previous_assignee_reason is not None:
        raise RequestNotValid("previous_assignee_reason", "reason_without_email_choice")
    try:
        body = PatchBody(
            description=changes.description,
            scheduled_start=changes.window.start if changes.window else None,
            scheduled_end=changes.window.end if changes.window else None,
            site_rule_ids=None if changes.site_rule_ids is None else list(changes.site_rule_ids),
            creation_status=changes.creation_status,
            assigned_company_contact_id=assignee.company_contact_id if assignee else None,
            assigned_profile_id=assignee.profile_id if assignee else None,
            send_update_email_to_current_assignee=changes.email_current_assignee,
            previous_assignee_notification=notification,
        )
    except ValidationError as error:
        raise _not_valid(error) from None
    return body.to_wire()


class InterventionPayload(Intervention):
    """An intervention as the API sends it: `bot.model.Intervention`'s fields plus the seeds'
    others (read, checked, then left here), camelCase on the wire. `codePin` and `imgSignature`
    are not fields, so they are dropped on arrival."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
        frozen=True,
        extra="ignore",
        hide_input_in_errors=True,
    )

    id: StrictInt
    auto_created: bool | None = None
    actual_start: datetime | None = None
    actual_end: datetime | None = None
    provider_name: str | None = None
    provider_email: str | None = None
    provider_action_comment: str | None = None
    provider_general_comment: str | None = None
    verified_by_id: int | None = None
    verified_at: datetime | None = None
    decision_comment: str | None = None
    organization_id: int | None = None
    created_by_id: int | None = None
    archived_at: datetime | None = None
    company_id: int | None = None
    negotiation_end_date: datetime | None = None
    check_type: int | None = None
    deleted_at: datetime | None = None

    def to_intervention(self) -> Intervention:
        """The fields the bot reads, as the shared model."""
        return Intervention.model_validate(self.model_dump(include=set(Intervention.model_fields)))


class InterventionEnvelope(_Wire, extra="ignore"):
    """`{"data": Intervention}`; the create response's `token` is deliberately not a field."""

    data: InterventionPayload


def parse_intervention(content: bytes) -> Intervention:
    """Read a success body; raises `ValueError` (a `ValidationError`) when it is not one."""
    return InterventionEnvelope.model_validate_json(content).data.to_intervention()


def error_detail(content: bytes, redact: Iterable[str] = ()) -> str | None:
    """The API's own message in an error body (JSON only), cleaned, redacted and truncated.

    Removed from it: every value in `redact` (the configured tokens), every value the body itself
    holds under a secret field (`codePin`, `imgSignature`, `token`, ... at any depth), and any
    number or word that follows a secret's name in the text (`pin 73105829`), since the API may
    echo a secret it does not also return as a field.
    """
    try:
        body = json.loads(content)
    except ValueError:
        return None
    text = _message_in(body, depth=0)
    if not text:
        return None
    secrets = {secret for secret in redact if secret}
    secrets.update(_secret_values(body, depth=0))
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, "***")
    text = _NAMED_SECRET.sub(lambda match: f"{match.group(1)}{match.group(2)}***", text)
    text = _CONTROL.sub(" ", text).strip()
    if len(text) > MAX_DETAIL:
        text = text[: MAX_DETAIL - 1] + "…"
    return text or None


def _secret_values(body: object, depth: int) -> set[str]:
    """The values of secret-looking fields anywhere in a JSON body, as they would print."""
    if depth > 5:
        return set()
    found: set[str] = set()
    items: Iterable[tuple[object, object]]
    if isinstance(body, dict):
        items = body.items()
    elif isinstance(body, list):
        items = ((None, item) for item in body)
    else:
        return found
    for key, value in items:
        secret_field = isinstance(key, str) and _SECRET_FIELD.search(key)
        if secret_field and isinstance(value, str | int | float) and not isinstance(value, bool):
            shown = str(value)
            if len(shown) >= _SHORTEST_SECRET:
                found.add(shown)
        found |= _secret_values(value, depth + 1)
    return found


def _message_in(body: object, depth: int) -> str | None:
    if depth > 3:
        return None
    if isinstance(body, str):
        return body
    if isinstance(body, list):
        parts = [_message_in(item, depth + 1) for item in body]
        return "; ".join(part for part in parts if part) or None
    if isinstance(body, dict):
        for key in _DETAIL_KEYS:
            found = _message_in(body.get(key), depth + 1)
            if found:
                return found
    return None
