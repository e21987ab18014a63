"""Run `python -m bot` as a real OS process on a free port, for multi-process and restart tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.actors import SECRET

BOT_TOML = """
default_timezone = "Europe/Paris"
language = "en"
managers = ["U0MANAGER"]

[[teams]]
name = "HVAC"
channel = "C0HVAC"
routines = [12, 13]
managers = ["U0LEAD"]

[assignees]
U0ALICE = { profile_id = 17 }
U0BOB = { company_contact_id = 5 }
"""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class BotProcess:
    """One bot process serving HTTP on 127.0.0.1, stopped (or killed) by the test."""

    def __init__(self, folder: Path, *, slack_url: str, api_url: str, database_url: str) -> None:
        self.port = free_port()
        config = folder / "bot.toml"
        config.write_text(BOT_TOML, encoding="utf-8")
        self.env = {
            **{
                k: v
                for k, v in os.environ.items()
                if not k.startswith(("SLACK_", "INTERVENTIONS_"))
            },
            "SLACK_BOT_TOKEN": "xoxb-process-test",
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": slack_url,
            "INTERVENTIONS_API_URL": api_url,
            "INTERVENTIONS_API_TOKEN": "api-token",
            "INTERVENTIONS_SESSION_TOKEN": "session-token",
            "DATABASE_URL": database_url,
            "BOT_CONFIG": str(config),
            "PORT": str(self.port),
        }
        self.log = folder / f"bot-{self.port}.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def events_url(self) -> str:
        return f"{self.url}/slack/events"

    def start(self, timeout: float = 20) -> BotProcess:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(  # our own interpreter and module
                [sys.executable, "-m", "bot"], env=self.env, stdout=log, stderr=log
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"bot exited: {self.log.read_text(errors='replace')[-2000:]}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise RuntimeError("bot did not become healthy")

    def kill(self) -> None:
        """SIGKILL: no shutdown, no cleanup, as a crash would."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
