"""The fake workspace's members and channels, registered in the fake Slack as they change."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

from bot.config import BotConfig
from bot.slack import terminal
from bot.slack.fake_web_api import FakeSlack

Json = dict[str, Any]
DEMO_PEOPLE = [
    ("U0TECH", "tech", "technician", "en-US"),
    ("U0MANAGER", "manager", "global manager", "en-US"),
    ("U0LEAD", "lead", "HVAC team manager", "fr-FR"),
    ("U0BOB", "bob", "assignee, API contact 5", "en-GB"),
    ("U0ALICE", "alice", "assignee, API profile 17", "fr-FR"),
]
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
        for user_id, name, role, locale in DEMO_PEOPLE:
            if user_id == "U0TECH" or _named_in(config, user_id):
                directory.add(user_id, name, role, locale)
        for user_id in _people_of(config):
            if user_id not in directory.people:
                directory.add(user_id, _name_of(user_id), _role_of(config, user_id), "en-US")
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

    def add(self, user_id: str, name: str, role: str, locale: str) -> None:
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
            if terminal.same_label(member.name, name) or user_id == name:
                return user_id
        user_id = "U0" + re.sub(r"\W", "", name).upper()
        self.add(user_id, name.lower(), "member", "en-US")
        return user_id

    def find_or_add_channel(self, name: str) -> str:
        for channel, known in self.channels.items():
            if terminal.same_label(known, name) or channel == name:
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


def _named_in(config: BotConfig, user_id: str) -> bool:
    return user_id in _people_of(config)


def _name_of(user_id: str) -> str:
    return (user_id.removeprefix("U0") or user_id).lower()


def _role_of(config: BotConfig, user_id: str) -> str:
    if user_id in config.managers:
        return "global manager"
    teams = [team.name for team in config.teams if user_id in team.managers]
    if teams:
        return f"{', '.join(teams)} manager"
    return "assignee"
