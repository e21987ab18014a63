"""Routing by routine: which team an intervention belongs to, its channel, who manages it.

A routine no team lists belongs to the first team (and with no team, to nobody): the team whose
channel gets the confirmation is the team whose managers decide. Pure functions over BotConfig.
"""

from __future__ import annotations

from bot.config import BotConfig, Team


def team_for_routine(config: BotConfig, routine_id: int | None) -> Team | None:
    """The team listing the routine, else the first team; None without teams.

    `routine_id` is None when the bot never saw the intervention: it is routed like a routine
    that no team lists.
    """
    for team in config.teams:
        if routine_id is not None and routine_id in team.routines:
            return team
    return config.teams[0] if config.teams else None


def channel_for_routine(config: BotConfig, routine_id: int | None, typed_in: str) -> str:
    """Where confirmations of this routine go; with no team, the channel of the command."""
    team = team_for_routine(config, routine_id)
    return typed_in if team is None else team.channel


def managers_for_routine(config: BotConfig, routine_id: int | None) -> tuple[str, ...]:
    """Who may decide for this routine: its team's managers, then the global ones, no repeats."""
    team = team_for_routine(config, routine_id)
    team_managers = [] if team is None else team.managers
    return tuple(dict.fromkeys([*team_managers, *config.managers]))


def can_decide(config: BotConfig, user_id: str, routine_id: int | None) -> bool:
    """May this user approve or reject reassignments of this routine's interventions?"""
    return user_id in managers_for_routine(config, routine_id)
