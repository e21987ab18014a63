"""A stateful fake of the Slack Web API and its response URLs, for tests and `python -m bot demo`.

It answers like Slack (ok/error bodies, 429s, ts values, view ids), keeps what users would see, and
records every call; it never reaches beyond 127.0.0.1 and holds no real token.
"""

from __future__ import annotations

import asyncio
import copy
import json
import secrets
import socket
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import parse_qsl
from zoneinfo import ZoneInfo

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.slack.fake_block_kit import (
    block_problems,
    text_of,
    view_problems,
    with_ids,
)
from bot.slack.simulation import trigger_issued_at

T = TypeVar("T")
Json = dict[str, Any]
_JSON_ARGS = ("blocks", "view", "metadata", "attachments")


@dataclass(frozen=True, slots=True)
class Call:
    """One request the fake received: a Web API method, or `response_url` for a response URL."""

    method: str
    args: Json
    headers: dict[str, str] = field(repr=False)
    ok: bool
    error: str | None = None


class SlackError(Exception):
    """An `ok: false` answer, with Slack's error code and any extra fields."""

    def __init__(self, error: str, **extra: Any) -> None:
        super().__init__(error)
        self.error = error
        self.extra = extra


@dataclass(slots=True)
class _Fault:
    kind: str  # "ratelimit" | "error" | "delay"
    value: Any


@dataclass(slots=True)
class _ResponseTarget:
    channel: str
    user: str
    original_ts: str | None
    original_ephemeral: bool
    clicked: bool  # issued for a click on a message, which stays the "original"
    uses: int = 0

    def remember(self, ts: str, *, ephemeral: bool) -> None:
        """Without a clicked message, `replace_original` means the last reply sent through here."""
        if not self.clicked:
            self.original_ts, self.original_ephemeral = ts, ephemeral


class FakeSlack:
    """Workspace state, plus the ASGI app (`asgi`) serving `/api/<method>` and `/response/<key>`."""

    def __init__(
        self,
        *,
        team_id: str = "T0TEAM",
        bot_user_id: str = "U0BOT",
        bot_id: str = "B0BOT",
        app_id: str = "A0PREVENT",
        socket_mode_url: str | None = None,
        trigger_ttl: float | None = 3.0,
        origin: str = "http://slack.fake",
    ) -> None:
        self.team_id, self.bot_user_id, self.bot_id, self.app_id = (
            team_id,
            bot_user_id,
            bot_id,
            app_id,
        )
        self.socket_mode_url = socket_mode_url
        self.trigger_ttl = trigger_ttl
        self.origin = origin
        self._cond = threading.Condition()
        self._ts_base = int(time.time())
        self._users: dict[str, Json] = {}
        self._channels: dict[str, Json] = {}
        self._listeners: list[Callable[[Call], None]] = []
        self.reset()
        self.asgi = Starlette(
            routes=[
                Route("/api/{method}", self._serve_method, methods=["GET", "POST"]),
                Route("/response/{key}", self._serve_response_url, methods=["POST"]),
            ]
        )

    # ----- configuration -------------------------------------------------------------------

    @property
    def url(self) -> str:
        """Base URL for slack_sdk's `base_url` and `SLACK_API_URL`."""
        return f"{self.origin}/api/"

    def reset(self) -> None:
        """Forget calls, messages, ephemerals, views, triggers and faults; keep users, channels."""
        with self._cond:
            self._calls: list[Call] = []
            self._messages: dict[str, dict[str, Json]] = {}
            self._ephemerals: list[Json] = []
            self._views: dict[str, Json] = {}
            self._stacks: dict[str, list[str]] = {}
            self._used_triggers: set[str] = set()
            self._targets: dict[str, _ResponseTarget] = {}
            self._faults: dict[str, list[_Fault]] = {}
            self._seq = 0

    def add_user(
        self,
        user_id: str,
        *,
        name: str,
        tz: str = "Europe/Paris",
        locale: str = "en-US",
        real_name: str | None = None,
    ) -> None:
        """Register a member; `users.info` answers for them, and `user_not_found` for others."""
        with self._cond:
            self._users[user_id] = {
                "name": name,
                "tz": tz,
                "locale": locale,
                "real_name": real_name,
            }

    def add_channel(self, channel_id: str, *, name: str, is_member: bool = True) -> None:
        """Name a channel; posting where the bot is not a member fails with `not_in_channel`."""
        with self._cond:
            self._channels[channel_id] = {"name": name, "is_member": is_member}

    def response_url(
        self,
        *,
        channel: str,
        user: str,
        original_ts: str | None = None,
        original_ephemeral: bool = False,
        key: str | None = None,
    ) -> str:
        """Issue a response URL bound to a channel and user, and to the message a button was on."""
        key = key or secrets.token_hex(8)
        with self._cond:
            clicked = original_ts is not None
            target = _ResponseTarget(channel, user, original_ts, original_ephemeral, clicked)
            self._targets[key] = target
        return f"{self.origin}/response/{key}"

    def add_listener(self, listener: Callable[[Call], None]) -> None:
        """Call `listener` after each recorded call (from the server's thread), e.g. to print it."""
        self._listeners.append(listener)

    # ----- fault injection -----------------------------------------------------------------

    def rate_limit_next(self, method: str, retry_after: int = 1, times: int = 1) -> None:
        """Answer the next `times` calls of `method` with HTTP 429 and `Retry-After`."""
        self._add_fault(method, _Fault("ratelimit", retry_after), times)

    def fail_next(self, method: str, error: str = "internal_error", times: int = 1) -> None:
        """Answer the next `times` calls of `method` with `{"ok": false, "error": error}`."""
        self._add_fault(method, _Fault("error", error), times)

    def delay_next(self, method: str, seconds: float, times: int = 1) -> None:
        """Make the next `times` calls of `method` wait `seconds` before being handled."""
        self._add_fault(method, _Fault("delay", seconds), times)

    def _add_fault(self, method: str, fault: _Fault, times: int) -> None:
        with self._cond:
            self._faults.setdefault(method, []).extend([fault] * times)

    def _take_fault(self, method: str) -> _Fault | None:
        with self._cond:
            queue = self._faults.get(method)
            return queue.pop(0) if queue else None

    # ----- inspection ----------------------------------------------------------------------

    @property
    def calls(self) -> list[Call]:
        """Every call so far, in arrival order."""
        with self._cond:
            return list(self._calls)

    def calls_to(self, method: str) -> list[Call]:
        """The calls of one method (`"response_url"` for response URL posts)."""
        return [call for call in self.calls if call.method == method]

    def messages(self, channel: str) -> list[Json]:
        """Current top-level messages of a channel (thread broadcasts included), oldest first."""
        with self._cond:
            found = self._messages.get(channel, {}).values()
            tops = [m for m in found if m.get("thread_ts") in (None, m["ts"]) or _broadcast(m)]
            return [_located(channel, m) for m in tops]

    def message(self, channel: str, ts: str) -> Json:
        """One message (top-level or reply) as it is now; KeyError when there is none."""
        with self._cond:
            return _located(channel, self._messages[channel][ts])

    def thread(self, channel: str, ts: str) -> list[Json]:
        """Replies in the thread of message `ts`, oldest first."""
        with self._cond:
            found = self._messages.get(channel, {}).values()
            replies = [m for m in found if m.get("thread_ts") == ts and m["ts"] != ts]
            return [_located(channel, m) for m in replies]

    def ephemerals(self, user: str | None = None) -> list[Json]:
        """Ephemeral messages still shown (chat.postEphemeral and response URLs), oldest first."""
        with self._cond:
            return copy.deepcopy([e for e in self._ephemerals if user in (None, e["user"])])

    @property
    def views(self) -> dict[str, Json]:
        """Modals currently open, by view id, each as it is now."""
        with self._cond:
            return copy.deepcopy(self._views)

    def wait_for(self, predicate: Callable[[], T], timeout: float = 5.0) -> T:
        """Block until `predicate()` is truthy and return it; TimeoutError names the calls seen."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not (result := predicate()):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(self._timeout_message(timeout))
                self._cond.wait(remaining)
            return result

    async def wait_for_async(self, predicate: Callable[[], T], timeout: float = 5.0) -> T:
        """`wait_for` for code running on an event loop that must keep running meanwhile."""
        deadline = time.monotonic() + timeout
        while not (result := predicate()):
            if time.monotonic() > deadline:
                raise TimeoutError(self._timeout_message(timeout))
            await asyncio.sleep(0.01)
        return result

    def _timeout_message(self, timeout: float) -> str:
        seen = ", ".join(call.method for call in self.calls) or "none"
        return f"condition not met within {timeout}s; calls received: {seen}"

    def apply_view_ack(self, view_id: str, ack: Mapping[str, Any] | None = None) -> None:
        """Do what Slack does with a view_submission ack body: close, update, push, clear, keep."""
        action = (ack or {}).get("response_action")
        with self._cond:
            root = self._views[view_id]["root_view_id"]
            if action == "errors":
                self._views[view_id]["errors"] = dict(ack.get("errors", {}) if ack else {})
            elif action == "update" and ack:
                previous = self._views[view_id]["previous_view_id"]
                self._views[view_id] = self._build_view(dict(ack["view"]), root, view_id, previous)
            elif action == "push" and ack:
                self._push_view(root, dict(ack["view"]))
            elif action == "clear":
                for open_id in self._stacks.pop(root, []):
                    self._views.pop(open_id, None)
            else:
                self._stacks[root].remove(view_id)
                self._views.pop(view_id)

    # ----- HTTP ----------------------------------------------------------------------------

    async def _serve_method(self, request: Request) -> Response:
        method = request.path_params["method"]
        headers = dict(request.headers)
        try:
            args = await _read_args(request)
        except SlackError as exc:
            self._record(Call(method, {}, headers, ok=False, error=exc.error))
            return JSONResponse({"ok": False, "error": exc.error})
        token = args.pop("token", None) or _bearer(headers)
        fault = self._take_fault(method)
        if fault and fault.kind == "delay":
            await asyncio.sleep(fault.value)
        elif fault and fault.kind == "ratelimit":
            self._record(Call(method, args, headers, ok=False, error="ratelimited"))
            return JSONResponse(
                {"ok": False, "error": "ratelimited"},
                status_code=429,
                headers={"Retry-After": str(fault.value)},
            )
        try:
            if fault and fault.kind == "error":
                raise SlackError(fault.value)
            body = {"ok": True, **self._dispatch(method, args, token)}
        except SlackError as exc:
            body = {"ok": False, "error": exc.error, **exc.extra}
        self._record(Call(method, args, headers, ok=body["ok"], error=body.get("error")))
        return JSONResponse(body)

    async def _serve_response_url(self, request: Request) -> Response:
        key = request.path_params["key"]
        headers = dict(request.headers)
        try:
            args = await _read_args(request)
            fault = self._take_fault("response_url")
            if fault and fault.kind == "delay":
                await asyncio.sleep(fault.value)
            elif fault:  # Slack answers a failing response URL with a status and a bare word
                raise SlackError(fault.value if fault.kind == "error" else "rate_limited")
            self._respond(key, args)
        except SlackError as exc:
            status = {"expired_url": 404, "used_url": 404, "rate_limited": 429}.get(exc.error, 400)
            self._record(Call("response_url", {"key": key}, headers, ok=False, error=exc.error))
            return Response(exc.error, status_code=status)
        self._record(Call("response_url", {"key": key, **args}, headers, ok=True))
        return JSONResponse({"ok": True})

    def _record(self, call: Call) -> None:
        with self._cond:
            self._calls.append(call)
            self._cond.notify_all()
        for listener in self._listeners:
            listener(call)

    # ----- methods -------------------------------------------------------------------------

    def _dispatch(self, method: str, args: Json, token: str | None) -> Json:
        handler = _METHODS.get(method)
        if handler is None:
            raise SlackError("unknown_method")
        if not token:
            raise SlackError("not_authed")
        kind = token.partition("-")[0]
        if kind not in ("xoxb", "xoxp", "xapp"):
            raise SlackError("invalid_auth")
        if (kind == "xapp") != (method == "apps.connections.open"):
            raise SlackError("not_allowed_token_type")
        with self._cond:
            return handler(self, args)

    def _next_ts(self) -> str:
        self._seq += 100
        return f"{self._ts_base + self._seq // 1_000_000}.{self._seq % 1_000_000:06d}"

    def _channel_posts(self, channel: str) -> dict[str, Json]:
        if not channel:
            raise SlackError("channel_not_found")
        if not self._channels.get(channel, {"is_member": True})["is_member"]:
            raise SlackError("not_in_channel")
        return self._messages.setdefault(channel, {})

    def _auth_test(self, args: Json) -> Json:
        return {
            "url": "https://fake-workspace.slack.com/",
            "team": "Fake Workspace",
            "user": "preventive",
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "is_enterprise_install": False,
        }

    def _post_message(self, args: Json) -> Json:
        channel = str(args.get("channel", ""))
        posts = self._channel_posts(channel)
        message = self._bot_message(args)
        if args.get("thread_ts"):
            parent = posts.get(str(args["thread_ts"]))
            thread_ts = str(parent.get("thread_ts", parent["ts"]) if parent else args["thread_ts"])
            message["thread_ts"] = thread_ts
            if _truthy(args.get("reply_broadcast")):
                message["subtype"] = "thread_broadcast"
            if root := posts.get(thread_ts):
                root.update(thread_ts=thread_ts, latest_reply=message["ts"])
                root["reply_count"] = root.get("reply_count", 0) + 1
                root["reply_users"] = [self.bot_user_id]
        posts[message["ts"]] = message
        return {"channel": channel, "ts": message["ts"], "message": copy.deepcopy(message)}

    def _bot_message(self, args: Json) -> Json:
        text, blocks = _content(args, required=True)
        message: Json = {"type": "message", "ts": self._next_ts(), "user": self.bot_user_id}
        message.update(bot_id=self.bot_id, app_id=self.app_id, team=self.team_id, text=text)
        if blocks is not None:
            message["blocks"] = blocks
        if isinstance(args.get("metadata"), dict):
            message["metadata"] = args["metadata"]
        return message

    def _post_ephemeral(self, args: Json) -> Json:
        channel, user = str(args.get("channel", "")), str(args.get("user", ""))
        self._channel_posts(channel)
        if not user:
            raise SlackError("user_not_found")
        text, blocks = _content(args, required=True)
        ts = self._add_ephemeral(
            channel, user, text, blocks, args.get("thread_ts"), "chat.postEphemeral"
        )
        return {"message_ts": ts}

    def _add_ephemeral(
        self, channel: str, user: str, text: str, blocks: Any, thread_ts: Any, via: str
    ) -> str:
        ts = self._next_ts()
        record: Json = {"ts": ts, "channel": channel, "user": user, "text": text, "via": via}
        if blocks is not None:
            record["blocks"] = blocks
        if thread_ts:
            record["thread_ts"] = str(thread_ts)
        self._ephemerals.append(record)
        return ts

    def _update(self, args: Json) -> Json:
        channel, ts = str(args.get("channel", "")), str(args.get("ts", ""))
        message = self._messages.get(channel, {}).get(ts)
        if message is None:
            raise SlackError("message_not_found")
        text, blocks = _content(args, required=False)
        if "text" in args:
            message["text"] = text
        if blocks is not None:
            message["blocks"] = blocks
        message["edited"] = {"user": self.bot_user_id, "ts": self._next_ts()}
        return {
            "channel": channel,
            "ts": ts,
            "text": message["text"],
            "message": copy.deepcopy(message),
        }

    def _delete(self, args: Json) -> Json:
        channel, ts = str(args.get("channel", "")), str(args.get("ts", ""))
        if self._messages.get(channel, {}).pop(ts, None) is None:
            raise SlackError("message_not_found")
        return {"channel": channel, "ts": ts}

    def _permalink(self, args: Json) -> Json:
        channel, ts = str(args.get("channel", "")), str(args.get("message_ts", ""))
        if ts not in self._messages.get(channel, {}):
            raise SlackError("message_not_found")
        link = f"https://fake-workspace.slack.com/archives/{channel}/p{ts.replace('.', '')}"
        return {"channel": channel, "permalink": link}

    def _users_info(self, args: Json) -> Json:
        user_id = str(args.get("user", ""))
        entry = self._users.get(user_id)
        if entry is None:
            raise SlackError("user_not_found")
        now = datetime.now(ZoneInfo(entry["tz"]))
        offset = now.utcoffset()
        real_name = entry["real_name"] or entry["name"].title()
        user: Json = {"id": user_id, "team_id": self.team_id, "name": entry["name"]}
        user.update(real_name=real_name, tz=entry["tz"], tz_label=now.tzname() or entry["tz"])
        user.update(tz_offset=int(offset.total_seconds()) if offset else 0, is_bot=False)
        user["profile"] = {"real_name": real_name, "display_name": entry["name"]}
        if _truthy(args.get("include_locale")):
            user["locale"] = entry["locale"]
        return {"user": user}

    def _conversations_info(self, args: Json) -> Json:
        channel = str(args.get("channel", ""))
        if not channel.startswith(("C", "G", "D")):
            raise SlackError("channel_not_found")
        entry = self._channels.get(channel, {"name": channel.lower(), "is_member": True})
        info = {"id": channel, "name": entry["name"], "is_channel": channel.startswith("C")}
        return {"channel": {**info, "is_member": entry["is_member"], "is_archived": False}}

    def _connections_open(self, args: Json) -> Json:
        if not self.socket_mode_url:
            raise SlackError("internal_error", detail="no Socket Mode server configured")
        return {"url": self.socket_mode_url}

    # ----- views ---------------------------------------------------------------------------

    def _use_trigger(self, args: Json) -> None:
        trigger_id = str(args.get("trigger_id", ""))
        if not trigger_id:
            raise SlackError(
                "invalid_arguments", response_metadata={"messages": ["invalid `trigger_id`"]}
            )
        expired = trigger_id in self._used_triggers
        issued = trigger_issued_at(trigger_id)
        if issued is not None and self.trigger_ttl is not None:
            expired = expired or time.time() - issued > self.trigger_ttl
        if expired:
            raise SlackError("expired_trigger_id")
        self._used_triggers.add(trigger_id)

    def _views_open(self, args: Json) -> Json:
        view = _view_arg(args)
        self._use_trigger(args)
        view_id = _new_view_id()
        self._views[view_id] = self._build_view(view, view_id, view_id)
        self._stacks[view_id] = [view_id]
        return {"view": copy.deepcopy(self._views[view_id])}

    def _views_push(self, args: Json) -> Json:
        view = _view_arg(args)
        self._use_trigger(args)
        if not self._stacks:
            raise SlackError("not_found")
        root = next(reversed(self._stacks))
        return {"view": copy.deepcopy(self._views[self._push_view(root, view)])}

    def _push_view(self, root: str, view: Json) -> str:
        stack = self._stacks[root]
        if len(stack) >= 3:
            raise SlackError("push_limit_reached")
        view_id = _new_view_id()
        self._views[view_id] = self._build_view(view, root, view_id, previous=stack[-1])
        stack.append(view_id)
        return view_id

    def _views_update(self, args: Json) -> Json:
        view = _view_arg(args)
        view_id = str(args.get("view_id") or "")
        if not view_id and (external := args.get("external_id")):
            view_id = next((v for v, o in self._views.items() if o["external_id"] == external), "")
        current = self._views.get(view_id)
        if current is None:
            raise SlackError("not_found")
        if args.get("hash") and args["hash"] != current["hash"]:
            raise SlackError("hash_conflict")
        previous = current["previous_view_id"]
        self._views[view_id] = self._build_view(view, current["root_view_id"], view_id, previous)
        return {"view": copy.deepcopy(self._views[view_id])}

    def _build_view(self, view: Json, root: str, view_id: str, previous: str | None = None) -> Json:
        built = {"id": view_id, "team_id": self.team_id, "type": view.get("type", "modal")}
        built.update(view, id=view_id, blocks=with_ids(view.get("blocks", [])))
        built.update(private_metadata=view.get("private_metadata", ""), state={"values": {}})
        built.update(
            callback_id=view.get("callback_id", ""), external_id=view.get("external_id", "")
        )
        built.update(hash=f"{int(time.time())}.{secrets.token_hex(4)}", previous_view_id=previous)
        built.update(root_view_id=root, app_id=self.app_id, bot_id=self.bot_id)
        return built

    # ----- response URLs -------------------------------------------------------------------

    def _respond(self, key: str, args: Json) -> None:
        with self._cond:
            target = self._targets.get(key)
            if target is None:
                raise SlackError("expired_url")
            if target.uses >= 5:
                raise SlackError("used_url")
            target.uses += 1
            if _truthy(args.get("delete_original")):
                self._drop_original(target)
            elif _truthy(args.get("replace_original")) and target.original_ts:
                self._replace_original(target, args)
            elif args.get("response_type") == "in_channel":
                posted = self._post_message({**args, "channel": target.channel})
                target.remember(posted["ts"], ephemeral=False)
            else:
                text, blocks = _content(args, required=True)
                thread_ts = args.get("thread_ts")
                ts = self._add_ephemeral(
                    target.channel, target.user, text, blocks, thread_ts, "response_url"
                )
                target.remember(ts, ephemeral=True)

    def _drop_original(self, target: _ResponseTarget) -> None:
        if target.original_ephemeral:
            self._ephemerals = [e for e in self._ephemerals if e["ts"] != target.original_ts]
        else:
            self._messages.get(target.channel, {}).pop(target.original_ts or "", None)

    def _replace_original(self, target: _ResponseTarget, args: Json) -> None:
        text, blocks = _content(args, required=True)
        if not target.original_ephemeral:
            update = {"channel": target.channel, "ts": target.original_ts, "text": text}
            self._update({**update, "blocks": blocks if blocks is not None else []})
            return
        for record in self._ephemerals:
            if record["ts"] == target.original_ts:
                record["text"] = text
                record.pop("blocks", None)
                if blocks is not None:
                    record["blocks"] = blocks


_METHODS: dict[str, Callable[[FakeSlack, Json], Json]] = {
    "auth.test": FakeSlack._auth_test,
    "chat.postMessage": FakeSlack._post_message,
    "chat.postEphemeral": FakeSlack._post_ephemeral,
    "chat.update": FakeSlack._update,
    "chat.delete": FakeSlack._delete,
    "chat.getPermalink": FakeSlack._permalink,
    "users.info": FakeSlack._users_info,
    "conversations.info": FakeSlack._conversations_info,
    "apps.connections.open": FakeSlack._connections_open,
    "views.open": FakeSlack._views_open,
    "views.push": FakeSlack._views_push,
    "views.update": FakeSlack._views_update,
}


class FakeSlackServer:
    """Serves a FakeSlack with uvicorn on 127.0.0.1:0, in a background thread with its own loop."""

    def __init__(self, fake: FakeSlack | None = None) -> None:
        self.fake = fake or FakeSlack()
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.bind(("127.0.0.1", 0))
        self.fake.origin = f"http://127.0.0.1:{self._socket.getsockname()[1]}"
        config = uvicorn.Config(self.fake.asgi, log_level="warning", lifespan="off", ws="none")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._run, name="fake-slack", daemon=True)

    @property
    def url(self) -> str:
        """`http://127.0.0.1:PORT/api/`, for slack_sdk's `base_url` and `SLACK_API_URL`."""
        return self.fake.url

    def start(self) -> FakeSlackServer:
        """Start serving and return once the socket accepts requests."""
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the fake Slack server did not start")
            time.sleep(0.005)
        return self

    def stop(self) -> None:
        """Stop serving and wait for the thread to end."""
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(timeout=10)
        self._socket.close()

    def _run(self) -> None:
        asyncio.run(self._server.serve(sockets=[self._socket]))

    def __enter__(self) -> FakeSlack:
        return self.start().fake

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _located(channel: str, message: Json) -> Json:
    """A copy of a stored message that also says where it is (Slack's own objects do not)."""
    return {**copy.deepcopy(message), "channel": channel}


def _broadcast(message: Mapping[str, Any]) -> bool:
    return message.get("subtype") == "thread_broadcast"


def _truthy(value: Any) -> bool:
    return value is True or str(value).lower() in ("true", "1")


def _bearer(headers: Mapping[str, str]) -> str | None:
    scheme, _, token = headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else None


def _new_view_id() -> str:
    return "V" + secrets.token_hex(5).upper()


def _view_arg(args: Json) -> Json:
    view = args.get("view")
    if not isinstance(view, dict):
        raise SlackError("invalid_arguments", response_metadata={"messages": ["missing `view`"]})
    problems = view_problems(view)
    if problems:
        raise SlackError("invalid_arguments", response_metadata={"messages": problems})
    return view


async def _read_args(request: Request) -> Json:
    """Merge query, form or JSON body; decode JSON-valued arguments sent as strings."""
    args: Json = dict(request.query_params)
    body = await request.body()
    if body:
        if "json" in request.headers.get("content-type", ""):
            try:
                decoded = json.loads(body)
            except ValueError as exc:
                raise SlackError("invalid_json") from exc
            args.update(decoded if isinstance(decoded, dict) else {})
        else:
            args.update(parse_qsl(body.decode(), keep_blank_values=True))
    if isinstance(args.get("payload"), str):  # response URLs also take `payload=<json>`
        args.update(json.loads(args.pop("payload")))
    for key in _JSON_ARGS:
        if isinstance(args.get(key), str) and args[key]:
            try:
                args[key] = json.loads(args[key])
            except ValueError as exc:
                raise SlackError(
                    "invalid_blocks" if key == "blocks" else "invalid_arguments"
                ) from exc
    return args


def _content(args: Json, *, required: bool) -> tuple[str, list[Json] | None]:
    """The text and id-completed blocks of a message, checked the way Slack checks them."""
    text = str(args.get("text") or "")
    blocks = args.get("blocks")
    if blocks is not None and not isinstance(blocks, list):
        raise SlackError("invalid_blocks")
    if required and not text and not blocks and not args.get("attachments"):
        raise SlackError("no_text")
    if len(text) > 40_000:
        raise SlackError("msg_too_long")
    if blocks is None:
        return text, None
    problems = block_problems(blocks, limit=50, where="/blocks")
    if problems:
        raise SlackError("invalid_blocks", errors=problems)
    return text, with_ids(blocks)


__all__ = ["Call", "FakeSlack", "FakeSlackServer", "SlackError", "text_of"]
