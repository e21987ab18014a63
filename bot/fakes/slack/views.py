"""Modals in the fake Slack: views.open/push/update with trigger ids, stacks, and view acks."""

from __future__ import annotations

import copy
import secrets
import time
from collections.abc import Mapping
from typing import Any

from bot.fakes.slack.limits import view_arg, with_ids
from bot.fakes.slack.payloads import trigger_issued_at
from bot.fakes.slack.state import SlackError, Workspace

Json = dict[str, Any]


def open_view(workspace: Workspace, args: Json) -> Json:
    view = view_arg(args)
    _use_trigger(workspace, args)
    view_id = _new_view_id()
    workspace.open_views[view_id] = _build_view(workspace, view, view_id, view_id)
    workspace.stacks[view_id] = [view_id]
    return {"view": copy.deepcopy(workspace.open_views[view_id])}


def push_view(workspace: Workspace, args: Json) -> Json:
    view = view_arg(args)
    _use_trigger(workspace, args)
    if not workspace.stacks:
        raise SlackError("not_found")
    root = next(reversed(workspace.stacks))
    pushed = _push(workspace, root, view)
    return {"view": copy.deepcopy(workspace.open_views[pushed])}


def update_view(workspace: Workspace, args: Json) -> Json:
    view = view_arg(args)
    view_id = str(args.get("view_id") or "")
    if not view_id and (external := args.get("external_id")):
        found = workspace.open_views.items()
        view_id = next((v for v, o in found if o["external_id"] == external), "")
    current = workspace.open_views.get(view_id)
    if current is None:
        raise SlackError("not_found")
    if args.get("hash") and args["hash"] != current["hash"]:
        raise SlackError("hash_conflict")
    previous = current["previous_view_id"]
    root = current["root_view_id"]
    workspace.open_views[view_id] = _build_view(workspace, view, root, view_id, previous)
    return {"view": copy.deepcopy(workspace.open_views[view_id])}


def publish_view(workspace: Workspace, args: Json) -> Json:
    """views.publish: a user's Home tab (`type: home`, at most 100 blocks)."""
    view = view_arg(args)
    user = str(args.get("user_id") or "")
    if user not in workspace.users:
        raise SlackError("user_not_found")
    if view.get("type") != "home":
        raise SlackError("invalid_arguments", response_metadata={"messages": ["type must be home"]})
    view_id = workspace.home_tabs.get(user, {}).get("id") or _new_view_id()
    workspace.home_tabs[user] = _build_view(workspace, view, view_id, view_id)
    return {"view": copy.deepcopy(workspace.home_tabs[user])}


def apply_view_ack(workspace: Workspace, view_id: str, ack: Mapping[str, Any] | None) -> None:
    """Do what Slack does with a view_submission ack body: close, update, push, clear, keep."""
    action = (ack or {}).get("response_action")
    with workspace.cond:
        views, stacks = workspace.open_views, workspace.stacks
        root = views[view_id]["root_view_id"]
        if action == "errors":
            views[view_id]["errors"] = dict(ack.get("errors", {}) if ack else {})
        elif action == "update" and ack:
            previous = views[view_id]["previous_view_id"]
            views[view_id] = _build_view(workspace, dict(ack["view"]), root, view_id, previous)
        elif action == "push" and ack:
            _push(workspace, root, dict(ack["view"]))
        elif action == "clear":
            for open_id in stacks.pop(root, []):
                views.pop(open_id, None)
        else:
            stacks[root].remove(view_id)
            views.pop(view_id)


def _use_trigger(workspace: Workspace, args: Json) -> None:
    trigger_id = str(args.get("trigger_id", ""))
    if not trigger_id:
        raise SlackError(
            "invalid_arguments", response_metadata={"messages": ["invalid `trigger_id`"]}
        )
    expired = trigger_id in workspace.used_triggers
    issued = trigger_issued_at(trigger_id)
    if issued is not None and workspace.trigger_ttl is not None:
        expired = expired or time.time() - issued > workspace.trigger_ttl
    if expired:
        raise SlackError("expired_trigger_id")
    workspace.used_triggers.add(trigger_id)


def _push(workspace: Workspace, root: str, view: Json) -> str:
    stack = workspace.stacks[root]
    if len(stack) >= 3:
        raise SlackError("push_limit_reached")
    view_id = _new_view_id()
    workspace.open_views[view_id] = _build_view(workspace, view, root, view_id, stack[-1])
    stack.append(view_id)
    return view_id


def _build_view(
    workspace: Workspace, view: Json, root: str, view_id: str, previous: str | None = None
) -> Json:
    built = {"id": view_id, "team_id": workspace.team_id, "type": view.get("type", "modal")}
    built.update(view, id=view_id, blocks=with_ids(view.get("blocks", [])))
    built.update(private_metadata=view.get("private_metadata", ""), state={"values": {}})
    built.update(callback_id=view.get("callback_id", ""), external_id=view.get("external_id", ""))
    built.update(hash=f"{int(time.time())}.{secrets.token_hex(4)}", previous_view_id=previous)
    built.update(root_view_id=root, app_id=workspace.app_id, bot_id=workspace.bot_id)
    return built


def _new_view_id() -> str:
    return "V" + secrets.token_hex(5).upper()
