"""Settings (environment, pydantic-settings) and BotConfig (`bot.toml`).

Nothing here is built at import time: `bot.__main__` builds both and passes them down.
Every validation failure becomes a `ConfigError` whose one line names the variable or key.
"""

from __future__ import annotations

import re
import tomllib
from datetime import time, timedelta
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.model import Assignee, Language, WindowDefaults

SANDBOX = "sandbox"
_DURATION_PART = re.compile(r"(\d+)\s*(d|h|min|m|s)", re.IGNORECASE)
_UNIT_SECONDS = {"d": 86400, "h": 3600, "min": 60, "m": 60, "s": 1}


class ConfigError(Exception):
    """Start-up configuration is missing or malformed; the message names the culprit."""


def parse_duration(value: object) -> timedelta:
    """Read `2h`, `90min`, `1h30`, `48h` or a number of seconds into a timedelta."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return timedelta(seconds=value)
    text = str(value).strip().lower().replace(" ", "")
    match = re.fullmatch(r"(\d+)h(\d+)", text)
    if match:
        return timedelta(hours=int(match[1]), minutes=int(match[2]))
    parts = _DURATION_PART.findall(text)
    if not parts or "".join(n + u for n, u in parts) != text:
        raise ValueError(f"expected a duration like '2h', '90min' or '1h30', got {value!r}")
    seconds = sum(int(n) * _UNIT_SECONDS[u] for n, u in parts)
    if seconds <= 0:
        raise ValueError("a duration must be positive")
    return timedelta(seconds=seconds)


def _parse_workday(value: object) -> tuple[time, time]:
    if isinstance(value, tuple):
        return value  # already parsed
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*", str(value))
    if not match:
        raise ValueError(f"expected 'HH:MM-HH:MM', got {value!r}")
    try:
        start = time(int(match[1]), int(match[2]))
        end = time(int(match[3]), int(match[4]))
    except ValueError as error:
        raise ValueError(f"not a time of day in {value!r}") from error
    if end <= start:
        raise ValueError("the workday must end after it starts")
    return start, end


def _check_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"unknown time zone {value!r}") from error
    return value


def _parse_reminder_before(value: object) -> timedelta:
    """`reminder_before`: a duration, or `"0"` (no reminders)."""
    if str(value).strip().lower() in ("0", "0h", "0min", "0s", "off"):
        return timedelta(0)
    return parse_duration(value)


Duration = Annotated[timedelta, BeforeValidator(parse_duration)]
Workday = Annotated[tuple[time, time], BeforeValidator(_parse_workday)]
ZoneName = Annotated[str, BeforeValidator(_check_zone)]


class Team(BaseModel):
    """A team: its channel receives the confirmations of its routines."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    channel: str = Field(min_length=1)
    routines: list[int] = []
    managers: list[str] = []


class AssigneeMapping(BaseModel):
    """A Slack user's identity in the API: a profile or a company contact."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    profile_id: int | None = None
    company_contact_id: int | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> AssigneeMapping:
        if (self.profile_id is None) == (self.company_contact_id is None):
            raise ValueError("give exactly one of profile_id or company_contact_id")
        return self


class BotConfig(BaseModel):
    """The contents of `bot.toml`; every key is optional."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    default_timezone: ZoneName = "Europe/Paris"
    language: Language = Language.EN
    default_duration: Duration = timedelta(hours=2)
    workday: Workday = (time(8, 0), time(17, 0))
    managers: list[str] = []
    approval_ttl: Duration = timedelta(hours=48)
    reminder_before: Annotated[timedelta, BeforeValidator(_parse_reminder_before)] = timedelta(
        hours=1
    )
    teams: list[Team] = []
    assignees: dict[str, AssigneeMapping] = {}
    routines: dict[int, str] = {}  # optional names, shown in previews and confirmations

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.default_timezone)

    @property
    def window_defaults(self) -> WindowDefaults:
        return WindowDefaults(
            default_duration=self.default_duration,
            workday_start=self.workday[0],
            workday_end=self.workday[1],
        )

    def routine_label(self, routine_id: int) -> str:
        """`12 — Chiller 2, quarterly check` when `[routines]` names it, else `12`."""
        name = self.routines.get(routine_id)
        return f"{routine_id} — {name}" if name else str(routine_id)

    def knows_routine(self, routine_id: int) -> bool:
        """False when teams or `[routines]` list routines and none lists this one."""
        listed = {routine for team in self.teams for routine in team.routines}
        listed |= set(self.routines)
        return not listed or routine_id in listed

    def assignee_for(self, slack_user_id: str) -> Assignee:
        """The API identity of a Slack user, unmapped when `bot.toml` does not list them."""
        mapping = self.assignees.get(slack_user_id)
        if mapping is None:
            return Assignee(slack_user_id=slack_user_id)
        return Assignee(
            slack_user_id=slack_user_id,
            profile_id=mapping.profile_id,
            company_contact_id=mapping.company_contact_id,
        )

    def slack_user_for(self, assignee: Assignee) -> str | None:
        """The Slack user `bot.toml` maps to this API identity, if any."""
        if assignee.slack_user_id:
            return assignee.slack_user_id
        for user_id, mapping in self.assignees.items():
            if assignee.profile_id is not None and mapping.profile_id == assignee.profile_id:
                return user_id
            if (
                assignee.company_contact_id is not None
                and mapping.company_contact_id == assignee.company_contact_id
            ):
                return user_id
        return None


class Settings(BaseSettings):
    """Environment variables of DESIGN.md. Tokens are `SecretStr`: never in a repr or a log."""

    model_config = SettingsConfigDict(extra="ignore", hide_input_in_errors=True)

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"
    interventions_api_url: str = SANDBOX
    interventions_api_token: SecretStr = SecretStr("")
    interventions_session_token: SecretStr = SecretStr("")
    interventions_api_timeout: float = Field(default=20.0, gt=0, le=600)
    database_url: str = "sqlite:///data/bot.db"
    bot_config: Path | None = None
    port: int = Field(default=3000, ge=0, le=65535)
    log_format: Literal["text", "json"] = "text"
    # A recurring plan's creates in flight at once, per process (DESIGN "Recurring plans").
    series_concurrency: int = Field(default=4, ge=1, le=32)

    @field_validator("slack_api_url")
    @classmethod
    def _slash_terminated(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("expected an http(s) URL")
        return value if value.endswith("/") else value + "/"

    @field_validator("interventions_api_url", mode="before")
    @classmethod
    def _sandbox_when_blank(cls, value: object) -> object:
        if value is None or (isinstance(value, str) and value.strip() in ("", SANDBOX)):
            return SANDBOX
        if isinstance(value, str) and not value.startswith(("http://", "https://")):
            raise ValueError("expected an http(s) URL or 'sandbox'")
        return value

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        if not value.startswith(("sqlite:", "postgresql:", "postgres:", "postgresql+")):
            raise ValueError("expected sqlite:///path or postgresql://...")
        return value

    @property
    def uses_sandbox(self) -> bool:
        return self.interventions_api_url == SANDBOX

    @property
    def socket_mode(self) -> bool:
        return self.slack_app_token is not None and bool(self.slack_app_token.get_secret_value())

    def check_can_serve(self) -> None:
        """Raise `ConfigError` naming the first variable serving Slack needs and lacks."""
        if not _is_set(self.slack_bot_token):
            raise ConfigError("SLACK_BOT_TOKEN is required to serve Slack (xoxb-...)")
        if not self.socket_mode and not _is_set(self.slack_signing_secret):
            raise ConfigError(
                "SLACK_SIGNING_SECRET is required in HTTP mode (or set SLACK_APP_TOKEN for "
                "Socket Mode)"
            )
        if not self.uses_sandbox and not _is_set(self.interventions_api_token):
            raise ConfigError("INTERVENTIONS_API_TOKEN is required with INTERVENTIONS_API_URL")
        if not self.uses_sandbox and not _is_set(self.interventions_session_token):
            raise ConfigError("INTERVENTIONS_SESSION_TOKEN is required with INTERVENTIONS_API_URL")


def _is_set(secret: SecretStr | None) -> bool:
    return secret is not None and bool(secret.get_secret_value().strip())


def load_settings() -> Settings:
    """Read the environment, turning a validation failure into a one-line `ConfigError`."""
    try:
        return Settings()
    except ValidationError as error:
        first = error.errors()[0]
        name = str(first["loc"][0]).upper() if first["loc"] else "environment"
        raise ConfigError(f"{name}: {first['msg']}") from None


def load_bot_config(path: Path | None) -> BotConfig:
    """Read `bot.toml` (the given path, else `./bot.toml` when present, else defaults)."""
    if path is None:
        default = Path("bot.toml")
        if not default.exists():
            return BotConfig()
        path = default
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"BOT_CONFIG: {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"BOT_CONFIG: cannot read {path}: {error.__class__.__name__}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    try:
        return BotConfig.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        key = ".".join(str(part) for part in first["loc"]) or "(top level)"
        raise ConfigError(f"{path}: {key}: {first['msg']}") from None
