"""One terminal user driving the app: slash commands, button presses, modals, `:` commands.

After each input it waits until the app is idle (no task of its own left, the fake Slack quiet)
and prints what changed, so piped stories give the same output every time.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TextIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.api.sandbox import Sandbox
from bot.config import parse_duration
from bot.demo import terminal
from bot.demo.controls import HELP, steer_sandbox
from bot.demo.directory import TECHNICIAN, Directory
from bot.demo.feed import Feed
from bot.fakes.slack import FakeSlack, payloads
from bot.slack.in_process import Dispatcher

Json = dict[str, Any]
_QUIET_SECONDS = 0.15  # no Slack call for this long: the app is done with the input


class EndOfInputError(Exception):
    """stdin is exhausted."""


class ModalCancelledError(Exception):
    """The user closed the modal."""


class Session:
    """One terminal user driving the app: reads lines, dispatches payloads, prints the feed."""

    def __init__(
        self,
        send: Dispatcher,
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
        self.user = TECHNICIAN
        self.channel = "C0GENERAL"
        self.forget_profiles: Callable[[], None] = lambda: None
        self.api_timeout = 20.0
        self.background: set[asyncio.Task[None]] = set()  # long-lived: never "busy"
        self.skipped = timedelta(0)
        self.pass_time: Callable[[timedelta], Awaitable[datetime]] | None = None

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

    async def dispatch(self, payload: payloads.SlackPayload) -> Json:
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
        payload = payloads.slash_command(
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
        self.say(f"(@{self.name} pressed “{terminal.unescape(terminal.label_of(element))}”)")
        payload = payloads.block_action(
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
            values = payloads.fill_view(view, answers)
        except (ValueError, LookupError) as error:
            self.say(f"  {error}")
            return terminal.input_blocks(view)
        ack = await self.dispatch(
            payloads.view_submission(view, values, user_id=self.user, user_name=self.name)
        )
        self.slack.apply_view_ack(view["id"], ack)
        errors = ack.get("errors") if ack.get("response_action") == "errors" else None
        if not errors:
            self.feed.touch()
            return []
        blocks = [b for b in terminal.input_blocks(view) if b.get("block_id") in errors]
        for block in blocks:
            refusal = terminal.render_mrkdwn(str(errors[block["block_id"]]), self.viewer)
            self.say(f"  ✗ {terminal.label_of(block, 'label')}: " + refusal.replace("\n", "\n    "))
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
        elif verb == "home":
            await self.open_home()
        elif verb == "wait":
            await self.wait(rest)
        elif verb in actions:
            actions[verb](rest)
        else:
            self.say(f"unknown command :{verb}; type :help")
        return True

    async def open_home(self) -> None:
        """Open the app's Home tab as Slack would (`app_home_opened`) and print it."""
        await self.dispatch(payloads.app_home_opened(user_id=self.user))
        await self.settle()
        tab = self.slack.home_tab(self.user)
        if tab is None:
            self.say("(the bot published no Home tab)")
            return
        self.say(terminal.heading(f"Home tab of @{self.name}", self.viewer))
        self.say(terminal.render_message(tab, self.viewer))

    async def wait(self, rest: str) -> None:
        """Let time pass for the bot (`:wait 1h`): reminders due by then are sent."""
        try:
            delta = parse_duration(rest)
        except ValueError:
            self.say("usage: :wait DURATION (e.g. :wait 1h, :wait 45min)")
            return
        if self.pass_time is None:
            return
        now = await self.pass_time(delta)
        self.skipped += delta
        self.say(f"(the bot's clock now reads {now.astimezone(self.viewer.zone):%a %d %b %H:%M})")

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
            now=datetime.now(UTC) + self.skipped,
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
                self.say("")  # the prompt's line is still open
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


def _has_initial(element: Json) -> bool:
    keys = ("initial_value", "initial_option", "initial_user", "initial_options", "initial_date")
    return any(element.get(key) for key in keys)
