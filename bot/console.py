"""`python -m bot demo`: the real Bolt app in a terminal, with no Slack and no API account.

Typed commands become signed Slack payloads dispatched through Bolt's request path; the app's Web
API calls reach a fake Slack on 127.0.0.1, and what it shows is printed by `bot.slack.terminal`.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import logging
import re
import secrets
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, TextIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import SecretStr

from bot.api.sandbox import Sandbox
from bot.config import SANDBOX, BotConfig, Settings
from bot.slack import simulation, terminal
from bot.slack.app import build_app, build_services
from bot.slack.background import run_sweeper
from bot.slack.fake_web_api import Call, FakeSlack, FakeSlackServer
from bot.slack.people import People
from bot.web import assemble_core

Json = dict[str, Any]
_QUIET_SECONDS = 0.15
_TTL_SKIP_SECONDS = 3600.0  # more than `People`'s 15-minute cache: the next lookup is fresh
_DEMO_API_TIMEOUT = 5.0

HELP = """\
You are a Slack user in a channel of a fake workspace; the bot is the real one.
  /preventive …            a slash command, exactly as in Slack (@bob becomes a mention)
  1, confirm, Confirmer    press a button by its number or its label (newest message first)
  :press LABEL|NUMBER      the same, explicitly
  :as NAME                 become another user (:who lists them; a new name creates one)
  :lang fr|en|en-GB        your Slack locale (the bot reads it from users.info)
  :tz ZONE                 your time zone, e.g. :tz America/New_York
  :channel NAME            type in another channel, e.g. :channel hvac
  :api fail STATUS [N]     the sandbox API answers STATUS to the next N requests (default 1;
                           updates are retried 3 times, so use N=3 to see an update fail)
  :api slow SECONDS        every API request waits this long
  :api timeout [N]         the next N requests get no answer (the bot times out after {timeout:g} s)
  :api ok                  no latency, hanging requests released
  :who  :help  :quit
In a form (modal): each field is asked in turn; Enter keeps [the value shown], '-' clears it,
:cancel closes the form. The data lives in a temporary SQLite file deleted on exit, and the API
is the embedded sandbox: nothing reaches Slack or a real API."""

DEMO_TEAM = {
    "managers": ["U0MANAGER"],
    "teams": [{"name": "HVAC", "channel": "C0HVAC", "routines": [12, 13], "managers": ["U0LEAD"]}],
    "assignees": {"U0BOB": {"company_contact_id": 5}, "U0ALICE": {"profile_id": 17}},
}
DEMO_PEOPLE = [
    ("U0TECH", "tech", "technician", "en-US"),
    ("U0MANAGER", "manager", "global manager", "en-US"),
    ("U0LEAD", "lead", "HVAC team manager", "fr-FR"),
    ("U0BOB", "bob", "assignee, API contact 5", "en-GB"),
    ("U0ALICE", "alice", "assignee, API profile 17", "fr-FR"),
]
DEMO_CHANNELS = {"C0GENERAL": "general", "C0HVAC": "hvac"}


def run_demo(settings: Settings, config: BotConfig, stdin: TextIO, stdout: TextIO) -> int:
    """Run the interactive demo until `:quit` or end of input; 0 when it ended normally."""
    logging.getLogger().setLevel(logging.WARNING)
    logging.getLogger("bot.api").setLevel(logging.ERROR)  # "embedded sandbox" is the point here
    with tempfile.TemporaryDirectory(prefix="preventive-demo-") as folder:
        server = FakeSlackServer().start()
        try:
            return asyncio.run(_run(settings, config, Path(folder), server.fake, stdin, stdout))
        finally:
            server.stop()


def demo_config(config: BotConfig) -> BotConfig:
    """The user's `bot.toml`, or, when it names no team nor assignee, a small demo team."""
    if config.teams or config.assignees:
        return config
    return BotConfig.model_validate({**config.model_dump(), **DEMO_TEAM})


def demo_settings(settings: Settings, slack: FakeSlack, folder: Path, secret: str) -> Settings:
    """The environment's settings pointed at the fake Slack, the sandbox and a temporary store."""
    timeout = settings.interventions_api_timeout
    if "interventions_api_timeout" not in settings.model_fields_set:
        timeout = _DEMO_API_TIMEOUT
    return settings.model_copy(
        update={
            "slack_bot_token": SecretStr("xoxb-demo-" + secrets.token_hex(8)),
            "slack_signing_secret": SecretStr(secret),
            "slack_app_token": None,
            "slack_api_url": slack.url,
            "interventions_api_url": SANDBOX,
            "interventions_api_timeout": timeout,
            "database_url": f"sqlite:///{folder / 'demo.db'}",
        }
    )


class SkippingClock:
    """`time.monotonic` that can jump ahead, so `People` re-reads a profile the user changed."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.monotonic() + self.offset

    def forget(self) -> None:
        self.offset += _TTL_SKIP_SECONDS


async def _run(
    settings: Settings,
    config: BotConfig,
    folder: Path,
    slack: FakeSlack,
    stdin: TextIO,
    stdout: TextIO,
) -> int:
    secret = secrets.token_hex(16)
    settings = demo_settings(settings, slack, folder, secret)
    config = demo_config(config)
    sandbox = Sandbox()
    core, api = await assemble_core(settings, config, sandbox=sandbox)
    clock = SkippingClock()
    services = build_services(core)
    people = People(
        services.client, default_zone=config.zone, default_lang=config.language, monotonic=clock
    )
    services = dataclasses.replace(services, people=people)
    directory = Directory.for_config(slack, config)
    dispatch = terminal.signed_dispatcher(build_app(services))
    session = Session(dispatch, slack, sandbox, directory, secret, stdin, stdout)
    session.forget_profiles = clock.forget
    session.api_timeout = settings.interventions_api_timeout
    sweeper = asyncio.create_task(run_sweeper(services))
    session.background.add(sweeper)
    try:
        await session.run()
    finally:
        sweeper.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sweeper
        await api.aclose()
        await core.store.close()
    return 0


class EndOfInputError(Exception):
    """stdin is exhausted."""


class ModalCancelledError(Exception):
    """The user closed the modal."""


_KEEP: Any = object()


class Session:
    """One terminal user driving the app: reads lines, dispatches payloads, prints the feed."""

    def __init__(
        self,
        send: terminal.Dispatcher,
        slack: FakeSlack,
        sandbox: Sandbox,
        directory: Directory,
        secret: str,
        stdin: TextIO,
        stdout: TextIO,
    ) -> None:
        self.send, self.slack, self.sandbox, self.directory = send, slack, sandbox, directory
        self.secret, self.stdin, self.stdout = secret, stdin, stdout
        self.interactive = stdin.isatty()
        self.ansi = stdout.isatty()
        self.feed = Feed(slack, directory)
        self.user = "U0TECH" if "U0TECH" in directory.users else next(iter(directory.users))
        self.channel = "C0GENERAL"
        self.forget_profiles: Callable[[], None] = lambda: None
        self.api_timeout = 20.0
        self.background: set[asyncio.Task[None]] = set()  # long-lived: never "busy"

    # ----- the loop --------------------------------------------------------------------------

    async def run(self) -> None:
        slack_url = self.slack.url
        self.say(
            f"Preventive bot demo. You are @{self.name} in #{self.channel_name}. "
            f"Fake Slack at {slack_url}, embedded sandbox API, temporary database. Type :help."
        )
        with contextlib.suppress(EndOfInputError):
            while True:
                await self.settle()
                view = self.feed.open_view()
                if view is not None:
                    await self.fill_modal(view)
                    continue
                line = await self.read_line(f"{self.name}@#{self.channel_name}> ")
                if not await self.handle(line):
                    break
        self.say("bye")

    async def handle(self, line: str) -> bool:
        """Act on one typed line; False to stop."""
        text = line.strip()
        if not text or text.startswith("# "):
            return True
        if text.startswith("/"):
            await self.slash_command(text)
        elif text.startswith(":"):
            return await self.meta(text)
        else:
            await self.press(text)
        return True

    async def settle(self) -> None:
        """Print what the bot shows until it is idle: no task of its own and Slack quiet."""
        me = asyncio.current_task()
        cap = 10 + 3 * (self.sandbox.latency + self.api_timeout)
        deadline = time.monotonic() + cap
        while True:
            self.print_feed()
            busy = [t for t in asyncio.all_tasks() if t is not me and t not in self.background]
            if not busy and self.feed.quiet_for() >= _QUIET_SECONDS:
                break
            if time.monotonic() > deadline:
                self.say("(the bot is still working; its messages will show up later)")
                break
            await asyncio.sleep(0.02)
        self.print_feed()

    # ----- Slack requests --------------------------------------------------------------------

    async def dispatch(self, payload: simulation.SlackPayload) -> Json:
        """Sign and hand a payload to Bolt, as Slack's POST would; the ack body as JSON."""
        self.feed.touch()
        request = payload.signed(self.secret)
        status, text = await self.send(request.body, request.headers)
        if status != 200:
            self.say(f"(the app answered HTTP {status}: {text[:200]})")
            return {}
        try:
            body = json.loads(text) if text else {}
        except ValueError:
            return {}
        return body if isinstance(body, dict) else {}

    async def slash_command(self, text: str) -> None:
        command, _, rest = text.partition(" ")
        if command != "/preventive":
            self.say(f"{command} is not a command of this app; try /preventive help")
            return
        users = self.directory.users
        url = self.slack.response_url(channel=self.channel, user=self.user)
        payload = simulation.slash_command(
            text=terminal.escape_command_text(rest.strip(), users),
            user_id=self.user,
            user_name=self.name,
            channel_id=self.channel,
            channel_name=self.channel_name,
            response_url=url,
        )
        await self.dispatch(payload)

    async def press(self, typed: str) -> None:
        found = self.feed.find_button(typed.removeprefix(":press").strip(), self.user)
        if isinstance(found, str):
            self.say(found)
            return
        shown, element = found
        ephemeral = shown.kind == "ephemeral"
        url = self.slack.response_url(
            channel=shown.channel,
            user=self.user,
            original_ts=shown.ts,
            original_ephemeral=ephemeral,
        )
        self.say(f"(@{self.name} pressed “{terminal.unescape(_label(element))}”)")
        payload = simulation.block_action(
            element,
            user_id=self.user,
            user_name=self.name,
            channel_id=shown.channel,
            message=shown.item,
            ephemeral=ephemeral,
            response_url=url,
        )
        await self.dispatch(payload)

    # ----- modals ----------------------------------------------------------------------------

    async def fill_modal(self, view: Json) -> None:
        """Ask each input in turn, submit, and ask again the fields the app refused."""
        self.say(terminal.heading(f"{terminal.render_view_title(view)}, for you", self.viewer))
        body = [b for b in view.get("blocks") or [] if b.get("type") != "input"]
        if body:
            self.say(terminal.render_message({"blocks": body}, self.viewer))
        answers: dict[str, Any] = {}
        typed: dict[str, str] = {}
        asking = terminal.input_blocks(view)
        try:
            while asking:
                for block in asking:
                    await self.ask_field(block, answers, typed)
                asking = await self.submit_modal(view, answers)
        except ModalCancelledError:
            self.slack.apply_view_ack(view["id"], {"response_action": "clear"})
            self.say("(form closed, nothing sent)")

    async def ask_field(self, block: Json, answers: dict[str, Any], typed: dict[str, str]) -> None:
        element, key = block.get("element") or {}, str(block.get("block_id"))
        self.say(terminal.describe_input(block, self.viewer, typed.get(key)))
        while True:
            line = await self.read_line("  > ")
            if line.strip() == ":cancel":
                raise ModalCancelledError
            if not line.strip():
                if key in answers or block.get("optional") or _has_initial(element):
                    return
                self.say("  this field is required")
                continue
            try:
                answers[key] = terminal.read_answer(element, line, self.directory.users)
            except terminal.AnswerError as error:
                self.say(f"  {error}")
                continue
            typed[key] = line.strip()
            return

    async def submit_modal(self, view: Json, answers: dict[str, Any]) -> list[Json]:
        """Submit; the input blocks to ask again (none once the app accepted the form)."""
        try:
            values = simulation.fill_view(view, answers)
        except (ValueError, LookupError) as error:
            self.say(f"  {error}")
            return terminal.input_blocks(view)
        ack = await self.dispatch(
            simulation.view_submission(view, values, user_id=self.user, user_name=self.name)
        )
        self.slack.apply_view_ack(view["id"], ack)
        errors = ack.get("errors") if ack.get("response_action") == "errors" else None
        if not errors:
            self.feed.touch()
            return []
        blocks = [b for b in terminal.input_blocks(view) if b.get("block_id") in errors]
        for block in blocks:
            refusal = terminal.render_mrkdwn(str(errors[block["block_id"]]), self.viewer)
            self.say(f"  ✗ {_label(block, 'label')}: " + refusal.replace("\n", "\n    "))
        return blocks

    # ----- meta commands ---------------------------------------------------------------------

    async def meta(self, text: str) -> bool:
        verb, _, rest = text[1:].partition(" ")
        verb, rest = verb.lower(), rest.strip()
        if verb in ("quit", "exit", "q"):
            return False
        actions: dict[str, Callable[[str], None]] = {
            "help": lambda _: self.say(HELP.format(timeout=self.api_timeout)),
            "as": self.become,
            "lang": self.set_locale,
            "tz": self.set_zone,
            "channel": self.set_channel,
            "api": self.steer_api,
            "who": lambda _: self.say(self.directory.describe(self.user)),
        }
        if verb == "press":
            await self.press(rest)
        elif verb in actions:
            actions[verb](rest)
        else:
            self.say(f"unknown command :{verb}; type :help")
        return True

    def become(self, name: str) -> None:
        if not re.fullmatch(r"@?[\w.\-]+", name):
            self.say("usage: :as NAME (e.g. :as manager)")
            return
        self.user = self.directory.find_or_add(name.lstrip("@"))
        person = self.directory.people[self.user]
        self.say(f"you are now @{self.name} ({person.role}, {person.locale}, {person.tz})")

    def set_locale(self, locale: str) -> None:
        if not re.fullmatch(r"(en|fr)([-_][A-Za-z]{2})?", locale):
            self.say("usage: :lang fr | en | en-GB | fr-CA …")
            return
        full = {"en": "en-US", "fr": "fr-FR"}.get(locale, locale.replace("_", "-"))
        self.directory.update(self.user, locale=full)
        self.forget_profiles()
        self.say(f"@{self.name} now uses Slack in {full}")

    def set_zone(self, zone: str) -> None:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            self.say(f"unknown time zone “{zone}”; e.g. Europe/Paris, America/New_York")
            return
        self.directory.update(self.user, tz=zone)
        self.forget_profiles()
        self.say(f"@{self.name} is now in {zone}")

    def set_channel(self, name: str) -> None:
        self.channel = self.directory.find_or_add_channel(name.lstrip("#"))
        self.say(f"you are now typing in #{self.channel_name}")

    def steer_api(self, rest: str) -> None:
        words = rest.split()
        try:
            self.say(steer_sandbox(self.sandbox, words))
        except (ValueError, IndexError):
            self.say("usage: :api fail STATUS [N] | :api slow SECONDS | :api timeout [N] | :api ok")

    # ----- terminal --------------------------------------------------------------------------

    @property
    def name(self) -> str:
        return self.directory.users[self.user]

    @property
    def channel_name(self) -> str:
        return self.directory.channels.get(self.channel, self.channel)

    @property
    def viewer(self) -> terminal.Viewer:
        person = self.directory.people[self.user]
        return terminal.Viewer(
            zone=ZoneInfo(person.tz),
            now=datetime.now(UTC),
            locale=person.locale,
            users=self.directory.users,
            channels=self.directory.channels,
            ansi=self.ansi,
        )

    def print_feed(self) -> None:
        for shown in self.feed.drain():
            self.say(self.feed.render(shown, self.user, self.viewer))

    def say(self, text: str) -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()

    async def read_line(self, prompt: str) -> str:
        """One line of input (EndOfInputError at the end); piped lines are echoed."""
        if self.interactive and self.stdin is sys.stdin:
            try:
                return await asyncio.to_thread(input, prompt)
            except EOFError:
                raise EndOfInputError from None
        if self.interactive:
            self.stdout.write(prompt)
            self.stdout.flush()
        line = await asyncio.to_thread(self.stdin.readline)
        if not line:
            raise EndOfInputError
        line = line.rstrip("\n")
        if not self.interactive:
            self.say(prompt + line)
        return line


def steer_sandbox(sandbox: Sandbox, words: list[str]) -> str:
    """Apply `:api …` to the sandbox and say what it will do; ValueError on bad arguments."""
    verb = words[0].lower()
    if verb == "fail":
        status, times = int(words[1]), int(words[2]) if len(words) > 2 else 1
        if not 400 <= status <= 599 or times < 1:
            raise ValueError(status)
        sandbox.fail_next(status, times=times)
        return f"the API will answer {status} to the next {times} request(s)"
    if verb == "slow":
        sandbox.latency = float(words[1])
        return f"every API request now takes {sandbox.latency:g} s"
    if verb == "timeout":
        times = int(words[1]) if len(words) > 1 else 1
        sandbox.hang_next(times)
        return f"the next {times} API request(s) will get no answer"
    if verb == "ok":
        sandbox.latency = 0
        sandbox.release_hangs()
        return "the API answers at once again"
    raise ValueError(verb)


def _label(element: Json, key: str = "text") -> str:
    value = element.get(key)
    return str(value.get("text") or "") if isinstance(value, dict) else ""


def _has_initial(element: Json) -> bool:
    keys = ("initial_value", "initial_option", "initial_user", "initial_options", "initial_date")
    return any(element.get(key) for key in keys)


# ----- who is who ------------------------------------------------------------------------------


@dataclass
class Member:
    """A workspace member as the fake Slack describes them to the bot."""

    name: str
    role: str
    tz: str
    locale: str


class Directory:
    """The fake workspace's members and channels, kept in step with the fake Slack."""

    def __init__(self, slack: FakeSlack, default_tz: str) -> None:
        self.slack = slack
        self.default_tz = default_tz
        self.people: dict[str, Member] = {}
        self.channels: dict[str, str] = {}

    @classmethod
    def for_config(cls, slack: FakeSlack, config: BotConfig) -> Directory:
        """The demo people plus everyone `bot.toml` names, and the teams' channels."""
        directory = cls(slack, config.default_timezone)
        for user_id, name, role, locale in DEMO_PEOPLE:
            if user_id == "U0TECH" or _named_in(config, user_id):
                directory.add(user_id, name, role, locale)
        for user_id in _people_of(config):
            if user_id not in directory.people:
                directory.add(user_id, _name_of(user_id), _role_of(config, user_id), "en-US")
        for channel, name in DEMO_CHANNELS.items():
            directory.add_channel(channel, name)
        for team in config.teams:
            if team.channel not in directory.channels:
                directory.add_channel(team.channel, team.name.lower().replace(" ", "-"))
        return directory

    @property
    def users(self) -> dict[str, str]:
        """User id → name."""
        return {user_id: member.name for user_id, member in self.people.items()}

    def add(self, user_id: str, name: str, role: str, locale: str) -> None:
        self.people[user_id] = Member(name, role, self.default_tz, locale)
        self._publish(user_id)

    def update(self, user_id: str, **changes: str) -> None:
        self.people[user_id] = dataclasses.replace(self.people[user_id], **changes)
        self._publish(user_id)

    def _publish(self, user_id: str) -> None:
        member = self.people[user_id]
        self.slack.add_user(user_id, name=member.name, tz=member.tz, locale=member.locale)

    def add_channel(self, channel: str, name: str) -> None:
        self.channels[channel] = name
        self.slack.add_channel(channel, name=name)

    def find_or_add(self, name: str) -> str:
        """The id of the member called `name`, registering a new one if nobody is."""
        for user_id, member in self.people.items():
            if terminal.same_label(member.name, name) or user_id == name:
                return user_id
        user_id = "U0" + re.sub(r"\W", "", name).upper()
        self.add(user_id, name.lower(), "member", "en-US")
        return user_id

    def find_or_add_channel(self, name: str) -> str:
        for channel, known in self.channels.items():
            if terminal.same_label(known, name) or channel == name:
                return channel
        channel = "C0" + re.sub(r"\W", "", name).upper()
        self.add_channel(channel, name.lower())
        return channel

    def describe(self, current: str) -> str:
        lines = []
        for user_id, member in self.people.items():
            mark = "*" if user_id == current else " "
            lines.append(
                f" {mark} @{member.name:<9} {member.role:<26} {member.locale:<6} {member.tz}"
            )
        lines.append("   channels: " + ", ".join(f"#{name}" for name in self.channels.values()))
        return "\n".join(lines)


def _people_of(config: BotConfig) -> list[str]:
    found = list(config.managers)
    for team in config.teams:
        found.extend(team.managers)
    found.extend(config.assignees)
    return list(dict.fromkeys(found))


def _named_in(config: BotConfig, user_id: str) -> bool:
    return user_id in _people_of(config)


def _name_of(user_id: str) -> str:
    return (user_id.removeprefix("U0") or user_id).lower()


def _role_of(config: BotConfig, user_id: str) -> str:
    if user_id in config.managers:
        return "global manager"
    teams = [team.name for team in config.teams if user_id in team.managers]
    if teams:
        return f"{', '.join(teams)} manager"
    return "assignee"


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
        for number, element in zip(numbers, simulation.buttons(shown.item), strict=False):
            action = str(element.get("action_id"))
            self._numbers[number] = ButtonRef(shown.key, action, str(element.get("value", "")))
        if count:
            self._recent = [key for key in self._recent if key != shown.key] + [shown.key]
        prefix = "updated: " if shown.change == "updated" else ""
        heading = terminal.heading(prefix + where, viewer)
        return f"{heading}\n{terminal.render_message(shown.item, viewer, numbers)}"

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

    def find_button(self, typed: str, reader: str) -> tuple[Shown, Json] | str:
        """The button a typed number or label names, on a message `reader` can see."""
        if typed.isdigit():
            return self._by_number(int(typed), reader)
        labels: list[str] = []
        for key in reversed(self._recent):
            item = self._fetch(key)
            if item is None or (key[0] == "e" and item.get("user") != reader):
                continue
            for element in simulation.buttons(item):
                label = _label(element)
                if terminal.same_label(label, typed):
                    return Shown(key, "new", item), element
                labels.append(label)
        if not labels:
            return f"no button “{typed}”: nothing you can see has buttons (type :help)"
        choices = ", ".join(dict.fromkeys(labels))
        return f"no button “{typed}” on what you can see; buttons: {choices} (type :help)"

    def _by_number(self, number: int, reader: str) -> tuple[Shown, Json] | str:
        ref = self._numbers.get(number)
        item = self._fetch(ref.key) if ref else None
        if ref is None or item is None:
            return f"there is no button [{number}]"
        if ref.key[0] == "e" and item.get("user") != reader:
            owner = self.directory.users.get(str(item.get("user")), "someone else")
            return f"button [{number}] is on a message only @{owner} can see"
        for element in simulation.buttons(item):
            same = str(element.get("value", "")) == ref.value
            if element.get("action_id") == ref.action_id and same:
                return Shown(ref.key, "new", item), element
        return f"button [{number}] is no longer there (its message changed)"
