"""Fixtures of the API tests: the sandbox served by uvicorn on 127.0.0.1 and client factories."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pydantic import SecretStr

from bot.api.client import InterventionsClient, RetryPolicy
from bot.api.sandbox import Sandbox
from tests.api.planted import (
    API_TOKEN,
    CODE_PIN,
    CREATE_TOKEN,
    IMG_SIGNATURE,
    SESSION_TOKEN,
    UNKNOWN_ROUTINE,
)
from tests.api.servers import serve_app

READ_TIMEOUT = 0.25
FAST_RETRY = RetryPolicy(
    attempts=3, budget=5.0, wait_initial=0.01, wait_max=0.02, wait_jitter=0.0, max_retry_after=1.0
)
ClientFactory = Callable[..., InterventionsClient]


@pytest.fixture(scope="session")
def served_sandbox() -> Iterator[tuple[Sandbox, str]]:
    sandbox = Sandbox(
        unknown_routines=[UNKNOWN_ROUTINE],
        code_pin=CODE_PIN,
        img_signature=IMG_SIGNATURE,
        create_token=CREATE_TOKEN,
    )
    with serve_app(sandbox.app) as base_url:
        try:
            yield sandbox, base_url
        finally:
            sandbox.release_hangs()


@pytest.fixture
def sandbox(served_sandbox: tuple[Sandbox, str]) -> Iterator[Sandbox]:
    """The served sandbox, emptied before and after each test."""
    served_sandbox[0].reset()
    yield served_sandbox[0]
    served_sandbox[0].reset()


@pytest.fixture
def sandbox_url(served_sandbox: tuple[Sandbox, str]) -> str:
    return served_sandbox[1]


@pytest.fixture
def make_client() -> ClientFactory:
    """Build a client on a base URL with the planted tokens, tiny timeouts and fast retries."""

    def build(
        base_url: str,
        *,
        api_token: str = API_TOKEN,
        session_token: str = SESSION_TOKEN,
        read_timeout: float = READ_TIMEOUT,
        retry: RetryPolicy = FAST_RETRY,
        max_connections: int = 50,
    ) -> InterventionsClient:
        return InterventionsClient(
            base_url,
            api_token=SecretStr(api_token),
            session_token=SecretStr(session_token),
            read_timeout=read_timeout,
            connect_timeout=1.0,
            retry=retry,
            max_connections=max_connections,
        )

    return build
