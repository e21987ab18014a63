"""Work the clock starts: reminders before each start, and Home tabs whose content changed.

Each process runs `run_follow_up`; a reminder leg is claimed in the store under a lease, so it is
sent once however many processes run, and a crashed sender's claim is taken over after the lease.
"""

from __future__ import annotations

import asyncio
import logging

from bot.slack.context import SlackDeps
from bot.slack.flows.following import follow_up

logger = logging.getLogger(__name__)
# Reminders are at most this late (plus the pass itself): well inside DESIGN's 60 s.
FOLLOW_UP_EVERY_SECONDS = 10.0


async def run_follow_up(deps: SlackDeps, every: float = FOLLOW_UP_EVERY_SECONDS) -> None:
    """Follow up forever; a failed pass is logged and the next one tries again."""
    owner = deps.scheduler.owner  # the process's one name on leases
    last: list[str] = []
    while True:
        try:
            await follow_up(deps, owner=owner, last=last)
        except Exception:  # the loop must outlive one bad pass
            logger.exception("follow-up pass failed; retrying in %.0f s", every)
        await asyncio.sleep(every)
