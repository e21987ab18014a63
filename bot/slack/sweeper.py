"""Work no click starts: expiring pending reassignments, surfacing interrupted approvals, and
forgetting signed requests older than the replay window.

One sweep a while; each request is moved once however many processes sweep, because every
transition is an atomic conditional update in the store.
"""

from __future__ import annotations

import asyncio
import logging

from bot.slack.context import SlackDeps
from bot.slack.flows.reassigning import show_decision

logger = logging.getLogger(__name__)
SWEEP_EVERY_SECONDS = 30.0


async def sweep(deps: SlackDeps) -> int:
    """Expire due requests and mark dead approvals failed; rewrite their messages."""
    domain = deps.reassignments
    now = deps.now()
    moved = [*await domain.expire_reassignments(now), *await domain.recover_interrupted(now)]
    for request in moved:
        await show_decision(deps, request)
    await deps.store.replays.forget_old()
    return len(moved)


async def run_sweeper(deps: SlackDeps, every: float = SWEEP_EVERY_SECONDS) -> None:
    """Sweep forever; a failed sweep is logged and the next one tries again."""
    while True:
        try:
            await sweep(deps)
        except Exception:  # the loop must outlive one bad sweep
            logger.exception("reassignment sweep failed; retrying in %.0f s", every)
        await asyncio.sleep(every)
