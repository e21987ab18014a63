"""The fake workspace's state: members, channels, messages, ephemerals, open views, calls seen.

Every change happens under one condition variable, so tests on other threads can wait for it.
"""

from __future__ import annotations

import asyncio
import copy
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")
Json = dict[str, Any]

_RECHECK_SECONDS = 0.05


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
class ResponseTarget:
    """Where a response URL posts: a channel and user, and the message a button was on."""

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


class Workspace:
    """Members, channels and what users see, plus every call recorded, behind one lock."""

    def __init__(
        self,
        *,
        team_id: str = "T0TEAM",
        bot_user_id: str = "U0BOT",
        bot_id: str = "B0BOT",
        app_id: str = "A0PREVENT",
        socket_mode_url: str | None = None,
        trigger_ttl: float | None = 3.0,
    ) -> None:
        self.team_id, self.bot_user_id, self.bot_id, self.app_id = (
            team_id,
            bot_user_id,
            bot_id,
            app_id,
        )
        self.socket_mode_url = socket_mode_url
        self.trigger_ttl = trigger_ttl
        self.cond = threading.Condition()
        self._ts_base = int(time.time())
        self.users: dict[str, Json] = {}
        self.channels: dict[str, Json] = {}
        self._listeners: list[Callable[[Call], None]] = []
        self.reset()

    def reset(self) -> None:
        """Forget calls, messages, ephemerals, views, triggers and targets; keep users, channels."""
        with self.cond:
            self._calls: list[Call] = []
            self.posts: dict[str, dict[str, Json]] = {}
            self.ephemeral_records: list[Json] = []
            self.open_views: dict[str, Json] = {}
            self.stacks: dict[str, list[str]] = {}
            self.used_triggers: set[str] = set()
            self.targets: dict[str, ResponseTarget] = {}
            self.home_tabs: dict[str, Json] = {}
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
        with self.cond:
            self.users[user_id] = {"name": name, "tz": tz, "locale": locale, "real_name": real_name}

    def add_channel(self, channel_id: str, *, name: str, is_member: bool = True) -> None:
        """Name a channel; posting where the bot is not a member fails with `not_in_channel`."""
        with self.cond:
            self.channels[channel_id] = {"name": name, "is_member": is_member}

    def add_listener(self, listener: Callable[[Call], None]) -> None:
        """Call `listener` after each recorded call (from the server's thread), e.g. to print it."""
        self._listeners.append(listener)

    def record(self, call: Call) -> None:
        with self.cond:
            self._calls.append(call)
            self.cond.notify_all()
        for listener in self._listeners:
            listener(call)

    # ----- what the methods share (called with `cond` held) ---------------------------------

    def next_ts(self) -> str:
        self._seq += 100
        return f"{self._ts_base + self._seq // 1_000_000}.{self._seq % 1_000_000:06d}"

    def channel_posts(self, channel: str) -> dict[str, Json]:
        """The messages of a channel the bot may post in; Slack's errors otherwise."""
        if not channel:
            raise SlackError("channel_not_found")
        if not self.channels.get(channel, {"is_member": True})["is_member"]:
            raise SlackError("not_in_channel")
        return self.posts.setdefault(channel, {})

    def add_ephemeral(
        self, channel: str, user: str, text: str, blocks: Any, thread_ts: Any, via: str
    ) -> str:
        ts = self.next_ts()
        record: Json = {"ts": ts, "channel": channel, "user": user, "text": text, "via": via}
        if blocks is not None:
            record["blocks"] = blocks
        if thread_ts:
            record["thread_ts"] = str(thread_ts)
        self.ephemeral_records.append(record)
        return ts

    # ----- inspection ----------------------------------------------------------------------

    @property
    def calls(self) -> list[Call]:
        """Every call so far, in arrival order."""
        with self.cond:
            return list(self._calls)

    def calls_to(self, method: str) -> list[Call]:
        """The calls of one method (`"response_url"` for response URL posts)."""
        return [call for call in self.calls if call.method == method]

    def messages(self, channel: str) -> list[Json]:
        """Current top-level messages of a channel (thread broadcasts included), oldest first."""
        with self.cond:
            found = self.posts.get(channel, {}).values()
            tops = [m for m in found if m.get("thread_ts") in (None, m["ts"]) or _broadcast(m)]
            return [_located(channel, m) for m in tops]

    def message(self, channel: str, ts: str) -> Json:
        """One message (top-level or reply) as it is now; KeyError when there is none."""
        with self.cond:
            return _located(channel, self.posts[channel][ts])

    def thread(self, channel: str, ts: str) -> list[Json]:
        """Replies in the thread of message `ts`, oldest first."""
        with self.cond:
            found = self.posts.get(channel, {}).values()
            replies = [m for m in found if m.get("thread_ts") == ts and m["ts"] != ts]
            return [_located(channel, m) for m in replies]

    def ephemerals(self, user: str | None = None) -> list[Json]:
        """Ephemeral messages still shown (chat.postEphemeral and response URLs), oldest first."""
        with self.cond:
            shown = [e for e in self.ephemeral_records if user in (None, e["user"])]
            return copy.deepcopy(shown)

    def home_tab(self, user: str) -> Json | None:
        """The Home tab last published for `user` (views.publish), or None."""
        with self.cond:
            return copy.deepcopy(self.home_tabs.get(user))

    @property
    def views(self) -> dict[str, Json]:
        """Modals currently open, by view id, each as it is now."""
        with self.cond:
            return copy.deepcopy(self.open_views)

    def wait_for(self, predicate: Callable[[], T], timeout: float = 5.0) -> T:
        """Block until `predicate()` is truthy and return it; TimeoutError names the calls seen.

        A Slack call wakes the wait at once; the predicate is also looked at every
        `_RECHECK_SECONDS`, for predicates on something else (the API sandbox's requests, say).
        """
        deadline = time.monotonic() + timeout
        with self.cond:
            while not (result := predicate()):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(self._timeout_message(timeout))
                self.cond.wait(min(remaining, _RECHECK_SECONDS))
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


def _located(channel: str, message: Json) -> Json:
    """A copy of a stored message that also says where it is (Slack's own objects do not)."""
    return {**copy.deepcopy(message), "channel": channel}


def _broadcast(message: Mapping[str, Any]) -> bool:
    return message.get("subtype") == "thread_broadcast"


def truthy(value: Any) -> bool:
    """Slack's booleans arrive as JSON booleans or form strings."""
    return value is True or str(value).lower() in ("true", "1")
