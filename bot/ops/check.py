"""`python -m bot check`: is this deployment right? Checked without changing anything.

One line per check (`ok` or `FAIL`, the part, what was found or what to fix): configuration, the
store (reachable, schema version), Slack (`auth.test` through `SLACK_API_URL`) and the
interventions API (DNS, TCP, TLS, an answer). Exit 0 only when every check passes.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TextIO

from bot.api.probe import probe_api
from bot.config import BotConfig, ConfigError, Settings, load_bot_config, load_settings
from bot.slack.watching import SlackCheckError, SlackClientFactory, identify
from bot.store.errors import StoreUnreachableError
from bot.store.status import read_schema_status

_SLACK_FIXES = {
    "invalid_auth": "SLACK_BOT_TOKEN is not a valid token: copy the Bot User OAuth Token again",
    "not_authed": "SLACK_BOT_TOKEN is empty",
    "account_inactive": "the app was uninstalled or its token revoked: reinstall the app",
    "token_revoked": "the token was revoked: reinstall the app and copy the new token",
    "not_allowed_token_type": "SLACK_BOT_TOKEN must be the bot token (xoxb-...)",
}


@dataclass(frozen=True)
class Outcome:
    """One line of the report."""

    part: str
    ok: bool
    text: str

    def line(self) -> str:
        return f"{'ok  ' if self.ok else 'FAIL'} {self.part}: {self.text}"


def run_check(out: TextIO, build_slack_client: SlackClientFactory) -> int:
    """Check everything, print one line each; 0 when all pass, 1 otherwise."""
    try:
        settings = load_settings()
        config = load_bot_config(settings.bot_config)
        settings.check_can_serve()
    except ConfigError as error:
        out.write(Outcome("configuration", False, str(error)).line() + "\n")
        return 1
    outcomes = [_configuration(settings, config)]
    outcomes += asyncio.run(_reachables(settings, build_slack_client))
    for outcome in outcomes:
        out.write(outcome.line() + "\n")
    return 0 if all(outcome.ok for outcome in outcomes) else 1


def _configuration(settings: Settings, config: BotConfig) -> Outcome:
    mode = "Socket Mode" if settings.socket_mode else f"HTTP on port {settings.port}"
    teams = ", ".join(team.name for team in config.teams) or "no teams"
    return Outcome("configuration", True, f"{mode}; {teams}; language {config.language}")


async def _reachables(settings: Settings, build_slack_client: SlackClientFactory) -> list[Outcome]:
    return list(
        await asyncio.gather(
            _store(settings.database_url),
            _slack(settings, build_slack_client),
            _api(settings),
        )
    )


async def _store(url: str) -> Outcome:
    try:
        status = await read_schema_status(url)
    except StoreUnreachableError as error:
        fix = "check DATABASE_URL (host, port, credentials) and that the database is up"
        return Outcome("store", False, f"cannot connect to {error.where} ({error.reason}): {fix}")
    if status.too_new:
        return Outcome(
            "store",
            False,
            f"{status.where} is at schema version {status.version}, newer than this bot's "
            f"{status.head}: deploy the newer bot, or restore a matching backup",
        )
    if status.version is None:
        state = f"no schema yet (start-up creates version {status.head})"
    elif status.pending:
        state = f"schema version {status.version}, {status.pending} migration(s) at start-up"
    else:
        state = f"schema version {status.version} (up to date)"
    return Outcome("store", True, f"{status.where}: {state}")


async def _slack(settings: Settings, build_slack_client: SlackClientFactory) -> Outcome:
    client = build_slack_client(settings)
    client.retry_handlers.clear()  # a check answers at once, it does not wait out rate limits
    try:
        who = await identify(client)
    except SlackCheckError as error:
        fix = _SLACK_FIXES.get(
            error.reason, f"check SLACK_API_URL ({settings.slack_api_url}) and the network"
        )
        return Outcome("slack", False, f"auth.test failed ({error.reason}): {fix}")
    return Outcome("slack", True, f"workspace {who.team!r}, bot {who.user!r}")


async def _api(settings: Settings) -> Outcome:
    if settings.uses_sandbox:
        return Outcome(
            "interventions API",
            True,
            "embedded sandbox: nothing is sent to a real API (set INTERVENTIONS_API_URL)",
        )
    result = await probe_api(settings.interventions_api_url)
    if result.failed_at is None:
        return Outcome("interventions API", True, f"{result.url} answers ({result.detail})")
    fix = {
        "url": "INTERVENTIONS_API_URL must be https://host/stage",
        "dns": "the host name does not resolve: check INTERVENTIONS_API_URL and DNS",
        "connect": "nothing answers on that host and port: check the URL and the firewall",
        "tls": "the TLS handshake failed: check the certificate or the https URL",
        "http": "connected but got no HTTP answer: check the URL and any proxy",
    }[result.failed_at]
    return Outcome(
        "interventions API",
        False,
        f"{result.url}: {result.failed_at} failed ({result.detail}): {fix}",
    )
