"""The sandbox speaks the seeds' contract: validation, ids, response shape, and its controls."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from bot.api.sandbox import Sandbox
from tests.api.seed_examples import SEED_CREATE_REQUEST, SEED_INTERVENTION, SEED_PATCH_REQUEST

pytestmark = pytest.mark.anyio

CREATE = "/interventions/v2/rs/preventive/routine"
AUTH = {"Authorization": "Bearer t", "X-Session-Token": "s"}
NOW = datetime(2026, 1, 2, 3, 4, 5, 678_000, tzinfo=UTC)


@pytest.fixture
def sandbox() -> Sandbox:
    return Sandbox(unknown_routines=[77], now=lambda: NOW, hang_limit=0.3)


@pytest.fixture
async def http(sandbox: Sandbox) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=sandbox.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://sandbox") as client:
        yield client


async def post(http: httpx.AsyncClient, body: Any, **changes: Any) -> httpx.Response:
    if isinstance(body, dict):
        body = {**body, **changes}
    return await http.post(CREATE, json=body, headers=AUTH)


async def patch(http: httpx.AsyncClient, intervention_id: int, body: Any) -> httpx.Response:
    path = f"/interventions/v2/rs/preventive/{intervention_id}"
    return await http.patch(path, json=body, headers=AUTH)


async def test_create_answers_201_with_the_seed_shape_and_planted_secrets(
    http: httpx.AsyncClient, sandbox: Sandbox
) -> None:
    response = await post(http, SEED_CREATE_REQUEST)
    assert response.status_code == 201
    payload = response.json()
    assert set(payload) == {"data", "token"}
    assert set(payload["data"]) == set(SEED_INTERVENTION)
    assert payload["token"] == sandbox.create_token
    assert payload["data"]["codePin"] == sandbox.code_pin
    assert payload["data"]["imgSignature"] == sandbox.img_signature
    assert payload["data"]["createdAt"] == "2026-01-02T03:04:05.678Z"
    assert payload["data"]["scheduledStart"] == SEED_CREATE_REQUEST["scheduledStart"]


async def test_ids_start_at_42_and_increase(http: httpx.AsyncClient, sandbox: Sandbox) -> None:
    ids = [(await post(http, SEED_CREATE_REQUEST)).json()["data"]["id"] for _ in range(3)]
    assert ids == [42, 43, 44]
    assert set(sandbox.interventions) == {42, 43, 44}


async def test_update_answers_200_with_the_seed_shape_and_keeps_the_change(
    http: httpx.AsyncClient, sandbox: Sandbox
) -> None:
    await post(http, SEED_CREATE_REQUEST)
    body = {k: v for k, v in SEED_PATCH_REQUEST.items() if k != "assignedCompanyContactId"}
    response = await patch(http, 42, body)
    assert response.status_code == 200
    data = response.json()["data"]
    assert set(response.json()) == {"data"}
    assert set(data) == set(SEED_INTERVENTION)
    assert (data["description"], data["assignedProfileId"]) == (body["description"], 1)
    assert sandbox.interventions[42] == data


async def test_assigning_a_contact_clears_the_profile(http: httpx.AsyncClient) -> None:
    await post(http, SEED_CREATE_REQUEST)
    await patch(http, 42, {"assignedProfileId": 3})
    data = (await patch(http, 42, {"assignedCompanyContactId": 5})).json()["data"]
    assert (data["assignedProfileId"], data["assignedCompanyContactId"]) == (None, 5)


async def test_a_patch_may_move_only_one_end_if_the_order_holds(http: httpx.AsyncClient) -> None:
    await post(http, SEED_CREATE_REQUEST)
    moved = await patch(http, 42, {"scheduledEnd": "2024-12-02T00:00:00.000Z"})
    assert moved.json()["data"]["scheduledEnd"] == "2024-12-02T00:00:00.000Z"
    refused = await patch(http, 42, {"scheduledEnd": "2024-11-30T00:00:00.000Z"})
    assert refused.json() == {"message": "scheduledEnd must be after scheduledStart"}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"creationStatus": 3}, "creationStatus must be one of 0, 1, 2"),
        ({"creationStatus": True}, "creationStatus must be one of 0, 1, 2"),
        ({"routineId": "1"}, "routineId must be a positive integer"),
        ({"scheduledStart": "2024-12-01T12:34:56Z"}, "scheduledStart must be a UTC timestamp"),
        ({"scheduledStart": "2024-02-30T12:34:56.000Z"}, "scheduledStart is not a real date"),
        ({"scheduledEnd": "2024-12-01T12:34:56.000Z"}, "scheduledEnd must be after"),
        ({"scheduledEnd": None}, "scheduledEnd must not be null"),
        ({"assignedProfileId": 1}, "assignedProfileId is not an accepted field"),
    ],
    ids=["status-3", "status-bool", "routine-str", "no-millis", "feb-30", "end", "null", "extra"],
)
async def test_create_validates_like_the_seed(
    http: httpx.AsyncClient, sandbox: Sandbox, changes: dict[str, Any], message: str
) -> None:
    response = await post(http, SEED_CREATE_REQUEST, **changes)
    assert response.status_code == 400
    assert response.json()["message"].startswith(message)
    assert sandbox.interventions == {}


@pytest.mark.parametrize("field", ["scheduledStart", "scheduledEnd", "creationStatus", "routineId"])
async def test_create_requires_every_field(http: httpx.AsyncClient, field: str) -> None:
    body = {k: v for k, v in SEED_CREATE_REQUEST.items() if k != field}
    response = await post(http, body)
    assert (response.status_code, response.json()) == (400, {"message": f"{field} is required"})


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"description": "x" * 2501}, "description must be at most 2500 characters"),
        ({"siteRuleIds": []}, "siteRuleIds must be a list of at least one integer"),
        ({"siteRuleIds": [1, "2"]}, "siteRuleIds must hold integers"),
        ({"sendUpdateEmailToCurrentAssignee": "yes"}, "sendUpdateEmailToCurrentAssignee must"),
        ({"previousAssigneeNotification": {"reason": "r"}}, "previousAssigneeNotification must"),
        ({"previousAssigneeNotification": {"sendEmail": 1}}, "previousAssigneeNotification send"),
        ({"description": None}, "description must not be null"),
        ({}, "the body has no field"),
        ([1], "the body must be a JSON object"),
    ],
    ids=["long", "no-rules", "bad-rule", "email", "no-send", "send-int", "null", "empty", "list"],
)
async def test_update_validates_like_the_seed(
    http: httpx.AsyncClient, body: Any, message: str
) -> None:
    await post(http, SEED_CREATE_REQUEST)
    response = await patch(http, 42, body)
    assert response.status_code == 400
    assert response.json()["message"].startswith(message)


async def test_a_description_of_2500_characters_is_accepted(http: httpx.AsyncClient) -> None:
    await post(http, SEED_CREATE_REQUEST)
    assert (await patch(http, 42, {"description": "x" * 2500})).status_code == 200


@pytest.mark.parametrize("routine_id", [77, 10_000])
async def test_unknown_routine_is_404_with_a_message(
    http: httpx.AsyncClient, routine_id: int
) -> None:
    response = await post(http, SEED_CREATE_REQUEST, routineId=routine_id)
    assert response.status_code == 404
    assert response.json() == {"message": f"Routine {routine_id} not found"}


async def test_update_of_an_unknown_id_is_404(http: httpx.AsyncClient) -> None:
    response = await patch(http, 41, {"description": "d"})
    assert response.status_code == 404
    assert response.json() == {"message": "Intervention 41 not found"}


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer t"}, {"X-Session-Token": "s"}, {**AUTH, "Authorization": "t"}],
    ids=["none", "no-session", "no-bearer", "not-bearer"],
)
async def test_both_auth_headers_are_required(
    http: httpx.AsyncClient, headers: dict[str, str]
) -> None:
    response = await http.post(CREATE, json=SEED_CREATE_REQUEST, headers=headers)
    assert response.status_code == 401


async def test_json_content_type_is_required(http: httpx.AsyncClient) -> None:
    headers = {**AUTH, "Content-Type": "text/plain"}
    response = await http.post(CREATE, content=b"{}", headers=headers)
    assert response.status_code == 415


async def test_a_body_that_is_not_json_is_400(http: httpx.AsyncClient) -> None:
    headers = {**AUTH, "Content-Type": "application/json"}
    response = await http.post(CREATE, content=b"{oops", headers=headers)
    assert response.status_code == 400
    assert response.json() == {"message": "the body is not valid JSON"}


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", CREATE, 405),
        ("POST", "/interventions/v2/rs/preventive/42", 405),
        ("POST", "/elsewhere", 404),
    ],
)
async def test_other_routes_and_methods_are_refused(
    http: httpx.AsyncClient, method: str, path: str, status: int
) -> None:
    response = await http.request(method, path, json=SEED_CREATE_REQUEST, headers=AUTH)
    assert response.status_code == status


async def test_a_stage_prefix_is_accepted(http: httpx.AsyncClient) -> None:
    response = await http.post(f"/main{CREATE}", json=SEED_CREATE_REQUEST, headers=AUTH)
    assert response.status_code == 201


async def test_every_request_is_recorded_with_headers_and_parsed_body(
    http: httpx.AsyncClient, sandbox: Sandbox
) -> None:
    await post(http, SEED_CREATE_REQUEST)
    await http.post(CREATE, content=b"nope", headers=AUTH)
    first, second = sandbox.requests
    assert (first.method, first.path, first.body) == ("POST", CREATE, SEED_CREATE_REQUEST)
    assert first.headers["x-session-token"] == "s"
    assert second.body is None
    assert "Bearer" not in repr(first)


async def test_fail_next_answers_the_status_body_and_retry_after_then_recovers(
    http: httpx.AsyncClient, sandbox: Sandbox
) -> None:
    sandbox.fail_next(429, times=2, body={"error": "slow"}, retry_after=7)
    answers = [await post(http, SEED_CREATE_REQUEST) for _ in range(3)]
    assert [a.status_code for a in answers] == [429, 429, 201]
    assert answers[0].json() == {"error": "slow"}
    assert answers[0].headers["retry-after"] == "7"
    assert list(sandbox.interventions) == [42]


async def test_fail_next_defaults_to_the_status_phrase(
    http: httpx.AsyncClient, sandbox: Sandbox
) -> None:
    sandbox.fail_next(503)
    response = await post(http, SEED_CREATE_REQUEST)
    assert (response.status_code, response.json()) == (503, {"message": "Service Unavailable"})


async def test_html_and_malformed_controls(http: httpx.AsyncClient, sandbox: Sandbox) -> None:
    sandbox.html_next(502)
    sandbox.malformed_next(200)
    html = await post(http, SEED_CREATE_REQUEST)
    malformed = await post(http, SEED_CREATE_REQUEST)
    assert (html.status_code, html.headers["content-type"]) == (502, "text/html; charset=utf-8")
    assert "<html>" in html.text
    assert malformed.status_code == 200
    with pytest.raises(ValueError, match="Expecting"):
        malformed.json()


async def test_latency_delays_every_answer(http: httpx.AsyncClient, sandbox: Sandbox) -> None:
    sandbox.latency = 0.1
    started = time.monotonic()
    await asyncio.gather(*(post(http, SEED_CREATE_REQUEST) for _ in range(5)))
    assert 0.1 <= time.monotonic() - started < 0.4


async def test_a_hung_request_is_processed_then_ends_after_the_hang_limit(
    http: httpx.AsyncClient, sandbox: Sandbox
) -> None:
    sandbox.hang_next()
    response = await post(http, SEED_CREATE_REQUEST)
    assert response.status_code == 504
    assert list(sandbox.interventions) == [42]


async def test_release_hangs_ends_a_hanging_request_at_once(
    http: httpx.AsyncClient, sandbox: Sandbox
) -> None:
    sandbox.hang_limit = 30
    sandbox.hang_next()
    pending = asyncio.ensure_future(post(http, SEED_CREATE_REQUEST))
    await asyncio.sleep(0.05)
    assert not pending.done()
    sandbox.release_hangs()
    assert (await asyncio.wait_for(pending, 1)).status_code == 504


async def test_reset_forgets_everything(http: httpx.AsyncClient, sandbox: Sandbox) -> None:
    await post(http, SEED_CREATE_REQUEST)
    sandbox.fail_next(500)
    sandbox.latency = 1
    sandbox.reset()
    response = await post(http, SEED_CREATE_REQUEST)
    assert (response.status_code, response.json()["data"]["id"]) == (201, 42)
    assert len(sandbox.requests) == 1
    assert sandbox.latency == 0
