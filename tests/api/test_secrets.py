"""No token, codePin, imgSignature or create `token` in logs, reprs, strs or tracebacks."""

from __future__ import annotations

import json
import logging
import traceback
from datetime import UTC, datetime

import pytest
from pydantic import SecretStr

from bot.api.client import InterventionsClient, build_client
from bot.api.errors import ApiError
from bot.api.payloads import InterventionEnvelope
from bot.api.sandbox import Sandbox
from bot.config import Settings
from bot.model import Assignee, CreationStatus, Intervention, InterventionChanges, TimeWindow
from bot.ops.logs import FORMATS, RequestIdFilter, build_formatter
from tests.api.conftest import FAST_RETRY, ClientFactory
from tests.api.planted import (
    ALL_SECRETS,
    API_TOKEN,
    CODE_PIN,
    CREATE_TOKEN,
    IMG_SIGNATURE,
    SESSION_TOKEN,
)
from tests.api.servers import refused_url

pytestmark = pytest.mark.anyio

WINDOW = TimeWindow(datetime(2030, 5, 6, 8, tzinfo=UTC), datetime(2030, 5, 6, 10, tzinfo=UTC))
LOGGERS = ("", "bot", "bot.api", "httpx", "httpcore", "stamina", "uvicorn", "uvicorn.error")


def leaks(text: str) -> list[str]:
    return [secret for secret in ALL_SECRETS if secret in text]


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name or None)
    return caplog


async def run_calls(client: InterventionsClient, sandbox: Sandbox) -> list[object]:
    """Successes and every kind of failure; returns what came back (models and errors)."""
    seen: list[object] = []
    created = await client.create_from_routine(12, WINDOW, CreationStatus.SCHEDULED)
    changes = InterventionChanges(
        assignee=Assignee(profile_id=17), previous_assignee_email=True, previous_assignee_reason="r"
    )
    seen += [created, await client.update_intervention(created.id, changes)]
    sandbox.fail_next(400, body={"message": f"bad token {API_TOKEN} / {SESSION_TOKEN}"})
    sandbox.fail_next(400, body={"message": f"wrong pin {CODE_PIN}", "codePin": CODE_PIN})
    sandbox.fail_next(200, body={"data": {"codePin": CODE_PIN, "imgSignature": IMG_SIGNATURE}})
    sandbox.fail_next(201, body={"data": {"id": "x", "codePin": CODE_PIN}, "token": CREATE_TOKEN})
    sandbox.fail_next(500)
    sandbox.fail_next(429, retry_after=0.01)
    sandbox.hang_next()
    sandbox.html_next(502)
    for _ in range(8):
        try:
            await client.create_from_routine(12, WINDOW, CreationStatus.SCHEDULED)
        except ApiError as error:
            seen.append(error)
    sandbox.fail_next(429, retry_after=0.01)
    seen.append(await client.update_intervention(created.id, changes))
    sandbox.fail_next(503, times=3)
    try:
        await client.update_intervention(created.id, changes)
    except ApiError as error:
        seen.append(error)
    return seen


def formatted_lines(records: list[logging.LogRecord], log_format: str) -> list[str]:
    """The records as the bot's handler writes them under `LOG_FORMAT=log_format`."""
    formatter, stamp = build_formatter(log_format), RequestIdFilter()
    lines = []
    for record in records:
        stamp.filter(record)
        lines.append(formatter.format(record))
    if log_format == "json":
        assert all(isinstance(json.loads(line), dict) for line in lines)
    return lines


@pytest.mark.parametrize("log_format", FORMATS)
async def test_no_secret_reaches_logs_reprs_or_tracebacks(
    log_format: str,
    sandbox: Sandbox,
    sandbox_url: str,
    make_client: ClientFactory,
    debug_logs: pytest.LogCaptureFixture,
) -> None:
    async with make_client(sandbox_url) as client:
        seen = await run_calls(client, sandbox)
        seen.append(client)
    async with make_client(refused_url()) as client:
        try:
            await client.update_intervention(42, InterventionChanges(description="d"))
        except ApiError as error:
            seen.append(error)
    errors = [type(item).__name__ for item in seen if isinstance(item, ApiError)]
    assert errors == [
        "InvalidRequest",
        "InvalidRequest",
        "MalformedResponse",
        "MalformedResponse",
        "OutcomeUnknown",
        "RateLimited",
        "OutcomeUnknown",
        "OutcomeUnknown",
        "ApiUnavailable",
        "ApiUnreachable",
    ]
    assert sum(isinstance(item, Intervention) for item in seen) == 3
    for item in seen:
        assert leaks(repr(item)) == []
        assert leaks(str(item)) == []
        if isinstance(item, BaseException):
            assert leaks("".join(traceback.format_exception(item))) == []
    records = debug_logs.records
    assert {r.name.split(".")[0] for r in records} >= {"httpx", "httpcore", "stamina", "bot"}
    for record in records:
        assert leaks(record.getMessage()) == []
        assert leaks(repr(record.__dict__)) == []
    for line in formatted_lines(records, log_format):
        assert leaks(line) == []


async def test_the_planted_values_do_reach_the_wire(
    sandbox: Sandbox, sandbox_url: str, make_client: ClientFactory
) -> None:
    """Guards the test above: the secrets really travel, so their absence elsewhere matters."""
    async with make_client(sandbox_url) as client:
        await client.create_from_routine(12, WINDOW, CreationStatus.SCHEDULED)
    request = sandbox.requests[0]
    assert request.headers["authorization"].endswith(API_TOKEN)
    assert sandbox.interventions[42]["codePin"] == CODE_PIN
    assert sandbox.interventions[42]["imgSignature"] == IMG_SIGNATURE
    assert sandbox.create_token == CREATE_TOKEN


def test_response_models_drop_the_secret_fields() -> None:
    envelope = InterventionEnvelope.model_validate(
        {
            "data": {"id": 1, "codePin": CODE_PIN, "imgSignature": IMG_SIGNATURE},
            "token": CREATE_TOKEN,
        }
    )
    dumped = repr(envelope) + repr(envelope.model_dump()) + envelope.model_dump_json()
    assert leaks(dumped) == []
    assert leaks(repr(envelope.data.to_intervention())) == []


def test_settings_client_and_sandbox_reprs_hide_secrets() -> None:
    settings = Settings(
        interventions_api_url="http://127.0.0.1:9/main",
        interventions_api_token=SecretStr(API_TOKEN),
        interventions_session_token=SecretStr(SESSION_TOKEN),
    )
    client = build_client(settings, retry=FAST_RETRY)
    sandbox = Sandbox(code_pin=CODE_PIN, img_signature=IMG_SIGNATURE, create_token=CREATE_TOKEN)
    for item in (settings, client, sandbox):
        assert leaks(repr(item)) == []
        assert leaks(str(item)) == []
