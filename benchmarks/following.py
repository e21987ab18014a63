"""Following-up benchmark: `list` and the Home tab rendered with 10,000 interventions in the
store, on SQLite and PostgreSQL; then 1,000 reminders due in the same minute, sent by two bots.

Rendering is the domain's query plus the Block Kit builder (what a listener does before sending),
timed over many rounds after a warm-up, for a technician, a team lead and a global manager. The
reminders run two assembled bots (each its own store connections and lease owner) against a fake
Slack on 127.0.0.1, and count direct messages per intervention.

    python benchmarks/following.py [--interventions 10000] [--rounds 200] [--reminders 1000]
        [--postgres postgresql://...]   (default: $TEST_DATABASE_URL when set)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.api.client import build_client  # after the path set-up above
from bot.api.sandbox import Sandbox
from bot.config import BotConfig, Settings
from bot.domain.following import FollowingUp
from bot.domain.scheduling import Scheduler
from bot.fakes.slack import FakeSlack, FakeSlackServer
from bot.model import Intervention, Language, ListScope
from bot.slack.flows.following import send_reminders
from bot.slack.people import Person
from bot.slack.ui.following import home_view, listing_message
from bot.store.store import Store
from bot.web import assemble

NOW = datetime(2026, 3, 10, 8, 15, tzinfo=UTC)
USERS = [f"U0TECH{n:03d}" for n in range(50)]
CONFIG = BotConfig.model_validate(
    {
        "managers": ["U0MANAGER"],
        "teams": [
            {"name": f"T{n}", "channel": f"C0T{n}", "routines": [n * 10 + k for k in range(10)],
             "managers": [f"U0LEAD{n}"]}
            for n in range(5)
        ],
        "assignees": {user: {"profile_id": 1000 + n} for n, user in enumerate(USERS)},
    }
)  # fmt: skip


async def fill(store: Store, count: int, *, first: int = 1) -> None:
    """`count` interventions over the next 60 days (some past, some done), 50 people, 50 routines."""
    semaphore = asyncio.Semaphore(16 if store.dialect == "postgresql" else 1)

    async def save(n: int) -> None:
        start = NOW + timedelta(minutes=(n * 523) % (60 * 24 * 60) - 24 * 60)
        intervention = Intervention(
            id=first + n,
            routine_id=(n * 7) % 50,
            creation_status=2 if n % 11 == 0 else 1,
            scheduled_start=start,
            scheduled_end=start + timedelta(hours=2),
            assigned_profile_id=1000 + (n * 13) % 50 if n % 3 else None,
        )
        async with semaphore:
            await store.save_intervention(intervention, requested_by=USERS[n % 50])
            await store.set_intervention_message(first + n, "C0T0", f"1700000000.{n:06d}")

    await asyncio.gather(*(save(n) for n in range(count)))


async def timed(rounds: int, render: Callable[[], Awaitable[object]]) -> tuple[float, float]:
    """Median and p99 of `render` in milliseconds, after 10 warm-up rounds."""
    for _ in range(10):
        await render()
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        await render()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.99))]


async def measure_rendering(url: str, count: int, rounds: int) -> None:
    store = await Store.connect(url)
    try:
        started = time.perf_counter()
        await fill(store, count)
        print(
            f"{store.dialect}: {count} interventions stored in {time.perf_counter() - started:.0f} s"
        )
        scheduler = Scheduler(build_client(Settings(), Sandbox()), store, CONFIG)
        domain = FollowingUp(store, CONFIG, scheduler)
        team = "T0TEAM"
        for user in ("U0TECH007", "U0LEAD2", "U0MANAGER"):
            person = Person(user, Language.EN, ZoneInfo("Europe/Paris"))
            for scope in ListScope:

                async def render_list(scope: ListScope = scope, person: Person = person) -> object:
                    listing = await domain.list_interventions(scope, person.user_id, now=NOW)
                    return listing_message(listing, person, CONFIG, now=NOW, team_id=team)

                median, p99 = await timed(rounds, render_list)
                print(
                    f"  list {scope.value:<4} as {user:<9}: median {median:6.2f} ms, p99 {p99:6.2f} ms"
                )

            async def render_home(person: Person = person) -> object:
                content = await domain.home(person.user_id, now=NOW)
                return home_view(content, person, CONFIG, now=NOW, team_id=team)

            median, p99 = await timed(rounds, render_home)
            print(f"  home      as {user:<9}: median {median:6.2f} ms, p99 {p99:6.2f} ms")
    finally:
        await store.close()


async def measure_reminders(
    url: str, count: int, slack_url: str, sent: Callable[[], list[str]]
) -> None:
    """`count` interventions starting in the same minute, an hour ahead; two bots send reminders."""
    store = await Store.connect(url)
    first = 900_000 + int(time.time()) % 1000 * 2000  # a rerun on the same database: new ids
    try:
        for n in range(count):
            start = NOW + timedelta(hours=1, seconds=n % 60)
            await store.save_intervention(
                Intervention(id=first + n, routine_id=n % 50, creation_status=1,
                             scheduled_start=start, scheduled_end=start + timedelta(hours=1),
                             assigned_profile_id=1000 + n % 50),
                requested_by=USERS[n % 50],
            )  # fmt: skip
            await store.set_intervention_message(first + n, "C0T0", f"1700000001.{n:06d}")
    finally:
        await store.close()
    settings = Settings.model_validate(
        {"slack_bot_token": "xoxb-bench", "slack_api_url": slack_url, "database_url": url}
    )
    clock = lambda: NOW + timedelta(seconds=1)  # noqa: E731  # the minute they all fall due
    bots = [await assemble(settings, CONFIG, sandbox=Sandbox(), now=clock) for _ in range(2)]
    started = time.perf_counter()

    async def run(index: int) -> None:
        while await send_reminders(
            bots[index].deps, owner=f"bench-{index}", before=timedelta(hours=1)
        ):
            pass

    try:
        await asyncio.gather(run(0), run(1))
    finally:
        for bot in bots:
            await bot.close()
    elapsed = time.perf_counter() - started
    texts = sent()
    direct = Counter(t for t in texts if "Reminder" in t)
    notes = sum(1 for t in texts if "has been reminded" in t)
    twice = sum(1 for n in direct.values() if n > 1)
    print(f"  reminders: {len(direct)}/{count} direct messages and {notes}/{count} thread notes "
          f"in {elapsed:.1f} s by two bots; {twice} sent twice")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--interventions", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--reminders", type=int, default=1000)
    parser.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        urls = [f"sqlite:///{folder}/bench.db"]
        if args.postgres:
            urls.append(args.postgres)
        for url in urls:
            asyncio.run(measure_rendering(url, args.interventions, args.rounds))
            with FakeSlackServer() as fake:
                for user in USERS:
                    fake.add_user(user, name=user.lower())

                def texts(fake: FakeSlack = fake) -> list[str]:
                    with fake.cond:
                        return [m["text"] for posts in fake.posts.values() for m in posts.values()]

                asyncio.run(measure_reminders(url, args.reminders, fake.url, texts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
