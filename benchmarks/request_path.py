"""Request-path benchmark: a burst of signed commands against the running bot, API slow on purpose.

Starts the real bot (`python -m bot`) as its own process, a fake Slack and the API sandbox with
2 s latency on 127.0.0.1, then a third process fires N `/preventive assign` commands from a
manager (each one's work PATCHes the API) at concurrency C, so the load generator shares no
interpreter with the bot or the fakes. Prints acknowledgement p50/p99, how many API calls
completed, and the bot's peak resident memory.

    python benchmarks/request_path.py [--commands 400] [--concurrency 20] [--latency 2]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.api.sandbox import Sandbox  # after the path set-up above
from bot.fakes.slack import FakeSlackServer, payloads
from tests.actors import SECRET
from tests.api.servers import serve_app
from tests.slack.processes import BotProcess


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def fire(
    events_url: str, response_urls: list[str], concurrency: int, interventions: list[int]
) -> list[float]:
    """Send one signed command per response URL with `concurrency` workers; time each ack."""
    queue: asyncio.Queue[int] = asyncio.Queue()
    for number in range(len(response_urls)):
        queue.put_nowait(number)
    timings: list[float] = []
    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(timeout=10, limits=limits) as client:

        async def worker() -> None:
            while not queue.empty():
                number = queue.get_nowait()
                payload = payloads.slash_command(
                    text=f"assign {interventions[number % len(interventions)]} <@U0BOB|bob> "
                    f"burst {number}",
                    user_id="U0MANAGER",
                    channel_id="C0HVAC",
                    response_url=response_urls[number],
                )
                request = payload.signed(SECRET)
                started = time.perf_counter()
                response = await client.post(
                    events_url, content=request.body, headers=request.headers
                )
                timings.append(time.perf_counter() - started)
                if response.status_code != 200:
                    print(f"command {number}: HTTP {response.status_code}", file=sys.stderr)

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return timings


def run_load_generator(
    events_url: str, urls: list[str], concurrency: int, targets: list[int]
) -> list[float]:
    """Fire from a separate process; it prints one ack time (seconds) a line."""
    code = (
        "import asyncio, json, sys; from benchmarks.request_path import fire; "
        "a = json.load(sys.stdin); "
        "print('\\n'.join(map(str, asyncio.run(fire(a['url'], a['urls'], a['c'], a['id'])))))"
    )
    request = json.dumps({"url": events_url, "urls": urls, "c": concurrency, "id": targets})
    done = subprocess.run(  # our own interpreter
        [sys.executable, "-c", code],
        input=request,
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    return [float(line) for line in done.stdout.split()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--commands", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--latency", type=float, default=2.0)
    args = parser.parse_args()

    sandbox = Sandbox(latency=0.0)
    with (
        FakeSlackServer() as slack,
        serve_app(sandbox.app) as api_url,
        tempfile.TemporaryDirectory() as folder,
    ):
        slack.add_user("U0MANAGER", name="max", tz="Europe/Paris", locale="en-US")
        # One intervention per command: each manager's assign is a PATCH of its own, not a
        # race on one intervention that all but one lose (they would be told who won).
        created = [
            httpx.post(
                f"{api_url}/interventions/v2/rs/preventive/routine",
                json={
                    "scheduledStart": "2030-01-07T07:00:00.000Z",
                    "scheduledEnd": "2030-01-07T09:00:00.000Z",
                    "creationStatus": 1,
                    "routineId": 12,
                },
                headers={"Authorization": "Bearer b", "X-Session-Token": "s"},
            ).json()["data"]["id"]
            for _ in range(args.commands)
        ]
        sandbox.latency = args.latency
        bot = BotProcess(
            Path(folder),
            slack_url=slack.url,
            api_url=api_url,
            database_url=f"sqlite:///{folder}/bot.db",
        ).start()
        try:
            urls = [
                slack.response_url(channel="C0HVAC", user="U0MANAGER") for _ in range(args.commands)
            ]
            started = time.perf_counter()
            timings = run_load_generator(bot.events_url, urls, args.concurrency, created)
            fired = time.perf_counter() - started
            deadline = time.monotonic() + 60 + args.commands * args.latency / 10

            def answered(words: str) -> int:
                return sum(
                    1
                    for call in slack.calls_to("response_url")
                    if words in str(call.args.get("text", ""))
                )

            def done() -> int:
                """Assigned, or told another manager's assignment won the race (no PATCH)."""
                return answered("now assigned") + answered("a moment ago")

            while done() < args.commands and time.monotonic() < deadline:
                time.sleep(0.2)
            total = time.perf_counter() - started
            patches = sum(1 for r in sandbox.requests if r.method == "PATCH")
            rss = peak_rss_mb(bot.process.pid) if bot.process else float("nan")
        finally:
            bot.stop()
    timings.sort()
    p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
    print(
        f"commands: {args.commands}  concurrency: {args.concurrency}  "
        f"api latency: {args.latency:.1f} s"
    )
    print(
        f"ack p50: {statistics.median(timings) * 1000:.0f} ms  p99: {p99 * 1000:.0f} ms  "
        f"max: {timings[-1] * 1000:.0f} ms  (all sent in {fired:.1f} s)"
    )
    print(
        f"api calls received: {patches}  completed and reported: {done()}/{args.commands}  "
        f"({answered('a moment ago')} told another assignment won; in {total:.1f} s)"
    )
    print(f"bot peak RSS: {rss:.0f} MB")
    return 0 if done() == args.commands else 1


if __name__ == "__main__":
    sys.exit(main())
