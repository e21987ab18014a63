"""Slack-shaped requests for the tests' actors and the demo: commands, clicks, modal submissions.

Pure: it builds payloads as Slack sends them and signs them with the v0 scheme; it sends nothing.
Buttons are found by label with `block_kit.find_button`, re-exported here for the actors.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import secrets
import time
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple
from urllib.parse import urlencode

from bot.fakes.slack.block_kit import buttons, find_button, plain, same_label

TEAM_ID = "T0TEAM"
TEAM_DOMAIN = "fake-workspace"
APP_ID = "A0PREVENT"
# Slack still sends the deprecated verification token; apps must not rely on it.
VERIFICATION_TOKEN = "fake-verification-token"  # noqa: S105  # a dummy, not a secret

Json = dict[str, Any]
_trigger_counter = itertools.count(1)


class SignedRequest(NamedTuple):
    """A body and headers exactly as Slack would POST them to `/slack/events`."""

    body: bytes
    headers: dict[str, str]


@dataclass(frozen=True, slots=True)
class SlackPayload:
    """What Slack sends for one user action, before it is encoded for HTTP or Socket Mode."""

    kind: Literal["slash_commands", "interactive", "events_api"]
    data: Json

    def body(self) -> bytes:
        """Slash commands are form fields; interactions are one `payload=<json>` field."""
        if self.kind == "slash_commands":
            return urlencode(self.data).encode()
        if self.kind == "events_api":
            return json.dumps(self.data).encode()
        return urlencode({"payload": json.dumps(self.data)}).encode()

    def signed(self, secret: str, timestamp: int | None = None) -> SignedRequest:
        """The HTTP request, signed with `secret` at `timestamp` (default: now)."""
        body = self.body()
        headers = sign(body, secret, timestamp)
        if self.kind == "events_api":
            headers["Content-Type"] = "application/json"
        return SignedRequest(body, headers)

    def envelope(self, envelope_id: str | None = None) -> Json:
        """The Socket Mode envelope carrying this payload (unsigned: the socket is trusted)."""
        accepts = self.kind == "slash_commands" or self.data.get("type") == "view_submission"
        return {
            "envelope_id": envelope_id or str(uuid.uuid4()),
            "type": self.kind,
            "payload": self.data,
            "accepts_response_payload": accepts,
        }


def sign(body: bytes, secret: str, timestamp: int | None = None) -> dict[str, str]:
    """Slack's request headers for `body`; pass an old timestamp or another secret to forge one."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    base = f"v0:{stamp}:{body.decode()}".encode()
    signature = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": signature,
    }


def new_trigger_id() -> str:
    """A fresh trigger id; its first part is the issue time in ms, which the fake Slack reads."""
    return f"{int(time.time() * 1000)}.{next(_trigger_counter)}.{secrets.token_hex(10)}"


def trigger_issued_at(trigger_id: str) -> float | None:
    """When `new_trigger_id` issued this id (epoch seconds), or None for ids made elsewhere."""
    first, _, rest = trigger_id.partition(".")
    if len(first) != 13 or not first.isdigit() or not rest:
        return None
    return int(first) / 1000


def slash_command(
    *,
    text: str = "",
    user_id: str,
    channel_id: str,
    response_url: str,
    command: str = "/preventive",
    user_name: str | None = None,
    channel_name: str | None = None,
    trigger_id: str | None = None,
    team_id: str = TEAM_ID,
) -> SlackPayload:
    """A slash command as Slack posts it (every field a string, as in the form body)."""
    return SlackPayload(
        "slash_commands",
        {
            "token": VERIFICATION_TOKEN,
            "team_id": team_id,
            "team_domain": TEAM_DOMAIN,
            "channel_id": channel_id,
            "channel_name": channel_name or channel_id.lower(),
            "user_id": user_id,
            "user_name": user_name or user_id.lower(),
            "command": command,
            "text": text,
            "api_app_id": APP_ID,
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": trigger_id or new_trigger_id(),
        },
    )


def app_home_opened(*, user_id: str, tab: str = "home", team_id: str = TEAM_ID) -> SlackPayload:
    """The `app_home_opened` event Slack sends when a user opens the app's Home tab."""
    now = time.time()
    event = {"type": "app_home_opened", "user": user_id, "channel": "D" + user_id[1:]}
    event.update(tab=tab, event_ts=f"{now:.6f}")
    return SlackPayload(
        "events_api",
        {
            "token": VERIFICATION_TOKEN,
            "team_id": team_id,
            "api_app_id": APP_ID,
            "event": event,
            "type": "event_callback",
            "event_id": "Ev" + secrets.token_hex(6).upper(),
            "event_time": int(now),
        },
    )


def block_action(
    element: Mapping[str, Any],
    *,
    user_id: str,
    channel_id: str | None = None,
    message: Mapping[str, Any] | None = None,
    ephemeral: bool = False,
    view: Mapping[str, Any] | None = None,
    values: Mapping[str, Mapping[str, Any]] | None = None,
    response_url: str | None = None,
    trigger_id: str | None = None,
    user_name: str | None = None,
) -> SlackPayload:
    """A `block_actions` click on `element` (from `find_button`), in a message or in a modal.

    In a message, give `channel_id` and the `message` (or ephemeral) it was on: Slack then sends
    the message back, except for ephemerals. In a modal, give the `view` (and current `values`).
    """
    payload = _interaction("block_actions", user_id, user_name, trigger_id)
    if view is not None:
        payload["container"] = {"type": "view", "view_id": view.get("id", "")}
        payload["view"] = _with_state(view, values)
    else:
        if channel_id is None or message is None:
            raise ValueError("a click on a message needs channel_id and message")
        payload["container"] = _message_container(channel_id, message, ephemeral)
        payload["channel"] = {"id": channel_id, "name": channel_id.lower()}
        if not ephemeral:  # Slack's message objects do not name their channel
            payload["message"] = {k: v for k, v in message.items() if k != "channel"}
        payload["state"] = {"values": {}}
        payload["response_url"] = response_url
    payload["actions"] = [_action(element)]
    return SlackPayload("interactive", payload)


def view_submission(
    view: Mapping[str, Any],
    values: Mapping[str, Mapping[str, Any]] | None = None,
    *,
    user_id: str,
    trigger_id: str | None = None,
    user_name: str | None = None,
) -> SlackPayload:
    """A modal's submission; `values` default to the view's initial values (see `fill_view`)."""
    payload = _interaction("view_submission", user_id, user_name, trigger_id)
    payload["view"] = _with_state(view, values)
    payload["response_urls"] = []
    return SlackPayload("interactive", payload)


def view_closed(
    view: Mapping[str, Any], *, user_id: str, user_name: str | None = None, is_cleared: bool = False
) -> SlackPayload:
    """A modal closed with its Cancel button (sent only when the view has `notify_on_close`)."""
    payload = _interaction("view_closed", user_id, user_name, None)
    del payload["trigger_id"]
    payload["view"] = _with_state(view, None)
    payload["is_cleared"] = is_cleared
    return SlackPayload("interactive", payload)


def fill_view(view: Mapping[str, Any], answers: Mapping[str, Any]) -> dict[str, Json]:
    """State values for a submission: each input answered by label (or block_id), others initial.

    Answers are plain: text, an option's label or value, a user id, a list or bool for checkboxes.
    Like Slack's client, refuses a required input left empty (ValueError) and an unknown label.
    """
    inputs = [block for block in view.get("blocks") or [] if block.get("type") == "input"]
    by_key = {plain(b.get("label")).casefold(): b for b in inputs}
    by_key.update({str(b.get("block_id")).casefold(): b for b in inputs})
    unknown = [key for key in answers if key.casefold() not in by_key]
    if unknown:
        labels = ", ".join(repr(plain(b.get("label"))) for b in inputs)
        raise KeyError(f"no field {unknown[0]!r} in this modal; fields: {labels}")
    chosen = {id(by_key[key.casefold()]): value for key, value in answers.items()}
    values: dict[str, Json] = {}
    for block in inputs:
        element = block["element"]
        state = _element_state(element, chosen.get(id(block), _UNANSWERED))
        if not block.get("optional") and _is_empty(state):
            raise ValueError(f"{plain(block.get('label'))!r} is required")
        values[str(block.get("block_id"))] = {str(element.get("action_id")): state}
    return values


# ----- helpers -------------------------------------------------------------------------------

_UNANSWERED: Any = object()


def _interaction(kind: str, user_id: str, user_name: str | None, trigger_id: str | None) -> Json:
    name = user_name or user_id.lower()
    return {
        "type": kind,
        "user": {"id": user_id, "username": name, "name": name, "team_id": TEAM_ID},
        "api_app_id": APP_ID,
        "token": VERIFICATION_TOKEN,
        "trigger_id": trigger_id or new_trigger_id(),
        "team": {"id": TEAM_ID, "domain": TEAM_DOMAIN},
        "enterprise": None,
        "is_enterprise_install": False,
    }


def _message_container(channel_id: str, message: Mapping[str, Any], ephemeral: bool) -> Json:
    container: Json = {"type": "message", "message_ts": message["ts"], "channel_id": channel_id}
    container["is_ephemeral"] = ephemeral
    if (thread_ts := message.get("thread_ts")) and thread_ts != message["ts"]:
        container["thread_ts"] = thread_ts
    return container


def _action(element: Mapping[str, Any]) -> Json:
    action: Json = {"action_id": element.get("action_id"), "block_id": element.get("block_id")}
    action["type"] = element.get("type", "button")
    for key in ("text", "value", "style", "selected_option", "selected_user", "selected_options"):
        if key in element:
            action[key] = element[key]
    action["action_ts"] = f"{time.time():.6f}"
    return action


def _with_state(view: Mapping[str, Any], values: Mapping[str, Any] | None) -> Json:
    state = dict(values) if values is not None else initial_values(view)
    return {**view, "state": {"values": state}}


def initial_values(view: Mapping[str, Any]) -> dict[str, Json]:
    """The state values a modal has before anyone types (its initial values)."""
    values: dict[str, Json] = {}
    for block in view.get("blocks") or []:
        if block.get("type") == "input":
            element = block["element"]
            state = _element_state(element, _UNANSWERED)
            values[str(block.get("block_id"))] = {str(element.get("action_id")): state}
    return values


def _element_state(element: Mapping[str, Any], answer: Any) -> Json:
    """One element's state entry, shaped per element type as in Slack's `state.values`."""
    kind = str(element.get("type"))
    given = answer is not _UNANSWERED
    state: Json = {"type": kind}
    if kind in _SELECTED:
        key, initial = _SELECTED[kind]
        state[key] = _selected(element, kind, answer) if given else element.get(initial)
    elif kind in ("checkboxes", "multi_static_select"):
        picked = [_option(element, a) for a in _as_list(element, answer)] if given else None
        state["selected_options"] = picked if given else element.get("initial_options", [])
    elif kind == "multi_users_select":
        chosen = [_user_id(str(a)) for a in _as_list(element, answer)] if given else None
        state["selected_users"] = chosen if given else element.get("initial_users", [])
    else:
        text = (
            (None if answer in (None, "") else str(answer))
            if given
            else element.get("initial_value")
        )
        max_length = element.get("max_length")
        if text and max_length and len(text) > int(max_length):
            raise ValueError(f"{text[:20]!r}… is longer than {max_length} characters")
        state["value"] = text
    return state


_SELECTED = {
    "static_select": ("selected_option", "initial_option"),
    "radio_buttons": ("selected_option", "initial_option"),
    "users_select": ("selected_user", "initial_user"),
    "conversations_select": ("selected_conversation", "initial_conversation"),
    "channels_select": ("selected_channel", "initial_channel"),
    "datepicker": ("selected_date", "initial_date"),
    "timepicker": ("selected_time", "initial_time"),
}


def _selected(element: Mapping[str, Any], kind: str, answer: Any) -> Any:
    if answer is None or answer == "":
        return None
    if kind in ("static_select", "radio_buttons"):
        return _option(element, answer)
    return _user_id(str(answer)) if kind == "users_select" else str(answer)


def _as_list(element: Mapping[str, Any], answer: Any) -> list[Any]:
    if isinstance(answer, bool):  # a checkbox group answered yes/no means all or none
        return [plain(o.get("text")) for o in _options(element)] if answer else []
    return list(answer) if isinstance(answer, list | tuple) else [answer]


def _option(element: Mapping[str, Any], answer: Any) -> Json:
    options = list(_options(element))
    for option in options:
        if str(answer) in (option.get("value"), plain(option.get("text"))):
            return dict(option)
    for option in options:
        if same_label(plain(option.get("text")), str(answer)):
            return dict(option)
    labels = ", ".join(repr(plain(o.get("text"))) for o in options)
    raise LookupError(f"no option {answer!r}; options: {labels}")


def _options(element: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    yield from element.get("options") or []
    for group in element.get("option_groups") or []:
        yield from group.get("options") or []


def _user_id(answer: str) -> str:
    """`U0BOB`, `<@U0BOB>` or `<@U0BOB|bob>` all name the user U0BOB."""
    return answer.strip().removeprefix("<@").removesuffix(">").split("|")[0]


def _is_empty(state: Mapping[str, Any]) -> bool:
    return all(value in (None, "", []) for key, value in state.items() if key != "type")


__all__ = [
    "APP_ID",
    "TEAM_DOMAIN",
    "TEAM_ID",
    "VERIFICATION_TOKEN",
    "SignedRequest",
    "SlackPayload",
    "block_action",
    "buttons",
    "fill_view",
    "find_button",
    "initial_values",
    "new_trigger_id",
    "sign",
    "slash_command",
    "trigger_issued_at",
    "view_closed",
    "view_submission",
]
