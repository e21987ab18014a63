"""Posting a series' two messages from the outbox (`bot.slack.delivery`): the team channel's
series message and the requester's progress message (a direct message, updated in place).

Each is rendered from the store when delivered, so it shows every occurrence as recorded now;
the first delivery posts it and remembers where, later ones update it. A Slack error propagates
to the deliverer, which retries it or gives up as for any effect.
"""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from bot.domain.teams import channel_for_routine
from bot.slack.announcing import SERIES_PROGRESS
from bot.slack.context import SlackDeps
from bot.slack.ui.series import series_message, series_progress_message


class SeriesGone(Exception):  # noqa: N818  # the deliverer's `Final` stands for it
    """The series is not in the store (a database reset under a pending effect)."""


async def post_series_effect(deps: SlackDeps, client: AsyncWebClient, kind: str, key: str) -> None:
    """Post or update the message `kind` names for series `key`."""
    view = await deps.scheduler.series.view(key)
    if view is None:
        raise SeriesGone(key)
    if kind == SERIES_PROGRESS:
        message = series_progress_message(view, deps.config, now=deps.now())
        if view.progress_channel and view.progress_ts:
            await client.chat_update(channel=view.progress_channel, ts=view.progress_ts, **message)
            return
        response = await client.chat_postMessage(channel=view.requested_by, **message)
        await deps.store.series.set_message(
            key, str(response["channel"]), str(response["ts"]), progress=True
        )
        return
    message = deps.publisher.marked(series_message(view, deps.config))
    if view.channel and view.ts:
        await client.chat_update(channel=view.channel, ts=view.ts, **message)
        return
    fallback = str(view.context.get("fallback_channel") or "")
    channel = channel_for_routine(deps.config, view.routine_id, fallback) or fallback
    response = await client.chat_postMessage(channel=channel, **message)
    await deps.store.series.set_message(
        key, str(response["channel"]), str(response["ts"]), progress=False
    )
