"""Series benchmark: a 52-occurrence recurring plan against an API answering in 1 s.

Starts the real bot (`python -m bot`) as its own process, a fake Slack and the API sandbox on
127.0.0.1; the sandbox answers every request after `--latency` seconds and is wrapped to count
the requests in flight at once. One user confirms `every monday 8am to 12pm for 52 weeks`;
meanwhile other users type `/preventive create …` commands (previews) every `--every` seconds,
each timed from the signed request to Slack's HTTP answer (the ack). Prints how long the 52
creates took (Confirm to "52/52 created" in the requester's progress message), the most API
requests ever in flight, and the other users' ack p50/p99/max.

    python benchmarks/series.py [--occurrences 52] [--latency 1] [--concurrency 4]
                                [--database sqlite|URL]
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.api.sandbox import Sandbox  # after the path set-up above
from bot.fakes.slack import FakeSlackServer, text_of
from tests.actors import Actor, BotServer
from tests.api.servers import serve_app
from tests.slack.processes import BotProcess
from tests.store.databases import fresh_postgres_schema


class InFlight:
    """An ASGI wrapper around the sandbox counting the requests it is answering at once."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.now = 0
        self.most = 0
        self.lock = threading.Lock()

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)
        try:
            await self.app(scope, receive, send)
        finally:
            with self.lock:
                self.now -= 1


def other_users(
    server: BotServer, users: list[str], every: float, stop: threading.Event
) -> list[float]:
    """Each of `users` types a create command every `every` seconds until `stop`; ack times."""
    acks: list[float] = []

    def type_commands(user: str) -> None:
        with Actor(user, server, channel="C0GENERAL") as actor:
            while not stop.is_set():
                started = time.perf_counter()
                actor.command("create 12 tomorrow 8am to 5pm")
                acks.append(time.perf_counter() - started)
                stop.wait(every)

    threads = [threading.Thread(target=type_commands, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    stop.wait()
    for thread in threads:
        thread.join(timeout=30)
    return acks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--occurrences", type=int, default=52)
    parser.add_argument("--latency", type=float, default=1.0)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--others", type=int, default=5)
    parser.add_argument("--every", type=float, default=0.5)
    parser.add_argument("--database", default="sqlite")
    args = parser.parse_args()

    sandbox = Sandbox(latency=args.latency)
    flight = InFlight(sandbox.app)
    with (
        FakeSlackServer() as slack,
        serve_app(flight) as api_url,
        tempfile.TemporaryDirectory() as folder,
        contextlib.ExitStack() as stack,
    ):
        slack.add_channel("C0HVAC", name="hvac")
        slack.add_channel("C0GENERAL", name="general")
        others = [f"U0O{number:03d}" for number in range(args.others)]
        for user in ["U0ALICE", *others]:
            slack.add_user(user, name=user.lower(), tz="Europe/Paris", locale="en-GB")
        url = (
            f"sqlite:///{folder}/bot.db"
            if args.database == "sqlite"
            else stack.enter_context(fresh_postgres_schema(args.database))  # an empty schema
        )
        bot = BotProcess(Path(folder), slack_url=slack.url, api_url=api_url, database_url=url)
        bot.env["SERIES_CONCURRENCY"] = str(args.concurrency)
        bot.start()
        server = BotServer(bot.url, None, slack, sandbox)
        done_text = f"{args.occurrences}/{args.occurrences} created"
        stop = threading.Event()
        acks: list[float] = []
        try:
            with Actor("U0ALICE", server, channel="C0GENERAL") as alice:
                alice.command(f"create 12 every monday 8am to 12pm for {args.occurrences} weeks")
                preview = alice.wait_for_ephemeral(after=0, containing="Confirm", timeout=20)
                flight.most = 0
                runner = threading.Thread(
                    target=lambda: acks.extend(other_users(server, others, args.every, stop))
                )
                runner.start()
                started = time.perf_counter()
                alice.click(preview, "Confirm")

                def finished() -> bool:
                    shown = slack.messages("U0ALICE")
                    return bool(shown) and done_text in text_of(shown[-1])

                slack.wait_for(finished, timeout=120)
                elapsed = time.perf_counter() - started
                stop.set()
                runner.join(timeout=60)
        finally:
            stop.set()
            bot.stop()
    creates = sum(1 for request in sandbox.requests if request.method == "POST")
    print(
        f"series: {args.occurrences} occurrences, API latency {args.latency:.1f} s, "
        f"concurrency {args.concurrency}, database {args.database.split(':')[0]}"
    )
    print(f"Confirm -> '{done_text}': {elapsed:.1f} s  creates sent: {creates}")
    print(f"most API requests in flight at once: {flight.most}")
    if acks:
        ordered = sorted(acks)
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
        p50 = statistics.median(ordered)
        print(
            f"other users' acks meanwhile ({len(acks)}): p50 {p50 * 1000:.0f} ms"
            f"  p99 {p99 * 1000:.0f} ms  max {ordered[-1] * 1000:.0f} ms"
        )
    ok = creates == args.occurrences and flight.most <= args.concurrency and elapsed < 20
    return 0 if ok and (not acks or max(acks) < 3) else 1


if __name__ == "__main__":
    sys.exit(main())
