"""Fixtures of the Slack end-to-end tests that start real `python -m bot` processes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.api.sandbox import Sandbox
from bot.fakes.slack import FakeSlack
from tests.actors import BotServer
from tests.slack.processes import BotProcess


@pytest.fixture
def start_bot(
    tmp_path: Path,
    database_url: str,
    fake_slack: FakeSlack,
    api: Sandbox,
    served_api: tuple[Sandbox, str],
) -> Iterator[Any]:
    """Start real bot processes on the test's database; each is stopped at the end."""
    started: list[BotProcess] = []

    def start(**env: str) -> tuple[BotProcess, BotServer]:
        """One more process; `env` adds variables (e.g. `BOT_CRASH_AT`)."""
        process = BotProcess(
            tmp_path, slack_url=fake_slack.url, api_url=served_api[1], database_url=database_url
        )
        process.env.update(env)
        process.start()
        started.append(process)
        return process, BotServer(process.url, None, fake_slack, api)

    yield start
    for process in started:
        process.stop()
