"""Shared fixtures: a movable clock, the served sandbox, the fake Slack, the real bot, its users.

Everything is real: the bot runs under uvicorn on 127.0.0.1, receives signed HTTP requests and
talks to the fake Slack Web API and the sandbox API over loopback.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.api.sandbox import Sandbox
from bot.config import BotConfig, Settings
from bot.fakes.slack import FakeSlack, FakeSlackServer
from bot.web import create_web_app
from tests.actors import SECRET, Actor, BotServer
from tests.api.servers import serve_app

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")
# Tuesday 10 March 2026, 09:15 in Paris: the clock of the development phrases.
TUESDAY_MORNING = datetime(2026, 3, 10, 9, 15, tzinfo=PARIS)

CONFIG = {
    "default_timezone": "Europe/Paris",
    "language": "en",
    "managers": ["U0MANAGER"],
    "approval_ttl": "48h",
    "teams": [
        {"name": "HVAC", "channel": "C0HVAC", "routines": [12, 13], "managers": ["U0LEAD"]},
        {"name": "Electrical", "channel": "C0ELEC", "routines": [20], "managers": ["U0SPARKY"]},
    ],
    "assignees": {
        "U0ALICE": {"profile_id": 17},
        "U0BOB": {"company_contact_id": 5},
        "U0CLAIRE": {"profile_id": 23},
    },
    "routines": {"12": "Chiller 2, quarterly check"},
}


class Clock:
    """An injectable `now` that tests move forward by hand."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at += timedelta(**delta)


@pytest.fixture
def anyio_backend() -> str:
    """Every async test in the suite runs on asyncio (the one copy of this fixture)."""
    return "asyncio"


@pytest.fixture
def clock() -> Clock:
    return Clock(TUESDAY_MORNING)


@pytest.fixture(scope="session")
def served_api() -> Iterator[tuple[Sandbox, str]]:
    sandbox = Sandbox()
    with serve_app(sandbox.app) as url:
        try:
            yield sandbox, url
        finally:
            sandbox.release_hangs()


@pytest.fixture
def api(served_api: tuple[Sandbox, str]) -> Iterator[Sandbox]:
    """The sandbox API, served on 127.0.0.1 and emptied around each test."""
    served_api[0].reset()
    yield served_api[0]
    served_api[0].release_hangs()
    served_api[0].reset()


@pytest.fixture(scope="session")
def served_slack() -> Iterator[FakeSlack]:
    with FakeSlackServer() as fake:
        yield fake


@pytest.fixture
def fake_slack(served_slack: FakeSlack) -> FakeSlack:
    """The fake Slack Web API with the team's members and channels, forgetting earlier calls."""
    served_slack.reset()
    people = [
        ("U0ALICE", "alice", "Europe/Paris", "en-GB"),
        ("U0BRUNO", "bruno", "America/New_York", "fr-FR"),
        ("U0TECH", "tom", "America/New_York", "en-US"),
        ("U0BOB", "bob", "Europe/Paris", "en-GB"),
        ("U0CLAIRE", "claire", "Europe/Paris", "fr-FR"),
        ("U0LEAD", "lea", "Europe/Paris", "fr-FR"),
        ("U0MANAGER", "max", "Europe/Paris", "en-US"),
        ("U0SPARKY", "sam", "Europe/Paris", "en-US"),
    ]
    for user_id, name, tz, locale in people:
        served_slack.add_user(user_id, name=name, tz=tz, locale=locale)
    for channel, name in [("C0HVAC", "hvac"), ("C0ELEC", "electrical"), ("C0GENERAL", "general")]:
        served_slack.add_channel(channel, name=name)
    return served_slack


@pytest.fixture
def bot_config() -> BotConfig:
    return BotConfig.model_validate(CONFIG)


def bot_settings(tmp_path: Path, slack_url: str, api_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "slack_bot_token": "xoxb-test-bot-token",
        "slack_signing_secret": SECRET,
        "slack_api_url": slack_url,
        "interventions_api_url": api_url,
        "interventions_api_token": "api-token-PLANTED-4242",
        "interventions_session_token": "session-token-PLANTED-4343",
        "interventions_api_timeout": 1.0,
        "database_url": f"sqlite:///{tmp_path / 'bot.db'}",
        **overrides,
    }
    return Settings.model_validate(values)


@pytest.fixture
def bot_server(
    tmp_path: Path,
    fake_slack: FakeSlack,
    api: Sandbox,
    served_api: tuple[Sandbox, str],
    clock: Clock,
    bot_config: BotConfig,
) -> Iterator[BotServer]:
    """Our real app under uvicorn on 127.0.0.1, against the fake Slack and the served sandbox."""
    settings = bot_settings(tmp_path, fake_slack.url, served_api[1])
    app = create_web_app(settings, bot_config, now=clock)
    with serve_app(app, lifespan="on") as url:
        yield BotServer(url, settings, fake_slack, api)


@pytest.fixture
def alice(bot_server: BotServer) -> Iterator[Actor]:
    """A technician in Paris whose Slack speaks British English."""
    with Actor("U0ALICE", bot_server, channel="C0GENERAL") as actor:
        yield actor


@pytest.fixture
def bruno(bot_server: BotServer) -> Iterator[Actor]:
    """A technician in New York whose Slack speaks French."""
    with Actor("U0BRUNO", bot_server, channel="C0GENERAL") as actor:
        yield actor


@pytest.fixture
def lead(bot_server: BotServer) -> Iterator[Actor]:
    """The HVAC team's manager (French)."""
    with Actor("U0LEAD", bot_server, channel="C0HVAC") as actor:
        yield actor


@pytest.fixture
def manager(bot_server: BotServer) -> Iterator[Actor]:
    """A global manager (American English)."""
    with Actor("U0MANAGER", bot_server, channel="C0HVAC") as actor:
        yield actor
