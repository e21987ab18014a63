"""`python -m bot when`: one time phrase a line on stdin -> one JSON object a line on stdout.

The parser behind the slash commands, exposed for admins and checks. No status here, so a start
in the past is an error. Errors are short English sentences quoting the words at fault. A
recurring phrase (`every monday 8am for 6 weeks`) gets `{"text", "occurrences": [{"start",
"end"}, ...]}`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.config import ConfigError, load_bot_config
from bot.model import TimeWindow, WindowDefaults, format_api_timestamp
from bot.parsing.errors import ParseError, ParseProblem
from bot.parsing.series import Series, read_schedule

_SENTENCES = {
    ParseProblem.EMPTY: "empty phrase: nothing to read",
    ParseProblem.UNREADABLE: "could not read '{fragment}'",
    ParseProblem.INVALID_DATE: "'{fragment}' is not a valid date",
    ParseProblem.INVALID_TIME: "'{fragment}' is not a valid time",
    ParseProblem.CONFLICTING: "'{fragment}' contradicts the rest of the phrase",
    ParseProblem.END_NOT_AFTER_START: "the end '{fragment}' is not after the start",
    ParseProblem.IN_PAST: "'{fragment}' is in the past",
    ParseProblem.NONEXISTENT_TIME: "'{fragment}' does not exist on that day (clocks skip it)",
    ParseProblem.TOO_MANY_OCCURRENCES: "'{fragment}' makes more than 52 occurrences (at most 52)",
    ParseProblem.NO_END: "'{fragment}' has no end: add 'for 6 weeks', 'until 31 march'...",
}


class _UsageError(Exception):
    """A bad argument; the message says which."""


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bot when",
        description="Read time phrases on stdin, write one JSON object a line.",
    )
    parser.add_argument("--now", required=True, help="reference instant, ISO 8601")
    parser.add_argument("--tz", required=True, help="IANA time zone, e.g. Europe/Paris")
    parser.add_argument("--locale", default="en", help="en (default), fr, en-GB...")
    parser.add_argument("--config", default=None, help="bot.toml to take defaults from")
    return parser.parse_args(argv)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise _UsageError(f"--tz: unknown time zone {name!r}") from error


def _now(value: str, zone: ZoneInfo) -> datetime:
    """`--now` with an offset as given, without one read in `--tz`."""
    try:
        now = datetime.fromisoformat(value.strip())
    except ValueError as error:
        raise _UsageError(f"--now: not an ISO 8601 instant: {value!r}") from error
    return now if now.tzinfo is not None else now.replace(tzinfo=zone)


def _defaults(config: str | None) -> WindowDefaults:
    """`workday` and `default_duration` from bot.toml, when there is one."""
    path = config or os.environ.get("BOT_CONFIG") or None
    if path is None and not Path("bot.toml").exists():
        return WindowDefaults()
    try:
        return load_bot_config(Path(path) if path else None).window_defaults
    except ConfigError as error:
        raise _UsageError(str(error)) from error


def describe(error: ParseError) -> str:
    """A short English sentence for a parse error, quoting the user's words."""
    template = _SENTENCES.get(error.problem, "{problem}: {fragment}")
    return template.format(fragment=error.fragment, problem=error.problem.value)


def answer(
    text: str, *, now: datetime, tz: ZoneInfo, locale: str, defaults: WindowDefaults
) -> dict[str, object]:
    """The JSON object for one input line: a window, a recurring plan's occurrences, or an
    error."""
    try:
        found = read_schedule(text, now=now, tz=tz, locale=locale, defaults=defaults)
    except ParseError as error:
        return {"text": text, "error": describe(error)}
    if isinstance(found, Series):
        return {"text": text, "occurrences": [_window(window) for window in found.occurrences]}
    return {"text": text, **_window(found.window)}


def _window(window: TimeWindow) -> dict[str, object]:
    return {"start": format_api_timestamp(window.start), "end": format_api_timestamp(window.end)}


def run(argv: list[str], stdin: TextIO, stdout: TextIO) -> int:
    """Serve `when` until stdin ends; 2 on bad arguments or configuration."""
    args = _arguments(argv)
    try:
        zone = _zone(args.tz)
        now = _now(args.now, zone)
        defaults = _defaults(args.config)
    except _UsageError as error:
        sys.stderr.write(f"python -m bot when: {error}\n")
        return 2
    for line in stdin:
        text = line.rstrip("\r\n")
        result = answer(text, now=now, tz=zone, locale=args.locale, defaults=defaults)
        stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        stdout.flush()
    return 0
