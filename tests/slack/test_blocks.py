"""Block Kit builders are pure: checked directly for markers, escaping and Slack's limits."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.config import BotConfig
from bot.model import (
    Assignee,
    CreationStatus,
    Intervention,
    Language,
    ReassignmentRequest,
    RequestState,
)
from bot.slack.metadata import ModalContext, Preview, PreviewKind
from bot.slack.people import Person
from bot.slack.ui.approval_blocks import approval_request
from bot.slack.ui.blocks import confirmation_message, preview_message
from bot.slack.ui.modals import (
    create_modal,
    reassign_modal,
    reject_modal,
    reschedule_modal,
    update_modal,
)
from bot.slack.ui.mrkdwn import escape
from tests.conftest import CONFIG

NOW = datetime(2026, 3, 10, 8, 15, tzinfo=UTC)
INTERVENTION = Intervention(
    id=987654,
    routine_id=12,
    creation_status=1,
    description="Belts <@U1> & <!here>",
    scheduled_start=NOW + timedelta(days=1),
    scheduled_end=NOW + timedelta(days=1, hours=2),
    assigned_profile_id=17,
)


@pytest.fixture
def config() -> BotConfig:
    return BotConfig.model_validate(CONFIG)


def _all_text(message: object) -> str:
    return json.dumps(message, ensure_ascii=False)


def test_the_confirmation_says_sandbox_only_against_the_sandbox(config: BotConfig) -> None:
    real = confirmation_message(INTERVENTION, config, requested_by="U0ALICE", sandbox=False)
    sandbox = confirmation_message(INTERVENTION, config, requested_by="U0ALICE", sandbox=True)
    assert "Sandbox" not in _all_text(real)
    assert "Sandbox" in sandbox["text"]
    assert "Sandbox" in _all_text(sandbox["blocks"])


def test_the_confirmation_escapes_the_description_and_mentions_the_mapped_assignee(
    config: BotConfig,
) -> None:
    message = confirmation_message(INTERVENTION, config, requested_by="U0ALICE", sandbox=False)
    shown = _all_text(message)
    assert "Belts &lt;@U1&gt; &amp; &lt;!here&gt;" in shown
    assert "<!here>" not in shown
    assert "<@U0ALICE>" in shown  # profile 17 is Alice, and she asked


@pytest.mark.parametrize("lang", list(Language))
def test_the_preview_escapes_the_typed_words_and_fits_slack_limits(
    config: BotConfig, lang: Language
) -> None:
    preview = Preview(
        kind=PreviewKind.CREATE,
        key="k" * 32,
        start=NOW + timedelta(days=1),
        end=NOW + timedelta(days=1, hours=9),
        when_text="<!channel> tomorrow " + "x" * 300,
        routine_id=12,
        status=CreationStatus.TO_SCHEDULE,
        assignee=Assignee(profile_id=17),
        channel_id="C0GENERAL",
    )
    person = Person("U0ALICE", lang, ZoneInfo("Europe/Paris"), "fr-FR" if lang == "fr" else "en-GB")
    message = preview_message(preview, person, config, now=NOW)
    shown = [message["text"]] + [_all_text(b) for b in message["blocks"] if b["type"] != "actions"]
    assert not any("<!channel>" in text for text in shown)
    assert "&lt;!channel&gt; tomorrow" in message["text"]
    buttons = [e for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert all(len(button["value"]) <= 2000 for button in buttons)
    assert all(len(button["text"]["text"]) <= 75 for button in buttons)
    assert all(len(b["text"]["text"]) <= 3000 for b in message["blocks"] if "text" in b)


@pytest.mark.parametrize("lang", list(Language))
def test_every_modal_fits_slack_limits_in_both_languages(lang: Language) -> None:
    context = ModalContext(channel_id="C0GENERAL", intervention_id=987654, key="k" * 32)
    views = [
        create_modal(lang, context),
        reschedule_modal(lang, context, 987654, "2026-03-11T08:00 to 2026-03-11T17:00"),
        update_modal(
            lang,
            context,
            987654,
            description="d" * 2500,
            site_rules="1, 2",
            status=1,
            when=None,
            assignee_user="U0ALICE",
        ),
        reassign_modal(lang, context, 987654),
        reject_modal(lang, context),
    ]
    for view in views:
        assert len(view["title"]["text"]) <= 24
        assert len(view["private_metadata"]) <= 3000
        assert len(view["blocks"]) <= 100
        for block in view["blocks"]:
            assert len(block["label"]["text"]) <= 2000


def test_escape_neutralises_every_control_character() -> None:
    assert escape("<@U1|x> & <http://a|b>") == "&lt;@U1|x&gt; &amp; &lt;http://a|b&gt;"


def test_a_french_approval_request_names_routine_window_and_withdraw() -> None:
    config = BotConfig.model_validate({"language": "fr", "routines": {"12": "Groupe froid"}})
    start = datetime(2026, 3, 11, 7, 0, tzinfo=UTC)
    item = Intervention(
        id=42, routine_id=12, scheduled_start=start, scheduled_end=start + timedelta(hours=9)
    )
    request = ReassignmentRequest(
        id=1,
        intervention_id=42,
        requested_by="U0ALICE",
        proposed=Assignee(company_contact_id=5),
        reason="congés",
        state=RequestState.PENDING,
        created_at=start,
        expires_at=start,
    )
    message = approval_request(request, config, ("U0LEAD",), item)
    text = json.dumps(message, ensure_ascii=False)
    assert "Gamme 12 — Groupe froid" in text
    assert "<!date^1773212400^" in text
    assert "Motif\u202f: congés" in text
    assert "Retirer" in text
    assert "Annuler" not in text
