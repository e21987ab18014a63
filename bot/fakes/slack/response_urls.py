"""Response URLs in the fake Slack: five uses each; ephemeral, in channel, or replacing."""

from __future__ import annotations

import secrets
from typing import Any

from bot.fakes.slack.limits import content
from bot.fakes.slack.methods import post_message, update
from bot.fakes.slack.state import ResponseTarget, SlackError, Workspace, truthy

Json = dict[str, Any]


def issue(
    workspace: Workspace,
    *,
    channel: str,
    user: str,
    original_ts: str | None,
    original_ephemeral: bool,
    key: str | None,
) -> str:
    """Register a response URL's target; return its key."""
    key = key or secrets.token_hex(8)
    with workspace.cond:
        clicked = original_ts is not None
        workspace.targets[key] = ResponseTarget(
            channel, user, original_ts, original_ephemeral, clicked
        )
    return key


def respond(workspace: Workspace, key: str, args: Json) -> None:
    """Post through response URL `key` as Slack does; SlackError when it is unknown or used up."""
    with workspace.cond:
        target = workspace.targets.get(key)
        if target is None:
            raise SlackError("expired_url")
        if target.uses >= 5:
            raise SlackError("used_url")
        target.uses += 1
        if truthy(args.get("delete_original")):
            _drop_original(workspace, target)
        elif truthy(args.get("replace_original")) and target.original_ts:
            _replace_original(workspace, target, args)
        elif args.get("response_type") == "in_channel":
            posted = post_message(workspace, {**args, "channel": target.channel})
            target.remember(posted["ts"], ephemeral=False)
        else:
            text, blocks = content(args, required=True)
            thread_ts = args.get("thread_ts")
            ts = workspace.add_ephemeral(
                target.channel, target.user, text, blocks, thread_ts, "response_url"
            )
            target.remember(ts, ephemeral=True)


def _drop_original(workspace: Workspace, target: ResponseTarget) -> None:
    if target.original_ephemeral:
        kept = [e for e in workspace.ephemeral_records if e["ts"] != target.original_ts]
        workspace.ephemeral_records = kept
    else:
        workspace.posts.get(target.channel, {}).pop(target.original_ts or "", None)


def _replace_original(workspace: Workspace, target: ResponseTarget, args: Json) -> None:
    text, blocks = content(args, required=True)
    if not target.original_ephemeral:
        changes = {"channel": target.channel, "ts": target.original_ts, "text": text}
        update(workspace, {**changes, "blocks": blocks if blocks is not None else []})
        return
    for record in workspace.ephemeral_records:
        if record["ts"] == target.original_ts:
            record["text"] = text
            record.pop("blocks", None)
            if blocks is not None:
                record["blocks"] = blocks
