"""`LOG_FORMAT=json`: every line the real process writes is one JSON object, uvicorn's included."""

from __future__ import annotations

import json
import logging

from bot.ops.logs import build_formatter
from tests.actors import Actor
from tests.ops.conftest import StartBot


def test_every_line_of_the_process_is_a_json_object_with_its_request_id(
    start_bot: StartBot,
) -> None:
    process, bot = start_bot(LOG_FORMAT="json")
    with Actor("U0ALICE", bot, channel="C0GENERAL") as alice:
        alice.command("create 12 tomorrow 8am to 5pm")
        preview = alice.wait_for_ephemeral(after=0, containing="Confirm", timeout=10)
        bot.api.fail_next(500)
        alice.click(preview, "Confirm")
        alice.wait_for_text(preview["ts"], "failed while handling it", timeout=10)
    process.stop()

    lines = process.log.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert all(isinstance(record, dict) for record in records)
    assert all({"time", "level", "logger", "message"} <= record.keys() for record in records)
    loggers = {record["logger"] for record in records}
    assert {"uvicorn.error", "bot.web", "bot.ops.requests", "bot.ops.shutdown"} <= loggers
    acks = [record for record in records if record["logger"] == "bot.ops.requests"]
    assert len(acks) == 2
    assert len({record["request_id"] for record in acks}) == 2
    assert all(record["request_id"] for record in acks)


def test_an_incident_id_becomes_a_field_of_its_json_record() -> None:
    record = logging.LogRecord(
        "bot.slack.app", logging.ERROR, "app.py", 1, "incident %s", ("ab12",), None
    )
    record.incident_id = "ab12"
    shown = json.loads(build_formatter("json").format(record))
    assert shown["incident_id"] == "ab12"
    assert shown["message"] == "incident ab12"
    assert shown["level"] == "ERROR"
