"""Simulated requests are shaped and signed like Slack's, and a real Bolt app accepts them."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs

import pytest
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient

from bot.fakes.slack import FakeSlack, FakeSlackServer, text_of
from bot.fakes.slack.payloads import (
    SlackPayload,
    block_action,
    buttons,
    fill_view,
    find_button,
    new_trigger_id,
    slash_command,
    trigger_issued_at,
    view_closed,
    view_submission,
)

SECRET = "signing-secret-for-tests"  # noqa: S105  # a made-up secret
BOT_TOKEN = "xoxb-test"  # noqa: S105  # a made-up token the fake accepts
CHANNEL = "C0HVAC"


def _button(label: str, action_id: str, value: str = "") -> dict[str, Any]:
    text = {"type": "plain_text", "text": label}
    return {"type": "button", "text": text, "action_id": action_id, "value": value}


PREVIEW: dict[str, Any] = {
    "ts": "1700000000.000100",
    "text": "Create #12?",
    "blocks": [
        {"type": "section", "block_id": "what", "text": {"type": "mrkdwn", "text": "Routine 12"}},
        {
            "type": "actions",
            "block_id": "choices",
            "elements": [
                _button("Confirm", "preventive.confirm", "v1"),
                _button("Cancel", "preventive.cancel", "v1"),
            ],
        },
    ],
}


def _input(block_id: str, label: str, element: dict[str, Any], optional: bool = False) -> Any:
    element = {**element, "action_id": block_id + ".value"}
    text = {"type": "plain_text", "text": label}
    return {
        "type": "input",
        "block_id": block_id,
        "label": text,
        "element": element,
        "optional": optional,
    }


def _option(text: str, value: str) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": text}, "value": value}


TO_SCHEDULE = _option("To schedule", "0")
MODAL: dict[str, Any] = {
    "id": "V0MODAL",
    "type": "modal",
    "callback_id": "preventive.create",
    "private_metadata": '{"channel": "C0HVAC"}',
    "title": {"type": "plain_text", "text": "New intervention"},
    "blocks": [
        _input("routine", "Routine", {"type": "plain_text_input", "initial_value": "12"}),
        _input("when", "When", {"type": "plain_text_input"}),
        _input(
            "status",
            "Status",
            {
                "type": "static_select",
                "options": [TO_SCHEDULE, _option("Scheduled", "1")],
                "initial_option": _option("Scheduled", "1"),
            },
        ),
        _input("assignee", "Assignee", {"type": "users_select"}, optional=True),
        _input(
            "emails",
            "Notifications",
            {
                "type": "checkboxes",
                "options": [_option("Email the previous assignee", "previous")],
            },
            optional=True,
        ),
    ],
}


@pytest.fixture(scope="module")
def served() -> Iterator[FakeSlack]:
    with FakeSlackServer() as fake:
        yield fake


@pytest.fixture
def fake(served: FakeSlack) -> FakeSlack:
    served.reset()
    served.add_user("U0ALICE", name="alice", tz="Europe/Paris", locale="fr-FR")
    return served


def _command(text: str = "help", response_url: str = "http://127.0.0.1:9/r") -> SlackPayload:
    return slash_command(
        text=text, user_id="U0ALICE", channel_id=CHANNEL, response_url=response_url
    )


def _form(body: bytes) -> dict[str, str]:
    return {
        key: values[0] for key, values in parse_qs(body.decode(), keep_blank_values=True).items()
    }


def _interaction_body(body: bytes) -> Any:
    return json.loads(_form(body)["payload"])


def test_slash_command_body_has_the_fields_slack_sends_as_form_strings() -> None:
    fields = _form(_command(text="create 12 <@U0BOB|bob>").body())

    assert set(fields) == {
        "token", "team_id", "team_domain", "channel_id", "channel_name", "user_id", "user_name",
        "command", "text", "api_app_id", "is_enterprise_install", "response_url", "trigger_id",
    }  # fmt: skip
    assert fields["command"] == "/preventive"
    assert fields["text"] == "create 12 <@U0BOB|bob>"
    assert fields["is_enterprise_install"] == "false"


@pytest.mark.parametrize(
    "payload",
    [
        _command(),
        block_action(
            find_button(PREVIEW, "Confirm"), user_id="U0ALICE", channel_id=CHANNEL, message=PREVIEW
        ),
        view_submission(MODAL, fill_view(MODAL, {"When": "tomorrow 8am"}), user_id="U0ALICE"),
    ],
    ids=["slash_command", "block_actions", "view_submission"],
)
def test_signed_requests_verify_with_the_signing_secret(payload: SlackPayload) -> None:
    body, headers = payload.signed(SECRET)

    assert SignatureVerifier(SECRET).is_valid_request(body, headers)
    assert headers["Content-Type"] == "application/x-www-form-urlencoded"


@pytest.mark.parametrize(
    ("secret", "age"), [("another-secret", 0), (SECRET, 600)], ids=["wrong_secret", "ten_min_old"]
)
def test_forged_or_stale_requests_fail_verification(secret: str, age: int) -> None:
    body, headers = _command().signed(secret, timestamp=int(time.time()) - age)

    assert not SignatureVerifier(SECRET).is_valid_request(body, headers)


def test_click_on_a_channel_message_carries_the_message_and_its_container() -> None:
    confirm = find_button(PREVIEW, "Confirm")
    located = {**PREVIEW, "channel": CHANNEL}  # as the fake's inspection methods return it
    payload = block_action(
        confirm, user_id="U0ALICE", channel_id=CHANNEL, message=located, response_url="http://r"
    )
    data = _interaction_body(payload.signed(SECRET).body)

    assert data["type"] == "block_actions"
    assert data["container"] == {
        "type": "message",
        "message_ts": PREVIEW["ts"],
        "channel_id": CHANNEL,
        "is_ephemeral": False,
    }
    assert data["message"] == PREVIEW
    assert data["actions"][0]["action_id"] == "preventive.confirm"
    assert data["actions"][0]["block_id"] == "choices"
    assert data["actions"][0]["value"] == "v1"
    assert data["response_url"] == "http://r"


def test_click_on_an_ephemeral_has_no_message_as_in_slack() -> None:
    payload = block_action(
        find_button(PREVIEW, "Cancel"),
        user_id="U0ALICE",
        channel_id=CHANNEL,
        message=PREVIEW,
        ephemeral=True,
    )

    assert payload.data["container"]["is_ephemeral"] is True
    assert "message" not in payload.data


def test_click_inside_a_modal_carries_the_view_and_its_state() -> None:
    modal = {**MODAL, "blocks": [*MODAL["blocks"], PREVIEW["blocks"][1]]}
    payload = block_action(find_button(modal, "Confirm"), user_id="U0ALICE", view=modal)

    assert payload.data["container"] == {"type": "view", "view_id": "V0MODAL"}
    assert payload.data["view"]["state"]["values"]["routine"]["routine.value"]["value"] == "12"
    assert "response_url" not in payload.data


def test_find_button_matches_labels_loosely_and_names_the_buttons_when_missing() -> None:
    assert find_button(PREVIEW, "  confirm ")["action_id"] == "preventive.confirm"
    assert [b["action_id"] for b in buttons(PREVIEW)] == ["preventive.confirm", "preventive.cancel"]
    with pytest.raises(LookupError, match="'Confirm', 'Cancel'"):
        find_button(PREVIEW, "Approve")


def test_fill_view_shapes_each_answer_like_slack_state_values() -> None:
    values = fill_view(
        MODAL,
        {"when": "demain 8h", "Status": "To schedule", "Assignee": "<@U0BOB|bob>", "emails": True},
    )

    assert values == {
        "routine": {"routine.value": {"type": "plain_text_input", "value": "12"}},
        "when": {"when.value": {"type": "plain_text_input", "value": "demain 8h"}},
        "status": {
            "status.value": {"type": "static_select", "selected_option": TO_SCHEDULE}
        },
        "assignee": {"assignee.value": {"type": "users_select", "selected_user": "U0BOB"}},
        "emails": {
            "emails.value": {
                "type": "checkboxes",
                "selected_options": [_option("Email the previous assignee", "previous")],
            }
        },
    }  # fmt: skip


def test_fill_view_refuses_a_missing_required_field_an_unknown_field_or_option() -> None:
    with pytest.raises(ValueError, match="'When' is required"):
        fill_view(MODAL, {})
    with pytest.raises(KeyError, match="Priority"):
        fill_view(MODAL, {"When": "now", "Priority": "high"})
    with pytest.raises(LookupError, match="'To schedule', 'Scheduled'"):
        fill_view(MODAL, {"When": "now", "Status": "Done"})


def test_view_submission_and_view_closed_carry_the_view_as_opened() -> None:
    submitted = view_submission(MODAL, fill_view(MODAL, {"When": "now"}), user_id="U0ALICE")
    closed = view_closed(MODAL, user_id="U0ALICE")

    assert submitted.data["view"]["private_metadata"] == MODAL["private_metadata"]
    assert submitted.data["view"]["state"]["values"]["when"]["when.value"]["value"] == "now"
    assert submitted.data["response_urls"] == []
    assert closed.data["type"] == "view_closed"
    assert "trigger_id" not in closed.data


def test_trigger_ids_are_unique_and_tell_when_they_were_issued() -> None:
    before = time.time()
    first, second = new_trigger_id(), new_trigger_id()

    assert first != second
    assert before - 0.01 <= (trigger_issued_at(first) or 0) <= time.time()
    assert trigger_issued_at("12345.98765.abcd2358fdea") is None


def test_socket_mode_envelopes_say_which_payloads_accept_a_response() -> None:
    command = _command().envelope("e1")
    click = block_action(
        find_button(PREVIEW, "Confirm"), user_id="U0ALICE", channel_id=CHANNEL, message=PREVIEW
    ).envelope()
    submit = view_submission(MODAL, fill_view(MODAL, {"When": "now"}), user_id="U0ALICE").envelope()

    assert command == {
        "envelope_id": "e1",
        "type": "slash_commands",
        "payload": _command().data | {"trigger_id": command["payload"]["trigger_id"]},
        "accepts_response_payload": True,
    }
    assert (click["type"], click["accepts_response_payload"]) == ("interactive", False)
    assert (submit["type"], submit["accepts_response_payload"]) == ("interactive", True)


def _bolt_app(fake: FakeSlack) -> AsyncApp:
    client = AsyncWebClient(token=BOT_TOKEN, base_url=fake.url)
    return AsyncApp(client=client, signing_secret=SECRET, request_verification_enabled=True)


async def _dispatch(app: AsyncApp, payload: SlackPayload, secret: str = SECRET) -> Any:
    body, headers = payload.signed(secret)
    return await app.async_dispatch(AsyncBoltRequest(body=body.decode(), headers=dict(headers)))


@pytest.mark.anyio
async def test_bolt_runs_the_listener_of_a_signed_command_and_respond_reaches_the_fake(
    fake: FakeSlack,
) -> None:
    app = _bolt_app(fake)

    @app.command("/preventive")
    async def on_command(ack: AsyncAck, command: dict[str, str], respond: AsyncRespond) -> None:
        await ack()
        await respond(f"you typed {command['text']}")

    url = fake.response_url(channel=CHANNEL, user="U0ALICE")
    response = await _dispatch(app, _command("help", url))
    replies = await fake.wait_for_async(lambda: fake.ephemerals("U0ALICE"))

    assert response.status == 200
    assert text_of(replies[0]) == "you typed help"
    assert replies[0]["channel"] == CHANNEL


@pytest.mark.anyio
async def test_bolt_refuses_a_command_signed_with_another_secret(fake: FakeSlack) -> None:
    app = _bolt_app(fake)
    ran: list[str] = []

    @app.command("/preventive")
    async def on_command(ack: AsyncAck) -> None:
        ran.append("listener")
        await ack()

    response = await _dispatch(app, _command(), secret="forged")  # noqa: S106  # the point of the test

    assert response.status == 401
    assert ran == []


@pytest.mark.anyio
async def test_pressing_confirm_on_an_ephemeral_preview_replaces_it_through_bolt(
    fake: FakeSlack,
) -> None:
    app = _bolt_app(fake)

    @app.action("preventive.confirm")
    async def on_confirm(ack: AsyncAck, respond: AsyncRespond) -> None:
        await ack()
        await respond(text="Created #42", replace_original=True)

    shown = await app.client.chat_postEphemeral(
        channel=CHANNEL, user="U0ALICE", text=PREVIEW["text"], blocks=PREVIEW["blocks"]
    )
    preview = fake.ephemerals("U0ALICE")[0]
    url = fake.response_url(
        channel=CHANNEL, user="U0ALICE", original_ts=shown["message_ts"], original_ephemeral=True
    )
    click = block_action(
        find_button(preview, "Confirm"),
        user_id="U0ALICE",
        channel_id=CHANNEL,
        message=preview,
        ephemeral=True,
        response_url=url,
    )
    response = await _dispatch(app, click)
    await fake.wait_for_async(lambda: fake.calls_to("response_url"))

    assert response.status == 200
    assert [text_of(e) for e in fake.ephemerals("U0ALICE")] == ["Created #42"]


@pytest.mark.anyio
async def test_a_modal_opened_by_bolt_is_filled_by_label_and_submitted_back(
    fake: FakeSlack,
) -> None:
    app = _bolt_app(fake)
    submitted: list[dict[str, Any]] = []

    @app.command("/preventive")
    async def on_command(ack: AsyncAck, body: dict[str, str]) -> None:
        await ack()
        view = {key: value for key, value in MODAL.items() if key != "id"}
        await app.client.views_open(trigger_id=body["trigger_id"], view=view)

    @app.view("preventive.create")
    async def on_submitted(ack: AsyncAck, view: dict[str, Any]) -> None:
        submitted.append(view["state"]["values"])
        await ack(response_action="errors", errors={"when": "unreadable: blursday"})

    await _dispatch(app, _command("create"))
    view = next(iter((await fake.wait_for_async(lambda: fake.views)).values()))
    answer = await _dispatch(
        app, view_submission(view, fill_view(view, {"When": "blursday"}), user_id="U0ALICE")
    )
    fake.apply_view_ack(view["id"], json.loads(answer.body))

    assert submitted[0]["when"]["when.value"]["value"] == "blursday"
    assert fake.views[view["id"]]["errors"] == {"when": "unreadable: blursday"}
