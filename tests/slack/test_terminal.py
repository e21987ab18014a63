"""Block Kit rendered as terminal text the way a Slack client shows it to one reader."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from slack_bolt.async_app import AsyncApp
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.context.ack.async_ack import AsyncAck

from bot.config import BotConfig
from bot.demo.terminal import (
    AnswerError,
    Viewer,
    count_buttons,
    describe_input,
    escape_command_text,
    heading,
    place_label,
    read_answer,
    render_message,
    render_mrkdwn,
    render_view_title,
    thread_label,
    user_id_for,
)
from bot.fakes.slack import payloads
from bot.fakes.slack.block_kit import same_label
from bot.model import Intervention
from bot.slack.in_process import signed_dispatcher
from bot.slack.ui.blocks import confirmation_message
from bot.slack.ui.mrkdwn import escape

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")
# Tuesday 10 March 2026, 09:15 in Paris.
NOW = datetime(2026, 3, 10, 8, 15, tzinfo=UTC)
USERS = {"U0TECH": "tech", "U0BOB": "bob", "U0MANAGER": "manager"}
CHANNELS = {"C0HVAC": "hvac", "C0GENERAL": "general"}
# Wednesday 11 March 2026, 08:00 in Paris (07:00 UTC).
WEDNESDAY_8AM = int(datetime(2026, 3, 11, 7, 0, tzinfo=UTC).timestamp())


def viewer(zone: ZoneInfo = PARIS, locale: str = "en-US", *, ansi: bool = False) -> Viewer:
    return Viewer(zone=zone, now=NOW, locale=locale, users=USERS, channels=CHANNELS, ansi=ansi)


def date_token(fmt: str, fallback: str = "fallback") -> str:
    return f"<!date^{WEDNESDAY_8AM}^{fmt}|{fallback}>"


# ----- mrkdwn ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mrkdwn", "shown"),
    [
        ("<@U0BOB|bob> is assigned", "@bob is assigned"),
        ("<@U0BOB> is assigned", "@bob is assigned"),
        ("<@U0NOBODY> is assigned", "@U0NOBODY is assigned"),
        ("posted in <#C0HVAC>", "posted in #hvac"),
        ("posted in <#C0XYZ|ops>", "posted in #ops"),
        ("<!here> look", "@here look"),
        ("see <https://example.com|the docs>", "see the docs (https://example.com)"),
        ("see <https://example.com>", "see https://example.com"),
        ("*Routine* 12 _soon_ ~old~", "Routine 12 soon old"),
        ("a &lt;!channel&gt; &amp; &lt;@U0BOB&gt;", "a <!channel> & <@U0BOB>"),
        ("&amp;lt; stays escaped once", "&lt; stays escaped once"),
        ("2*3*4 is not bold", "2*3*4 is not bold"),
    ],
    ids=[
        "mention-with-label",
        "mention-named-by-directory",
        "unknown-user-keeps-id",
        "channel-named-by-directory",
        "channel-with-label",
        "broadcast",
        "link-with-label",
        "bare-link",
        "emphasis-dropped-without-ansi",
        "user-text-unescaped-not-interpreted",
        "double-escape-undone-once",
        "arithmetic-is-not-bold",
    ],
)
def test_mrkdwn_reads_as_slack_shows_it(mrkdwn: str, shown: str) -> None:
    assert render_mrkdwn(mrkdwn, viewer()) == shown


def test_escaped_user_text_round_trips_through_the_renderer() -> None:
    typed = "fix <http://x|y> & ping <!channel> <@U123>"
    assert render_mrkdwn(escape(typed), viewer()) == typed


def test_bold_uses_ansi_only_on_a_terminal() -> None:
    assert render_mrkdwn("*Status*", viewer(ansi=True)) == "\x1b[1mStatus\x1b[0m"
    assert "\x1b" not in render_mrkdwn("*Status*", viewer(ansi=False))


# ----- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "locale", "fmt", "shown"),
    [
        (PARIS, "en-US", "{date_short_pretty} {time}", "tomorrow 8:00\u202fAM"),
        (NEW_YORK, "en-US", "{date_short_pretty} {time}", "tomorrow 3:00\u202fAM"),
        (PARIS, "fr-FR", "{date_short_pretty} {time}", "demain 08:00"),
        (PARIS, "en-US", "{date_num}", "2026-03-11"),
        (PARIS, "en-GB", "{date_long}", "Wednesday, 11 March 2026"),
        (PARIS, "fr-FR", "{date}", "11 mars 2026"),
        (PARIS, "en-US", "{ago}", "in 1 day"),
    ],
    ids=["paris", "new-york", "french", "date-num", "date-long", "date-fr", "ago"],
)
def test_date_tokens_show_in_the_readers_zone_and_locale(
    zone: ZoneInfo, locale: str, fmt: str, shown: str
) -> None:
    assert render_mrkdwn(date_token(fmt), viewer(zone, locale)) == shown


def test_date_token_with_an_unknown_part_shows_its_fallback() -> None:
    assert render_mrkdwn(date_token("{nonsense}", "11 Mar 07:00 UTC"), viewer()) == (
        "11 Mar 07:00 UTC"
    )


def test_date_token_with_an_unreadable_time_shows_its_fallback() -> None:
    assert render_mrkdwn("<!date^soon^{time}|later>", viewer()) == "later"


def test_date_pretty_shows_the_date_beyond_tomorrow() -> None:
    later = WEDNESDAY_8AM + 7 * 86400
    rendered = render_mrkdwn(f"<!date^{later}^{{date_short_pretty}}|x>", viewer())
    assert rendered == "Mar 18, 2026"


# ----- messages --------------------------------------------------------------------------------


def confirmation() -> dict[str, Any]:
    config = BotConfig.model_validate({"assignees": {"U0BOB": {"company_contact_id": 5}}})
    intervention = Intervention(
        id=42,
        routine_id=12,
        creation_status=1,
        scheduled_start=datetime(2026, 3, 11, 7, 0, tzinfo=UTC),
        scheduled_end=datetime(2026, 3, 11, 16, 0, tzinfo=UTC),
        assigned_company_contact_id=5,
        description="Filters <b> & belts",
    )
    return confirmation_message(intervention, config, requested_by="U0TECH", sandbox=True)


def test_confirmation_message_renders_header_fields_and_numbered_buttons() -> None:
    rendered = render_message(confirmation(), viewer(), numbers=[4, 5, 6, 7])
    lines = rendered.splitlines()
    assert lines[0] == "  PREVENTIVE INTERVENTION #42"
    assert "  Routine: 12" in lines
    assert "  When: tomorrow 8:00\u202fAM → tomorrow 5:00\u202fPM" in lines
    assert "  Assignee: @bob" in lines
    assert "  Requested by: @tech" in lines
    assert "  Filters <b> & belts" in lines
    assert lines[-1] == "  [4] Reschedule  [5] Reassign  [6] Mark done  [7] Edit"


def test_confirmation_message_reads_in_new_york_time_for_a_new_york_reader() -> None:
    rendered = render_message(confirmation(), viewer(NEW_YORK), numbers=[1, 2, 3])
    assert "When: tomorrow 3:00\u202fAM → tomorrow 12:00\u202fPM" in rendered


def test_buttons_counted_match_the_buttons_a_click_can_target() -> None:
    message = confirmation()
    assert count_buttons(message) == len(payloads.buttons(message)) == 4


def test_buttons_without_numbers_show_their_labels_only() -> None:
    assert render_message(confirmation(), viewer()).splitlines()[-1] == (
        "  [Reschedule]  [Reassign]  [Mark done]  [Edit]"
    )


def test_message_without_blocks_shows_its_text() -> None:
    message = {"text": "Created <#C0HVAC> *now*\nsecond line"}
    assert render_message(message, viewer()) == "  Created #hvac now\n  second line"


def test_context_and_divider_blocks_are_marked() -> None:
    message = {
        "blocks": [
            {"type": "divider"},
            {"type": "context", "elements": [{"type": "mrkdwn", "text": "by <@U0TECH>"}]},
        ]
    }
    assert render_message(message, viewer()).splitlines() == ["  " + "-" * 24, "  · by @tech"]


def test_context_text_on_several_lines_stays_in_its_block() -> None:
    message = {"blocks": [{"type": "context", "elements": [{"type": "mrkdwn", "text": "a\nb"}]}]}
    assert render_message(message, viewer()).splitlines() == ["  · a", "    b"]


def test_no_ansi_codes_when_not_a_terminal() -> None:
    rendered = render_message(confirmation(), viewer(), numbers=[1, 2, 3])
    assert "\x1b" not in rendered + heading("#hvac", viewer())
    assert "\x1b[1m" in render_message(confirmation(), viewer(ansi=True))


def test_places_name_channels_direct_messages_and_threads() -> None:
    assert place_label("C0HVAC", viewer()) == "#hvac"
    assert place_label("U0BOB", viewer()) == "direct message to @bob"
    assert thread_label("Preventive intervention #42 (routine 12)") == "thread of #42"
    assert thread_label("no number here") == "thread"


def test_heading_names_the_place() -> None:
    assert heading("#hvac", viewer(), width=20) == "── #hvac " + "─" * 11


# ----- modals and answers ----------------------------------------------------------------------


STATUS_SELECT: dict[str, Any] = {
    "type": "input",
    "block_id": "status",
    "label": {"type": "plain_text", "text": "Statut"},
    "element": {
        "type": "static_select",
        "action_id": "status",
        "options": [
            {"text": {"type": "plain_text", "text": "à planifier"}, "value": "0"},
            {"text": {"type": "plain_text", "text": "planifiée"}, "value": "1"},
        ],
        "initial_option": {"text": {"type": "plain_text", "text": "planifiée"}, "value": "1"},
    },
}


def test_select_prompt_lists_options_numbered_and_the_kept_value() -> None:
    assert describe_input(STATUS_SELECT, viewer()).splitlines() == [
        "Statut",
        "  1) à planifier",
        "  2) planifiée",
        "  [planifiée]",
    ]


@pytest.mark.parametrize(
    ("typed", "value"),
    [("1", "0"), ("a planifier", "0"), ("Planifiée", "1"), ("1 ", "0"), ("-", None)],
    ids=["number", "label-without-accent", "label-any-case", "spaces", "clear"],
)
def test_select_answer_reads_a_number_or_a_label(typed: str, value: str | None) -> None:
    assert read_answer(STATUS_SELECT["element"], typed, USERS) == value


def test_select_answer_outside_the_options_is_refused_with_the_choices() -> None:
    with pytest.raises(AnswerError, match=r"1\) à planifier, 2\) planifiée"):
        read_answer(STATUS_SELECT["element"], "3", USERS)


def test_user_answers_name_members_by_mention_or_name() -> None:
    element = {"type": "users_select", "action_id": "assignee"}
    assert read_answer(element, "@bob", USERS) == "U0BOB"
    assert read_answer(element, "Bob", USERS) == "U0BOB"
    assert user_id_for("<@U0BOB|bob>", USERS) == "U0BOB"
    with pytest.raises(AnswerError, match="@tech, @bob, @manager"):
        read_answer(element, "@zoe", USERS)


def test_checkbox_answers_take_several_choices_or_none() -> None:
    element = {
        "type": "checkboxes",
        "options": [
            {"text": {"type": "plain_text", "text": "Email the previous assignee"}, "value": "p"},
            {"text": {"type": "plain_text", "text": "Email the current assignee"}, "value": "c"},
        ],
    }
    assert read_answer(element, "1, 2", USERS) == ["p", "c"]
    assert read_answer(element, "-", USERS) == []


def test_text_answers_are_kept_verbatim() -> None:
    element = {"type": "plain_text_input"}
    assert read_answer(element, "  <b> & co ", USERS) == "  <b> & co "


def test_view_title_names_its_buttons() -> None:
    view = {
        "title": {"type": "plain_text", "text": "New intervention"},
        "submit": {"type": "plain_text", "text": "Save"},
        "close": {"type": "plain_text", "text": "Cancel"},
    }
    assert render_view_title(view) == "modal “New intervention” [Save] [Cancel]"


# ----- typing ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "sent"),
    [
        ("assign 42 @bob away", "assign 42 <@U0BOB|bob> away"),
        ("assign 42 @Bob.", "assign 42 <@U0BOB|bob>."),
        ("assign 42 @zoe", "assign 42 @zoe"),
        ("write to me@bob.com", "write to me@bob.com"),
        ("note a<b & c>d", "note a&lt;b &amp; c&gt;d"),
    ],
    ids=["mention", "mention-before-period", "unknown-user", "email", "escaped"],
)
def test_command_text_is_escaped_like_slacks_should_escape(typed: str, sent: str) -> None:
    assert escape_command_text(typed, USERS) == sent


def test_labels_match_without_case_spacing_or_accents() -> None:
    assert same_label("Réessayer", "reessayer")
    assert same_label("Confirm", "  CONFIRM ")
    assert not same_label("Confirm", "Confirmer")


# ----- dispatching -----------------------------------------------------------------------------


async def authorize_offline(**_: Any) -> AuthorizeResult:
    """Authorizes without asking Slack's auth.test."""
    return AuthorizeResult(enterprise_id=None, team_id="T0TEAM", bot_token="xoxb-unused")  # noqa: S106  # made up


@pytest.mark.anyio
async def test_signed_dispatcher_runs_bolts_signature_check() -> None:
    secret = "terminal-test-secret"  # noqa: S105  # made up for this test
    app = AsyncApp(signing_secret=secret, authorize=authorize_offline)

    @app.command("/preventive")
    async def on_command(ack: AsyncAck) -> None:
        await ack("heard")

    dispatch = signed_dispatcher(app)
    payload = payloads.slash_command(
        text="help", user_id="U0TECH", channel_id="C0HVAC", response_url="http://127.0.0.1/r"
    )
    good = payload.signed(secret)
    forged = payload.signed("another-secret")
    assert await dispatch(good.body, good.headers) == (200, "heard")
    status, _ = await dispatch(forged.body, forged.headers)
    assert status == 401
