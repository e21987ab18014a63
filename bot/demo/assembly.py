"""Assembly of the demo: the real core and Bolt app, a fake Slack on 127.0.0.1, the sandbox.

Typed commands become signed Slack payloads dispatched through Bolt's request path, so nothing
here is demo-only logic; the store lives in a temporary folder deleted on exit.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
import secrets
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TextIO

from pydantic import SecretStr

from bot.api.sandbox import Sandbox
from bot.config import SANDBOX, BotConfig, Settings
from bot.demo.directory import Directory
from bot.demo.session import Session
from bot.domain.owners import process_owner
from bot.fakes.slack import FakeSlack, FakeSlackServer
from bot.slack.flows.following import follow_up
from bot.slack.in_process import signed_dispatcher
from bot.web import assemble

_TTL_SKIP_SECONDS = 3600.0  # more than `People`'s 15-minute cache: the next lookup is fresh
_DEMO_API_TIMEOUT = 5.0

DEMO_TEAM = {
    "managers": ["U0MANAGER"],
    "teams": [{"name": "HVAC", "channel": "C0HVAC", "routines": [12, 13], "managers": ["U0LEAD"]}],
    "assignees": {"U0BOB": {"company_contact_id": 5}, "U0ALICE": {"profile_id": 17}},
    "routines": {"12": "Chiller 2, quarterly check", "13": "Air handling unit, filters"},
}


def run_demo(settings: Settings, config: BotConfig, stdin: TextIO, stdout: TextIO) -> int:
    """Run the interactive demo until `:quit` or end of input; 0 when it ended normally."""
    # Only errors (incidents) on stderr: retries and "embedded sandbox" are the point here.
    logging.getLogger().setLevel(logging.ERROR)
    if stdin.isatty():
        with contextlib.suppress(ImportError):  # line editing and history where available
            importlib.import_module("readline")
    with tempfile.TemporaryDirectory(prefix="preventive-demo-") as folder:
        server = FakeSlackServer().start()
        try:
            return asyncio.run(_run(settings, config, Path(folder), server.fake, stdin, stdout))
        finally:
            server.stop()


def demo_config(config: BotConfig) -> BotConfig:
    """The user's `bot.toml`, or, when it names no team nor assignee, a small demo team."""
    if config.teams or config.assignees:
        return config
    return BotConfig.model_validate({**config.model_dump(), **DEMO_TEAM})


def demo_settings(settings: Settings, slack: FakeSlack, folder: Path, secret: str) -> Settings:
    """The environment's settings pointed at the fake Slack, the sandbox and a temporary store."""
    timeout = settings.interventions_api_timeout
    if "interventions_api_timeout" not in settings.model_fields_set:
        timeout = _DEMO_API_TIMEOUT
    return settings.model_copy(
        update={
            "slack_bot_token": SecretStr("xoxb-demo-" + secrets.token_hex(8)),
            "slack_signing_secret": SecretStr(secret),
            "slack_app_token": None,
            "slack_api_url": slack.url,
            "interventions_api_url": SANDBOX,
            "interventions_api_timeout": timeout,
            "database_url": f"sqlite:///{folder / 'demo.db'}",
        }
    )


class DemoClock:
    """The bot's `now`: the real time plus what `:wait` skipped."""

    def __init__(self) -> None:
        self.skipped = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.skipped


class SkippingClock:
    """`time.monotonic` that can jump ahead, so `People` re-reads a profile the user changed."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.monotonic() + self.offset

    def forget(self) -> None:
        self.offset += _TTL_SKIP_SECONDS


async def _run(
    settings: Settings,
    config: BotConfig,
    folder: Path,
    slack: FakeSlack,
    stdin: TextIO,
    stdout: TextIO,
) -> int:
    secret = secrets.token_hex(16)
    settings = demo_settings(settings, slack, folder, secret)
    config = demo_config(config)
    sandbox = Sandbox()
    clock = SkippingClock()
    now = DemoClock()
    runtime = await assemble(settings, config, sandbox=sandbox, monotonic=clock, now=now)
    directory = Directory.for_config(slack, config)
    dispatch = signed_dispatcher(runtime.bolt)
    session = Session(dispatch, slack, sandbox, directory, secret, stdin, stdout)
    session.forget_profiles = clock.forget
    owner, last = process_owner(), [""]

    async def pass_time(delta: timedelta) -> datetime:
        now.skipped += delta
        await follow_up(runtime.deps, owner=owner, last=last)  # reminders due by then, at once
        return now()

    session.pass_time = pass_time
    session.api_timeout = settings.interventions_api_timeout
    session.background.update(runtime.start_sweeper())
    session.background.add(runtime.start_follow_up())
    try:
        await session.run()
    finally:
        await runtime.close()
    return 0
