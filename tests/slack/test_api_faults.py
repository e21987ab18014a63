"""Every API fault gives the user a specific message in their language, and never a duplicate."""

from __future__ import annotations

from typing import Any

import pytest

from bot.fakes.slack import text_of
from tests.actors import Actor, BotServer


def confirm_create(actor: Actor, text: str, label: str = "Confirm") -> dict[str, Any]:
    actor.command(text)
    preview = actor.wait_for_ephemeral(after=0, containing=label)
    actor.click(preview, label)
    return preview


def creates(bot: BotServer) -> int:
    return sum(1 for request in bot.api.requests if request.method == "POST")


@pytest.mark.parametrize(
    ("status", "body", "english", "french"),
    [
        pytest.param(
            400,
            {"message": "scheduledStart is on a public holiday"},
            "refused the request: scheduledStart is on a public holiday",
            "a refusé la demande\u202f: scheduledStart is on a public holiday",
            id="400",
        ),
        pytest.param(
            401,
            None,
            "Ask your Slack admin to renew the bot's access",
            "administrateur Slack de renouveler l'accès du bot",
            id="401",
        ),
        pytest.param(404, None, "knows no routine 12", "ne connaît pas la gamme 12", id="404"),
        pytest.param(503, None, "unavailable right now", "indisponible pour le moment", id="503"),
    ],
)
def test_a_refused_create_is_explained_and_can_be_confirmed_again(
    alice: Actor,
    bruno: Actor,
    bot_server: BotServer,
    status: int,
    body: object,
    english: str,
    french: str,
) -> None:
    for actor, text, label, expected in [
        (alice, "create 12 tomorrow 8am", "Confirm", english),
        (bruno, "créer 12 demain 8h", "Confirmer", french),
    ]:
        bot_server.api.fail_next(status, body=body, times=3)
        preview = confirm_create(actor, text, label)
        shown = actor.wait_for_text(preview["ts"], expected)
        assert label in text_of(shown)  # nothing was created: the preview is offered again
    assert bot_server.slack.messages("C0HVAC") == []

    bot_server.api.reset()
    bruno.click(shown, "Confirmer")
    bruno.wait_for_text(preview["ts"], "créée")
    assert creates(bot_server) == 1


def test_a_500_on_create_is_not_retried_and_the_outcome_is_unknown(
    alice: Actor, bot_server: BotServer
) -> None:
    bot_server.api.fail_next(500)
    preview = confirm_create(alice, "create 12 tomorrow 8am")
    shown = alice.wait_for_text(preview["ts"], "failed while handling it, so I don't know")
    assert "routine 12 was created for Wed 11 Mar, 08:00 → 10:00" in text_of(shown)
    assert "Confirm" not in text_of(shown)  # no button invites a duplicate by accident
    assert "HTTP" not in text_of(shown)
    assert "Create anyway" in text_of(shown)
    assert creates(bot_server) == 1
    alice.click(shown, "Create anyway")  # the user's explicit choice, after the warning
    alice.wait_for_text(preview["ts"], "created and posted")
    alice.click(shown, "Create anyway")  # the same button again: still one more create only
    assert creates(bot_server) == 2


def test_a_timeout_on_create_says_the_outcome_is_unknown_and_never_resends(
    bruno: Actor, bot_server: BotServer
) -> None:
    bot_server.api.hang_next()
    preview = confirm_create(bruno, "créer 12 demain 8h", "Confirmer")
    shown = bruno.wait_for_text(preview["ts"], "je ne sais pas si", timeout=8)
    assert "Confirmer" not in text_of(shown)
    assert "back-office" not in text_of(shown)
    assert "Cherchez-la dans le canal de l'équipe" in text_of(shown)
    assert "Créer quand même" in text_of(shown)
    bruno.click(preview, "Confirmer")  # a stale copy of the preview: still no second create
    again = bruno.wait_for_text(preview["ts"], "Déjà envoyé")
    assert "Créer quand même" in text_of(again)
    assert creates(bot_server) == 1


def test_a_rate_limited_reschedule_is_retried_by_the_client(
    alice: Actor, bot_server: BotServer
) -> None:
    confirm_create(alice, "create 12 tomorrow 8am")
    alice.wait_for_ephemeral(after=0, containing="created")
    bot_server.api.fail_next(429, retry_after=0.1, method="PATCH")
    alice.command("reschedule 42 friday 9am")
    preview = alice.wait_for_ephemeral(after=1, containing="Confirm")
    alice.click(preview, "Confirm")
    alice.wait_for_text(preview["ts"], "rescheduled")
    assert [r.method for r in bot_server.api.requests] == ["POST", "PATCH", "PATCH"]
