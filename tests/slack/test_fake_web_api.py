"""The fake Slack answers slack_sdk's real clients as Slack does and keeps what users would see."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.async_client import AsyncBaseSocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.fakes.slack import FakeSlack, FakeSlackServer, text_of
from bot.fakes.slack.payloads import new_trigger_id, slash_command
from tests.slack.socket_mode_server import FakeSocketMode

CHANNEL = "C0HVAC"
BOT_TOKEN = "xoxb-test"  # noqa: S105  # a made-up token the fake accepts
APP_TOKEN = "xapp-test"  # noqa: S105  # a made-up app-level token
BUTTONS = {
    "type": "actions",
    "elements": [{"type": "button", "text": {"type": "plain_text", "text": "Confirm"}}],
}
MODAL = {
    "type": "modal",
    "callback_id": "preventive.create",
    "title": {"type": "plain_text", "text": "New intervention"},
    "submit": {"type": "plain_text", "text": "Create"},
    "blocks": [
        {
            "type": "input",
            "label": {"type": "plain_text", "text": "When"},
            "element": {"type": "plain_text_input"},
        }
    ],
}


@pytest.fixture(scope="module")
def served() -> Iterator[FakeSlack]:
    with FakeSlackServer() as fake:
        yield fake


@pytest.fixture
def fake(served: FakeSlack) -> FakeSlack:
    served.reset()
    served.trigger_ttl = 3.0
    served.socket_mode_url = None
    return served


@pytest.fixture
def client(fake: FakeSlack) -> AsyncWebClient:
    return AsyncWebClient(token=BOT_TOKEN, base_url=fake.url)


@pytest.mark.anyio
async def test_post_message_assigns_increasing_ts_and_keeps_the_message(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    first = await client.chat_postMessage(channel=CHANNEL, text="#42 scheduled", blocks=[BUTTONS])
    second = await client.chat_postMessage(channel=CHANNEL, text="#43 scheduled")

    assert first["ok"]
    assert first["channel"] == CHANNEL
    assert float(first["ts"]) < float(second["ts"])
    assert [m["text"] for m in fake.messages(CHANNEL)] == ["#42 scheduled", "#43 scheduled"]
    stored = fake.messages(CHANNEL)[0]
    assert stored["channel"] == CHANNEL  # inspection copies say where they are
    assert "channel" not in first["message"]  # Slack's message objects do not
    assert stored["blocks"][0]["block_id"]  # Slack fills in the ids the app left out
    assert stored["blocks"][0]["elements"][0]["action_id"]
    assert fake.calls_to("chat.postMessage")[0].args["blocks"][0]["type"] == "actions"


@pytest.mark.anyio
async def test_thread_replies_stay_in_the_thread_and_the_parent_counts_them(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    parent = await client.chat_postMessage(channel=CHANNEL, text="#42")
    await client.chat_postMessage(channel=CHANNEL, text="moved", thread_ts=parent["ts"])
    await client.chat_postMessage(
        channel=CHANNEL, text="assigned", thread_ts=parent["ts"], reply_broadcast=True
    )

    assert [m["text"] for m in fake.thread(CHANNEL, parent["ts"])] == ["moved", "assigned"]
    assert [m["text"] for m in fake.messages(CHANNEL)] == ["#42", "assigned"]
    assert fake.message(CHANNEL, parent["ts"])["reply_count"] == 2


@pytest.mark.anyio
async def test_update_replaces_text_keeps_blocks_and_unknown_ts_is_message_not_found(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    posted = await client.chat_postMessage(channel=CHANNEL, text="#42 old", blocks=[BUTTONS])
    updated = await client.chat_update(channel=CHANNEL, ts=posted["ts"], text="#42 new")

    assert updated["message"]["text"] == "#42 new"
    assert fake.messages(CHANNEL)[0]["blocks"][0]["type"] == "actions"
    with pytest.raises(SlackApiError) as error:
        await client.chat_update(channel=CHANNEL, ts="1.000001", text="x")
    assert error.value.response["error"] == "message_not_found"


@pytest.mark.anyio
async def test_delete_and_permalink_act_on_stored_messages(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    posted = await client.chat_postMessage(channel=CHANNEL, text="#42")
    link = await client.chat_getPermalink(channel=CHANNEL, message_ts=posted["ts"])
    await client.chat_delete(channel=CHANNEL, ts=posted["ts"])

    assert posted["ts"].replace(".", "") in link["permalink"]
    assert fake.messages(CHANNEL) == []


def test_form_encoded_calls_have_their_json_arguments_decoded(fake: FakeSlack) -> None:
    """slack_sdk sends some methods as form fields, with `blocks` as a JSON string."""
    client = WebClient(token=BOT_TOKEN, base_url=fake.url)
    client.api_call("chat.postMessage", data={"channel": CHANNEL, "blocks": json.dumps([BUTTONS])})

    call = fake.calls_to("chat.postMessage")[0]
    assert call.args["blocks"][0]["type"] == "actions"
    assert call.headers["authorization"] == "Bearer xoxb-test"


@pytest.mark.anyio
async def test_ephemerals_come_from_post_ephemeral_and_response_urls(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    posted = await client.chat_postEphemeral(channel=CHANNEL, user="U0ALICE", text="preview")
    url = fake.response_url(channel=CHANNEL, user="U0BOB")
    await AsyncWebhookClient(url).send(text="refused")

    assert posted["message_ts"]
    assert [(e["user"], e["text"]) for e in fake.ephemerals()] == [
        ("U0ALICE", "preview"),
        ("U0BOB", "refused"),
    ]
    assert [e["via"] for e in fake.ephemerals("U0BOB")] == ["response_url"]
    assert fake.messages(CHANNEL) == []


@pytest.mark.anyio
async def test_response_url_replaces_then_deletes_the_ephemeral_it_was_issued_for(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    preview = await client.chat_postEphemeral(channel=CHANNEL, user="U0ALICE", text="preview")
    url = fake.response_url(
        channel=CHANNEL, user="U0ALICE", original_ts=preview["message_ts"], original_ephemeral=True
    )
    webhook = AsyncWebhookClient(url)

    await webhook.send(text="created #42", replace_original=True)
    assert [e["text"] for e in fake.ephemerals("U0ALICE")] == ["created #42"]
    await webhook.send(text="", delete_original=True)
    assert fake.ephemerals("U0ALICE") == []


@pytest.mark.anyio
async def test_response_url_in_channel_posts_and_replace_original_updates_a_channel_message(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    parent = await client.chat_postMessage(channel=CHANNEL, text="approval requested")
    url = fake.response_url(channel=CHANNEL, user="U0LEAD", original_ts=parent["ts"])
    webhook = AsyncWebhookClient(url)

    await webhook.send(text="approved by <@U0LEAD>", replace_original=True)
    await webhook.send_dict(
        {"text": "noted", "response_type": "in_channel", "thread_ts": parent["ts"]}
    )

    assert [m["text"] for m in fake.messages(CHANNEL)] == ["approved by <@U0LEAD>"]
    assert [m["text"] for m in fake.thread(CHANNEL, parent["ts"])] == ["noted"]


@pytest.mark.anyio
async def test_a_private_refusal_leaves_the_clicked_message_as_what_replace_original_replaces(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    parent = await client.chat_postMessage(channel=CHANNEL, text="approval requested")
    webhook = AsyncWebhookClient(
        fake.response_url(channel=CHANNEL, user="U0LEAD", original_ts=parent["ts"])
    )

    await webhook.send(text="only managers may decide")
    await webhook.send(text="approved", replace_original=True)

    assert [e["text"] for e in fake.ephemerals("U0LEAD")] == ["only managers may decide"]
    assert [m["text"] for m in fake.messages(CHANNEL)] == ["approved"]


@pytest.mark.anyio
async def test_a_command_response_url_replaces_its_own_last_reply(fake: FakeSlack) -> None:
    webhook = AsyncWebhookClient(fake.response_url(channel=CHANNEL, user="U0ALICE"))

    await webhook.send(text="working…")
    await webhook.send(text="done", replace_original=True)

    assert [e["text"] for e in fake.ephemerals("U0ALICE")] == ["done"]


@pytest.mark.anyio
async def test_response_url_works_five_times_then_is_refused(fake: FakeSlack) -> None:
    webhook = AsyncWebhookClient(fake.response_url(channel=CHANNEL, user="U0ALICE"))
    statuses = [(await webhook.send(text=f"reply {n}")).status_code for n in range(6)]

    assert statuses == [200, 200, 200, 200, 200, 404]
    assert len(fake.ephemerals("U0ALICE")) == 5


@pytest.mark.anyio
async def test_views_open_accepts_a_trigger_once_and_returns_the_view_with_ids(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    trigger_id = new_trigger_id()
    opened = await client.views_open(trigger_id=trigger_id, view=MODAL)

    view = opened["view"]
    assert view["id"].startswith("V")
    assert view["hash"]
    assert view["root_view_id"] == view["id"]
    assert view["blocks"][0]["block_id"]
    assert view["blocks"][0]["element"]["action_id"]
    assert fake.views[view["id"]]["callback_id"] == "preventive.create"
    with pytest.raises(SlackApiError) as error:
        await client.views_open(trigger_id=trigger_id, view=MODAL)
    assert error.value.response["error"] == "expired_trigger_id"


@pytest.mark.anyio
async def test_views_open_refuses_a_trigger_older_than_its_lifetime(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    fake.trigger_ttl = 0.05
    trigger_id = new_trigger_id()
    time.sleep(0.1)
    with pytest.raises(SlackApiError) as error:
        await client.views_open(trigger_id=trigger_id, view=MODAL)
    assert error.value.response["error"] == "expired_trigger_id"


@pytest.mark.anyio
async def test_views_update_checks_the_hash_and_push_stacks_a_view(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    view = (await client.views_open(trigger_id=new_trigger_id(), view=MODAL))["view"]
    renamed = {**MODAL, "title": {"type": "plain_text", "text": "Edit #42"}}
    updated = await client.views_update(view_id=view["id"], hash=view["hash"], view=renamed)
    pushed = await client.views_push(trigger_id=new_trigger_id(), view=MODAL)

    assert updated["view"]["title"]["text"] == "Edit #42"
    assert pushed["view"]["previous_view_id"] == view["id"]
    assert set(fake.views) == {view["id"], pushed["view"]["id"]}
    with pytest.raises(SlackApiError) as error:
        await client.views_update(view_id=view["id"], hash=view["hash"], view=MODAL)
    assert error.value.response["error"] == "hash_conflict"


@pytest.mark.anyio
async def test_view_acks_keep_a_modal_with_errors_and_close_it_otherwise(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    view = (await client.views_open(trigger_id=new_trigger_id(), view=MODAL))["view"]
    block_id = view["blocks"][0]["block_id"]

    fake.apply_view_ack(view["id"], {"response_action": "errors", "errors": {block_id: "?"}})
    assert fake.views[view["id"]]["errors"] == {block_id: "?"}
    fake.apply_view_ack(view["id"], None)
    assert fake.views == {}


@pytest.mark.anyio
async def test_views_refuse_what_slack_refuses(fake: FakeSlack, client: AsyncWebClient) -> None:
    long_title = {
        **MODAL,
        "title": {"type": "plain_text", "text": "Nouvelle intervention préventive"},
    }
    with pytest.raises(SlackApiError) as error:
        await client.views_open(trigger_id=new_trigger_id(), view=long_title)
    assert error.value.response["error"] == "invalid_arguments"
    assert "/view/title/text" in error.value.response["response_metadata"]["messages"][0]


@pytest.mark.anyio
async def test_messages_refuse_invalid_blocks_and_empty_text(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    long_label = {"type": "plain_text", "text": "x" * 76}
    bad = {"type": "actions", "elements": [{"type": "button", "text": long_label}]}
    with pytest.raises(SlackApiError) as error:
        await client.chat_postMessage(channel=CHANNEL, text="#42", blocks=[bad])
    assert error.value.response["error"] == "invalid_blocks"
    with pytest.raises(SlackApiError) as empty:
        await client.api_call("chat.postMessage", json={"channel": CHANNEL, "text": ""})
    assert empty.value.response["error"] == "no_text"
    assert fake.messages(CHANNEL) == []


@pytest.mark.anyio
async def test_users_info_gives_zone_and_locale_only_when_asked(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    fake.add_user("U0ALICE", name="alice", tz="Europe/Paris", locale="fr-FR")
    with_locale = await client.users_info(user="U0ALICE", include_locale=True)
    without = await client.users_info(user="U0ALICE")

    assert with_locale["user"]["tz"] == "Europe/Paris"
    assert with_locale["user"]["tz_offset"] in (3600, 7200)
    assert with_locale["user"]["locale"] == "fr-FR"
    assert "locale" not in without["user"]
    with pytest.raises(SlackApiError) as error:
        await client.users_info(user="U0NOBODY")
    assert error.value.response["error"] == "user_not_found"


@pytest.mark.anyio
async def test_channels_where_the_bot_is_absent_refuse_posts(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    fake.add_channel("C0LOCKED", name="locked", is_member=False)
    info = await client.conversations_info(channel="C0LOCKED")
    with pytest.raises(SlackApiError) as error:
        await client.chat_postMessage(channel="C0LOCKED", text="#42")

    assert info["channel"]["name"] == "locked"
    assert error.value.response["error"] == "not_in_channel"


@pytest.mark.anyio
async def test_calls_without_a_bot_token_or_to_unknown_methods_fail_like_slack(
    fake: FakeSlack,
) -> None:
    answers: list[Any] = []
    for token, method in [(None, "auth.test"), ("xapp-1", "auth.test"), ("xoxb-1", "chat.nope")]:
        with pytest.raises(SlackApiError) as error:
            await AsyncWebClient(token=token, base_url=fake.url).api_call(method)
        answers.append(error.value.response["error"])

    assert answers == ["not_authed", "not_allowed_token_type", "unknown_method"]


@pytest.mark.anyio
async def test_rate_limited_call_is_retried_by_the_sdk_retry_handler(fake: FakeSlack) -> None:
    handler = AsyncRateLimitErrorRetryHandler(max_retry_count=1)
    client = AsyncWebClient(token=BOT_TOKEN, base_url=fake.url, retry_handlers=[handler])
    fake.rate_limit_next("chat.postMessage", retry_after=0)

    posted = await client.chat_postMessage(channel=CHANNEL, text="#42")

    assert posted["ok"]
    assert [c.error for c in fake.calls_to("chat.postMessage")] == ["ratelimited", None]
    assert len(fake.messages(CHANNEL)) == 1


@pytest.mark.anyio
async def test_fail_next_answers_one_call_with_the_error(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    fake.fail_next("chat.update", error="fatal_error")
    posted = await client.chat_postMessage(channel=CHANNEL, text="#42")
    with pytest.raises(SlackApiError) as error:
        await client.chat_update(channel=CHANNEL, ts=posted["ts"], text="x")
    retried = await client.chat_update(channel=CHANNEL, ts=posted["ts"], text="#42 moved")

    assert error.value.response["error"] == "fatal_error"
    assert retried["message"]["text"] == "#42 moved"


@pytest.mark.anyio
async def test_delay_next_slows_one_call_and_response_urls_can_fail_too(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    fake.delay_next("users.info", 0.2)
    fake.add_user("U0ALICE", name="alice")
    started = time.monotonic()
    await client.users_info(user="U0ALICE")
    slow = time.monotonic() - started
    fake.fail_next("response_url", error="internal_error")
    webhook = AsyncWebhookClient(fake.response_url(channel=CHANNEL, user="U0ALICE"))

    assert slow >= 0.2
    assert (await webhook.send(text="lost")).status_code == 400
    assert (await webhook.send(text="kept")).status_code == 200
    assert [e["text"] for e in fake.ephemerals("U0ALICE")] == ["kept"]


def test_wait_for_returns_once_a_call_arrives_from_another_thread(fake: FakeSlack) -> None:
    client = WebClient(token=BOT_TOKEN, base_url=fake.url)
    worker = threading.Timer(0.05, lambda: client.chat_postMessage(channel=CHANNEL, text="#42"))
    worker.start()

    calls = fake.wait_for(lambda: fake.calls_to("chat.postMessage"), timeout=5)
    worker.join()

    assert calls[0].args["text"] == "#42"
    with pytest.raises(TimeoutError, match=r"chat\.postMessage"):
        fake.wait_for(lambda: fake.calls_to("views.open"), timeout=0.05)


def test_text_of_flattens_text_and_every_kind_of_block() -> None:
    message = {
        "text": "fallback",
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": "Intervention #42"}},
            {"type": "section", "fields": [{"type": "mrkdwn", "text": "*Routine* 12"}]},
            {"type": "context", "elements": [{"type": "mrkdwn", "text": "sandbox"}]},
            BUTTONS,
        ],
    }

    assert text_of(message).split("\n") == [
        "fallback",
        "Intervention #42",
        "*Routine* 12",
        "sandbox",
        "Confirm",
    ]
    assert text_of(MODAL).split("\n") == ["New intervention", "When"]


@pytest.mark.anyio
async def test_socket_mode_client_connects_through_the_fake_acks_and_survives_a_refresh(
    fake: FakeSlack,
) -> None:
    """slack_sdk's client gets its URL from apps.connections.open, acks, then reconnects."""
    with FakeSocketMode() as server:
        fake.socket_mode_url = server.url
        web = AsyncWebClient(token=BOT_TOKEN, base_url=fake.url)
        client = SocketModeClient(app_token=APP_TOKEN, web_client=web)
        commands: list[str] = []

        async def on_request(client: AsyncBaseSocketModeClient, request: SocketModeRequest) -> None:
            commands.append(request.payload["text"])
            await client.send_socket_mode_response(SocketModeResponse(request.envelope_id))

        client.socket_mode_request_listeners.append(on_request)
        try:
            await client.connect()  # type: ignore[no-untyped-call]  # unannotated in slack_sdk
            command = slash_command(
                text="help", user_id="U0ALICE", channel_id=CHANNEL, response_url=""
            )
            first = server.push(command)
            await server.wait_for_async(lambda: server.ack_for(first))
            server.disconnect()
            await server.wait_for_async(lambda: server.connection_count == 2)
            await server.wait_for_async(lambda: server.live_connections == 1)
            second = server.push(command)
            await server.wait_for_async(lambda: server.ack_for(second))
        finally:
            await client.close()  # type: ignore[no-untyped-call]  # unannotated in slack_sdk

    assert commands == ["help", "help"]
    assert len(fake.calls_to("apps.connections.open")) == 2
    assert fake.calls_to("apps.connections.open")[0].headers["authorization"] == "Bearer xapp-test"


@pytest.mark.anyio
async def test_a_bolt_app_in_socket_mode_acks_a_command_and_responds_through_the_fake(
    fake: FakeSlack,
) -> None:
    """What `python -m bot` does with SLACK_APP_TOKEN set, reduced to one listener."""
    app = AsyncApp(client=AsyncWebClient(token=BOT_TOKEN, base_url=fake.url))

    @app.command("/preventive")
    async def on_command(ack: AsyncAck, respond: AsyncRespond) -> None:
        await ack()
        await respond("pong")

    with FakeSocketMode() as server:
        fake.socket_mode_url = server.url
        handler = AsyncSocketModeHandler(app, APP_TOKEN)
        try:
            await handler.connect_async()  # type: ignore[no-untyped-call]  # unannotated in Bolt
            url = fake.response_url(channel=CHANNEL, user="U0ALICE")
            sent = server.push(
                slash_command(text="ping", user_id="U0ALICE", channel_id=CHANNEL, response_url=url)
            )
            ack = await server.wait_for_async(lambda: server.ack_for(sent))
            replies = await fake.wait_for_async(lambda: fake.ephemerals("U0ALICE"))
        finally:
            await handler.close_async()  # type: ignore[no-untyped-call]  # unannotated in Bolt

    assert ack == {"envelope_id": sent}
    assert text_of(replies[0]) == "pong"
