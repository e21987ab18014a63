"""The outbox deliverer and the recovery of abandoned actions: one task per bot process.

Every process delivers the outbox (`bot.store.outbox`): it claims due effects under a lease,
sends each to Slack, and marks it delivered, or retries it later (Slack's `Retry-After` on a
429, else an exponential backoff) until Slack accepts it or answers a final error (logged, and
the effect marked failed). Every few seconds it also finishes the actions other processes left
mid-way (`Scheduler.recover_actions`). A process that wrote effects wakes its own deliverer at
once (`SlackDeps.outbox_ready`); others find them at their next poll.

The deliverer's Slack client retries nothing by itself: a 429 goes back to the outbox with its
`Retry-After`, so a rate-limited effect holds no task while it waits.

A parent update (`update_parent`) renders the intervention as the store holds it when it is
sent, so it never shows an older state than the store's; the outbox supersedes the older ones.

A `chat.postMessage` of a confirmation is skipped when the store already knows the message, so
a retried or recovered effect does not post it twice; the one window left is a process dying
after Slack accepted the post and before the store recorded it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncConnectionErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.domain.teams import channel_for_routine
from bot.i18n.catalog import t
from bot.model import Assignee, Language
from bot.slack.announcing import (
    ANNOUNCE_CREATE,
    CHANGE_OUTCOME,
    REPLY,
    SERIES_MESSAGE,
    SERIES_PROGRESS,
    THREAD_REPLY,
    SlackAnnouncer,
)
from bot.slack.approval_effects import APPROVAL_EFFECTS, send_approval_effect
from bot.slack.context import SlackDeps
from bot.slack.effect_errors import Final, Retry
from bot.slack.effect_errors import classify as _classify
from bot.slack.publishing import Posted, PostFailed, not_posted_note
from bot.slack.series_posting import SeriesGone, post_series_effect
from bot.slack.ui.blocks import assignee_label, notice, retry_assignment_message
from bot.slack.watching import SlackErrorCounter
from bot.store.outbox import PARENT_UPDATE, ClaimedEffect, EffectStatus

logger = logging.getLogger(__name__)

POLL_SECONDS = 0.5
RECOVER_EVERY_SECONDS = 5.0
EFFECT_LEASE = timedelta(seconds=30)
BATCH = 20
STOP_GRACE_SECONDS = 5.0
MAX_ATTEMPTS = 8


def delivery_client(deps: SlackDeps) -> AsyncWebClient:
    """The deliverer's client: connection errors retried once, 429s left to the outbox; the
    metrics' error counter, when the main client has one, counts its errors too."""
    client = deps.client
    counters = [h for h in client.retry_handlers if isinstance(h, SlackErrorCounter)]
    return AsyncWebClient(
        token=client.token,
        base_url=client.base_url,
        retry_handlers=[*counters, AsyncConnectionErrorRetryHandler(max_retry_count=1)],
    )


class Deliverer:
    """Delivers the outbox and recovers abandoned actions until stopped."""

    def __init__(self, deps: SlackDeps, *, poll: float = POLL_SECONDS) -> None:
        self.deps = deps
        self.owner = deps.scheduler.owner
        self.client = delivery_client(deps)
        self.announcer = SlackAnnouncer()
        self.poll = poll
        self._stopping = False
        self._task: asyncio.Task[None] | None = None

    def start(self) -> asyncio.Task[None]:
        self._task = asyncio.create_task(self.run())
        return self._task

    async def stop(self, grace: float = STOP_GRACE_SECONDS) -> None:
        """Deliver what is due now (up to `grace` seconds), then stop (SIGTERM's drain)."""
        self._stopping = True
        self.deps.outbox_ready.set()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                await asyncio.wait_for(self._task, timeout=grace)

    async def run(self) -> None:
        """Claim what is due whenever woken (or every `poll`), deliver each claimed effect in
        a task of its own (at most `BATCH` at once), so a slow one holds up no other lane."""
        loop = asyncio.get_running_loop()
        next_recovery = loop.time()
        sending: set[asyncio.Task[None]] = set()
        while True:
            claimed = 0
            try:
                if loop.time() >= next_recovery:
                    next_recovery = loop.time() + RECOVER_EVERY_SECONDS
                    await self.deps.scheduler.recover_actions(self.announcer)
                room = BATCH - len(sending)
                if room > 0:
                    effects = await self.deps.store.outbox.claim(
                        owner=self.owner, lease=EFFECT_LEASE, limit=room
                    )
                    claimed = len(effects)
                    for effect in effects:
                        task = asyncio.create_task(self._deliver(effect))
                        sending.add(task)
                        task.add_done_callback(sending.discard)
                        task.add_done_callback(lambda _: self.deps.outbox_ready.set())
            except Exception:  # the loop must outlive a store or Slack outage
                logger.exception("outbox delivery failed; retrying")
            if self._stopping and not claimed:
                if sending:
                    await asyncio.wait(sending)
                    continue
                return
            if claimed:
                continue
            ready = self.deps.outbox_ready
            # `asyncio.timeout`, not `wait_for`: no task of its own is made for the wait, so
            # whoever watches for the app going idle (the demo) does not see a busy task.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.poll):
                    await ready.wait()
            ready.clear()

    async def deliver_batch(self) -> int:
        """Claim and deliver one batch, waiting for it; how many effects were claimed."""
        claimed = await self.deps.store.outbox.claim(
            owner=self.owner, lease=EFFECT_LEASE, limit=BATCH
        )
        await asyncio.gather(*(self._deliver(effect) for effect in claimed))
        return len(claimed)

    async def _deliver(self, claimed: ClaimedEffect) -> None:
        outbox = self.deps.store.outbox
        try:
            try:
                await self._send(claimed)
            except SlackApiError as error:
                raise _classify(error) from None
        except Retry as retry:
            if claimed.attempts >= MAX_ATTEMPTS:
                logger.warning("outbox %s: giving up after %s", claimed.id, retry.error)
                await outbox.mark_failed(claimed.id, owner=self.owner, error=retry.error)
                return
            delay = None if retry.delay is None else timedelta(seconds=retry.delay)
            await outbox.retry_later(claimed.id, owner=self.owner, error=retry.error, delay=delay)
            return
        except Final as final:
            logger.warning("outbox %s (%s): Slack said %s", claimed.id, claimed.effect.kind, final)
            await outbox.mark_failed(claimed.id, owner=self.owner, error=str(final))
            return
        except Exception as error:  # a bug or an outage: retried, never lost
            logger.exception("outbox %s failed", claimed.id)
            if claimed.attempts >= MAX_ATTEMPTS:
                await outbox.mark_failed(claimed.id, owner=self.owner, error=type(error).__name__)
            else:
                await outbox.retry_later(claimed.id, owner=self.owner, error=type(error).__name__)
            return
        await outbox.mark_delivered(claimed.id, owner=self.owner)

    async def _send(self, claimed: ClaimedEffect) -> None:
        effect = claimed.effect
        if effect.kind == ANNOUNCE_CREATE:
            await self._announce_create(effect.payload)
        elif effect.kind == REPLY:
            await self._reply(effect.payload["reply"], effect.payload["message"])
        elif effect.kind == PARENT_UPDATE:
            await self._update_parent(int(effect.payload["intervention_id"]))
        elif effect.kind == THREAD_REPLY:
            await self._thread_reply(effect.payload)
        elif effect.kind == CHANGE_OUTCOME:
            await self._change_outcome(effect.payload)
        elif effect.kind in APPROVAL_EFFECTS:
            await send_approval_effect(self.deps, self.client, effect, self._reply)
        elif effect.kind in (SERIES_MESSAGE, SERIES_PROGRESS):
            try:
                await post_series_effect(self.deps, self.client, effect.kind, effect.payload["key"])
            except SeriesGone as gone:
                raise Final(f"series {gone} is not in the store") from None
        else:
            raise Final(f"unknown effect kind {effect.kind}")

    async def _announce_create(self, payload: dict[str, Any]) -> None:
        deps = self.deps
        intervention_id = int(payload["intervention_id"])
        lang = Language(payload["lang"])
        known = await deps.store.get_intervention(intervention_id)
        if known is None:
            raise Final(f"intervention {intervention_id} is not in the store")
        fallback = str(payload.get("fallback_channel") or "")
        if known.channel and known.ts:
            text = t("outcome.created", lang, id=intervention_id, channel=known.channel)
        else:
            posted = await self._post_confirmation(known, fallback, payload.get("requested_by"))
            if isinstance(posted, Posted):
                text = t("outcome.created", lang, id=intervention_id, channel=posted.channel)
            else:
                channel, error = posted
                text = t(
                    "outcome.created_unposted",
                    lang,
                    id=intervention_id,
                    channel=channel,
                    error=error,
                )
        failed = payload.get("assignment_failed")
        if failed is None:
            await self._reply(payload["reply"], notice(text))
            return
        assignee = Assignee.model_validate(failed["assignee"])
        text += "\n" + t(
            "outcome.created_not_assigned",
            lang,
            assignee=assignee_label(assignee, deps.config, lang),
            error=failed["error"],
        )
        await self._reply(
            payload["reply"], retry_assignment_message(text, intervention_id, assignee, lang)
        )

    async def _update_parent(self, intervention_id: int) -> None:
        """Show the store's current view of the intervention in its parent message."""
        known = await self.deps.store.get_intervention(intervention_id)
        if known is None or not known.channel or not known.ts:
            return  # no parent yet: the thread reply's confirmation will show it
        message = self.deps.publisher.render(known.intervention, known, known.requested_by)
        await self.client.chat_update(channel=known.channel, ts=known.ts, **message)

    async def _thread_reply(self, payload: dict[str, Any]) -> None:
        """Reply in the intervention's thread; post its confirmation first if it has none."""
        intervention_id = int(payload["intervention_id"])
        known = await self.deps.store.get_intervention(intervention_id)
        if known is None:
            raise Final(f"intervention {intervention_id} is not in the store")
        if known.channel and known.ts:
            posted = Posted(known.channel, known.ts)
        else:
            fallback = str(payload.get("fallback_channel") or "")
            found = await self._post_confirmation(known, fallback, known.requested_by)
            if not isinstance(found, Posted):
                raise Final(found[1])
            posted = found
        message = self.deps.publisher.marked(payload["message"])
        await self.client.chat_postMessage(channel=posted.channel, thread_ts=posted.ts, **message)

    async def _change_outcome(self, payload: dict[str, Any]) -> None:
        """Tell the user a change went through, and whether the thread could not be told."""
        lang = Language(payload.get("lang", Language.EN))
        text = str(payload.get("text", ""))
        thread = payload.get("thread")
        reply = await self.deps.store.outbox.find(thread) if thread else None
        if reply is not None and reply.status is EffectStatus.FAILED:
            known = await self.deps.store.get_intervention(int(payload["intervention_id"]))
            channel = known.channel if known is not None else None
            if not channel and known is not None:
                fallback = str(reply.effect.payload.get("fallback_channel") or "")
                routine = known.intervention.routine_id
                channel = channel_for_routine(self.deps.config, routine, fallback)
            failed = PostFailed(channel or "", reply.last_error or "unknown")
            text += not_posted_note(failed, lang)
        await self._reply(payload["reply"], notice(text))

    async def _post_confirmation(
        self, known: Any, fallback: str, requested_by: str | None
    ) -> Posted | tuple[str, str]:
        """Post in the team channel (or where the user typed); Retry on a passing fault."""
        intervention = known.intervention
        channel = channel_for_routine(self.deps.config, intervention.routine_id, fallback)
        message = self.deps.publisher.render(intervention, known, requested_by)
        failed = (channel, "no_channel")
        for target in dict.fromkeys(c for c in (channel, fallback) if c):
            try:
                response = await self.client.chat_postMessage(channel=target, **message)
            except SlackApiError as error:
                classified = _classify(error)
                if isinstance(classified, Retry):
                    raise classified from None
                failed = (target, str(error.response.get("error")))
                continue
            posted = Posted(str(response["channel"]), str(response["ts"]))
            await self.deps.store.set_intervention_message(
                intervention.id, posted.channel, posted.ts
            )
            return posted
        return failed

    async def _reply(self, target: dict[str, Any], message: dict[str, Any]) -> None:
        """Answer the user: replace the clicked preview, or an ephemeral (a DM if that fails)."""
        url = target.get("response_url")
        if url:
            # An answer to a click on a shared message (Approve) is a new ephemeral message;
            # one to a private preview replaces it.
            how = (
                {"response_type": "ephemeral", "replace_original": False}
                if target.get("ephemeral")
                else {"replace_original": True}
            )
            response = await AsyncWebhookClient(str(url)).send_dict({**how, **message})
            if response.status_code == 429:
                retry_after = response.headers.get("Retry-After")
                raise Retry("ratelimited", float(retry_after) if retry_after else None)
            if response.status_code >= 500:
                raise Retry(f"http {response.status_code}")
            if response.status_code >= 400:
                raise Final(str(response.body or response.status_code))
            return
        channel, user = target.get("channel"), target.get("user")
        if not user:
            raise Final("nobody to answer")
        if channel:
            try:
                await self.client.chat_postEphemeral(channel=channel, user=user, **message)
                return
            except SlackApiError as error:
                if isinstance(_classify(error), Retry):
                    raise _classify(error) from None
        await self.client.chat_postMessage(channel=user, **message)
