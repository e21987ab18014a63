"""Wire models: exact request bodies, the seeds' rules before sending, response parsing."""

from __future__ import annotations

import json
import string
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from bot.api.errors import RequestNotValid
from bot.api.payloads import (
    CreateBody,
    InterventionPayload,
    PatchBody,
    create_body,
    error_detail,
    parse_intervention,
    patch_body,
)
from bot.model import Assignee, CreationStatus, Intervention, InterventionChanges, TimeWindow
from tests.api.seed_examples import (
    SEED_CREATE_REQUEST,
    SEED_CREATE_RESPONSE,
    SEED_INTERVENTION,
    SEED_PATCH_REQUEST,
    SEED_UPDATE_RESPONSE,
)

SEED_WINDOW = TimeWindow(
    datetime(2024, 12, 1, 12, 34, 56, tzinfo=UTC), datetime(2024, 12, 5, 14, 56, 23, tzinfo=UTC)
)


def test_create_body_of_the_seed_example_is_the_seed_json() -> None:
    assert create_body(1, SEED_WINDOW, CreationStatus.SCHEDULED) == SEED_CREATE_REQUEST


def test_seed_patch_example_round_trips_through_the_patch_model() -> None:
    assert PatchBody.model_validate(SEED_PATCH_REQUEST).to_wire() == SEED_PATCH_REQUEST


def test_patch_body_from_changes_matches_the_seed_example_for_a_profile() -> None:
    changes = InterventionChanges(
        description="Description of the intervention",
        window=SEED_WINDOW,
        site_rule_ids=(1, 2, 3),
        creation_status=CreationStatus.SCHEDULED,
        assignee=Assignee(slack_user_id="U0BOB", profile_id=1),
        email_current_assignee=False,
        previous_assignee_email=True,
        previous_assignee_reason="The intervention details have changed.",
    )
    expected = {k: v for k, v in SEED_PATCH_REQUEST.items() if k != "assignedCompanyContactId"}
    assert patch_body(changes) == expected


def test_patch_body_carries_only_what_changes() -> None:
    changes = InterventionChanges(assignee=Assignee(company_contact_id=5))
    assert patch_body(changes) == {"assignedCompanyContactId": 5}


def test_timestamps_are_utc_with_milliseconds_whatever_the_zone() -> None:
    paris = timezone(timedelta(hours=1))
    window = TimeWindow(
        datetime(2026, 3, 12, 9, 0, 0, 123_456, tzinfo=paris),
        datetime(2026, 3, 12, 11, 30, tzinfo=paris),
    )
    body = create_body(12, window, CreationStatus.TO_SCHEDULE)
    assert body["scheduledStart"] == "2026-03-12T08:00:00.123Z"
    assert body["scheduledEnd"] == "2026-03-12T10:30:00.000Z"
    assert body["creationStatus"] == 0


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        (InterventionChanges(description="x" * 2501), "description", "string_too_long"),
        (InterventionChanges(site_rule_ids=()), "site_rule_ids", "too_short"),
        (InterventionChanges(site_rule_ids=(0,)), "site_rule_ids.0", "greater_than"),
        (InterventionChanges(), "body", "nothing_to_change"),
        (InterventionChanges(assignee=Assignee(slack_user_id="U0X")), "assignee", "unmapped"),
        (
            InterventionChanges(previous_assignee_reason="why"),
            "previous_assignee_reason",
            "reason_without_email_choice",
        ),
    ],
    ids=["long-description", "no-site-rule", "bad-site-rule", "empty", "unmapped", "lone-reason"],
)
def test_patch_rules_are_enforced_before_sending(
    changes: InterventionChanges, field: str, reason: str
) -> None:
    with pytest.raises(RequestNotValid) as caught:
        patch_body(changes)
    assert (caught.value.field, caught.value.reason) == (field, reason)


def test_a_description_of_exactly_2500_characters_is_accepted() -> None:
    assert patch_body(InterventionChanges(description="é" * 2500))["description"] == "é" * 2500


@pytest.mark.parametrize(
    ("changes", "error_type"),
    [
        ({"creationStatus": 3}, "enum"),
        ({"routineId": 0}, "greater_than"),
        ({"routineId": True}, "int_type"),
        ({"scheduledEnd": "2024-12-01T12:34:56.000Z"}, "end_not_after_start"),
        ({"scheduledStart": "2024-12-01T12:34:56"}, "timezone_aware"),
        ({"extra": 1}, "extra_forbidden"),
    ],
    ids=["status-3", "routine-0", "routine-bool", "end-equals-start", "naive-start", "extra"],
)
def test_create_rules_are_enforced(changes: dict[str, Any], error_type: str) -> None:
    with pytest.raises(ValidationError) as caught:
        CreateBody.model_validate({**SEED_CREATE_REQUEST, **changes})
    assert caught.value.errors()[0]["type"] == error_type


def test_create_refuses_a_routine_id_that_is_not_positive() -> None:
    with pytest.raises(RequestNotValid) as caught:
        create_body(-3, SEED_WINDOW, CreationStatus.SCHEDULED)
    assert caught.value.field == "routine_id"


@pytest.mark.parametrize(
    "example", [SEED_CREATE_RESPONSE, SEED_UPDATE_RESPONSE], ids=["create", "update"]
)
def test_seed_example_responses_parse_into_the_model(example: dict[str, Any]) -> None:
    intervention = parse_intervention(json.dumps(example).encode())
    payload = InterventionPayload.model_validate(example["data"])
    assert intervention.id == 1
    assert intervention.scheduled_start == datetime(2024, 12, 1, 12, 34, 56, tzinfo=UTC)
    assert intervention.created_at == datetime(2024, 1, 15, 8, 45, tzinfo=UTC)
    assert payload.decision_comment == SEED_INTERVENTION["decisionComment"]
    assert payload.provider_email == "[email protected]"
    assert payload.auto_created is True
    assert intervention.assignee == Assignee(profile_id=1)
    assert "code_pin" not in intervention.model_dump()
    assert "img_signature" not in intervention.model_dump()


def test_response_model_knows_every_seed_field_except_the_secrets() -> None:
    aliases = {field.alias for field in InterventionPayload.model_fields.values()}
    assert aliases == set(SEED_INTERVENTION) - {"codePin", "imgSignature"}


def test_every_kept_seed_field_reaches_the_shared_model() -> None:
    payload = InterventionPayload.model_validate(SEED_INTERVENTION)
    intervention = payload.to_intervention()
    assert intervention.model_dump() == payload.model_dump(include=set(Intervention.model_fields))


def test_a_response_may_omit_every_field_but_the_id() -> None:
    assert parse_intervention(b'{"data": {"id": 7}}').description is None


@pytest.mark.parametrize(
    "content",
    [b"<html>Bad Gateway</html>", b'{"data": {"id": 4', b'{"token": "x"}', b'{"data": {}}', b""],
    ids=["html", "truncated", "no-data", "no-id", "empty"],
)
def test_unreadable_success_bodies_raise_value_error(content: bytes) -> None:
    with pytest.raises(ValueError, match="validation error"):
        parse_intervention(content)


@pytest.mark.parametrize(
    ("content", "detail"),
    [
        (b'{"message": "routineId is required"}', "routineId is required"),
        (b'{"error": {"message": "bad window"}}', "bad window"),
        (b'{"detail": [{"loc": ["body"], "msg": "too long"}]}', "too long"),
        (b'{"errors": ["a", {"message": "b"}]}', "a; b"),
        (b'"plain JSON string"', "plain JSON string"),
        (b"<html><body>Forbidden</body></html>", None),
        (b"\xff\xfe garbage", None),
        (b'{"status": 400}', None),
        (b'{"message": "line\\nbreak\\u0000"}', "line break"),
    ],
    ids=["message", "error", "detail", "errors", "string", "html", "garbage", "none", "control"],
)
def test_error_detail_is_the_api_own_message(content: bytes, detail: str | None) -> None:
    assert error_detail(content) == detail


def test_error_detail_is_truncated_and_redacted() -> None:
    content = b'{"message": "token SECRET-1 refused ' + b"x" * 500 + b'"}'
    detail = error_detail(content, redact=["SECRET-1"])
    assert detail is not None
    assert "SECRET-1" not in detail
    assert detail.startswith("token *** refused")
    assert len(detail) == 300


_SECRET_KEYS = ("codePin", "imgSignature", "token", "CodePIN", "accessToken", "img_signature")
_prose = st.text(st.characters(exclude_categories=["Cs"]), max_size=120)
_secret_value = st.one_of(
    st.integers(min_value=1000, max_value=99_999_999).map(str),
    st.text(string.ascii_letters + string.digits + "-_", min_size=6, max_size=40),
)


@given(
    before=_prose,
    after=_prose,
    key=st.sampled_from(_SECRET_KEYS),
    secret=_secret_value,
    configured=_secret_value,
    message_key=st.sampled_from(("message", "error", "detail")),
)
def test_no_secret_of_the_body_or_the_configuration_reaches_the_detail(
    before: str, after: str, key: str, secret: str, configured: str, message_key: str
) -> None:
    message = f"{before} {secret} {configured} {after}"
    content = json.dumps({message_key: message, "data": {key: secret}}).encode()
    detail = error_detail(content, redact=[configured]) or ""
    assert secret not in detail
    assert configured not in detail
    assert len(detail) <= 300


@given(
    pin=st.integers(min_value=1000, max_value=99_999_999),
    name=st.sampled_from(("pin", "PIN", "codePin", "code pin")),
)
def test_a_pin_echoed_in_prose_without_its_field_is_removed(pin: int, name: str) -> None:
    content = json.dumps({"message": f"Invalid {name} {pin} for this routine"}).encode()
    detail = error_detail(content)
    assert detail == f"Invalid {name} *** for this routine"


def test_plain_words_after_a_secret_name_stay() -> None:
    assert error_detail(b'{"message": "token expired, sign in again"}') == (
        "token expired, sign in again"
    )
