"""Routing by routine: a team's channel receives its confirmations and its managers decide."""

from __future__ import annotations

import pytest

from bot.config import BotConfig
from bot.domain.teams import (
    can_decide,
    channel_for_routine,
    managers_for_routine,
    team_for_routine,
)

CONFIG = BotConfig.model_validate(
    {
        "managers": ["U0BOSS", "U0LEAD"],
        "teams": [
            {"name": "HVAC", "channel": "C0HVAC", "routines": [12, 13], "managers": ["U0LEAD"]},
            {"name": "Power", "channel": "C0POWER", "routines": [20], "managers": ["U0SPARK"]},
        ],
    }
)
NO_TEAMS = BotConfig.model_validate({"managers": ["U0BOSS"]})


@pytest.mark.parametrize(
    ("routine_id", "team", "channel"),
    [
        (12, "HVAC", "C0HVAC"),
        (20, "Power", "C0POWER"),
        (99, "HVAC", "C0HVAC"),
        (None, "HVAC", "C0HVAC"),
    ],
    ids=["listed", "listed-by-second-team", "unlisted-goes-to-first-team", "unknown-routine"],
)
def test_routine_belongs_to_the_team_listing_it_else_the_first_team(
    routine_id: int | None, team: str, channel: str
) -> None:
    found = team_for_routine(CONFIG, routine_id)
    assert found is not None
    assert found.name == team
    assert channel_for_routine(CONFIG, routine_id, typed_in="C0TYPED") == channel


def test_without_teams_the_confirmation_goes_where_the_command_was_typed() -> None:
    assert team_for_routine(NO_TEAMS, 12) is None
    assert channel_for_routine(NO_TEAMS, 12, typed_in="C0TYPED") == "C0TYPED"


def test_managers_are_the_team_ones_then_the_global_ones_without_repeats() -> None:
    assert managers_for_routine(CONFIG, 12) == ("U0LEAD", "U0BOSS")
    assert managers_for_routine(CONFIG, 20) == ("U0SPARK", "U0BOSS", "U0LEAD")
    assert managers_for_routine(NO_TEAMS, 12) == ("U0BOSS",)


@pytest.mark.parametrize(
    ("user_id", "routine_id", "allowed"),
    [
        ("U0LEAD", 12, True),
        ("U0SPARK", 12, False),
        ("U0SPARK", 20, True),
        ("U0BOSS", 20, True),
        ("U0SPARK", 99, False),
        ("U0TECH", 12, False),
    ],
    ids=[
        "team-manager",
        "other-team-manager",
        "own-team",
        "global",
        "unlisted-routine",
        "technician",
    ],
)
def test_only_the_team_managers_and_global_managers_decide(
    user_id: str, routine_id: int, allowed: bool
) -> None:
    assert can_decide(CONFIG, user_id, routine_id) is allowed
