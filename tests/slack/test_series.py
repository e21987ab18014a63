"""Recurring plans end to end (issue 15, DESIGN "Recurring plans"): signed requests in, the fake
Slack and the sandbox API out; one Confirm, one create per occurrence, one series message."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.types import Receive, Scope, Send

from bot.api.sandbox import Sandbox
from bot.config import BotConfig
from bot.fakes.slack import FakeSlack, text_of
from bot.web import create_web_app
from tests.actors import Actor, BotServer, dump
from tests.api.servers import serve_app
from tests.conftest import Clock, bot_settings

SIX_MONDAYS_UTC = [  # Paris: 08:00-12:00 each Monday; the clocks go forward on 29 March
    ("2026-03-16T07:00:00.000Z", "2026-03-16T11:00:00.000Z"),
    ("2026-03-23T07:00:00.000Z", "2026-03-23T11:00:00.000Z"),
    ("2026-03-30T06:00:00.000Z", "2026-03-30T10:00:00.000Z"),
    ("2026-04-06T06:00:00.000Z", "2026-04-06T10:00:00.000Z"),
    ("2026-04-13T06:00:00.000Z", "2026-04-13T10:00:00.000Z"),
    ("2026-04-20T06:00:00.000Z", "2026-04-20T10:00:00.000Z"),
]


def posts(api: Sandbox) -> list[dict[str, Any]]:
    return [request.body for request in api.requests if request.method == "POST"]


def patches(api: Sandbox) -> list[dict[str, Any]]:
    return [request.body for request in api.requests if request.method == "PATCH"]


def windows(bodies: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return sorted((body["scheduledStart"], body["scheduledEnd"]) for body in bodies)


def progress(slack: FakeSlack, user: str, containing: str, timeout: float = 10) -> dict[str, Any]:
    """The user's progress message (a direct message) once it shows `containing`."""

    def found() -> dict[str, Any] | None:
        shown = slack.messages(user)
        return shown[-1] if shown and containing in text_of(shown[-1]) else None

    result = slack.wait_for(found, timeout=timeout)
    assert result is not None
    return result


def series_message(slack: FakeSlack, ids: range, timeout: float = 10) -> dict[str, Any]:
    """The team channel's one message once it names every id."""

    def found() -> dict[str, Any] | None:
        shown = slack.messages("C0HVAC")
        if shown and all(f"#{i}" in shown[-1]["text"] for i in ids):
            return shown[-1]
        return None

    result = slack.wait_for(found, timeout=timeout)
    assert result is not None
    return result


def confirm_series(actor: Actor, command: str, confirm: str = "Confirm") -> dict[str, Any]:
    actor.command(command)
    preview = actor.wait_for_ephemeral(after=0, containing=confirm)
    actor.click(preview, confirm)
    return preview


def test_english_six_week_series_across_the_clock_change_gives_six_posts_and_one_message(
    alice: Actor, bot_server: BotServer
) -> None:
    alice.command("create 12 every monday 8am to 12pm for 6 weeks")
    preview = alice.wait_for_ephemeral(after=0, containing="Confirm")
    shown = text_of(preview)
    assert "6 interventions" in shown, dump(preview)
    assert "Mon 16 Mar, 08:00" in shown
    assert "Mon 20 Apr, 08:00" in shown
    assert "clocks change: from here Europe/Paris (CEST)" in shown
    assert bot_server.api.requests == []

    alice.click(preview, "Confirm")
    alice.wait_for_text(preview["ts"], "direct message")
    message = series_message(bot_server.slack, range(42, 48))
    assert windows(posts(bot_server.api)) == SIX_MONDAYS_UTC
    assert all(body["routineId"] == 12 for body in posts(bot_server.api))
    assert len(bot_server.slack.messages("C0HVAC")) == 1, dump(message)
    done = progress(bot_server.slack, "U0ALICE", "6/6 created")
    assert "All 6 interventions are created" in text_of(done)
    assert "Retry" not in text_of(done)


def test_french_six_week_series_gives_six_posts_and_a_french_progress(
    lead: Actor, bot_server: BotServer
) -> None:
    lead.command("créer 12 tous les lundis 8h à 12h pendant 6 semaines")
    preview = lead.wait_for_ephemeral(after=0, containing="Confirmer")
    shown = text_of(preview)
    assert "Aperçu\u202f: 6 interventions" in shown, dump(preview)
    assert "lun. 16 mars, 08:00" in shown
    assert "changement d'heure\u202f: désormais Europe/Paris (CEST)" in shown
    assert "Modifier" in shown
    assert "Annuler" in shown

    lead.click(preview, "Confirmer")
    lead.wait_for_text(preview["ts"], "message direct")
    series_message(bot_server.slack, range(42, 48))
    assert windows(posts(bot_server.api)) == SIX_MONDAYS_UTC
    assert len(bot_server.slack.messages("C0HVAC")) == 1
    done = progress(bot_server.slack, "U0LEAD", "6/6 créées")
    assert "Les 6 interventions sont créées" in text_of(done)


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("create 12 every day 8am to 9am for 53 days", "more than 52 occurrences"),
        ("create 12 every monday 8am to 12pm", "has no end"),
    ],
    ids=["53-en", "no-end-en"],
)
def test_a_series_past_52_or_with_no_end_is_refused_in_english(
    alice: Actor, bot_server: BotServer, command: str, expected: str
) -> None:
    alice.command(command)
    refusal = alice.wait_for_ephemeral(after=0)
    assert expected in text_of(refusal), dump(refusal)
    assert "Confirm" not in text_of(refusal)
    assert bot_server.api.requests == []


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("créer 12 tous les jours 8h à 9h pendant 53 jours", "plus de 52 occurrences"),
        ("créer 12 tous les lundis 8h à 12h", "n'a pas de fin\u202f:"),
    ],
    ids=["53-fr", "no-end-fr"],
)
def test_a_series_past_52_or_with_no_end_is_refused_in_french(
    lead: Actor, bot_server: BotServer, command: str, expected: str
) -> None:
    lead.command(command)
    refusal = lead.wait_for_ephemeral(after=0)
    assert expected in text_of(refusal), dump(refusal)
    assert bot_server.api.requests == []


def test_cancel_on_a_series_preview_sends_nothing(alice: Actor, bot_server: BotServer) -> None:
    alice.command("create 12 every weekday 7am-9am next week")
    preview = alice.wait_for_ephemeral(after=0, containing="5 interventions")
    alice.click(preview, "Cancel")
    alice.wait_for_text(preview["ts"], "Cancelled")
    alice.click(preview, "Confirm")
    alice.wait_for_text(preview["ts"], "cancelled")
    assert bot_server.api.requests == []


def test_series_with_an_assignee_assigns_each_and_reports_one_created_not_assigned(
    alice: Actor, bot_server: BotServer
) -> None:
    api = bot_server.api
    api.fail_next(400, body={"message": "profile locked"}, method="PATCH")
    confirm_series(alice, "create 12 every monday 8am to 12pm for 3 weeks assign <@U0BOB|bob>")
    shown = progress(bot_server.slack, "U0ALICE", "Retry the 1 failed")
    assert "created, not assigned to <@U0BOB>" in text_of(shown), dump(shown)
    assert "profile locked" in text_of(shown)
    assert len(posts(api)) == 3
    assert len(patches(api)) == 3
    assert all(body == {"assignedCompanyContactId": 5} for body in patches(api))

    alice.click(shown, "Retry the 1 failed")
    done = progress(bot_server.slack, "U0ALICE", "All 3 interventions are created")
    assert text_of(done).count("assigned to <@U0BOB>") == 3, dump(done)
    assert len(posts(api)) == 3
    assert len(patches(api)) == 4


class FailNthPost:
    """The sandbox API behind a gateway that answers its `nth` POST with a 500 (the create
    may or may not have happened: here it did not)."""

    def __init__(self, sandbox: Sandbox, nth: int) -> None:
        self.sandbox = sandbox
        self.nth = nth
        self.seen = 0
        self.lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST":
            with self.lock:
                self.seen += 1
                failing = self.seen == self.nth
            if failing:
                body = b'{"message": "Internal Server Error"}'
                headers = [(b"content-type", b"application/json")]
                await send({"type": "http.response.start", "status": 500, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
        await self.sandbox(scope, receive, send)


@pytest.fixture
def gateway_bot(
    tmp_path: Path, fake_slack: FakeSlack, api: Sandbox, clock: Clock, bot_config: BotConfig
) -> Iterator[tuple[BotServer, FailNthPost]]:
    """Our real app whose API is the sandbox behind `FailNthPost` (the 4th POST fails)."""
    gateway = FailNthPost(api, 4)
    with serve_app(gateway) as api_url:
        settings = bot_settings(tmp_path, fake_slack.url, api_url)
        app = create_web_app(settings, bot_config, now=clock)
        with serve_app(app, lifespan="on") as url:
            yield BotServer(url, settings, fake_slack, api), gateway


def test_a_500_on_the_4th_create_leaves_it_for_retry_and_retry_creates_just_that_one(
    gateway_bot: tuple[BotServer, FailNthPost],
) -> None:
    bot, gateway = gateway_bot
    with Actor("U0ALICE", bot, channel="C0GENERAL") as alice:
        confirm_series(alice, "create 12 every monday 8am to 12pm for 6 weeks")
        shown = progress(bot.slack, "U0ALICE", "Retry the 1 failed")
        assert "5/6 created" in text_of(shown), dump(shown)
        assert "outcome unknown" in text_of(shown)
        assert len(bot.api.interventions) == 5
        assert "not sent again unless you press Retry" in text_of(shown)

        alice.click(shown, "Retry the 1 failed")
        done = progress(bot.slack, "U0ALICE", "6/6 created")
    assert gateway.seen == 7
    assert len(bot.api.interventions) == 6
    created = windows(list(bot.api.interventions.values()))
    assert created == SIX_MONDAYS_UTC, dump(done)
    series_message(bot.slack, range(42, 48))
    assert len(bot.slack.messages("C0HVAC")) == 1


def test_a_52_occurrence_preview_lists_every_one_in_both_languages(
    alice: Actor, lead: Actor, bot_server: BotServer
) -> None:
    alice.command("create 12 every monday 8am to 12pm for 52 weeks")
    preview = alice.wait_for_ephemeral(after=0, containing="Confirm")
    assert "52 interventions" in text_of(preview)
    assert "52. Mon 8 Mar 2027, 08:00" in text_of(preview), dump(preview)
    lead.command("créer 12 tous les lundis 8h à 12h pendant 52 semaines")
    french = lead.wait_for_ephemeral(after=0, containing="Confirmer")
    assert "52. lun. 8 mars 2027, 08:00" in text_of(french), dump(french)
    assert bot_server.api.requests == []


def test_confirm_clicked_twice_on_a_series_sends_each_occurrence_once(
    alice: Actor, bot_server: BotServer
) -> None:
    preview = confirm_series(alice, "create 12 every tuesday 9am to 11am for 3 weeks")
    alice.click(preview, "Confirm")
    progress(bot_server.slack, "U0ALICE", "3/3 created")
    alice.click(preview, "Confirm")
    alice.wait_for_text(preview["ts"], "already confirmed")
    series_message(bot_server.slack, range(42, 45))
    assert len(posts(bot_server.api)) == 3
    assert len(bot_server.slack.messages("C0HVAC")) == 1


def test_a_429_pauses_the_series_for_its_retry_after_then_sends_the_same_create_again(
    alice: Actor, bot_server: BotServer
) -> None:
    bot_server.api.fail_next(429, retry_after=1, method="POST")
    confirm_series(alice, "create 12 every monday 8am to 12pm for 3 weeks")
    done = progress(bot_server.slack, "U0ALICE", "3/3 created")
    assert "Retry" not in text_of(done)
    assert len(posts(bot_server.api)) == 4  # the refused one, sent again once
    assert len(bot_server.api.interventions) == 3


def test_edit_on_a_series_preview_reopens_the_form_and_its_submit_previews_the_new_plan(
    alice: Actor, bot_server: BotServer
) -> None:
    alice.command("create 12 every monday 8am to 12pm for 6 weeks")
    preview = alice.wait_for_ephemeral(after=0, containing="Confirm")
    alice.click(preview, "Edit")
    view = alice.wait_for_view(after=0)
    assert "every monday 8am to 12pm for 6 weeks" in dump(view)
    alice.submit(view, {"When": "every monday 8am to 12pm for 2 weeks"})
    again = alice.wait_for_ephemeral(after=1, containing="2 interventions")
    alice.click(preview, "Confirm")  # the edited preview is replaced by the new one
    alice.wait_for_text(preview["ts"], "cancelled")
    alice.click(again, "Confirm")
    progress(bot_server.slack, "U0ALICE", "2/2 created")
    assert len(posts(bot_server.api)) == 2
