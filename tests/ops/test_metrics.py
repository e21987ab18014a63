"""`GET /metrics` of the real process, read with prometheus-client's own parser."""

from __future__ import annotations

import httpx
from prometheus_client.parser import text_string_to_metric_families

from tests.actors import Actor, BotServer
from tests.ops.conftest import StartBot

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def scrape(bot: BotServer) -> Samples:
    response = httpx.get(f"{bot.url}/metrics", timeout=10)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def test_counters_move_with_a_create_an_api_failure_and_a_slack_429(start_bot: StartBot) -> None:
    _, bot = start_bot()
    before = scrape(bot)
    assert value(before, "preventive_pending_approvals") == 0
    bot.slack.rate_limit_next("chat.postMessage", retry_after=1)
    with Actor("U0ALICE", bot, channel="C0GENERAL") as alice:
        alice.command("create 12 tomorrow 8am to 5pm")
        preview = alice.wait_for_ephemeral(after=0, containing="Confirm", timeout=10)
        alice.click(preview, "Confirm")
        alice.wait_for_text(preview["ts"], "created", timeout=15)
        bot.api.fail_next(503, method="POST")
        alice.command("create 13 tomorrow 8am to 5pm")
        second = alice.wait_for_ephemeral(after=1, containing="Confirm", timeout=10)
        alice.click(second, "Confirm")
        alice.wait_for_text(second["ts"], "unavailable", timeout=10)
        alice.command("assign 42 <@U0BOB|bob> on leave")
        alice.wait_for_ephemeral(after=2, containing="waiting for a manager", timeout=10)

    after = scrape(bot)
    assert value(after, "preventive_commands_total", kind="command.create") == 2
    assert value(after, "preventive_commands_total", kind="command.assign") == 1
    assert value(after, "preventive_commands_total", kind="action.preventive.confirm") == 2
    assert value(after, "preventive_ack_latency_seconds_count") == 5
    assert value(after, "preventive_api_calls_total", endpoint="create", outcome="201") == 1
    assert value(after, "preventive_api_calls_total", endpoint="create", outcome="503") == 1
    assert value(after, "preventive_api_latency_seconds_count", endpoint="create") == 2
    errors = ("preventive_slack_api_errors_total", "chat.postMessage", "ratelimited")
    assert value(after, errors[0], method=errors[1], error=errors[2]) == 1
    assert value(after, "preventive_pending_approvals") == 1
    for name, _ in before:
        assert not name.startswith("preventive_commands")  # nothing counted before a request


def test_the_reminders_gauge_is_declared_without_a_sample_and_the_outbox_is_read(
    start_bot: StartBot,
) -> None:
    """The reminders gauge is named and documented before the store feeds it; the outbox's are
    read from the store (empty: no backlog, no age)."""
    _, bot = start_bot()
    text = httpx.get(f"{bot.url}/metrics", timeout=10).text
    families = {family.name: family for family in text_string_to_metric_families(text)}
    for name in ("preventive_outbox_backlog", "preventive_reminders_due"):
        assert families[name].type == "gauge"
        assert families[name].documentation
    assert families["preventive_reminders_due"].samples == []
    assert families["preventive_outbox_backlog"].samples[0].value == 0
    assert families["preventive_outbox_oldest_age_seconds"].samples[0].value == 0
    assert families["preventive_pending_approvals"].samples[0].value == 0


def test_an_effect_held_by_a_long_retry_after_shows_in_the_outbox_backlog(
    start_bot: StartBot,
) -> None:
    _, bot = start_bot()
    bot.slack.rate_limit_next("chat.postMessage", retry_after=60)
    with Actor("U0ALICE", bot, channel="C0GENERAL") as alice:
        alice.command("create 12 tomorrow 8am to 5pm")
        preview = alice.wait_for_ephemeral(after=0, containing="Confirm", timeout=10)
        alice.click(preview, "Confirm")
        bot.slack.wait_for(lambda: bot.slack.calls_to("chat.postMessage"), timeout=10)

        def backlogged() -> Samples | None:
            found = scrape(bot)
            return found if value(found, "preventive_outbox_backlog") else None

        samples = bot.slack.wait_for(backlogged, timeout=10)
    assert samples is not None
    assert value(samples, "preventive_outbox_backlog") == 1
    assert value(samples, "preventive_outbox_oldest_age_seconds") >= 0
