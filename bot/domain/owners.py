"""Who holds a lease: each process's name, and telling when a holder on this machine is dead.

A process names itself `host:machine:pid:tail` on every lease it takes. `machine` stands for
this kernel boot and this process-id namespace (two containers never share it, and neither does
a machine after a reboot), so a holder with our `machine` and a pid that no longer runs is
certainly dead: its leases are given back at once (`give_back_dead_leases`) instead of after
their expiry, and a bot restarted after a crash finishes its predecessor's work within seconds.
A holder elsewhere, or on a system without `/proc`, is left to its lease's expiry. A pid reused
by another process only makes the holder look alive: the safe side.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import socket
import uuid
from collections.abc import Iterable
from pathlib import Path

from bot.store.store import Store

log = logging.getLogger(__name__)
_PROC = Path("/proc")


@functools.cache
def this_machine() -> str:
    """A short token for this boot and pid namespace; empty where `/proc` cannot say."""
    try:
        boot = (_PROC / "sys/kernel/random/boot_id").read_text().strip()
        namespace = os.readlink(_PROC / "self/ns/pid")
    except OSError:
        return ""
    return hashlib.sha256(f"{boot}/{namespace}".encode()).hexdigest()[:8]


def process_owner() -> str:
    """This process's name on leases: host, machine, pid and a random tail."""
    host = socket.gethostname().replace(":", "")[:24]
    return f"{host}:{this_machine()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def dead_here(owners: Iterable[str]) -> set[str]:
    """The `owners` that ran on this machine and whose process is gone."""
    machine = this_machine()
    if not machine:
        return set()
    dead: set[str] = set()
    for owner in owners:
        parts = owner.split(":")
        if len(parts) != 4 or parts[1] != machine or not parts[2].isdigit():
            continue
        pid = int(parts[2])
        if pid != os.getpid() and not _running(pid):
            dead.add(owner)
    return dead


def _running(pid: int) -> bool:
    """True while `pid` runs (a zombie, killed and not yet reaped, does not)."""
    try:
        stat = (_PROC / str(pid) / "stat").read_text()
    except FileNotFoundError:
        return False
    except OSError:
        return True
    # The state follows the command name, which is in parentheses and may hold any character.
    return stat.rpartition(")")[2].split()[:1] != ["Z"]


async def give_back_dead_leases(store: Store) -> int:
    """Expire the leases of holders on this machine that died; how many rows were given back."""
    dead = dead_here(await store.leases.live_holders())
    if not dead:
        return 0
    given_back = await store.leases.expire_leases_of(dead)
    log.warning("took back %d leases of %d dead process(es)", given_back, len(dead))
    return given_back
