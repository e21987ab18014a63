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
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import delete

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
from bot.store import schema
from bot.store.engines import create_store_engine, normalise_url
from bot.store.following import searchable_columns
from bot.store.store import Store
from bot.web import assemble

NOW = datetime(2026, 3, 10, 8, 15, tzinfo=UTC)
USERS = [f"U0TECH{n:03d}" for n in range(50)]
_ID = re.compile(r"#(\d+)")
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


def planted(n: int, *, first: int = 1) -> Intervention:
    """One of the benchmark's interventions: over 60 days (a day past), 50 people, 50 routines."""
    start = NOW + timedelta(minutes=(n * 523) % (60 * 24 * 60) - 24 * 60)
    return Intervention(
        id=first + n,
        routine_id=(n * 7) % 50,
        creation_status=2 if n % 11 == 0 else 1,
        scheduled_start=start,
        scheduled_end=start + timedelta(hours=2),
        assigned_profile_id=1000 + (n * 13) % 50 if n % 3 else None,
    )


async def fill(url: str, interventions: list[Intervention]) -> None:
    """Rows as `Store.save_intervention` and `set_intervention_message` leave them, in bulk."""
    engine = create_store_engine(normalise_url(url))
    rows = [
        {
            "id": i.id,
            "routine_id": i.routine_id,
            "data": i.model_dump(mode="json"),
            "requested_by": USERS[i.id % 50],
            "channel": "C0T0",
            "ts": f"1700000000.{i.id % 1_000_000:06d}",
            "updated_at": NOW,
            **searchable_columns(i),
        }
        for i in interventions
    ]
    ids = [i.id for i in interventions]
    try:
        async with engine.begin() as connection:
            await connection.execute(
                delete(schema.interventions).where(schema.interventions.c.id.in_(ids))
            )
            await connection.execute(schema.interventions.insert(), rows)
    finally:
        await engine.dispose()


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
        await fill(url, [planted(n) for n in range(count)])
        print(f"{store.dialect}: {count} interventions in the store")
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
                shown = f"list {scope.value}"
                print(f"  {shown:<9} as {user:<9}: median {median:6.2f} ms, p99 {p99:6.2f} ms")

            async def render_home(person: Person = person) -> object:
                content = await domain.home(person.user_id, now=NOW)
                return home_view(content, person, CONFIG, now=NOW, team_id=team)

            median, p99 = await timed(rounds, render_home)
            print(f"  home      as {user:<9}: median {median:6.2f} ms, p99 {p99:6.2f} ms")
    finally:
        await store.close()


async def measure_reminders(
    url: str, count: int, slack_url: str, sent: Callable[[], list[tuple[str, str | None]]]
) -> None:
    """`count` interventions starting in the same minute, an hour ahead; two bots send reminders."""
    first = 500_000 + int(time.time()) % 400 * 1000  # a rerun on the same database: new ids
    due = [
        Intervention(id=first + n, routine_id=n % 50, creation_status=1,
                     scheduled_start=NOW + timedelta(hours=1, seconds=n % 60),
                     scheduled_end=NOW + timedelta(hours=2), assigned_profile_id=1000 + n % 50)
        for n in range(count)
    ]  # fmt: skip
    await fill(url, due)
    settings = Settings.model_validate(
        {"slack_bot_token": "xoxb-bench", "slack_api_url": slack_url, "database_url": url}
    )
    clock = lambda: NOW + timedelta(seconds=60)  # noqa: E731  # the minute they all fall due
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
    ours = {first + n for n in range(count)}  # other interventions of the 10,000 may be due too
    direct: Counter[int] = Counter()
    notes: Counter[int] = Counter()
    for text, thread_ts in sent():
        found = _ID.search(text)
        if "Reminder" in text and found and int(found[1]) in ours:
            direct[int(found[1])] += 1
        elif "has been reminded" in text and thread_ts and int(thread_ts[-6:]) in ours:
            notes[int(thread_ts[-6:])] += 1
    twice = sum(1 for n in (*direct.values(), *notes.values()) if n > 1)
    direct_count, notes_count = len(direct), len(notes)
    print(f"  reminders: {direct_count}/{count} direct messages, {notes_count}/{count} thread "
          f"notes in {elapsed:.1f} s by two bots; {twice} sent twice")  # fmt: skip


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

                def texts(fake: FakeSlack = fake) -> list[tuple[str, str | None]]:
                    with fake.cond:
                        found = [m for posts in fake.posts.values() for m in posts.values()]
                    return [(m["text"], m.get("thread_ts")) for m in found]

                asyncio.run(measure_reminders(url, args.reminders, fake.url, texts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
