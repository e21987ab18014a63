"""`python -m bot` as a program: help, and start-up errors that name the variable or key."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import BotConfig, ConfigError, Settings, load_bot_config, load_settings

ROOT = Path(__file__).resolve().parent.parent


def run_bot(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLACK_", "INTERVENTIONS_", "BOT_", "DATABASE_"))
    }
    return subprocess.run(  # noqa: S603  # our own interpreter and module
        [sys.executable, "-m", "bot", *args],
        env={**clean, "PYTHONPATH": str(ROOT), **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd or ROOT,
        check=False,
    )


def test_help_lists_the_three_subcommands() -> None:
    result = run_bot("--help")
    assert result.returncode == 0
    for name in ("serve", "demo", "when"):
        assert name in result.stdout


def test_serve_without_a_bot_token_exits_naming_it(tmp_path: Path) -> None:
    result = run_bot("serve", cwd=tmp_path)
    assert result.returncode != 0
    assert "SLACK_BOT_TOKEN" in result.stderr


def test_http_mode_without_a_signing_secret_exits_naming_it(tmp_path: Path) -> None:
    result = run_bot(env={"SLACK_BOT_TOKEN": "xoxb-1"}, cwd=tmp_path)
    assert result.returncode != 0
    assert "SLACK_SIGNING_SECRET" in result.stderr


def test_a_malformed_variable_is_named(tmp_path: Path) -> None:
    result = run_bot(env={"SLACK_BOT_TOKEN": "xoxb-1", "PORT": "eighty"}, cwd=tmp_path)
    assert result.returncode != 0
    assert "PORT" in result.stderr


@pytest.mark.parametrize(
    ("toml", "named"),
    [
        pytest.param('default_timezone = "Mars/Olympus"', "default_timezone", id="unknown-zone"),
        pytest.param(
            '[[teams]]\nname = "HVAC"\nroutines = [12]',
            "teams.0.channel",
            id="team-without-channel",
        ),
        pytest.param("[assignees]\nU0BOB = {}", "assignees.U0BOB", id="assignee-without-id"),
        pytest.param('workday = "17:00-08:00"', "workday", id="backwards-workday"),
        pytest.param('default_duration = "soon"', "default_duration", id="bad-duration"),
        pytest.param('langage = "fr"', "langage", id="unknown-key"),
    ],
)
def test_a_bad_bot_toml_key_is_named_with_its_file(tmp_path: Path, toml: str, named: str) -> None:
    path = tmp_path / "bot.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_bot_config(path)
    assert named in str(caught.value)
    assert str(path) in str(caught.value)


def test_settings_never_show_their_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-very-secret-4411")
    monkeypatch.setenv("INTERVENTIONS_API_TOKEN", "api-very-secret-4412")
    monkeypatch.setenv("INTERVENTIONS_SESSION_TOKEN", "session-very-secret-4413")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "signing-very-secret-4414")
    settings = load_settings()
    shown = repr(settings) + str(settings) + repr(settings.model_dump())
    for secret in (
        "xoxb-very-secret-4411",
        "api-very-secret-4412",
        "session-very-secret-4413",
        "signing-very-secret-4414",
    ):
        assert secret not in shown


def test_an_empty_environment_means_the_sandbox_and_sqlite() -> None:
    settings = Settings.model_validate({})
    assert settings.uses_sandbox
    assert settings.database_url.startswith("sqlite:")
    assert BotConfig().window_defaults.default_duration.total_seconds() == 7200


def test_an_unreachable_database_stops_start_up_with_one_line_and_no_password(
    tmp_path: Path,
) -> None:
    env = {
        "SLACK_BOT_TOKEN": "xoxb-1",
        "SLACK_SIGNING_SECRET": "s",
        "DATABASE_URL": "postgresql://bot:hunter2-secret@127.0.0.1:1/bot",
    }
    result = run_bot(env=env, cwd=tmp_path)
    assert result.returncode == 2
    assert "DATABASE_URL: cannot connect to" in result.stderr
    assert "hunter2-secret" not in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
