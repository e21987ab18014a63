"""Following up's rules as plain values: reminder_before, who may mark done, whose reminder."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.api.client import InterventionsClient
from bot.config import BotConfig
from bot.domain.following import FollowingUp
from bot.domain.scheduling import Scheduler
from bot.model import Intervention
from bot.store.store import KnownIntervention, Store
from tests.conftest import CONFIG

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    ("written", "expected"),
    [(None, timedelta(hours=1)), ("0", timedelta(0)), ("30min", timedelta(minutes=30)),
     ("2h", timedelta(hours=2))],
)  # fmt: skip
def test_reminder_before_defaults_to_an_hour_and_zero_turns_reminders_off(
    written: str | None, expected: timedelta
) -> None:
    values = {} if written is None else {"reminder_before": written}
    assert BotConfig.model_validate(values).reminder_before == expected


def test_a_malformed_reminder_before_is_refused() -> None:
    with pytest.raises(ValueError, match="reminder_before"):
        BotConfig.model_validate({"reminder_before": "soon"})


def known(*, requested_by: str | None, profile: int | None, routine: int = 12) -> KnownIntervention:
    intervention = Intervention(id=42, routine_id=routine, assigned_profile_id=profile)
    return KnownIntervention(intervention, requested_by=requested_by)


async def test_the_assignee_the_creator_and_the_managers_may_mark_done(
    store: Store, api: InterventionsClient
) -> None:
    config = BotConfig.model_validate(CONFIG)
    following = FollowingUp(store, config, Scheduler(api, store, config))
    who = following.who_may_mark_done(known(requested_by="U0BRUNO", profile=17))
    assert who == ("U0ALICE", "U0BRUNO", "U0LEAD", "U0MANAGER")
    assert following.reminder_recipient(known(requested_by="U0BRUNO", profile=17)) == "U0ALICE"
    assert following.reminder_recipient(known(requested_by="U0BRUNO", profile=None)) == "U0BRUNO"
    assert following.reminder_recipient(known(requested_by=None, profile=999)) is None
