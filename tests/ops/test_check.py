"""`python -m bot check` against the fakes: passes, and fails naming the part that is wrong."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bot.api.sandbox import Sandbox
from bot.fakes.slack.fake import FakeSlack
from tests.api.servers import refused_url
from tests.ops.conftest import process_for


def run_check(tmp_path: Path, fake_slack: FakeSlack, api_url: str, **env: str) -> tuple[int, str]:
    process = process_for(tmp_path, fake_slack, api_url, **env)
    done = subprocess.run(  # our own interpreter and module
        [sys.executable, "-m", "bot", "check"],
        env=process.env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return done.returncode, done.stdout


def line_of(output: str, part: str) -> str:
    [line] = [line for line in output.splitlines() if line.split(":")[0].endswith(part)]
    return line


def test_check_passes_against_the_fakes_and_writes_nothing(
    tmp_path: Path, fake_slack: FakeSlack, served_api: tuple[Sandbox, str]
) -> None:
    code, output = run_check(tmp_path, fake_slack, served_api[1])
    assert code == 0, output
    assert len(output.splitlines()) == 4
    assert all(line.startswith("ok ") for line in output.splitlines())
    assert "Fake Workspace" in line_of(output, "slack")
    assert "'preventive'" in line_of(output, "slack")
    assert "no schema yet" in line_of(output, "store")
    assert "answers (HTTP" in line_of(output, "interventions API")
    assert not (tmp_path / "bot.db").exists()
    assert [call.method for call in fake_slack.calls] == ["auth.test"]
    assert served_api[0].requests[-1].method == "GET"


def test_a_wrong_slack_token_fails_the_slack_line(
    tmp_path: Path, fake_slack: FakeSlack, served_api: tuple[Sandbox, str]
) -> None:
    code, output = run_check(tmp_path, fake_slack, served_api[1], SLACK_BOT_TOKEN="bogus-token")  # noqa: S106  # a wrong token on purpose
    assert code == 1
    assert line_of(output, "slack").startswith("FAIL slack: auth.test failed (invalid_auth)")
    assert "SLACK_BOT_TOKEN" in line_of(output, "slack")
    assert line_of(output, "store").startswith("ok ")


def test_an_unreachable_api_fails_the_api_line(tmp_path: Path, fake_slack: FakeSlack) -> None:
    code, output = run_check(tmp_path, fake_slack, refused_url())
    assert code == 1
    line = line_of(output, "interventions API")
    assert line.startswith("FAIL interventions API:")
    assert "connect failed (ConnectionRefusedError)" in line
    assert line_of(output, "slack").startswith("ok ")


def test_an_unreachable_database_fails_the_store_line(
    tmp_path: Path, fake_slack: FakeSlack, served_api: tuple[Sandbox, str]
) -> None:
    port = refused_url().rsplit(":", 1)[1]
    url = f"postgresql://bot:hunter2-PLANTED@127.0.0.1:{port}/bot"
    code, output = run_check(tmp_path, fake_slack, served_api[1], DATABASE_URL=url)
    assert code == 1
    line = line_of(output, "store")
    assert line.startswith("FAIL store: cannot connect to")
    assert "DATABASE_URL" in line
    assert "hunter2-PLANTED" not in output


def test_a_configuration_error_is_one_failing_line(
    tmp_path: Path, fake_slack: FakeSlack, served_api: tuple[Sandbox, str]
) -> None:
    code, output = run_check(tmp_path, fake_slack, served_api[1], SLACK_SIGNING_SECRET="")
    assert code == 1
    assert output.startswith("FAIL configuration: SLACK_SIGNING_SECRET is required")
