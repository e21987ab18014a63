"""Request-path benchmark: a burst of signed commands against the running bot, API slow on purpose.

Starts the real bot (`python -m bot`) as its own process, a fake Slack and the API sandbox with
2 s latency on 127.0.0.1, then fires N `/preventive assign` commands from a manager (each one's
work PATCHes the API) at concurrency C. Prints acknowledgement p50/p99, how many API calls
completed, and the bot's peak resident memory.

    python benchmarks/request_path.py [--commands 400] [--concurrency 20] [--latency 2]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.api.sandbox import Sandbox  # noqa: E402  # after the path set-up above
from bot.slack import simulation  # noqa: E402
from bot.slack.fake_web_api import FakeSlackServer  # noqa: E402
from tests.actors import SECRET  # noqa: E402
from tests.api.servers import serve_app  # noqa: E402
from tests.slack.processes import BotProcess  # noqa: E402


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def fire(events_url: str, slack_url_of: object, count: int, concurrency: int,
               intervention_id: int) -> list[float]:
    """Send `count` signed commands with `concurrency` workers; return each ack's seconds."""
    queue: asyncio.Queue[int] = asyncio.Queue()
    for number in range(count):
        queue.put_nowait(number)
    timings: list[float] = []
    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(timeout=10, limits=limits) as client:

        async def worker() -> None:
            while not queue.empty():
                number = queue.get_nowait()
                payload = simulation.slash_command(
                    text=f"assign {intervention_id} <@U0BOB|bob> burst {number}",
                    user_id="U0MANAGER", channel_id="C0HVAC",
                    response_url=slack_url_of(number),  # type: ignore[operator]  # a callable
                )
                request = payload.signed(SECRET)
                started = time.perf_counter()
                response = await client.post(events_url, content=request.body,
                                             headers=request.headers)
                timings.append(time.perf_counter() - started)
                if response.status_code != 200:
                    print(f"command {number}: HTTP {response.status_code}", file=sys.stderr)

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--commands", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--latency", type=float, default=2.0)
    args = parser.parse_args()

    sandbox = Sandbox(latency=0.0)
    with FakeSlackServer() as slack, serve_app(sandbox.app) as api_url, \
            tempfile.TemporaryDirectory() as folder:
        slack.add_user("U0MANAGER", name="max", tz="Europe/Paris", locale="en-US")
        created = httpx.post(
            f"{api_url}/interventions/v2/rs/preventive/routine",
            json={"scheduledStart": "2030-01-07T07:00:00.000Z",
                  "scheduledEnd": "2030-01-07T09:00:00.000Z", "creationStatus": 1,
                  "routineId": 12},
            headers={"Authorization": "Bearer b", "X-Session-Token": "s"},
        ).json()["data"]["id"]
        sandbox.latency = args.latency
        bot = BotProcess(Path(folder), slack_url=slack.url, api_url=api_url,
                         database_url=f"sqlite:///{folder}/bot.db").start()
        try:
            def response_url(number: int) -> str:
                return slack.response_url(channel="C0HVAC", user="U0MANAGER")

            started = time.perf_counter()
            timings = asyncio.run(fire(bot.events_url, response_url, args.commands,
                                       args.concurrency, created))
            fired = time.perf_counter() - started
            deadline = time.monotonic() + 60 + args.commands * args.latency / 10

            def done() -> int:
                return sum(1 for call in slack.calls_to("response_url")
                           if "now assigned" in str(call.args.get("text", "")))

            while done() < args.commands and time.monotonic() < deadline:
                time.sleep(0.2)
            total = time.perf_counter() - started
            patches = sum(1 for r in sandbox.requests if r.method == "PATCH")
            rss = peak_rss_mb(bot.process.pid) if bot.process else float("nan")
        finally:
            bot.stop()
    timings.sort()
    p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
    print(f"commands: {args.commands}  concurrency: {args.concurrency}  "
          f"api latency: {args.latency:.1f} s")
    print(f"ack p50: {statistics.median(timings) * 1000:.0f} ms  p99: {p99 * 1000:.0f} ms  "
          f"max: {timings[-1] * 1000:.0f} ms  (all sent in {fired:.1f} s)")
    print(f"api calls received: {patches}  completed and reported: {done()}/{args.commands}  "
          f"(in {total:.1f} s)")
    print(f"bot peak RSS: {rss:.0f} MB")
    return 0 if done() == args.commands else 1


if __name__ == "__main__":
    sys.exit(main())
