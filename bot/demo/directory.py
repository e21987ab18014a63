"""The fake workspace's members and channels, registered in the fake Slack as they change."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

from bot.config import BotConfig
from bot.fakes.slack import FakeSlack
from bot.fakes.slack.block_kit import same_label

Json = dict[str, Any]
TECHNICIAN = "U0TECH"  # who the demo starts as; no role in `bot.toml`
DEMO_PEOPLE = {  # user id -> (name, Slack locale), for the people the demo team names
    TECHNICIAN: ("tech", "en-US"),
    "U0MANAGER": ("manager", "en-US"),
    "U0LEAD": ("lead", "fr-FR"),
    "U0BOB": ("bob", "en-GB"),
    "U0ALICE": ("alice", "fr-FR"),
}
DEMO_CHANNELS = {"C0GENERAL": "general", "C0HVAC": "hvac"}

# ----- who is who ------------------------------------------------------------------------------


@dataclass
class Member:
    """A workspace member as the fake Slack describes them to the bot."""

    name: str
    role: str
    tz: str
    locale: str


class Directory:
    """The fake workspace's members and channels, kept in step with the fake Slack."""

    def __init__(self, slack: FakeSlack, default_tz: str) -> None:
        self.slack = slack
        self.default_tz = default_tz
        self.people: dict[str, Member] = {}
        self.channels: dict[str, str] = {}

    @classmethod
    def for_config(cls, slack: FakeSlack, config: BotConfig) -> Directory:
        """The demo people plus everyone `bot.toml` names, and the teams' channels."""
        directory = cls(slack, config.default_timezone)
        directory.add(TECHNICIAN, *DEMO_PEOPLE[TECHNICIAN], role="technician")
        default_locale = "fr-FR" if config.language == "fr" else "en-US"
        for user_id in _people_of(config):
            name, locale = DEMO_PEOPLE.get(user_id, (_name_of(user_id), default_locale))
            directory.add(user_id, name, locale, role=_role_of(config, user_id))
        for channel, name in DEMO_CHANNELS.items():
            directory.add_channel(channel, name)
        for team in config.teams:
            if team.channel not in directory.channels:
                directory.add_channel(team.channel, team.name.lower().replace(" ", "-"))
        return directory

    @property
    def users(self) -> dict[str, str]:
        """User id → name."""
        return {user_id: member.name for user_id, member in self.people.items()}

    def add(self, user_id: str, name: str, locale: str, *, role: str = "member") -> None:
        self.people[user_id] = Member(name, role, self.default_tz, locale)
        self._publish(user_id)

    def update(self, user_id: str, **changes: str) -> None:
        self.people[user_id] = dataclasses.replace(self.people[user_id], **changes)
        self._publish(user_id)

    def _publish(self, user_id: str) -> None:
        member = self.people[user_id]
        self.slack.add_user(user_id, name=member.name, tz=member.tz, locale=member.locale)

    def add_channel(self, channel: str, name: str) -> None:
        self.channels[channel] = name
        self.slack.add_channel(channel, name=name)

    def find_or_add(self, name: str) -> str:
        """The id of the member called `name`, registering a new one if nobody is."""
        for user_id, member in self.people.items():
            if same_label(member.name, name) or user_id == name:
                return user_id
        user_id = "U0" + re.sub(r"\W", "", name).upper()
        self.add(user_id, name.lower(), "en-US")
        return user_id

    def find_or_add_channel(self, name: str) -> str:
        for channel, known in self.channels.items():
            if same_label(known, name) or channel == name:
                return channel
        channel = "C0" + re.sub(r"\W", "", name).upper()
        self.add_channel(channel, name.lower())
        return channel

    def describe(self, current: str) -> str:
        lines = []
        for user_id, member in self.people.items():
            mark = "*" if user_id == current else " "
            lines.append(
                f" {mark} @{member.name:<9} {member.role:<26} {member.locale:<6} {member.tz}"
            )
        lines.append("   channels: " + ", ".join(f"#{name}" for name in self.channels.values()))
        return "\n".join(lines)


def _people_of(config: BotConfig) -> list[str]:
    found = list(config.managers)
    for team in config.teams:
        found.extend(team.managers)
    found.extend(config.assignees)
    return list(dict.fromkeys(found))


def _name_of(user_id: str) -> str:
    return (user_id.removeprefix("U0") or user_id).lower()


def _role_of(config: BotConfig, user_id: str) -> str:
    if user_id in config.managers:
        return "global manager"
    teams = [team.name for team in config.teams if user_id in team.managers]
    if teams:
        return f"{', '.join(teams)} manager"
    mapping = config.assignees.get(user_id)
    if mapping is not None and mapping.profile_id is not None:
        return f"assignee, API profile {mapping.profile_id}"
    if mapping is not None:
        return f"assignee, API contact {mapping.company_contact_id}"
    return "member"
