"""Lease holders on this machine: a dead one's leases are taken back at once, a live one's kept."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from bot.domain.owners import dead_here, give_back_dead_leases, process_owner, this_machine
from bot.store.store import Store

pytestmark = pytest.mark.anyio

LONG = timedelta(minutes=10)


def owner_of(pid: int) -> str:
    """A lease owner as the process `pid` of this machine names itself."""
    host, machine, _, tail = process_owner().split(":")
    return f"{host}:{machine}:{pid}:{tail}"


def finished_child() -> int:
    """The pid of a child process that ran, exited and was reaped."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def state_of(pid: int) -> str:
    """The process state letter /proc shows for `pid` (R, S, Z…)."""
    return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]


def test_this_machine_is_named_on_linux() -> None:
    assert len(this_machine()) == 8


def test_a_reaped_process_and_a_zombie_are_dead_while_a_running_one_is_not() -> None:
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    zombie = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        zombie_exited = zombie.pid
        while state_of(zombie_exited) != "Z":  # exited, and not reaped until `wait` below
            time.sleep(0.01)
        gone = owner_of(finished_child())
        alive = owner_of(running.pid)
        undead = owner_of(zombie_exited)
        me = owner_of(os.getpid())
        assert dead_here([gone, alive, undead, me]) == {gone, undead}
    finally:
        running.kill()
        running.wait()
        zombie.wait()


def test_holders_elsewhere_or_unreadable_are_never_called_dead() -> None:
    pid = finished_child()
    host, _, _, tail = process_owner().split(":")
    elsewhere = f"{host}:0badcafe:{pid}:{tail}"
    assert dead_here([elsewhere, "old-style-host:1234:abcd", "a:b:c:d", ""]) == set()


async def test_a_dead_holders_leases_are_taken_back_and_a_live_ones_kept(store: Store) -> None:
    dead, live = owner_of(finished_child()), process_owner()
    for key, owner in (("create:dead", dead), ("create:live", live)):
        await store.actions.record_intent(
            key=key, kind="create", payload={}, owner=owner, lease=LONG
        )
    assert await store.leases.live_holders() == {dead, live}

    assert await give_back_dead_leases(store) == 1
    assert await store.leases.live_holders() == {live}
    taken = await store.actions.claim_abandoned(owner=process_owner())
    assert [record.key for record in taken] == ["create:dead"]
