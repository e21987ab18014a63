"""`python -m bot [serve|demo|when|check]`: reads `Settings` and `BotConfig` and starts one mode.

Every part of a running bot is built in one place, `bot.web.assemble`, for `serve` and the demo
alike. This is the one module that imports inside functions: each mode loads only what it needs,
so `when` starts without Slack, the store or the web server.
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
        from bot.slack.context import build_slack_client

        return run_check(sys.stdout, build_slack_client)
    try:
        settings = load_settings()
        config = load_bot_config(settings.bot_config)
        if args.command == "demo":
            from bot.demo.assembly import run_demo

            return run_demo(settings, config, sys.stdin, sys.stdout)
        settings.check_can_serve()
    except ConfigError as error:
        print(f"configuration error: {error}", file=sys.stderr)
        return 2
    from bot.web import serve

    return serve(settings, config)


if __name__ == "__main__":
    sys.exit(main())
