"""Block Kit limits the fake Slack enforces as Slack does, and the ids Slack adds to blocks.

`content` and `view_arg` check what an app sends and raise `SlackError` with Slack's codes.
"""

from __future__ import annotations

import copy
import secrets
from typing import Any

from bot.fakes.slack.block_kit import elements, plain
from bot.fakes.slack.state import SlackError

Json = dict[str, Any]


# Block Kit limits (text lengths, counts) the fake enforces, as Slack does.
_TEXT_LIMITS = {"section": 3000, "header": 150, "context": 2000, "input": 2000}


def block_problems(blocks: list[Any], *, limit: int, where: str) -> list[str]:
    problems: list[str] = []
    if len(blocks) > limit:
        problems.append(f"no more than {limit} items allowed [json-pointer:{where}]")
    seen: set[str] = set()
    for index, block in enumerate(blocks):
        at = f"{where}/{index}"
        if not isinstance(block, dict) or "type" not in block:
            problems.append(f"missing required field: type [json-pointer:{at}]")
            continue
        if (block_id := block.get("block_id")) in seen:
            problems.append(f"duplicate block_id [json-pointer:{at}/block_id]")
        if block_id:
            seen.add(block_id)
        problems.extend(_one_block_problems(block, at))
    return problems


def _one_block_problems(block: Json, at: str) -> list[str]:
    problems = []
    kind = block["type"]
    label = block.get("label") if kind == "input" else block.get("text")
    if len(plain(label)) > _TEXT_LIMITS.get(kind, 3000):
        problems.append(
            f"must be less than {_TEXT_LIMITS.get(kind, 3000) + 1} characters [json-pointer:{at}]"
        )
    if kind == "section" and not block.get("text") and not block.get("fields"):
        problems.append(f"must provide text or fields [json-pointer:{at}]")
    if kind == "input" and (not block.get("label") or not block.get("element")):
        problems.append(f"missing required field: label or element [json-pointer:{at}]")
    if len(block.get("fields") or []) > 10 or len(block.get("elements") or []) > 25:
        problems.append(f"too many items [json-pointer:{at}]")
    for element in elements(block):
        if element.get("type") == "button":
            if not 0 < len(plain(element.get("text"))) <= 75:
                problems.append(f"button text must be 1-75 characters [json-pointer:{at}]")
            if len(str(element.get("value", ""))) > 2000:
                problems.append(f"must be less than 2001 characters [json-pointer:{at}/value]")
    return problems


def view_problems(view: Json) -> list[str]:
    problems = block_problems(view.get("blocks") or [], limit=100, where="/view/blocks")
    if view.get("type", "modal") == "modal" and not 0 < len(plain(view.get("title"))) <= 24:
        problems.append("must be less than 25 characters [json-pointer:/view/title/text]")
    for key in ("submit", "close"):
        if len(plain(view.get(key))) > 24:
            problems.append(f"must be less than 25 characters [json-pointer:/view/{key}/text]")
    if len(str(view.get("private_metadata", ""))) > 3000:
        problems.append("must be less than 3001 characters [json-pointer:/view/private_metadata]")
    return problems


_NOT_INTERACTIVE = (None, "image", "mrkdwn", "plain_text")


def with_ids(blocks: list[Json]) -> list[Json]:
    """Copy blocks, giving a block_id and action_ids where the app left them out, as Slack does."""
    completed = copy.deepcopy(blocks)
    for block in completed:
        block.setdefault("block_id", secrets.token_urlsafe(3))
        for element in elements(block):
            if isinstance(element, dict) and element.get("type") not in _NOT_INTERACTIVE:
                element.setdefault("action_id", secrets.token_urlsafe(3))
    return completed


def view_arg(args: Json) -> Json:
    """The `view` argument of views.open/push/update, refused the way Slack refuses it."""
    view = args.get("view")
    if not isinstance(view, dict):
        raise SlackError("invalid_arguments", response_metadata={"messages": ["missing `view`"]})
    problems = view_problems(view)
    if problems:
        raise SlackError("invalid_arguments", response_metadata={"messages": problems})
    return view


def content(args: Json, *, required: bool) -> tuple[str, list[Json] | None]:
    """The text and id-completed blocks of a message, checked the way Slack checks them."""
    text = str(args.get("text") or "")
    blocks = args.get("blocks")
    if blocks is not None and not isinstance(blocks, list):
        raise SlackError("invalid_blocks")
    if required and not text and not blocks and not args.get("attachments"):
        raise SlackError("no_text")
    if len(text) > 40_000:
        raise SlackError("msg_too_long")
    if blocks is None:
        return text, None
    problems = block_problems(blocks, limit=50, where="/blocks")
    if problems:
        raise SlackError("invalid_blocks", errors=problems)
    return text, with_ids(blocks)
