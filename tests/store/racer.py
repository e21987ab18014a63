"""A separate OS process for the cross-process tests: `python -m tests.store.racer MODE ...`.

Every mode writes `ready-<pid>` into the barrier folder, waits for `go` there, races, and prints
one JSON line. Modes: `connect URL DIR` (connect to a fresh database at the same instant),
`approve URL DIR REQUEST_ID N`, `claim URL DIR KEY N`, `drain URL DIR N` (N concurrent claimers
empty the outbox), `sweep URL DIR N` (N concurrent sweepers take over abandoned actions).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.model import Assignee, RequestState
from bot.store.store import Store

BARRIER_TIMEOUT_S = 60.0


async def wait_for_go(barrier: Path) -> None:
    (barrier / f"ready-{os.getpid()}").touch()
    deadline = time.monotonic() + BARRIER_TIMEOUT_S
    while not (barrier / "go").exists():
        if time.monotonic() > deadline:
            raise TimeoutError("the parent never said go")
        await asyncio.sleep(0.002)


async def connect_at_once(url: str, barrier: Path) -> dict[str, object]:
    await wait_for_go(barrier)
    async with await Store.connect(url) as store:
        now = datetime.now(UTC)
        request = await store.add_request(
            intervention_id=os.getpid(),
            requested_by=f"U{os.getpid()}",
            proposed=Assignee(profile_id=1),
            current=None,
            reason="",
            email_previous_assignee=True,
            email_current_assignee=False,
            created_at=now,
            expires_at=now + timedelta(hours=1),
        )
        return {"request_id": request.id, "schema_version": await store.schema_version()}


async def approve_many(url: str, barrier: Path, request_id: int, count: int) -> dict[str, object]:
    async with await Store.connect(url) as store:
        await wait_for_go(barrier)
        pending = frozenset({RequestState.PENDING})
        results = await asyncio.gather(
            *(
                store.transition_request(
                    request_id,
                    from_states=pending,
                    to=RequestState.APPROVED,
                    at=datetime.now(UTC),
                    by=f"U{os.getpid()}-{index}",
                )
                for index in range(count)
            )
        )
        winners = [result.decided_by for result in results if result is not None]
        return {"won": [result is not None for result in results], "winners": winners}


async def claim_many(url: str, barrier: Path, key: str, count: int) -> dict[str, object]:
    async with await Store.connect(url) as store:
        await wait_for_go(barrier)
        won = await asyncio.gather(*(store.claim(key, at=datetime.now(UTC)) for _ in range(count)))
        return {"won": list(won)}


async def drain_outbox(store: Store, owner: str) -> list[int]:
    """Claim effects a few at a time and deliver them until none is left; the ids delivered."""
    delivered: list[int] = []
    while batch := await store.outbox.claim(owner=owner, limit=3):
        for claimed in batch:
            if await store.outbox.mark_delivered(claimed.id, owner=owner):
                delivered.append(claimed.id)
    return delivered


async def drain_many(url: str, barrier: Path, count: int) -> dict[str, object]:
    async with await Store.connect(url) as store:
        await wait_for_go(barrier)
        owners = [f"{os.getpid()}-{index}" for index in range(count)]
        batches = await asyncio.gather(*(drain_outbox(store, owner) for owner in owners))
        return {"delivered": [effect_id for batch in batches for effect_id in batch]}


async def sweep_many(url: str, barrier: Path, count: int) -> dict[str, object]:
    async with await Store.connect(url) as store:
        await wait_for_go(barrier)
        owners = [f"{os.getpid()}-{index}" for index in range(count)]
        batches = await asyncio.gather(
            *(store.actions.claim_abandoned(owner=owner, limit=5) for owner in owners)
        )
        return {"claimed": [record.key for batch in batches for record in batch]}


async def race(argv: list[str]) -> dict[str, object]:
    mode, url, barrier = argv[0], argv[1], Path(argv[2])
    if mode == "connect":
        return await connect_at_once(url, barrier)
    if mode == "approve":
        return await approve_many(url, barrier, int(argv[3]), int(argv[4]))
    if mode == "claim":
        return await claim_many(url, barrier, argv[3], int(argv[4]))
    if mode == "drain":
        return await drain_many(url, barrier, int(argv[3]))
    if mode == "sweep":
        return await sweep_many(url, barrier, int(argv[3]))
    raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    sys.stdout.write(json.dumps(asyncio.run(race(sys.argv[1:]))) + "\n")
