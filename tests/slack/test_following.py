"""Following up, end to end: list and status in both languages, the Home tab, Mark done."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.fakes.slack import text_of
from bot.model import Intervention
from bot.store.store import Store
from tests.actors import Actor, BotServer, dump
from tests.conftest import TUESDAY_MORNING
from tests.slack.test_approvals import patches, request_reassignment, wait_until_shows
from tests.slack.test_change_flows import create_intervention


def test_list_mine_shows_my_next_interventions_with_their_thread(
    alice: Actor, bot_server: BotServer
) -> None:
    create_intervention(alice, bot_server, "create 12 tomorrow 8am to 5pm")
    create_intervention(alice, bot_server, "create 13 thursday 9am to 11am assign <@U0BOB|bob>")
    before = len(alice.ephemerals())
    alice.command("list")
    shown = text_of(alice.wait_for_ephemeral(after=before, containing="Your next"))
    assert "*#42* · routine 12 · Wed 11 Mar, 08:00 → 17:00 · nobody yet" in shown, shown
    assert "*#43* · routine 13 · Thu 12 Mar, 09:00 → 11:00 · <@U0BOB>" in shown, shown
    assert shown.index("#42") < shown.index("#43")
    assert "https://app.slack.com/client/T0TEAM/C0HVAC/thread/C0HVAC-" in shown


def test_liste_in_french_and_a_bad_scope_quotes_it(
    alice: Actor, bruno: Actor, bot_server: BotServer
) -> None:
    create_intervention(alice, bot_server, "create 12 tomorrow 8am to 5pm")
    bruno.command("liste")
    mine = text_of(bruno.wait_for_ephemeral(after=0, containing="Vos prochaines"))
    assert "#42" not in mine
    assert "Rien de prévu" in mine
    bruno.command("liste tout")
    everything = text_of(bruno.wait_for_ephemeral(after=1, containing="Toutes"))
    assert "*#42* · routine 12 · mer. 11 mars, 03:00 → 12:00" in everything, everything
    bruno.command("liste blursday")
    error = text_of(bruno.wait_for_ephemeral(after=2, containing="blursday"))
    assert "n'est pas une liste connue\u202f:" in error


def test_a_list_past_twenty_shows_the_soonest_and_counts_the_rest(
    alice: Actor, bot_server: BotServer
) -> None:
    asyncio.run(_plant_interventions(bot_server, 10_000 + 1, 45))
    alice.command("list all")
    message = alice.wait_for_ephemeral(after=0, containing="All upcoming")
    shown = text_of(message)
    assert "Showing the 20 soonest of 45" in shown
    assert shown.count("routine 12") == 20
    assert "#10001" in shown
    assert "#10021" not in shown
    assert len(message["blocks"]) <= 50


async def _plant_interventions(bot: BotServer, first: int, count: int) -> None:
    """Interventions the bot saved earlier (as if confirmed), one an hour from tomorrow."""
    assert bot.settings is not None
    store = await Store.connect(bot.settings.database_url)
    start = TUESDAY_MORNING + timedelta(days=1)
    try:
        for n in range(count):
            begins = start + timedelta(hours=n)
            intervention = Intervention(
                id=first + n,
                routine_id=12,
                creation_status=1,
                scheduled_start=begins,
                scheduled_end=begins + timedelta(hours=1),
            )
            await store.save_intervention(intervention, requested_by="U0SOMEONE")
    finally:
        await store.close()


def test_status_shows_the_card_and_no_record_in_both_languages(
    alice: Actor, bruno: Actor, bot_server: BotServer
) -> None:
    create_intervention(alice, bot_server, "create 12 tomorrow 8am to 5pm assign <@U0BOB|bob>")
    before = len(alice.ephemerals())
    alice.command("status 42")
    card = text_of(alice.wait_for_ephemeral(after=before, containing="#42"))
    assert "Wed 11 Mar, 08:00 → 17:00" in card, card
    assert "scheduled" in card
    assert "<@U0BOB>" in card
    assert "by <@U0ALICE>" in card
    assert "Pending reassignment*\nnone" in card
    assert "open the thread" in card
    bruno.command("statut 999")
    unknown = text_of(bruno.wait_for_ephemeral(after=0, containing="999"))
    assert "aucune trace de #999\u202f:" in unknown


def test_a_create_whose_outcome_is_unknown_is_listed_as_unconfirmed(
    alice: Actor, bot_server: BotServer
) -> None:
    bot_server.api.fail_next(500)
    alice.command("create 12 tomorrow 8am to 5pm")
    preview = alice.wait_for_ephemeral(after=0, containing="Confirm")
    alice.click(preview, "Confirm")
    alice.wait_for_text(preview["ts"], "HTTP 500")
    before = len(alice.ephemerals())
    alice.command("list")
    shown = text_of(alice.wait_for_ephemeral(after=before, containing="Not confirmed"))
    assert "routine 12 · Wed 11 Mar, 08:00 → 17:00" in shown, shown


def test_home_tab_of_a_technician_shows_their_interventions_and_no_decisions(
    alice: Actor, bot_server: BotServer
) -> None:
    create_intervention(alice, bot_server, "create 12 tomorrow 8am to 5pm")
    alice.open_home()
    tab = alice.home(containing="#42")
    shown = text_of(tab)
    assert tab["type"] == "home"
    assert "Your next interventions" in shown
    assert "Your team's next 7 days" in shown
    assert "Waiting for your decision" not in shown


@pytest.mark.parametrize("first", ["home", "thread"])
def test_approve_from_home_or_thread_sends_one_patch_whichever_is_first(
    first: str, alice: Actor, lead: Actor, manager: Actor, bot_server: BotServer
) -> None:
    _, request = request_reassignment(alice, bot_server)
    manager.open_home()
    tab = text_of(manager.home(containing="Waiting for your decision"))
    assert "*#42* · nobody yet → <@U0BOB> · asked by <@U0ALICE>" in tab, tab
    if first == "home":
        manager.click_home("Approve", containing="#42")
        wait_until_shows(bot_server, request["ts"], "Approved by <@U0MANAGER>")
        lead.click(request, "Approve", channel="C0HVAC")
        lead.wait_for_ephemeral(after=0, containing="déjà")
    else:
        lead.click(request, "Approve", channel="C0HVAC")
        wait_until_shows(bot_server, request["ts"], "Approved by <@U0LEAD>")
        manager.click_home("Approve", containing="#42")
        bot_server.slack.wait_for(
            lambda: any("already" in m["text"] for m in bot_server.slack.messages("U0MANAGER"))
        )
    assert len(patches(bot_server)) == 1
    manager.home(containing="No reassignment waits for you")


def test_mark_done_patches_status_for_the_creator_and_refuses_others(
    alice: Actor, bruno: Actor, bot_server: BotServer
) -> None:
    parent = create_intervention(alice, bot_server, "create 12 tomorrow 8am to 5pm")
    bruno.click(parent, "Mark done", channel="C0HVAC")
    refusal = text_of(bruno.wait_for_ephemeral(after=0, containing="Seuls"))
    assert "<@U0ALICE>" in refusal
    assert "<@U0LEAD>" in refusal
    assert patches(bot_server) == []
    before = len(alice.ephemerals())
    alice.click(parent, "Mark done", channel="C0HVAC")
    alice.wait_for_ephemeral(after=before, containing="marked done")
    assert patches(bot_server) == [{"creationStatus": 2}]
    [note] = bot_server.slack.thread("C0HVAC", parent["ts"])
    assert "<@U0ALICE> marked it done." in note["text"], dump(note)
    bot_server.slack.wait_for(
        lambda: "done" in text_of(bot_server.slack.message("C0HVAC", parent["ts"]))
    )
