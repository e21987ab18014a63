"""`python -m bot when` as a program: phrases on stdin, one JSON object a line on stdout."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.when import run

RUNNER = "import sys; from bot.when import run; sys.exit(run(sys.argv[1:], sys.stdin, sys.stdout))"
PARIS_ARGS = ["--now", "2026-03-10T09:15:00+01:00", "--tz", "Europe/Paris"]


def answers(lines: list[str], argv: list[str] = PARIS_ARGS) -> list[dict[str, str]]:
    stdout = io.StringIO()
    assert run(argv, io.StringIO("".join(f"{line}\n" for line in lines)), stdout) == 0
    return [json.loads(line) for line in stdout.getvalue().splitlines()]


def test_each_line_gets_one_answer_in_order() -> None:
    found = answers(["8am", "", "blursday", "demain 8h à 12h"])
    assert found == [
        {"text": "8am", "start": "2026-03-11T07:00:00.000Z", "end": "2026-03-11T09:00:00.000Z"},
        {"text": "", "error": "empty phrase: nothing to read"},
        {"text": "blursday", "error": "could not read 'blursday'"},
        {
            "text": "demain 8h à 12h",
            "start": "2026-03-11T07:00:00.000Z",
            "end": "2026-03-11T11:00:00.000Z",
        },
    ]


def test_past_start_is_an_error_line_quoting_it() -> None:
    assert answers(["yesterday 9am"]) == [
        {"text": "yesterday 9am", "error": "'yesterday 9am' is in the past"}
    ]


def test_now_without_offset_is_read_in_the_zone() -> None:
    naive = ["--now", "2026-03-10T16:40:00", "--tz", "America/New_York"]
    assert answers(["5pm"], naive) == answers(
        ["5pm"], ["--now", "2026-03-10T16:40:00-04:00", "--tz", "America/New_York"]
    )
    assert answers(["5pm"], naive)[0]["start"] == "2026-03-10T21:00:00.000Z"


def test_locale_fr_reads_numeric_dates_day_first() -> None:
    found = answers(["01/04/2026"], [*PARIS_ARGS, "--locale", "fr"])
    assert found[0]["start"] == "2026-04-01T06:00:00.000Z"


def test_config_file_sets_workday_and_duration(tmp_path: Path) -> None:
    config = tmp_path / "bot.toml"
    config.write_text('default_duration = "1h"\nworkday = "07:00-15:00"\n', encoding="utf-8")
    found = answers(["tomorrow", "tomorrow 9am"], [*PARIS_ARGS, "--config", str(config)])
    assert [a["start"] for a in found] == ["2026-03-11T06:00:00.000Z", "2026-03-11T08:00:00.000Z"]
    assert [a["end"] for a in found] == ["2026-03-11T14:00:00.000Z", "2026-03-11T09:00:00.000Z"]


@pytest.mark.parametrize(
    "argv",
    [
        ["--now", "yesterday", "--tz", "Europe/Paris"],
        ["--now", "2026-03-10T09:15", "--tz", "Mars/Olympus"],
    ],
)
def test_bad_arguments_exit_2_without_output(argv: list[str]) -> None:
    stdout = io.StringIO()
    assert run(argv, io.StringIO("8am\n"), stdout) == 2
    assert stdout.getvalue() == ""


def test_runs_as_a_program_reading_stdin() -> None:
    result = subprocess.run(  # noqa: S603  # our own interpreter, fixed arguments
        [sys.executable, "-c", RUNNER, *PARIS_ARGS, "--locale", "fr"],
        input="demain 8h à 12h\n\n",
        capture_output=True,
        text=True,
        check=True,
        encoding="utf-8",
    )
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [sorted(line) for line in lines] == [["end", "start", "text"], ["error", "text"]]
