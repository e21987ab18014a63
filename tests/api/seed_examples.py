"""The example requests and responses of the two seed pages, copied verbatim."""

from __future__ import annotations

from typing import Any

SEED_CREATE_REQUEST: dict[str, Any] = {
    "scheduledStart": "2024-12-01T12:34:56.000Z",
    "scheduledEnd": "2024-12-05T14:56:23.000Z",
    "creationStatus": 1,
    "routineId": 1,
}

SEED_PATCH_REQUEST: dict[str, Any] = {
    "description": "Description of the intervention",
    "scheduledStart": "2024-12-01T12:34:56.000Z",
    "scheduledEnd": "2024-12-05T14:56:23.000Z",
    "siteRuleIds": [1, 2, 3],
    "creationStatus": 1,
    "assignedCompanyContactId": 1,
    "assignedProfileId": 1,
    "sendUpdateEmailToCurrentAssignee": False,
    "previousAssigneeNotification": {
        "sendEmail": True,
        "reason": "The intervention details have changed.",
    },
}

SEED_INTERVENTION: dict[str, Any] = {
    "id": 1,
    "status": 2,
    "type": 1,
    "description": "Description of the intervention",
    "imgSignature": "Signature image",
    "codePin": 123456,
    "autoCreated": True,
    "creationStatus": 1,
    "scheduledStart": "2024-12-01T12:34:56.000Z",
    "scheduledEnd": "2024-12-05T14:56:23.000Z",
    "actualStart": "2024-12-01T12:34:56.000Z",
    "actualEnd": "2024-12-01T12:34:56.000Z",
    "providerName": "Provider name",
    "providerEmail": "[email protected]",
    "providerActionComment": "Action comment from the provider",
    "providerGeneralComment": "General comment from the provider",
    "assignedCompanyContactId": 1,
    "assignedProfileId": 1,
    "verifiedById": 1,
    "verifiedAt": "2024-12-09T14:23:00.000Z",
    "decisionComment": "Provider refused the intervention due to scheduling conflicts.",
    "routineId": 1,
    "organizationId": 1,
    "createdById": 1,
    "archivedAt": "2024-12-09T14:23:00.000Z",
    "updatedAt": "2024-12-09T14:23:00.000Z",
    "createdAt": "2024-01-15T08:45:00.000Z",
    "companyId": 1,
    "negotiationEndDate": "2024-12-01T12:34:56.000Z",
    "checkType": 1,
    "deletedAt": "2024-12-09T14:23:00.000Z",
}

SEED_CREATE_RESPONSE: dict[str, Any] = {"data": SEED_INTERVENTION, "token": "<string>"}
SEED_UPDATE_RESPONSE: dict[str, Any] = {"data": SEED_INTERVENTION}
