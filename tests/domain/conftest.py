"""Domain fixtures: the API sandbox through the real client, and the store on every backend."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import pytest

from bot.api.client import InterventionsClient, RetryPolicy, build_client
from bot.api.sandbox import Sandbox
from bot.config import Settings
from tests.store.databases import database_url, store

__all__ = ["database_url", "store"]

# These tests cut a TCP relay in front of PostgreSQL, so they exist only where it runs.
collect_ignore = [] if os.environ.get("TEST_DATABASE_URL") else ["test_store_failures.py"]

FAST_RETRY = RetryPolicy(
    attempts=3, budget=5.0, wait_initial=0.01, wait_max=0.02, wait_jitter=0.0, max_retry_after=1.0
)


@pytest.fixture
def sandbox() -> Sandbox:
    return Sandbox()


@pytest.fixture
async def api(sandbox: Sandbox) -> AsyncIterator[InterventionsClient]:
    """The real client, reaching the sandbox in-process (`build_client` as `__main__` does)."""
    client = build_client(Settings(interventions_api_url="sandbox"), sandbox, retry=FAST_RETRY)
    try:
        yield client
    finally:
        await client.aclose()
