"""Block Kit as the fake Slack sees it: flattening to text, Slack's limits, and the ids Slack adds.

Pure functions over message and view dicts, shared by the fake Web API and the tests.
"""

from __future__ import annotations

import copy
import secrets
from collections.abc import Iterator, Mapping
from typing import Any

Json = dict[str, Any]


def text_of(item: Mapping[str, Any]) -> str:
    """Flatten a message, ephemeral or view to plain text: title, text, then each block's words."""
    parts = [plain(item.get("title")), str(item.get("text") or "")]
    parts.extend(_block_words(block) for block in item.get("blocks") or [])
    return "\n".join(part for part in parts if part)


def _block_words(block: Mapping[str, Any]) -> str:
    words = [plain(block.get(key)) for key in ("text", "label", "hint")]
    words.extend(plain(f) for f in block.get("fields") or [])
    for element in elements(block):
        words.append(plain(element.get("text")) if element.get("type") != "image" else "")
        words.extend(plain(o.get("text")) for o in element.get("options") or [])
    return "\n".join(word for word in words if word)


def elements(block: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    yield from block.get("elements") or []
    for key in ("accessory", "element"):
        if isinstance(block.get(key), Mapping):
            yield block[key]


def plain(value: Any) -> str:
    if isinstance(value, Mapping):
        return str(value.get("text") or "")
    return value if isinstance(value, str) else ""


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
