"""Following up on Slack: answering list and status, publishing Home tabs, sending reminders.

The use cases are `bot.domain.following`'s; this module renders and sends. A Home tab is
published when opened, and again by `follow_up` (run every few seconds by each process) once
what it shows has changed: the store's digest claim lets one process publish each change.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from datetime import timedelta
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.domain.following import FollowingUp, Reminder
from bot.i18n.catalog import t
from bot.model import Language, ListScope
from bot.slack.context import SlackDeps
from bot.slack.people import Person
from bot.slack.ui.blocks import notice
from bot.slack.ui.following import (
    home_view,
    listing_message,
    reminder_direct,
    reminder_note,
    status_message,
)

logger = logging.getLogger(__name__)
_team_ids: dict[int, str] = {}
RETRY_REMINDER_IN = timedelta(seconds=15)
SENDING_AT_ONCE = 8


def following(deps: SlackDeps) -> FollowingUp:
    """The use cases of following up (stateless: built on each use)."""
    return FollowingUp(deps.store, deps.config, deps.scheduler)


async def team_id_of(deps: SlackDeps, body: dict[str, Any] | None = None) -> str:
    """The workspace's id, from the request when it says, else `auth.test` once per process."""
    found = (body or {}).get("team_id") or ((body or {}).get("team") or {}).get("id")
    if found:
        return str(found)
    cached = _team_ids.get(id(deps))
    if cached is None:
        try:
            cached = str((await deps.client.auth_test()).get("team_id") or "")
        except SlackApiError:
            return ""
        _team_ids[id(deps)] = cached
    return cached


async def list_message(
    deps: SlackDeps, scope: ListScope, person: Person, team_id: str
) -> dict[str, Any]:
    now = deps.now()
    listing = await following(deps).list_interventions(scope, person.user_id, now=now)
    return listing_message(listing, person, deps.config, now=now, team_id=team_id)


async def status_card(
    deps: SlackDeps, intervention_id: int, person: Person, team_id: str
) -> dict[str, Any]:
    card = await following(deps).status(intervention_id)
    if card is None:
        return notice(t("status.no_record", person.lang, id=intervention_id))
    return status_message(card, person, deps.config, now=deps.now(), team_id=team_id)


async def render_home(deps: SlackDeps, person: Person, team_id: str) -> dict[str, Any]:
    now = deps.now()
    content = await following(deps).home(person.user_id, now=now)
    return home_view(content, person, deps.config, now=now, team_id=team_id)


def _digest(view: dict[str, Any]) -> str:
    """What a Home tab shows, minus its "updated at" line."""
    blocks = view["blocks"][:-1]
    return hashlib.sha256(json.dumps(blocks, sort_keys=True).encode()).hexdigest()


async def publish_home(deps: SlackDeps, user_id: str, *, opened: bool, team_id: str = "") -> bool:
    """Publish `user_id`'s Home tab: always when opened, else only when what it shows changed
    (and then by one process only). True when published."""
    store = deps.store.following
    if opened:
        await store.home_opened(user_id)
    person = await deps.people.lookup(user_id)
    view = await render_home(deps, person, team_id or await team_id_of(deps))
    if not await store.claim_home_digest(user_id, _digest(view)) and not opened:
        return False
    try:
        await deps.client.views_publish(user_id=user_id, view=view)
    except SlackApiError as error:
        logger.warning("views.publish for %s failed: %s", user_id, error.response.get("error"))
        await store.forget_home_digest(user_id)
        return False
    return True


async def refresh_homes(deps: SlackDeps, last: list[str]) -> int:
    """Republish the Home tabs whose content changed since the store's digest `last[0]`."""
    digest = await deps.store.following.state_digest()
    if last and last[0] == digest:
        return 0
    published = 0
    for user_id in await deps.store.following.home_viewers():
        published += await publish_home(deps, user_id, opened=False)
    last[:] = [digest]  # only once every viewer was seen to: a failed pass is done again
    return published


async def send_reminders(deps: SlackDeps, *, owner: str, before: timedelta) -> int:
    """Claim the reminders due now and send them, a few at once; a failed one is tried again
    after 15 s. Returns how many were sent."""
    domain = following(deps)
    claimed = await domain.claim_reminders(now=deps.now(), before=before, owner=owner)
    gate = asyncio.Semaphore(SENDING_AT_ONCE)
    sent: list[Reminder] = []
    failed: list[Reminder] = []

    async def send(reminder: Reminder) -> None:
        async with gate:
            try:
                await _send(deps, domain, reminder)
            except SlackApiError as error:
                logger.warning(
                    "reminder %s of #%s failed: %s",
                    reminder.leg,
                    reminder.known.intervention.id,
                    error.response.get("error"),
                )
                failed.append(reminder)
                return
            sent.append(reminder)

    await asyncio.gather(*(send(reminder) for reminder in claimed))
    await domain.reminders_sent(sent, owner=owner)
    await domain.reminders_failed(failed, owner=owner, retry_in=RETRY_REMINDER_IN)
    return len(sent)


async def _send(deps: SlackDeps, domain: FollowingUp, reminder: Reminder) -> None:
    known = reminder.known
    recipient = domain.reminder_recipient(known)
    if reminder.leg == "direct":
        if recipient is None:
            return
        person = await deps.people.lookup(recipient)
        message = reminder_direct(known, person.lang, await team_id_of(deps))
        await deps.client.chat_postMessage(channel=recipient, **deps.publisher.marked(message))
        return
    if not known.channel or not known.ts:
        return
    lang: Language = deps.config.language
    await deps.client.chat_postMessage(
        channel=known.channel,
        thread_ts=known.ts,
        **deps.publisher.marked(reminder_note(known, recipient, lang)),
    )


async def follow_up(deps: SlackDeps, *, owner: str, last: list[str]) -> None:
    """One pass: reminders due, then Home tabs whose content changed."""
    before = deps.config.reminder_before
    await send_reminders(deps, owner=owner, before=before)
    await refresh_homes(deps, last)
