"""What the bot shows: after each Web API call, the fake Slack's changes, in call order.

Numbers every button it prints (a running count, so a number names one button for good) and finds
the button a typed number or label names.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from bot.demo import terminal
from bot.demo.directory import Directory
from bot.fakes.slack import Call, FakeSlack, payloads
from bot.fakes.slack.block_kit import same_label
from bot.slack.ui.blocks import SANDBOX_MARK

Json = dict[str, Any]
# ----- what the bot shows ----------------------------------------------------------------------

Key = tuple[str, str, str]  # ("m" | "e", channel, ts)


@dataclass(frozen=True)
class Shown:
    """One change a Slack user would see: a message or ephemeral posted, replaced or removed."""

    key: Key
    change: Literal["new", "updated", "removed", "note"]
    item: Json

    @property
    def kind(self) -> str:
        return "ephemeral" if self.key[0] == "e" else "message"

    @property
    def channel(self) -> str:
        return self.key[1]

    @property
    def ts(self) -> str:
        return self.key[2]


@dataclass(frozen=True)
class ButtonRef:
    key: Key
    action_id: str
    value: str


_UNSHOWN_METHODS = {"users.info", "auth.test", "conversations.info"}


class Feed:
    """Watches the fake Slack: after each Web API call, what changed is queued, in call order."""

    def __init__(self, slack: FakeSlack, directory: Directory) -> None:
        self.slack, self.directory = slack, directory
        self._lock = threading.Lock()
        self._queue: list[Shown] = []
        self._seen: dict[Key, str] = {}
        self._channels: set[str] = set()
        self._last_call = time.monotonic()
        self._numbers: dict[int, ButtonRef] = {}
        self._recent: list[Key] = []
        slack.add_listener(self._on_call)

    def touch(self) -> None:
        with self._lock:
            self._last_call = time.monotonic()

    def quiet_for(self) -> float:
        with self._lock:
            return time.monotonic() - self._last_call

    def drain(self) -> list[Shown]:
        with self._lock:
            shown, self._queue = self._queue, []
        return shown

    def open_view(self) -> Json | None:
        """The modal on top, if one is open."""
        views = list(self.slack.views.values())
        return views[-1] if views else None

    def _on_call(self, call: Call) -> None:
        """Runs on the fake Slack's thread, right after the call changed its state."""
        with self._lock:
            self._last_call = time.monotonic()
            if isinstance(channel := call.args.get("channel"), str):
                self._channels.add(channel)
            if not call.ok:
                note = f"(Slack refused {call.method}: {call.error})"
                self._queue.append(Shown(("n", "", ""), "note", {"text": note}))
            if call.method not in _UNSHOWN_METHODS:
                self._queue.extend(self._changes())

    def _changes(self) -> list[Shown]:
        current = dict(self._current())
        changes = []
        for key, item in sorted(current.items(), key=lambda pair: float(pair[0][2])):
            mark = json.dumps([item.get("text"), item.get("blocks")], sort_keys=True)
            if self._seen.get(key) != mark:
                changes.append(Shown(key, "updated" if key in self._seen else "new", item))
                self._seen[key] = mark
        for key in [key for key in self._seen if key not in current]:
            del self._seen[key]
            changes.append(Shown(key, "removed", {}))
        return changes

    def _current(self) -> Iterable[tuple[Key, Json]]:
        channels = set(self.directory.channels) | self._channels | set(self.directory.people)
        for channel in sorted(channels):
            for top in self.slack.messages(channel):
                yield ("m", channel, top["ts"]), top
                if top.get("reply_count"):
                    for reply in self.slack.thread(channel, top["ts"]):
                        yield ("m", channel, reply["ts"]), reply
        for ephemeral in self.slack.ephemerals():
            yield ("e", ephemeral["channel"], ephemeral["ts"]), ephemeral

    # ----- showing and pressing ----------------------------------------------------------------

    def render(self, shown: Shown, reader: str, viewer: terminal.Viewer) -> str:
        """The heading saying where it went, then the body with its buttons numbered."""
        if shown.change == "note":
            return str(shown.item["text"])
        where = self._where(shown, reader, viewer)
        if shown.change == "removed":
            return terminal.heading(f"removed: {where}", viewer)
        count = terminal.count_buttons(shown.item)
        first = len(self._numbers) + 1
        numbers = list(range(first, first + count))
        for number, element in zip(numbers, payloads.buttons(shown.item), strict=False):
            action = str(element.get("action_id"))
            self._numbers[number] = ButtonRef(shown.key, action, str(element.get("value", "")))
        if count:
            self._recent = [key for key in self._recent if key != shown.key] + [shown.key]
        prefix = "updated: " if shown.change == "updated" else ""
        heading = terminal.heading(prefix + where, viewer)
        item = _without_sandbox_footer(shown.item) if _is_reply(shown) else shown.item
        return f"{heading}\n{terminal.render_message(item, viewer, numbers)}"

    def _where(self, shown: Shown, reader: str, viewer: terminal.Viewer) -> str:
        place = terminal.place_label(shown.channel, viewer)
        thread_ts = shown.item.get("thread_ts")
        if thread_ts and thread_ts != shown.ts:
            parent = self._fetch(("m", shown.channel, str(thread_ts))) or {}
            place = f"{terminal.thread_label(str(parent.get('text') or ''))} in {place}"
        if shown.kind == "message":
            return place
        user = str(shown.item.get("user") or "")
        who = "you" if user == reader else f"@{viewer.users.get(user, user)}"
        return f"ephemeral to {who} in {place}"

    def _fetch(self, key: Key) -> Json | None:
        kind, channel, ts = key
        if kind == "m":
            try:
                return self.slack.message(channel, ts)
            except KeyError:
                return None
        return next((e for e in self.slack.ephemerals() if e["ts"] == ts), None)

    def find_button(
        self, typed: str, reader: str, viewer: terminal.Viewer
    ) -> tuple[Shown, Json] | str:
        """The button a typed number or label names, on a message `reader` can see."""
        if typed.isdigit():
            return self._by_number(int(typed), reader)
        labels: list[str] = []
        found: list[tuple[Shown, Json]] = []
        for key in reversed(self._recent):
            item = self._fetch(key)
            if item is None or (key[0] == "e" and item.get("user") != reader):
                continue
            for element in payloads.buttons(item):
                label = terminal.label_of(element)
                if same_label(label, typed):
                    found.append((Shown(key, "new", item), element))
                labels.append(label)
        if len(found) == 1:
            return found[0]
        if found:  # a bare label on several messages: never guess which one was meant
            return self._which(typed, found, viewer)
        if not labels:
            return f"no button “{typed}”: nothing you can see has buttons (type :help)"
        choices = ", ".join(dict.fromkeys(labels))
        return f"no button “{typed}” on what you can see; buttons: {choices} (type :help)"

    def _which(self, typed: str, found: list[tuple[Shown, Json]], viewer: terminal.Viewer) -> str:
        lines = [f"“{typed}” is on {len(found)} messages; type the number of the one you mean:"]
        for shown, element in found:
            number = self._number_of(shown.key, element)
            lines.append(f"  [{number}] on {terminal.summary_of(shown.item, viewer)}")
        return "\n".join(lines)

    def _number_of(self, key: Key, element: Json) -> int:
        action, value = str(element.get("action_id")), str(element.get("value", ""))
        for number, ref in reversed(self._numbers.items()):
            if ref.key == key and ref.action_id == action and ref.value == value:
                return number
        return 0

    def _by_number(self, number: int, reader: str) -> tuple[Shown, Json] | str:
        ref = self._numbers.get(number)
        item = self._fetch(ref.key) if ref else None
        if ref is None or item is None:
            return f"there is no button [{number}]"
        if ref.key[0] == "e" and item.get("user") != reader:
            owner = self.directory.users.get(str(item.get("user")), "someone else")
            return f"button [{number}] is on a message only @{owner} can see"
        for element in payloads.buttons(item):
            same = str(element.get("value", "")) == ref.value
            if element.get("action_id") == ref.action_id and same:
                return Shown(ref.key, "new", item), element
        return f"button [{number}] is no longer there (its message changed)"


def _is_reply(shown: Shown) -> bool:
    thread_ts = shown.item.get("thread_ts")
    return bool(thread_ts) and thread_ts != shown.ts


def _without_sandbox_footer(item: Json) -> Json:
    """A thread reply without the sandbox line: its parent already says so, once is enough."""
    blocks = [
        block
        for block in item.get("blocks") or []
        if not (block.get("type") == "context" and SANDBOX_MARK in json.dumps(block))
    ]
    return {**item, "blocks": blocks}
