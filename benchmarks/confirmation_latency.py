"""Outbox benchmark: time from the API's answer to a create until its confirmation reaches Slack.

Starts the real bot (`python -m bot`) as its own process, a fake Slack and the API sandbox on
127.0.0.1, shows N users a create preview each, then has them all click Confirm at once. The
sandbox is wrapped to note when each create's answer leaves it, the fake Slack notes when each
confirmation (`chat.postMessage` in the team channel) arrives; both run in this process, so
one clock times both. Prints p50/p99/max of the difference and how many were confirmed.

    python benchmarks/confirmation_latency.py [--creates 20] [--database sqlite|URL]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.api.sandbox import Sandbox  # after the path set-up above
from bot.fakes.slack import FakeSlackServer
from bot.fakes.slack.state import Call
from tests.actors import Actor, BotServer
from tests.api.servers import serve_app
from tests.slack.processes import BotProcess
from tests.store.databases import fresh_postgres_schema

CONFIRMED = re.compile(r"#(\d+)")


class AnswerTimes:
    """An ASGI wrapper around the sandbox noting when each create's 201 is sent."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.at: dict[int, float] = {}

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope.get("method") != "POST":
            await self.app(scope, receive, send)
            return

        async def noting(message: Any) -> None:
            if message["type"] == "http.response.body":
                try:
                    created = json.loads(message.get("body", b"{}"))["data"]["id"]
                except (ValueError, KeyError, TypeError):
                    created = None
                if created is not None:
                    self.at[int(created)] = time.perf_counter()
            await send(message)

        await self.app(scope, receive, noting)


def confirm_all(actors: list[Actor], previews: list[dict[str, Any]]) -> None:
    """Every actor clicks Confirm on their preview at the same moment."""
    barrier = threading.Barrier(len(actors))

    def click(actor: Actor, preview: dict[str, Any]) -> None:
        barrier.wait()
        actor.click(preview, "Confirm")

    threads = [
        threading.Thread(target=click, args=pair) for pair in zip(actors, previews, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--creates", type=int, default=20)
    parser.add_argument("--database", default="sqlite")
    args = parser.parse_args()

    sandbox = Sandbox(latency=0.0)
    answers = AnswerTimes(sandbox.app)
    arrived: dict[int, float] = {}

    def on_call(call: Call) -> None:
        if call.method == "chat.postMessage" and call.ok and call.args.get("channel") == "C0HVAC":
            found = CONFIRMED.search(str(call.args.get("text", "")))
            if found:
                arrived.setdefault(int(found[1]), time.perf_counter())

    with (
        FakeSlackServer() as slack,
        serve_app(answers) as api_url,
        tempfile.TemporaryDirectory() as folder,
        contextlib.ExitStack() as stack,
    ):
        slack.add_listener(on_call)
        slack.add_channel("C0HVAC", name="hvac")
        slack.add_channel("C0GENERAL", name="general")
        users = [f"U0T{number:03d}" for number in range(args.creates)]
        for user in users:
            slack.add_user(user, name=user.lower(), tz="Europe/Paris", locale="en-GB")
        url = (
            f"sqlite:///{folder}/bot.db"
            if args.database == "sqlite"
            else stack.enter_context(fresh_postgres_schema(args.database))  # an empty schema
        )
        bot = BotProcess(Path(folder), slack_url=slack.url, api_url=api_url, database_url=url)
        bot.start()
        server = BotServer(bot.url, None, slack, sandbox)
        actors = [Actor(user, server, channel="C0GENERAL") for user in users]
        try:
            previews = []
            for actor in actors:
                actor.command("create 12 tomorrow 8am to 5pm")
                previews.append(actor.wait_for_ephemeral(after=0, containing="Confirm", timeout=20))
            confirm_all(actors, previews)
            deadline = time.monotonic() + 60
            while len(arrived) < args.creates and time.monotonic() < deadline:
                time.sleep(0.05)
        finally:
            for actor in actors:
                actor.http.close()
            bot.stop()
    delays = sorted(arrived[i] - answers.at[i] for i in arrived if i in answers.at)
    if not delays:
        print("no confirmation arrived")
        return 1
    p99 = delays[min(len(delays) - 1, int(len(delays) * 0.99))]
    print(f"creates: {args.creates} at once  database: {args.database.split(':')[0]}")
    print(
        f"API answer -> confirmation in Slack: p50 {statistics.median(delays) * 1000:.0f} ms  "
        f"p99 {p99 * 1000:.0f} ms  max {delays[-1] * 1000:.0f} ms"
    )
    print(f"confirmed: {len(arrived)}/{args.creates}  creates sent: {len(answers.at)}")
    return 0 if len(arrived) == args.creates else 1


if __name__ == "__main__":
    sys.exit(main())
