"""Recurring plans on the Slack side: show the series preview, confirm it, retry the failed.

The plan is kept in the store when its preview is shown, so Confirm sends exactly what the
preview listed; the creates then run in the background (`bot.domain.series`) and the outbox
keeps the team's series message and the requester's progress message current.
"""

from __future__ import annotations

import uuid

from bot.domain.claims import AlreadyHandled, ClaimState
from bot.domain.series import SeriesPlan
from bot.i18n.catalog import t
from bot.parsing.commands import CreateSeries
from bot.slack.announcing import SlackAnnouncer
from bot.slack.context import SendPrivately, SlackDeps
from bot.slack.flows.confirming import describe_claim
from bot.slack.metadata import SeriesRef, SeriesRetry
from bot.slack.people import Person
from bot.slack.ui.blocks import notice
from bot.slack.ui.series import series_preview_message


async def show_series_preview(
    deps: SlackDeps, parsed: CreateSeries, person: Person, channel_id: str, reply: SendPrivately
) -> None:
    """Every occurrence, privately; nothing reaches the API before Confirm."""
    plan = SeriesPlan(
        key=uuid.uuid4().hex,
        routine_id=parsed.routine_id,
        occurrences=parsed.series.occurrences,
        status=parsed.status,
        assignee=parsed.assignee,
        requested_by=person.user_id,
        dst_shifts=parsed.series.dst_shifts,
        when_text=parsed.when_text,
    )
    await deps.scheduler.series.save_plan(plan)
    await reply(
        series_preview_message(plan, person, deps.config, now=deps.now(), channel_id=channel_id)
    )


async def confirm_series(
    deps: SlackDeps, ref: SeriesRef, person: Person, reply: SendPrivately
) -> None:
    """Record every occurrence's create and start sending them; say so, or what happened."""
    view = await deps.scheduler.series.view(ref.key)
    if view is None:
        await reply(notice(t("series.gone", person.lang)))
        return
    if view.occurrences[0].window.start <= deps.now():
        await reply(notice(t("preview.stale", person.lang)))
        return
    context = {
        "lang": person.lang.value,
        "zone": person.zone.key,
        "locale": person.locale,
        "fallback_channel": ref.channel_id,
    }
    handled = await deps.scheduler.series.confirm(
        ref.key, context=context, now=deps.now(), announcer=SlackAnnouncer()
    )
    if isinstance(handled, AlreadyHandled):
        outcome = handled.outcome
        if outcome.state is ClaimState.CREATED and outcome.intervention_id is None:
            await reply(notice(t("series.already_confirmed", person.lang)))
        else:
            await reply(notice(describe_claim(outcome, person.lang)))
        return
    deps.outbox_ready.set()
    await reply(notice(t("series.working", person.lang, count=len(view.occurrences))))


async def retry_failed(
    deps: SlackDeps, ref: SeriesRetry, person: Person, reply: SendPrivately
) -> None:
    """Send again only the occurrences that failed (or whose outcome is unknown)."""
    sent = await deps.scheduler.series.retry_failed(ref.key, ref.token, SlackAnnouncer())
    if sent:
        deps.outbox_ready.set()
        await reply(notice(t("series.retry.started", person.lang, count=sent)))
    else:
        await reply(notice(t("series.retry.nothing", person.lang)))
