"""`python -m bot demo` as a program: a story piped on stdin, the rendered Slack on stdout."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.config import BotConfig
from bot.demo.assembly import demo_config
from bot.demo.directory import Directory
from bot.demo.terminal import Viewer, render_mrkdwn
from bot.fakes.slack import FakeSlack
from bot.i18n.catalog import t

_SETTINGS = ("SLACK_", "INTERVENTIONS_", "DATABASE_URL", "BOT_CONFIG", "PORT")


@dataclass(frozen=True)
class Section:
    """One thing the bot showed: its heading (where it went) and its body lines."""

    where: str
    lines: list[str]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass(frozen=True)
class Demo:
    returncode: int
    stdout: str
    stderr: str

    def sections(self) -> list[Section]:
        found: list[Section] = []
        for line in self.stdout.splitlines():
            if line.startswith("── "):
                found.append(Section(line.strip("─ "), []))
            elif found and line.startswith("  "):
                found[-1].lines.append(line.strip())
            elif found and found[-1].lines:
                found.append(Section("", []))  # a prompt or a note ends the section
        return [section for section in found if section.where]

    def shown_in(self, where: str, containing: str) -> Section:
        """The first section sent to `where` whose text contains `containing`."""
        for section in self.sections():
            if section.where == where and containing in section.text:
                return section
        raise AssertionError(f"nothing in {where!r} contains {containing!r}:\n{self.stdout}")


def run_demo(story: str, cwd: Path) -> Demo:
    env = {key: value for key, value in os.environ.items() if not key.startswith(_SETTINGS)}
    done = subprocess.run(  # our own program, fixed arguments
        [sys.executable, "-m", "bot", "demo"],
        input=story,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=env,
        timeout=180,
        check=False,
    )
    return Demo(done.returncode, done.stdout, done.stderr)


def shown(text: str) -> str:
    """A catalog text as the demo prints it (mrkdwn rendered, no emphasis marks)."""
    viewer = Viewer(zone=ZoneInfo("Europe/Paris"), now=datetime.now(UTC))
    return render_mrkdwn(text, viewer)


STORY = """\
/preventive create 12 tomorrow 8am to 5pm assign @bob
1
:lang fr
/preventive reschedule 42 demain 14h à 16h
Confirmer
:lang en
/preventive assign 42 @alice bob is on leave
approve
:as manager
:press Approve
:as tech
:tz America/New_York
:api fail 500
/preventive create 13 tomorrow 9am
confirm
:api ok
/preventive
13
tomorrow blursday
2
@bob
tomorrow 3pm
"""


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> tuple[Demo, Path]:
    cwd = tmp_path_factory.mktemp("demo")
    return run_demo(STORY, cwd), cwd


def test_demo_story_ends_cleanly_at_end_of_input(story: tuple[Demo, Path]) -> None:
    demo, cwd = story
    assert demo.returncode == 0, demo.stderr
    assert demo.stdout.rstrip().endswith("bye")
    assert "\x1b" not in demo.stdout
    assert "Traceback" not in demo.stderr
    assert list(cwd.iterdir()) == [], "the demo keeps its database in a temporary folder"


def test_demo_create_shows_a_private_preview_then_the_confirmation_in_the_team_channel(
    story: tuple[Demo, Path],
) -> None:
    demo, _ = story
    preview = demo.shown_in("ephemeral to you in #general", "Routine: 12")
    assert "Assignee: @bob" in preview.lines
    assert preview.lines[-1] == "[1] Confirm  [2] Edit  [3] Cancel"
    assert "tech@#general> 1\n(@tech pressed “Confirm”)" in demo.stdout
    confirmation = demo.shown_in("#hvac", "PREVENTIVE INTERVENTION #42")
    assert "Requested by: @tech" in confirmation.lines
    assert "Assignee: @bob" in confirmation.lines
    assert confirmation.lines[-1].endswith("Reschedule  [5] Reassign  [6] Mark done  [7] Edit")


def test_demo_reschedule_in_french_previews_in_french_and_replies_in_the_thread(
    story: tuple[Demo, Path],
) -> None:
    demo, _ = story
    preview = demo.shown_in(
        "ephemeral to you in #general", shown(t("preview.read_as", "fr", text="demain 14h à 16h"))
    )
    assert shown(t("preview.reschedule.title", "fr", id=42)) in preview.text
    assert "Confirmer" in preview.lines[-1]
    reply = demo.shown_in("thread of #42 in #hvac", "@tech")
    assert "demain 14:00 → demain 16:00" in reply.text  # date tokens read in fr by a fr reader
    demo.shown_in("updated: #hvac", "When: demain 14:00 → demain 16:00")


def test_demo_reassignment_by_a_technician_waits_for_a_manager_who_approves(
    story: tuple[Demo, Path],
) -> None:
    demo, _ = story
    request = demo.shown_in("thread of #42 in #hvac", "bob is on leave")
    assert "] Approve  [" in request.lines[-1]
    assert "] Reject  [" in request.lines[-1]
    refusal = demo.shown_in("ephemeral to you in #hvac", "@manager")
    assert "@lead" in refusal.text
    assert "(@manager pressed “Approve”)" in demo.stdout
    decided = demo.shown_in("updated: thread of #42 in #hvac", "Approved by @manager")
    assert not any("] Approve" in line for line in decided.lines), "buttons gone once decided"
    demo.shown_in("updated: #hvac", "Assignee: @alice")


def test_demo_api_failure_on_create_says_the_outcome_is_unknown(
    story: tuple[Demo, Path],
) -> None:
    demo, _ = story
    preview = demo.shown_in("ephemeral to you in #general", "Routine: 13")
    assert "Time zone: America/New_York (EST)" in preview.lines or any(
        "America/New_York" in line for line in preview.lines
    )
    failure = shown(t("error.api.failed_midway", "en", status=500))
    demo.shown_in("updated: ephemeral to you in #general", failure.splitlines()[0])


def test_demo_modal_shows_the_bots_inline_error_and_reasks_only_that_field(
    story: tuple[Demo, Path],
) -> None:
    demo, _ = story
    error = shown(t("parse.unreadable", "en", fragment="blursday"))
    assert f"  ✗ When: {error}" in demo.stdout
    after_error = demo.stdout.split(f"✗ When: {error}", 1)[1]
    assert "Routine ID" not in after_error.split("PREVENTIVE INTERVENTION #43")[0]
    created = demo.shown_in("#hvac", "PREVENTIVE INTERVENTION #43")
    assert "Assignee: @bob" in created.lines


def test_demo_refuses_unknown_input_and_stops_at_quit(tmp_path: Path) -> None:
    demo = run_demo("hello\n:frobnicate\n/other\n:quit\n/preventive help\n", tmp_path)
    assert demo.returncode == 0, demo.stderr
    assert "no button “hello”" in demo.stdout
    assert "unknown command :frobnicate; type :help" in demo.stdout
    assert "/other is not a command of this app" in demo.stdout
    assert "tech@#general> /preventive help" not in demo.stdout


def test_demo_shows_no_log_lines_of_the_libraries_it_starts(tmp_path: Path) -> None:
    """Alembic announces its plugins at INFO on every start: none of it reaches the terminal."""
    demo = run_demo(":quit\n", tmp_path)
    assert demo.returncode == 0, demo.stderr
    assert "alembic" not in demo.stdout + demo.stderr
    assert " INFO " not in demo.stdout + demo.stderr


def test_demo_end_of_input_inside_a_modal_closes_it_and_exits_cleanly(tmp_path: Path) -> None:
    demo = run_demo(":help\n/preventive\n12\n", tmp_path)
    assert demo.returncode == 0, demo.stderr
    assert "modal “New intervention”" in demo.stdout
    assert ":api fail STATUS" in demo.stdout
    assert demo.stdout.rstrip().endswith("bye")


def test_demo_config_adds_a_demo_team_only_when_bot_toml_names_nobody() -> None:
    bare = BotConfig.model_validate({"language": "fr", "default_timezone": "America/New_York"})
    demo = demo_config(bare)
    assert demo.language == "fr"
    assert demo.default_timezone == "America/New_York"
    assert demo.teams[0].channel == "C0HVAC"
    assert demo.assignee_for("U0BOB").is_mapped
    own = BotConfig.model_validate({"teams": [{"name": "Plumbing", "channel": "C0PLUMB"}]})
    assert demo_config(own) == own


def test_directory_knows_everyone_bot_toml_names_and_the_teams_channels() -> None:
    config = BotConfig.model_validate(
        {
            "managers": ["U0BOSS"],
            "teams": [{"name": "Plumbing", "channel": "C0PLUMB", "managers": ["U0LEAD"]}],
            "assignees": {"U0ZOE": {"profile_id": 3}},
        }
    )
    directory = Directory.for_config(FakeSlack(), config)
    assert directory.users == {
        "U0TECH": "tech",
        "U0LEAD": "lead",
        "U0BOSS": "boss",
        "U0ZOE": "zoe",
    }
    assert directory.people["U0BOSS"].role == "global manager"
    assert directory.people["U0LEAD"].role == "Plumbing manager"
    assert directory.people["U0ZOE"].role == "assignee, API profile 3"
    assert directory.channels["C0PLUMB"] == "plumbing"
    assert directory.find_or_add("carol") == "U0CAROL"
    assert directory.find_or_add("Zoe") == "U0ZOE"


def test_demo_follows_the_users_bot_toml(tmp_path: Path) -> None:
    (tmp_path / "bot.toml").write_text(
        'language = "fr"\n'
        "[[teams]]\n"
        'name = "Plumbing"\nchannel = "C0PLUMB"\nroutines = [7]\n'
        "[assignees]\n"
        "U0ZOE = { profile_id = 3 }\n",
        encoding="utf-8",
    )
    demo = run_demo("/preventive create 7 tomorrow 8am assign @zoe\nconfirm\n", tmp_path)
    assert demo.returncode == 0, demo.stderr
    posted = demo.shown_in("#plumbing", "@zoe")
    assert shown(t("confirm.title", "fr", id=42)).upper() in posted.lines
    assert "[4] Replanifier  [5] Réassigner  [6] Marquer fait  [7] Modifier" in posted.lines


FOLLOW_UP_STORY = """\
/preventive create 12 in 90 min assign @bob
1
/preventive list
:home
:wait 1h
:as bob
:home
"""


def test_demo_home_tab_and_waiting_shows_the_reminder(tmp_path: Path) -> None:
    demo = run_demo(FOLLOW_UP_STORY, tmp_path)
    assert demo.returncode == 0, demo.stderr
    listed = demo.shown_in("ephemeral to you in #general", "Your next interventions")
    assert "#42 · routine 12" in listed.text
    home = demo.shown_in("Home tab of @tech", "YOUR NEXT INTERVENTIONS")
    assert "YOUR TEAM'S NEXT 7 DAYS" in home.text
    reminder = demo.shown_in("direct message to @bob", "Reminder: #42")
    assert "starts today" in reminder.text
    demo.shown_in("thread of #42 in #hvac", "@bob has been reminded")
    demo.shown_in("Home tab of @bob", "#42 · routine 12")
