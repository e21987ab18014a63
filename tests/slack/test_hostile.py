"""Hostile and broken input on the real app (issue 11): replays, other workspaces, odd ids,
huge text, NUL bytes, failed `users.info` and the foreseeable failures, each answered privately
in the user's language, with nothing half-done and no incident id."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import make_url

from bot.api.sandbox import Sandbox
from bot.config import BotConfig
from bot.fakes.slack import FakeSlack, payloads, text_of
from bot.fakes.slack.state import Call
from bot.model import ReassignmentRequest
from bot.store.store import Store
from bot.web import create_web_app
from tests.actors import SECRET, Actor, BotServer, dump
from tests.api.servers import serve_app
from tests.conftest import Clock, bot_settings
from tests.slack.cuttable import relay
from tests.slack.test_change_flows import create_intervention
from tests.slack.test_processes import patch_count
from tests.store.databases import database_url

# The fixture: SQLite, and PostgreSQL when TEST_DATABASE_URL is set (`start_bot` is in conftest).
__all__ = ["database_url"]

OTHER_TEAM = "T0OTHER"
# Lookups and the bot's own identity are not effects the user could see.
_QUIET = {"auth.test", "users.info"}


def effects(bot: BotServer) -> list[Call]:
    """Every Slack call the bot made that shows something to someone."""
    return [call for call in bot.slack.calls if call.method not in _QUIET]


def api_writes(bot: BotServer) -> list[Any]:
    return [r for r in bot.api.requests if r.method in ("POST", "PATCH")]


def settle() -> None:
    """Give a listener that should not run the time it would have needed to call out."""
    time.sleep(0.5)


def answer(actor: Actor, text: str, *, containing: str = "") -> str:
    """What the bot answered privately to `/preventive <text>`."""
    before = len(actor.ephemerals())
    actor.command(text)
    return text_of(actor.wait_for_ephemeral(after=before, containing=containing))


def assert_no_incident(bot: BotServer) -> None:
    shown = json.dumps([call.args for call in bot.slack.calls], ensure_ascii=False)
    assert "incident" not in shown
    assert all(call.ok for call in effects(bot)), [c for c in effects(bot) if not c.ok]


# ----- replays ---------------------------------------------------------------------------------


def test_an_identical_signed_manager_assign_sent_three_times_sends_one_patch(
    alice: Actor, manager: Actor, bot_server: BotServer
) -> None:
    create_intervention(alice, bot_server, "create 12 tomorrow 8am to 5pm")
    url = bot_server.slack.response_url(channel="C0HVAC", user="U0MANAGER")
    payload = payloads.slash_command(
        text="assign 42 <@U0BOB|bob> on leave",
        user_id="U0MANAGER",
        channel_id="C0HVAC",
        response_url=url,
    )
    request = payload.signed(SECRET)
    statuses = [
        httpx.post(bot_server.events_url, content=request.body, headers=request.headers)
        for _ in range(3)
    ]
    assert [s.status_code for s in statuses] == [200, 200, 200]
    bot_server.slack.wait_for(lambda: [r for r in api_writes(bot_server) if r.method == "PATCH"])
    settle()
    patches = [r.body for r in bot_server.api.requests if r.method == "PATCH"]
    assert len(patches) == 1, patches
    assert patches[0]["assignedCompanyContactId"] == 5
    assert_no_incident(bot_server)


def test_a_replayed_click_is_ignored_and_a_fresh_signature_of_the_same_body_is_not(
    alice: Actor, bot_server: BotServer
) -> None:
    before = len(alice.ephemerals())
    alice.command("create 12 tomorrow 8am to 5pm")
    preview = alice.wait_for_ephemeral(after=before, containing="Confirm")
    url = bot_server.slack.response_url(
        channel="C0GENERAL", user="U0ALICE", original_ts=preview["ts"], original_ephemeral=True
    )
    element = payloads.find_button(preview, "Cancel")
    click = payloads.block_action(
        element,
        user_id="U0ALICE",
        channel_id="C0GENERAL",
        message=preview,
        ephemeral=True,
        response_url=url,
    )
    signed = click.signed(SECRET)
    for _ in range(2):
        httpx.post(bot_server.events_url, content=signed.body, headers=signed.headers)
    alice.wait_for_text(preview["ts"], "Cancelled")
    settle()
    assert (
        len([c for c in effects(bot_server) if c.method == "response_url"]) == 2
    )  # preview, cancel
    # Slack's own retry is a new signature (a new timestamp): it is processed.
    again = click.signed(SECRET, int(time.time()) + 1)
    httpx.post(bot_server.events_url, content=again.body, headers=again.headers)
    bot_server.slack.wait_for(
        lambda: len([c for c in effects(bot_server) if c.method == "response_url"]) == 3
    )


# ----- other workspaces ------------------------------------------------------------------------


def test_a_command_from_another_workspace_has_no_effect(bot_server: BotServer) -> None:
    assert bot_server.slack.calls_to("auth.test"), "the workspace is learnt at start-up"
    url = bot_server.slack.response_url(channel="C0GENERAL", user="U0ALICE")
    payload = payloads.slash_command(
        text="create 12 tomorrow 8am to 5pm",
        user_id="U0ALICE",
        channel_id="C0GENERAL",
        response_url=url,
        team_id=OTHER_TEAM,
    )
    response = httpx.post(bot_server.events_url, **_signed(payload))
    assert response.status_code == 403
    settle()
    assert bot_server.api.requests == []
    assert effects(bot_server) == []


def test_an_approve_click_from_another_workspace_has_no_effect(
    alice: Actor, bot_server: BotServer
) -> None:
    parent = create_intervention(alice, bot_server, "create 12 tomorrow 8am to 5pm")
    alice.command("assign 42 <@U0BOB|bob> on leave")
    alice.wait_for_ephemeral(after=1, containing="waiting for a manager")
    [request] = bot_server.slack.thread("C0HVAC", parent["ts"])
    shown_before, writes_before = len(effects(bot_server)), len(api_writes(bot_server))
    url = bot_server.slack.response_url(
        channel="C0HVAC", user="U0MANAGER", original_ts=request["ts"]
    )
    click = payloads.block_action(
        payloads.find_button(request, "Approve"),
        user_id="U0MANAGER",
        channel_id="C0HVAC",
        message=request,
        ephemeral=False,
        response_url=url,
    )
    click.data["team"] = {"id": OTHER_TEAM, "domain": "elsewhere"}
    click.data["user"]["team_id"] = OTHER_TEAM
    response = httpx.post(bot_server.events_url, **_signed(click))
    assert response.status_code == 403
    settle()
    assert len(api_writes(bot_server)) == writes_before
    assert len(effects(bot_server)) == shown_before


def _signed(payload: payloads.SlackPayload) -> dict[str, Any]:
    request = payload.signed(SECRET)
    return {"content": request.body, "headers": request.headers}


# ----- ids -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("create 12 tomorrow 8am to 5pm assign contact:0", "contact:0"),
        ("create 0 tomorrow 8am", "“0” is not a routine number"),
        ("create 2147483648 tomorrow 8am", "“2147483648” is not a routine number"),
        ("assign 999999999999 <@U0BOB|bob>", "“999999999999” is not an intervention number"),
        ("assign 42 profile:99999999999999999999999", "profile:99999999999999999999999"),
        ("reschedule -7 friday 9am", "“-7” is not an intervention number"),
        ("update 0", "“0” is not an intervention number"),
    ],
)
def test_ids_outside_the_api_range_are_parse_errors_quoting_them(
    alice: Actor, bot_server: BotServer, text: str, quoted: str
) -> None:
    shown = answer(alice, text)
    assert quoted in shown, shown
    assert "For example" in shown
    settle()
    assert bot_server.api.requests == []
    assert [c.method for c in effects(bot_server)] == ["response_url"]  # no public message
    assert_no_incident(bot_server)


def test_five_thousand_digits_are_a_clipped_parse_error(
    alice: Actor, bot_server: BotServer
) -> None:
    shown = answer(alice, "assign 42 profile:" + "7" * 5000)
    assert "profile:7777" in shown
    assert "7" * 80 not in shown
    assert bot_server.api.requests == []
    assert_no_incident(bot_server)


def test_a_forged_confirm_with_a_huge_routine_id_calls_no_api(
    alice: Actor, bot_server: BotServer
) -> None:
    before = len(alice.ephemerals())
    alice.command("create 12 tomorrow 8am to 5pm")
    preview = alice.wait_for_ephemeral(after=before, containing="Confirm")
    _forge_button(preview, "Confirm", routine_id=2**63)
    alice.click(preview, "Confirm")
    shown = alice.wait_for_ephemeral(after=before + 1, containing="routine number")
    assert str(2**63) in text_of(shown)
    settle()
    assert bot_server.api.requests == []
    assert_no_incident(bot_server)


def test_forged_modal_metadata_with_a_negative_intervention_id_calls_no_api(
    alice: Actor, bot_server: BotServer
) -> None:
    create_intervention(alice, bot_server, "create 12 tomorrow 8am to 5pm")
    alice.command("update 42")
    view = alice.wait_for_view(after=0)
    metadata = json.loads(view["private_metadata"])
    forged = {**view, "private_metadata": json.dumps({**metadata, "intervention_id": -7})}
    writes = len(api_writes(bot_server))
    alice.submit(forged, {"Description": "forged"})
    shown = alice.wait_for_ephemeral(after=1, containing="not an intervention number")
    assert "“-7”" in text_of(shown)
    settle()
    assert len(api_writes(bot_server)) == writes
    assert not [r for r in bot_server.api.requests if "/-7" in r.path]
    assert_no_incident(bot_server)


def _forge_button(message: dict[str, Any], label: str, **changes: object) -> None:
    """Change the value of the button labelled `label`, in place, as a forger would."""
    for block in message["blocks"]:
        for element in block.get("elements") or []:
            if (
                element.get("type") == "button"
                and text_of({"blocks": [block]})
                and (element["text"]["text"] == label)
            ):
                element["value"] = json.dumps({**json.loads(element["value"]), **changes})
                return
    raise AssertionError(f"no button {label!r}")


# ----- huge text -------------------------------------------------------------------------------

_TEN_KB = ("lorem ipsum " * 900)[:10_000]


@pytest.mark.parametrize(
    "text",
    [
        f"create 12 tomorrow 8am to 5pm {_TEN_KB}",
        f"zz{_TEN_KB}",
        f"update 42 {_TEN_KB}",
        f"reschedule 42 {_TEN_KB}",
        "create 12 " + "x" * 10_000,
        "assign 42 <@U" + "A" * 10_000 + ">",
    ],
    ids=[
        "create-plus-10kB",
        "unknown-subcommand",
        "update-plus-10kB",
        "reschedule-plus-10kB",
        "one-word",
        "long-mention",
    ],
)
def test_a_ten_kilobyte_command_gets_a_short_private_answer(
    alice: Actor, bot_server: BotServer, text: str
) -> None:
    shown = answer(alice, text)
    assert len(shown) < 1000, shown
    assert "lorem ipsum lorem ipsum lorem ipsum lorem ipsum lorem ipsum lorem" not in shown
    assert bot_server.api.requests == []
    assert_no_incident(bot_server)


def test_a_ten_kilobyte_reason_fits_every_message_it_appears_in(
    alice: Actor, manager: Actor, bot_server: BotServer
) -> None:
    parent = create_intervention(alice, bot_server, "create 12 tomorrow 8am to 5pm")
    reason = "the usual technician is away " * 350
    alice.command(f"assign 42 <@U0BOB|bob> {reason}")
    alice.wait_for_ephemeral(after=1, containing="waiting for a manager")
    [request] = bot_server.slack.thread("C0HVAC", parent["ts"])
    manager.click(request, "Approve", channel="C0HVAC")
    bot_server.slack.wait_for(lambda: [r for r in api_writes(bot_server) if r.method == "PATCH"])
    [patch] = [r.body for r in bot_server.api.requests if r.method == "PATCH"]
    assert patch["previousAssigneeNotification"]["reason"] == reason.strip()  # as typed
    assert_no_incident(bot_server)


# ----- control characters ----------------------------------------------------------------------


@pytest.fixture
def bot_on_database(
    tmp_path: Path,
    database_url: str,
    fake_slack: FakeSlack,
    api: Sandbox,
    served_api: tuple[Sandbox, str],
    clock: Clock,
    bot_config: BotConfig,
) -> Iterator[BotServer]:
    """The real app on `database_url`: SQLite, and PostgreSQL when TEST_DATABASE_URL is set."""
    settings = bot_settings(tmp_path, fake_slack.url, served_api[1], database_url=database_url)
    with serve_app(create_web_app(settings, bot_config, now=clock), lifespan="on") as url:
        yield BotServer(url, settings, fake_slack, api)


def test_a_nul_byte_in_a_reason_is_dropped_before_the_store(
    bot_on_database: BotServer, database_url: str
) -> None:
    bot = bot_on_database
    with Actor("U0ALICE", bot, channel="C0GENERAL") as alice:
        parent = create_intervention(alice, bot, "create 12 tomorrow 8am to 5pm")
        alice.command("assign 42 <@U0BOB|bob> on\x00 leave\x07 today")
        alice.wait_for_ephemeral(after=1, containing="waiting for a manager")
    [request] = bot.slack.thread("C0HVAC", parent["ts"])
    assert "on leave today" in text_of(request)
    [pending] = asyncio.run(_pending(database_url))
    assert pending.reason == "on leave today"
    assert_no_incident(bot)


async def _pending(url: str) -> list[ReassignmentRequest]:
    async with await Store.connect(url) as store:
        return await store.pending_requests(42)


# ----- users.info ------------------------------------------------------------------------------


@pytest.fixture
def londoner(bot_server: BotServer) -> Iterator[Actor]:
    bot_server.slack.add_user("U0LONDON", name="lou", tz="Europe/London", locale="en-GB")
    with Actor("U0LONDON", bot_server, channel="C0GENERAL") as actor:
        yield actor


def test_a_failed_users_info_is_not_cached_and_the_preview_says_the_zone_is_a_default(
    londoner: Actor, bot_server: BotServer
) -> None:
    bot_server.slack.fail_next("users.info", "internal_error")
    first = answer(londoner, "create 12 tomorrow 8am to 5pm", containing="Confirm")
    assert "default" in first
    assert "Europe/Paris" in first or "CET" in first
    second = answer(londoner, "create 12 tomorrow 8am to 5pm", containing="Confirm")
    assert "default" not in second
    assert "GMT" in second or "Europe/London" in second, second
    assert_no_incident(bot_server)


def test_a_rate_limited_users_info_waits_out_retry_after(
    londoner: Actor, bot_server: BotServer
) -> None:
    bot_server.slack.rate_limit_next("users.info", retry_after=2)
    shown = answer(londoner, "create 12 tomorrow 8am to 5pm", containing="Confirm")
    assert "default" not in shown
    assert "GMT" in shown or "Europe/London" in shown, shown


# ----- foreseeable failures --------------------------------------------------------------------


def test_an_expired_trigger_id_says_the_form_took_too_long(
    bruno: Actor, bot_server: BotServer
) -> None:
    url = bot_server.slack.response_url(channel="C0GENERAL", user="U0BRUNO")
    stale = f"{int((time.time() - 10) * 1000)}.1.0123456789abcdef0123"
    payload = payloads.slash_command(
        text="", user_id="U0BRUNO", channel_id="C0GENERAL", response_url=url, trigger_id=stale
    )
    bruno.post(payload)
    shown = text_of(bruno.wait_for_ephemeral(after=0, containing="formulaire"))
    assert "relancez la commande" in shown
    assert "\u202f:" in shown
    assert "incident" not in shown


def test_a_locked_sqlite_file_says_the_bot_cannot_save_and_does_nothing(
    alice: Actor, bruno: Actor, bot_server: BotServer, tmp_path: Path
) -> None:
    holder = sqlite3.connect(tmp_path / "bot.db", timeout=1)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        shown = answer(alice, "create 12 tomorrow 8am to 5pm", containing="cannot save")
        assert "Try again" in shown
        french = answer(bruno, "create 12 demain 8h à 17h", containing="enregistrer")
        assert "Réessayez" in french
    finally:
        holder.rollback()
        holder.close()
    assert bot_server.api.requests == []
    assert not [
        c for c in effects(bot_server) if c.method == "response_url" and "Confirm" in dump(c.args)
    ]
    assert_no_incident(bot_server)
    # Once the file is free again, the same command works.
    assert "Confirm" in answer(alice, "create 12 tomorrow 8am to 5pm", containing="Confirm")


def test_an_intervention_unknown_to_the_api_is_said_so(alice: Actor, bot_server: BotServer) -> None:
    before = len(alice.ephemerals())
    alice.command("reschedule 777 friday 9am")
    preview = alice.wait_for_ephemeral(after=before, containing="Confirm")
    alice.click(preview, "Confirm")
    # The preview names #777 too: wait for the answer's own words.
    shown = alice.wait_for_text(preview["ts"], "knows no intervention #777")
    assert "Confirm" not in text_of(shown), dump(shown)
    assert_no_incident(bot_server)


def test_an_api_refusal_shows_its_message_without_the_pin(
    alice: Actor, bot_server: BotServer
) -> None:
    pin = str(bot_server.api.code_pin)
    bot_server.api.fail_next(400, body={"message": f"scheduledStart is too far, pin {pin}"})
    before = len(alice.ephemerals())
    alice.command("create 12 tomorrow 8am to 5pm")
    preview = alice.wait_for_ephemeral(after=before, containing="Confirm")
    alice.click(preview, "Confirm")
    shown = text_of(alice.wait_for_text(preview["ts"], "refused"))
    assert "scheduledStart is too far" in shown
    assert pin not in json.dumps([c.args for c in bot_server.slack.calls])
    assert_no_incident(bot_server)


# ----- any text --------------------------------------------------------------------------------

_PREFIXES = st.sampled_from(
    ["", "create 12 ", "create ", "reschedule 42 ", "assign 42 ", "update 42 ", "help ", "12 ",
     "statut ", "assigner 42 <@U0BOB|bob> ", "create 12 demain 8h à 17h ", "creat ", "list ",
     "status 42 ", "liste "]
)  # fmt: skip
_PIECES = st.sampled_from(
    ["\x00", "\u202e", "\u200f", "שלום", "مرحبا بك", "<@U0BOB|bob>", "<@U0NOBODY>", "<!here>",
     "&lt;b&gt;", "tomorrow 8am", "demain 8h", "🙂", "status", "assign", "profile:", "contact:0",
     "9" * 12, "-7", " ", "\n", "`", "*", "reason:"]
)  # fmt: skip
_TEXTS = st.builds(
    lambda prefix, parts, tail, times: prefix + "".join(parts) + tail * times,
    _PREFIXES,
    st.lists(st.one_of(_PIECES, st.text(max_size=20)), max_size=12),
    st.text(min_size=1, max_size=8),
    st.integers(0, 2500),  # up to 20 kB
)
_SHOWN = {"response_url", "chat.postEphemeral", "chat.postMessage", "views.open"}


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=_TEXTS)
@example(text="create 12 tomorrow 8am " + "\u202e\x00<@U0BOB|bob> مرحبا " * 800)  # 20 kB
@example(text="assign 42 profile:" + "7" * 20_000)
def test_any_command_text_gets_a_valid_private_reply_and_no_incident(
    alice: Actor, bot_server: BotServer, caplog: pytest.LogCaptureFixture, text: str
) -> None:
    caplog.set_level(logging.WARNING)
    bot = bot_server
    before = len([c for c in bot.slack.calls if c.method in _SHOWN])
    alice.command(text)
    bot.slack.wait_for(lambda: len([c for c in bot.slack.calls if c.method in _SHOWN]) > before)
    assert_no_incident(bot)
    assert [r for r in bot.api.requests if r.method in ("POST", "PATCH")] == []
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], [r.getMessage() for r in errors]


def test_one_signed_manager_assign_sent_to_two_processes_sends_one_patch(start_bot: Any) -> None:
    _, first = start_bot()
    _, second = start_bot()
    with Actor("U0ALICE", first, channel="C0GENERAL") as alice:
        alice.command("create 12 tomorrow 8am to 5pm")
        preview = alice.wait_for_ephemeral(after=0, containing="Confirm", timeout=10)
        alice.click(preview, "Confirm")
        alice.wait_for_text(preview["ts"], "created", timeout=10)
    url = first.slack.response_url(channel="C0HVAC", user="U0MANAGER")
    payload = payloads.slash_command(
        text="assign 42 <@U0BOB|bob> on leave",
        user_id="U0MANAGER",
        channel_id="C0HVAC",
        response_url=url,
    )
    signed = _signed(payload)
    for bot in (first, second, first, second):
        assert httpx.post(bot.events_url, timeout=10, **signed).status_code == 200
    first.slack.wait_for(lambda: patch_count(first.api) >= 1, timeout=10)
    settle()
    assert patch_count(first.api) == 1
    assert_no_incident(first)


def test_a_database_that_goes_down_says_the_bot_cannot_save_and_does_nothing(
    tmp_path: Path,
    database_url: str,
    fake_slack: FakeSlack,
    api: Sandbox,
    served_api: tuple[Sandbox, str],
    clock: Clock,
    bot_config: BotConfig,
) -> None:
    """PostgreSQL behind a relay that is cut; SQLite locked by another process's writer."""
    with contextlib.ExitStack() as stack:
        url = make_url(database_url)
        if url.get_backend_name() == "postgresql":
            cut = stack.enter_context(relay(url.host or "127.0.0.1", url.port or 5432))
            url = url.set(port=cut.port)
            take_down = cut.cut
        else:
            holder = stack.enter_context(contextlib.closing(sqlite3.connect(url.database or "")))
            stack.callback(holder.rollback)

            def take_down() -> None:
                holder.execute("BEGIN EXCLUSIVE")

        rendered = url.render_as_string(hide_password=False)
        settings = bot_settings(tmp_path, fake_slack.url, served_api[1], database_url=rendered)
        app = create_web_app(settings, bot_config, now=clock)
        served = stack.enter_context(serve_app(app, lifespan="on"))
        bot = BotServer(served, settings, fake_slack, api)
        with Actor("U0ALICE", bot, channel="C0GENERAL") as alice:
            assert "Confirm" in answer(alice, "create 12 tomorrow 8am", containing="Confirm")
            take_down()
            shown = answer(alice, "create 12 tomorrow 8am to 5pm", containing="cannot save")
            assert "nothing" in shown
        with Actor("U0CLAIRE", bot, channel="C0GENERAL") as claire:
            assert "Réessayez" in answer(claire, "create 12 demain 8h", containing="enregistrer")
        assert bot.api.requests == []
        assert_no_incident(bot)


def test_a_retry_after_beyond_three_seconds_falls_back_to_the_default_zone_and_says_so(
    londoner: Actor, bot_server: BotServer
) -> None:
    bot_server.slack.rate_limit_next("users.info", retry_after=30)
    shown = answer(londoner, "create 12 tomorrow 8am to 5pm", containing="Confirm")
    assert "default" in shown
    assert "Europe/Paris" in shown


def test_a_routine_typed_in_the_create_form_beyond_the_api_range_is_a_field_error(
    alice: Actor, bot_server: BotServer
) -> None:
    alice.command("")
    view = alice.wait_for_view(after=0)
    ack = alice.submit(view, {"Routine ID": "9999999999", "When": "tomorrow 8am\x00"})
    assert set(ack["errors"]) == {"routine"}
    assert "number" in ack["errors"]["routine"]
    settle()
    assert bot_server.api.requests == []
    assert_no_incident(bot_server)
