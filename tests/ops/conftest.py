"""The real `python -m bot` as an OS process, against the fake Slack and the served sandbox."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.api.sandbox import Sandbox
from bot.fakes.slack.fake import FakeSlack
from tests.actors import BotServer
from tests.slack.processes import BotProcess
from tests.store.databases import sqlite_url

StartBot = Callable[..., tuple[BotProcess, BotServer]]


def process_for(tmp_path: Path, fake_slack: FakeSlack, api_url: str, **env: str) -> BotProcess:
    """A bot process (not started) whose environment has `env` on top of the tests' own."""
    process = BotProcess(
        tmp_path, slack_url=fake_slack.url, api_url=api_url, database_url=sqlite_url(tmp_path)
    )
    process.env.update(env)
    return process


@pytest.fixture
def start_bot(
    tmp_path: Path, fake_slack: FakeSlack, api: Sandbox, served_api: tuple[Sandbox, str]
) -> Iterator[StartBot]:
    started: list[BotProcess] = []

    def start(**env: str) -> tuple[BotProcess, BotServer]:
        process = process_for(tmp_path, fake_slack, served_api[1], **env).start()
        started.append(process)
        return process, BotServer(process.url, None, fake_slack, api)

    yield start
    for process in started:
        process.stop()
