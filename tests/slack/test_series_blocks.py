"""The series' Block Kit builders are pure: a 52-occurrence plan in its worst state (every
occurrence failed with the API's longest message, or created and not assigned) fits Slack's
limits in both languages, and user text is escaped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.config import BotConfig
from bot.domain.series import SeriesPlan
from bot.domain.series_view import view_series
from bot.fakes.slack.limits import block_problems
from bot.model import Assignee, CreationStatus, Language, TimeWindow
from bot.slack.people import Person
from bot.slack.ui.series import series_message, series_preview_message, series_progress_message
from bot.store.actions import ActionRecord, ActionState
from bot.store.series import SeriesRecord
from tests.conftest import CONFIG

NOW = datetime(2026, 3, 10, 8, 15, tzinfo=UTC)
WINDOWS = tuple(
    TimeWindow(NOW + timedelta(days=7 * n + 6), NOW + timedelta(days=7 * n + 6, hours=4))
    for n in range(52)
)
DETAIL = "<!channel> " + "refused " * 40


def record(lang: Language) -> SeriesRecord:
    plan = SeriesPlan(
        key="k" * 32,
        routine_id=12,
        occurrences=WINDOWS,
        status=CreationStatus.SCHEDULED,
        assignee=Assignee(slack_user_id="U0BOB", company_contact_id=5),
        requested_by="U0ALICE",
        dst_shifts=(3,),
        when_text="every monday <!here> " + "x" * 400,
    )
    context = {"lang": lang.value, "zone": "Europe/Paris", "locale": None}
    return SeriesRecord(
        plan.key, 12, "U0ALICE", plan.dump(), context, "C0HVAC", "1.1", None, None, 9, NOW
    )


def action(index: int, kind: str, state: ActionState, result: dict[str, Any]) -> ActionRecord:
    return ActionRecord(
        key=f"series:k:{kind[7]}{index}:0",
        kind=kind,
        intervention_id=None,
        payload={"series": "k", "index": index},
        state=state,
        result=result,
        error=None,
        lease_owner=None,
        lease_expires_at=None,
        created_at=NOW,
        updated_at=NOW,
    )


def worst_actions() -> list[ActionRecord]:
    """Even occurrences failed (the API's longest words), odd ones created, not assigned."""
    failed = {"reason": "rejected", "detail": DETAIL}
    found = []
    for index in range(52):
        if index % 2:
            found.append(
                action(
                    index, "series_create", ActionState.APPLIED, {"intervention_id": 2**31 - index}
                )
            )
            found.append(action(index, "series_assign", ActionState.FAILED, failed))
        else:
            found.append(action(index, "series_create", ActionState.FAILED, failed))
    return found


@pytest.mark.parametrize("lang", list(Language))
def test_a_52_occurrence_series_in_its_worst_state_fits_slack_limits(lang: Language) -> None:
    config = BotConfig.model_validate(CONFIG | {"language": lang.value})
    view = view_series(record(lang), worst_actions())
    assert len(view.retryable) == 52
    person = Person("U0ALICE", lang, ZoneInfo("Europe/Paris"), None)
    plan = SeriesPlan(
        "k" * 32, 12, WINDOWS, CreationStatus.SCHEDULED, None, "U0ALICE", (3,), "x" * 400
    )
    messages = {
        "preview": series_preview_message(plan, person, config, now=NOW, channel_id="C0GENERAL"),
        "series": series_message(view, config),
        "progress": series_progress_message(view, config, now=NOW),
    }
    for where, message in messages.items():
        assert block_problems(message["blocks"], limit=50, where=where) == []
        assert "<!channel>" not in str(message)
        assert len(message["text"]) <= 4000
    progress = str(messages["progress"])
    assert "52" in progress
    retry = messages["progress"]["blocks"][-1]["elements"][0]
    assert len(retry["value"]) <= 2000
    series = messages["series"]["text"]
    assert all(f"#{2**31 - i}" in series for i in range(1, 52, 2))
