"""The seeds' rules as the sandbox applies them: body validation and the intervention record.

Pure functions over parsed JSON (error messages are the API's, in English); no state, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

MAX_DESCRIPTION = 2500
CREATION_STATUSES = (0, 1, 2)
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z")
CREATE_FIELDS = ("scheduledStart", "scheduledEnd", "creationStatus", "routineId")

Rule = Callable[[Any], str | None]


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_timestamp(value: Any) -> str | None:
    if not isinstance(value, str) or not _TIMESTAMP.fullmatch(value):
        return "must be a UTC timestamp like 2024-12-01T12:34:56.000Z"
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return "is not a real date and time"
    return None


def check_status(value: Any) -> str | None:
    return None if _is_int(value) and value in CREATION_STATUSES else "must be one of 0, 1, 2"


def check_id(value: Any) -> str | None:
    return None if _is_int(value) and value > 0 else "must be a positive integer"


def check_description(value: Any) -> str | None:
    if not isinstance(value, str):
        return "must be a string"
    return None if len(value) <= MAX_DESCRIPTION else "must be at most 2500 characters"


def check_site_rules(value: Any) -> str | None:
    if not isinstance(value, list) or not value:
        return "must be a list of at least one integer"
    return None if all(check_id(item) is None for item in value) else "must hold integers"


def check_bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else "must be a boolean"


def check_notification(value: Any) -> str | None:
    if not isinstance(value, dict) or "sendEmail" not in value:
        return "must be an object with sendEmail"
    if set(value) - {"sendEmail", "reason"}:
        return "accepts only sendEmail and reason"
    if not isinstance(value["sendEmail"], bool):
        return "sendEmail must be a boolean"
    if "reason" in value and not isinstance(value["reason"], str):
        return "reason must be a string"
    return None


CREATE_RULES: dict[str, Rule] = {
    "scheduledStart": check_timestamp,
    "scheduledEnd": check_timestamp,
    "creationStatus": check_status,
    "routineId": check_id,
}
PATCH_RULES: dict[str, Rule] = {
    "description": check_description,
    "scheduledStart": check_timestamp,
    "scheduledEnd": check_timestamp,
    "siteRuleIds": check_site_rules,
    "creationStatus": check_status,
    "assignedCompanyContactId": check_id,
    "assignedProfileId": check_id,
    "sendUpdateEmailToCurrentAssignee": check_bool,
    "previousAssigneeNotification": check_notification,
}


def check_fields(body: Any, rules: dict[str, Rule], required: tuple[str, ...]) -> str | None:
    """The first broken rule of a JSON body, as the API's message; None when it is valid."""
    if not isinstance(body, dict):
        return "the body must be a JSON object"
    if not body:
        return "the body has no field"
    for name in required:
        if name not in body:
            return f"{name} is required"
    for name, value in body.items():
        rule = rules.get(name)
        if rule is None:
            return f"{name} is not an accepted field"
        if value is None:
            return f"{name} must not be null"
        problem = rule(value)
        if problem:
            return f"{name} {problem}"
    return None


def check_order(start: str | None, end: str | None) -> str | None:
    """Both are valid timestamps (or absent); the end must come after the start."""
    if start is not None and end is not None and end <= start:
        return "scheduledEnd must be after scheduledStart"
    return None


def new_intervention(
    intervention_id: int, body: dict[str, Any], stamp: str, planted: dict[str, Any]
) -> dict[str, Any]:
    """A new record in the seeds' response shape; `planted` holds codePin and imgSignature."""
    return {
        "id": intervention_id,
        "status": 0,
        "type": 1,
        "description": f"Preventive routine {body['routineId']}",
        "imgSignature": planted["imgSignature"],
        "codePin": planted["codePin"],
        "autoCreated": False,
        "creationStatus": body["creationStatus"],
        "scheduledStart": body["scheduledStart"],
        "scheduledEnd": body["scheduledEnd"],
        "actualStart": None,
        "actualEnd": None,
        "providerName": None,
        "providerEmail": None,
        "providerActionComment": None,
        "providerGeneralComment": None,
        "assignedCompanyContactId": None,
        "assignedProfileId": None,
        "verifiedById": None,
        "verifiedAt": None,
        "decisionComment": None,
        "routineId": body["routineId"],
        "organizationId": 1,
        "createdById": 1,
        "archivedAt": None,
        "updatedAt": stamp,
        "createdAt": stamp,
        "companyId": 1,
        "negotiationEndDate": None,
        "checkType": 1,
        "deletedAt": None,
    }


_STORED = (
    "description",
    "scheduledStart",
    "scheduledEnd",
    "creationStatus",
    "assignedCompanyContactId",
    "assignedProfileId",
)


def apply_changes(intervention: dict[str, Any], body: dict[str, Any], stamp: str) -> None:
    """Apply a valid PATCH: an intervention has one assignee, so setting one clears the other."""
    if "assignedProfileId" in body and "assignedCompanyContactId" not in body:
        intervention["assignedCompanyContactId"] = None
    if "assignedCompanyContactId" in body and "assignedProfileId" not in body:
        intervention["assignedProfileId"] = None
    for name in _STORED:
        if name in body:
            intervention[name] = body[name]
    intervention["updatedAt"] = stamp
