"""`python -m bot [serve|demo|when|check]`: the only composition root.

Builds `Settings` and `BotConfig` and hands them down; heavy modules are imported only by the
subcommand that needs them, so `when` starts fast.
"""

from __future__ import annotations

import argparse
import os
import sys

from bot.config import ConfigError, load_bot_config, load_settings
from bot.ops.logs import configure_logging

_DESCRIPTION = "Preventive-intervention bot for Slack."


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=_DESCRIPTION)
    commands = parser.add_subparsers(dest="command", metavar="{serve,demo,when,check}")
    commands.add_parser("serve", help="serve Slack (default): HTTP on $PORT, or Socket Mode")
    commands.add_parser("check", help="check the deployment (store, Slack, API); writes nothing")
    commands.add_parser("demo", help="the whole bot in a terminal, no Slack and no API account")
    when = commands.add_parser("when", help="read time phrases on stdin, write JSON lines")
    when.add_argument("--now", required=True, help="reference instant, ISO 8601")
    when.add_argument("--tz", required=True, help="IANA time zone, e.g. Europe/Paris")
    when.add_argument("--locale", default="en", help="en (default), fr, en-GB...")
    when.add_argument("--config", default=None, help="bot.toml to take defaults from")
    return parser


def main(argv: list[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["when"]:
        from bot.when import run as run_when

        return run_when(args_list[1:], sys.stdin, sys.stdout)
    args = _parser().parse_args(args_list)
    configure_logging(os.environ.get("LOG_FORMAT", "text").strip().lower())
    if args.command == "check":
        from bot.ops.check import run_check
        from bot.slack.app import build_client

        return run_check(sys.stdout, build_client)
    try:
        settings = load_settings()
        config = load_bot_config(settings.bot_config)
        if args.command == "demo":
            from bot.console import run_demo

            return run_demo(settings, config, sys.stdin, sys.stdout)
        settings.check_can_serve()
    except ConfigError as error:
        print(f"configuration error: {error}", file=sys.stderr)
        return 2
    from bot.web import serve

    return serve(settings, config)


if __name__ == "__main__":
    sys.exit(main())
