"""The client against the sandbox served for real on 127.0.0.1: bodies, headers, faults, retries."""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import UTC, datetime

import pytest

from bot.api.client import RetryPolicy, build_client
from bot.api.errors import (
    ApiUnavailable,
    ApiUnreachable,
    InvalidRequest,
    MalformedResponse,
    NotAuthorised,
    OutcomeUnknown,
    RateLimited,
    RequestNotValid,
    Unknowable,
    UnknownIntervention,
)
from bot.api.sandbox import Sandbox
from bot.config import Settings
from bot.model import Assignee, CreationStatus, InterventionChanges, TimeWindow
from tests.api.conftest import FAST_RETRY, ClientFactory
from tests.api.planted import API_TOKEN, SESSION_TOKEN, UNKNOWN_ROUTINE
from tests.api.seed_examples import SEED_CREATE_REQUEST, SEED_PATCH_REQUEST
from tests.api.servers import refused_url

pytestmark = pytest.mark.anyio

SEED_WINDOW = TimeWindow(
    datetime(2024, 12, 1, 12, 34, 56, tzinfo=UTC), datetime(2024, 12, 5, 14, 56, 23, tzinfo=UTC)
)
DESCRIBE = InterventionChanges(description="Check the filters")
CREATE_PATH = "/interventions/v2/rs/preventive/routine"


async def create(make_client: ClientFactory, url: str, routine_id: int = 12) -> int:
    async with make_client(url) as client:
        created = await client.create_from_routine(routine_id, SEED_WINDOW, CreationStatus(1))
    return created.id


async def test_create_sends_the_seed_body_and_the_three_headers(
    sandbox: Sandbox, sandbox_url: str, make_client: ClientFactory
) -> None:
    async with make_client(sandbox_url) as client:
        created = await client.create_from_routine(1, SEED_WINDOW, CreationStatus.SCHEDULED)
    [request] = sandbox.requests
    assert (request.method, request.path) == ("POST", CREATE_PATH)
    assert request.body == SEED_CREATE_REQUEST
    assert request.headers["authorization"] == f"Bearer {API_TOKEN}"
    assert request.headers["x-session-token"] == SESSION_TOKEN
    assert request.headers["content-type"] == "application/json"
    assert created.id == 42
    assert created.scheduled_end == SEED_WINDOW.end


async def test_update_sends_the_seed_body_and_the_three_headers(
    sandbox: Sandbox, sandbox_url: str, make_client: ClientFactory
) -> None:
    intervention_id = await create(make_client, sandbox_url)
    changes = InterventionChanges(
        description="Description of the intervention",
        window=SEED_WINDOW,
        site_rule_ids=(1, 2, 3),
        creation_status=CreationStatus.SCHEDULED,
        assignee=Assignee(company_contact_id=1),
        email_current_assignee=False,
        previous_assignee_email=True,
        previous_assignee_reason="The intervention details have changed.",
    )
    async with make_client(sandbox_url) as client:
        updated = await client.update_intervention(intervention_id, changes)
    request = sandbox.requests[-1]
    assert (request.method, request.path) == ("PATCH", f"/interventions/v2/rs/preventive/{42}")
    expected = {k: v for k, v in SEED_PATCH_REQUEST.items() if k != "assignedProfileId"}
    assert request.body == expected
    assert request.headers["authorization"] == f"Bearer {API_TOKEN}"
    assert request.headers["x-session-token"] == SESSION_TOKEN
    assert request.headers["content-type"] == "application/json"
    assert updated.assignee == Assignee(company_contact_id=1)
    assert updated.description == "Description of the intervention"


async def test_the_base_url_runs_up_to_and_including_the_stage(
    sandbox: Sandbox, sandbox_url: str
) -> None:
    settings = Settings(
        interventions_api_url=f"{sandbox_url}/main",
        interventions_api_token=API_TOKEN,
        interventions_session_token=SESSION_TOKEN,
    )
    async with build_client(settings) as client:
        await client.create_from_routine(3, SEED_WINDOW, CreationStatus.DONE)
    assert [r.path for r in sandbox.requests] == [f"/main{CREATE_PATH}"]


async def test_an_invalid_request_is_refused_before_anything_is_sent(
    sandbox: Sandbox, sandbox_url: str, make_client: ClientFactory
) -> None:
    async with make_client(sandbox_url) as client:
        with pytest.raises(RequestNotValid):
            await client.update_intervention(42, InterventionChanges(site_rule_ids=()))
        with pytest.raises(RequestNotValid):
            await client.create_from_routine(0, SEED_WINDOW, CreationStatus.SCHEDULED)
    assert sandbox.requests == []


async def test_400_with_a_body_surfaces_the_api_message(
    sandbox: Sandbox, sandbox_url: str, make_client: ClientFactory
) -> None:
    sandbox.fail_next(400, body={"message": "scheduledStart is in a frozen period"})
    async with make_client(sandbox_url) as client:
        with pytest.raises(InvalidRequest) as caught:
            await client.create_from_routine(12, SEED_WINDOW, CreationStatus.SCHEDULED)
    assert caught.value.status == 400
    assert caught.value.detail == "scheduledStart is in a frozen period"
    assert len(sandbox.requests) == 1


async def test_missing_tokens_are_not_authorised(
    sandbox: Sandbox, sandbox_url: str, make_client: ClientFactory
) -> None:
    async with make_client(sandbox_url, api_token="", session_token="") as client:
        with pytest.raises(NotAuthorised) as caught:
            await client.create_from_routine(12, SEED_WINDOW, CreationStatus.SCHEDULED)
    assert (caught.value.status, caught.value.detail) == (401, "Unauthorized")


async def test_unknown_routine_is_a_404_that_keeps_its_status(
    sandbox: Sandbox, sandbox_url: str, make_client: ClientFactory
) -> None:
    async with make_client(sandbox_url) as client:
        with pytest.raises(UnknownIntervention) as caught:
            await client.create_from_routine(UNKNOWN_ROUTINE, SEED_WINDOW, CreationStatus(1))
    assert caught.value.status == 404
    assert caught.value.detail == f"Routine {UNKNOWN_ROUTINE} not found"


async def test_update_of_an_unknown_intervention_is_a_404(
    sandbox: Sandbox, sandbox_url: str, make_client: ClientFactory
) -> None:
    async with make_client(sandbox_url) as client:
        with pytest.raises(UnknownIntervention) as caught:
            await client.update_intervention(999, DESCRIBE)
    assert caught.value.detail == "Intervention 999 not found"
    assert len(sandbox.requests) == 1


@pytest.mark.parametrize(
    ("status", "error"),
    [(403, NotAuthorised), (409, InvalidRequest), (422, InvalidRequest)],
    ids=["403", "409", "422"],
)
async def test_other_4xx_map_to_their_error_without_retry(
    sandbox: Sandbox,
    sandbox_url: str,
    make_client: ClientFactory,
    status: int,
    error: type[Exception],
) -> None:
    intervention_id = await create(make_client, sandbox_url)
    sandbox.fail_next(status)
    async with make_client(sandbox_url) as client:
        with pytest.raises(error):
            await client.update_intervention(intervention_id, DESCRIBE)
    assert len(sandbox.requests) == 2


async def test_429_on_update_waits_retry_after_then_succeeds(
    sandbox: Sandbox, sandbox_url: str, make_client: ClientFactory
) -> None:
    intervention_id = await create(make_client, sandbox_url)
    sandbox.fail_next(429, retry_after=0.3)
    started = time.monotonic()
    async with make_client(sandbox_url) as client:
        updated = await client.update_intervention(intervention_id, DESCRIBE)
    assert time.monotonic() - started >= 0.3
    assert updated.description == "Check the filters"
    assert len(sandbox.requests) == 3


async def test_429_that_persists_is_rate_limited_with_the_advice(
    sandbox: Sandbox, sandbox_url: str, make_client: ClientFactory
) -> None:
    sandbox.fail_next(429, times=3, retry_after=0.05, body={"message": "slow down"})
    async with make_client(sandbox_url) as client:
        with pytest.raises(RateLimited) as caught:
            await client.update_intervention(42, DESCRIBE)
    assert (caught.value.retry_after, caught.value.detail) == (0.05, "slow down")
    assert len(sandbox.requests) == 3


async def test_a_retry_after_beyond_the_limit_is_reported_at_once(
    sandbox: Sandbox, sandbox_url: str, make_client: ClientFactory
) -> None:
    sandbox.fail_next(429, retry_after=120)
    async with make_client(sandbox_url) as client:
        with pytest.raises(RateLimited) as caught:
            await client.update_intervention(42, DESCRIBE)
    assert caught.value.retry_after == 120
    assert len(sandbox.requests) == 1


async def test_429_on_create_is_not_retried(
    sandbox: Sandbox, sandbox_url: str, make_client: ClientFactory
) -> None:
    sandbox.fail_next(429, retry_after=0.01)
    async with make_client(sandbox_url) as client:
        with pytest.raises(RateLimited):
            await client.create_from_routine(12, SEED_WINDOW, CreationStatus.SCHEDULED)
    assert len(sandbox.requests) == 1


async def test_500_then_success_on_update_is_retried(
    sandbox: Sandbox, sandbox_url: str, make_client: ClientFactory
) -> None:
    intervention_id = await create(make_client, sandbox_url)
    sandbox.fail_next(500)
    async with make_client(sandbox_url) as client:
        updated = await client.update_intervention(intervention_id, DESCRIBE)
    assert updated.description == "Check the filters"
    assert [r.method for r in sandbox.requests] == ["POST", "PATCH", "PATCH"]


async def test_500_that_persists_on_update_is_unavailable(
    sandbox: Sandbox, sandbox_url: str, make_client: ClientFactory
) -> None:
    sandbox.fail_next(500, times=5)
    async with make_client(sandbox_url) as client:
        with pytest.raises(ApiUnavailable) as caught:
            await client.update_intervention(42, DESCRIBE)
    assert caught.value.status == 500
    assert len(sandbox.requests) == FAST_RETRY.attempts


async def test_500_on_create_is_sent_once_and_its_outcome_is_unknown(
    sandbox: Sandbox, sandbox_url: str, make_client: ClientFactory
) -> None:
    sandbox.fail_next(500)
    async with make_client(sandbox_url) as client:
        with pytest.raises(OutcomeUnknown) as caught:
            await client.create_from_routine(12, SEED_WINDOW, CreationStatus.SCHEDULED)
    assert (caught.value.cause, caught.value.status) == (Unknowable.SERVER_ERROR, 500)
    assert len(sandbox.requests) == 1


async def test_503_on_create_is_sent_once_and_unavailable(
    sandbox: Sandbox, sandbox_url: str, make_client: ClientFactory
) -> None:
    sandbox.fail_next(503)
    async with make_client(sandbox_url) as client:
        with pytest.raises(ApiUnavailable) as caught:
            await client.create_from_routine(12, SEED_WINDOW, CreationStatus.SCHEDULED)
    assert caught.value.status == 503
    assert len(sandbox.requests) == 1


async def test_connection_refused_retries_even_a_create_then_is_unreachable(
    make_client: ClientFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="stamina")
    async with make_client(refused_url()) as client:
        with pytest.raises(ApiUnreachable) as caught:
            await client.create_from_routine(12, SEED_WINDOW, CreationStatus.SCHEDULED)
    assert type(caught.value) is ApiUnreachable
    retries = [r for r in caplog.records if r.getMessage() == "stamina.retry_scheduled"]
    assert len(retries) == FAST_RETRY.attempts - 1


async def test_read_timeout_on_create_is_unknown_and_sent_exactly_once(
    sandbox: Sandbox, sandbox_url: str, make_client: ClientFactory
) -> None:
    sandbox.hang_next(times=3)
    async with make_client(sandbox_url) as client:
        with pytest.raises(OutcomeUnknown) as caught:
            await client.create_from_routine(12, SEED_WINDOW, CreationStatus.SCHEDULED)
    assert caught.value.cause is Unknowable.TIMEOUT
    assert len(sandbox.requests) == 1
    assert list(sandbox.interventions) == [42]


async def test_read_timeout_on_update_is_retried_then_succeeds(
    sandbox: Sandbox, sandbox_url: str, make_client: ClientFactory
) -> None:
    intervention_id = await create(make_client, sandbox_url)
    sandbox.hang_next(times=2)
    async with make_client(sandbox_url) as client:
        updated = await client.update_intervention(intervention_id, DESCRIBE)
    assert updated.description == "Check the filters"
    assert len(sandbox.requests) == 4


async def test_read_timeout_on_update_is_retried_a_bounded_number_of_times(
    sandbox: Sandbox, sandbox_url: str, make_client: ClientFactory
) -> None:
    sandbox.hang_next(times=10)
    policy = RetryPolicy(attempts=10, budget=0.6, wait_initial=0.01, wait_jitter=0.0)
    started = time.monotonic()
    async with make_client(sandbox_url, retry=policy) as client:
        with pytest.raises(OutcomeUnknown) as caught:
            await client.update_intervention(42, DESCRIBE)
    assert caught.value.cause is Unknowable.TIMEOUT
    assert 2 <= len(sandbox.requests) <= 4
    assert time.monotonic() - started < 1.5


async def test_malformed_json_on_create_is_malformed_and_not_retried(
    sandbox: Sandbox, sandbox_url: str, make_client: ClientFactory
) -> None:
    sandbox.malformed_next()
    async with make_client(sandbox_url) as client:
        with pytest.raises(MalformedResponse) as caught:
            await client.create_from_routine(12, SEED_WINDOW, CreationStatus.SCHEDULED)
    assert caught.value.status == 200
    assert isinstance(caught.value, OutcomeUnknown)
    assert len(sandbox.requests) == 1


async def test_malformed_json_on_update_is_malformed_and_not_retried(
    sandbox: Sandbox, sandbox_url: str, make_client: ClientFactory
) -> None:
    sandbox.malformed_next()
    async with make_client(sandbox_url) as client:
        with pytest.raises(MalformedResponse) as caught:
            await client.update_intervention(42, DESCRIBE)
    assert caught.value.cause is Unknowable.MALFORMED
    assert len(sandbox.requests) == 1


async def test_success_without_data_is_malformed(
    sandbox: Sandbox, sandbox_url: str, make_client: ClientFactory
) -> None:
    sandbox.fail_next(201, body={"token": "x"})
    async with make_client(sandbox_url) as client:
        with pytest.raises(MalformedResponse):
            await client.create_from_routine(12, SEED_WINDOW, CreationStatus.SCHEDULED)


async def test_html_gateway_page_on_update_is_retried_then_unavailable(
    sandbox: Sandbox, sandbox_url: str, make_client: ClientFactory
) -> None:
    sandbox.html_next(502, times=3)
    async with make_client(sandbox_url) as client:
        with pytest.raises(ApiUnavailable) as caught:
            await client.update_intervention(42, DESCRIBE)
    assert caught.value.status == 502
    assert len(sandbox.requests) == 3


async def test_html_gateway_page_on_create_is_unknown_and_not_retried(
    sandbox: Sandbox, sandbox_url: str, make_client: ClientFactory
) -> None:
    sandbox.html_next(502)
    async with make_client(sandbox_url) as client:
        with pytest.raises(OutcomeUnknown) as caught:
            await client.create_from_routine(12, SEED_WINDOW, CreationStatus.SCHEDULED)
    assert (caught.value.cause, caught.value.status) == (Unknowable.SERVER_ERROR, 502)
    assert len(sandbox.requests) == 1


@pytest.mark.parametrize(("status", "error"), [(200, MalformedResponse), (403, NotAuthorised)])
async def test_html_page_with_another_status_has_no_detail(
    sandbox: Sandbox,
    sandbox_url: str,
    make_client: ClientFactory,
    status: int,
    error: type[Exception],
) -> None:
    sandbox.html_next(status)
    async with make_client(sandbox_url) as client:
        with pytest.raises(error) as caught:
            await client.update_intervention(42, DESCRIBE)
    assert getattr(caught.value, "detail", None) is None


async def test_a_burst_waits_for_connections_instead_of_failing(
    sandbox: Sandbox, sandbox_url: str, make_client: ClientFactory
) -> None:
    intervention_id = await create(make_client, sandbox_url)
    sandbox.latency = 0.02
    async with make_client(sandbox_url, max_connections=4, read_timeout=2.0) as client:
        results = await asyncio.gather(
            *(client.update_intervention(intervention_id, DESCRIBE) for _ in range(40))
        )
    assert len(results) == 40
    assert len(sandbox.requests) == 41


async def test_sandbox_mode_is_logged_once_and_served_in_process(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="bot.api")
    sandbox = Sandbox()
    async with build_client(Settings(interventions_api_url="sandbox"), sandbox) as client:
        first = await client.create_from_routine(12, SEED_WINDOW, CreationStatus.SCHEDULED)
        second = await client.create_from_routine(12, SEED_WINDOW, CreationStatus.SCHEDULED)
    assert (first.id, second.id) == (42, 43)
    assert set(sandbox.interventions) == {42, 43}
    notices = [r for r in caplog.records if "sandbox" in r.getMessage()]
    assert len(notices) == 1


async def test_sandbox_hang_is_cut_by_the_client_read_timeout() -> None:
    sandbox = Sandbox()
    sandbox.hang_next()
    settings = Settings(interventions_api_url="sandbox", interventions_api_timeout=0.2)
    started = time.monotonic()
    async with build_client(settings, sandbox, retry=FAST_RETRY) as client:
        with pytest.raises(OutcomeUnknown):
            await client.create_from_routine(12, SEED_WINDOW, CreationStatus.SCHEDULED)
    assert time.monotonic() - started < 1.0
    assert len(sandbox.requests) == 1
