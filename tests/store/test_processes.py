"""Two OS processes on one database: schema creation and every transition happen exactly once."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.model import Assignee, RequestState
from bot.store.migrations import head_revision
from bot.store.store import Store

pytestmark = pytest.mark.anyio

REPO_ROOT = Path(__file__).resolve().parents[2]
PROCESSES = 2
HEAD = head_revision()
CLICKS_PER_PROCESS = 10


async def run_racers(barrier: Path, mode: str, url: str, *rest: str) -> list[dict[str, object]]:
    """Start the racer processes, let them go at the same instant, return their JSON lines."""
    barrier.mkdir()
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    argv = ["-m", "tests.store.racer", mode, url, str(barrier), *rest]
    processes = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            *argv,
            cwd=REPO_ROOT,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        for _ in range(PROCESSES)
    ]
    async with asyncio.timeout(90):
        while len(list(barrier.glob("ready-*"))) < PROCESSES:
            await asyncio.sleep(0.01)
        (barrier / "go").touch()
        outputs = [await process.communicate() for process in processes]
    for process, (_, stderr) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, stderr.decode()
    return [json.loads(stdout) for stdout, _ in outputs]


def gather_lists(results: list[dict[str, object]], field: str) -> list[object]:
    """Concatenate one list-valued field of every racer's JSON line."""
    gathered: list[object] = []
    for result in results:
        values = result[field]
        assert isinstance(values, list)
        gathered.extend(values)
    return gathered


async def add_pending_request(store: Store) -> int:
    now = datetime.now(UTC)
    request = await store.add_request(
        intervention_id=42,
        requested_by="U0TECH",
        proposed=Assignee(profile_id=17),
        current=Assignee(company_contact_id=5),
        reason="on leave",
        email_previous_assignee=True,
        email_current_assignee=False,
        created_at=now,
        expires_at=now + timedelta(hours=48),
    )
    return request.id


async def test_two_processes_starting_on_an_empty_database_create_the_schema_once(
    database_url: str, tmp_path: Path
) -> None:
    results = await run_racers(tmp_path / "barrier", "connect", database_url)

    assert [result["schema_version"] for result in results] == [HEAD, HEAD]
    async with await Store.connect(database_url) as store:
        assert await store.schema_version() == HEAD
        for result in results:
            request_id = result["request_id"]
            assert isinstance(request_id, int)
            assert await store.get_request(request_id) is not None


async def test_approvals_racing_in_two_processes_let_exactly_one_click_win(
    store: Store, database_url: str, tmp_path: Path
) -> None:
    request_id = await add_pending_request(store)

    results = await run_racers(
        tmp_path / "barrier", "approve", database_url, str(request_id), str(CLICKS_PER_PROCESS)
    )

    outcomes = gather_lists(results, "won")
    winners = gather_lists(results, "winners")
    assert len(outcomes) == PROCESSES * CLICKS_PER_PROCESS
    assert outcomes.count(True) == 1
    request = await store.get_request(request_id)
    assert request is not None
    assert request.state is RequestState.APPROVED
    assert [request.decided_by] == winners


async def test_claims_racing_in_two_processes_let_exactly_one_caller_act(
    database_url: str, tmp_path: Path, store: Store
) -> None:
    results = await run_racers(
        tmp_path / "barrier", "claim", database_url, "confirm:T1:42", str(CLICKS_PER_PROCESS)
    )

    outcomes = gather_lists(results, "won")
    assert len(outcomes) == PROCESSES * CLICKS_PER_PROCESS
    assert outcomes.count(True) == 1
    assert await store.claim("confirm:T1:42", at=datetime.now(UTC)) is False
