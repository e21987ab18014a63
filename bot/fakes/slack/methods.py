"""The Web API methods the fake answers, as functions of the workspace (called with its lock held).

`dispatch` checks the token the way Slack does, then runs the method; views live in `views`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.fakes.slack import views
from bot.fakes.slack.limits import content
from bot.fakes.slack.state import SlackError, Workspace, truthy

Json = dict[str, Any]


def dispatch(workspace: Workspace, method: str, args: Json, token: str | None) -> Json:
    """Run one Web API method; SlackError for an unknown method or a wrong token."""
    handler = METHODS.get(method)
    if handler is None:
        raise SlackError("unknown_method")
    if not token:
        raise SlackError("not_authed")
    kind = token.partition("-")[0]
    if kind not in ("xoxb", "xoxp", "xapp"):
        raise SlackError("invalid_auth")
    if (kind == "xapp") != (method == "apps.connections.open"):
        raise SlackError("not_allowed_token_type")
    with workspace.cond:
        return handler(workspace, args)


def auth_test(workspace: Workspace, args: Json) -> Json:
    return {
        "url": "https://fake-workspace.slack.com/",
        "team": "Fake Workspace",
        "user": "preventive",
        "team_id": workspace.team_id,
        "user_id": workspace.bot_user_id,
        "bot_id": workspace.bot_id,
        "is_enterprise_install": False,
    }


def post_message(workspace: Workspace, args: Json) -> Json:
    channel = str(args.get("channel", ""))
    posts = workspace.channel_posts(channel)
    message = _bot_message(workspace, args)
    if args.get("thread_ts"):
        parent = posts.get(str(args["thread_ts"]))
        thread_ts = str(parent.get("thread_ts", parent["ts"]) if parent else args["thread_ts"])
        message["thread_ts"] = thread_ts
        if truthy(args.get("reply_broadcast")):
            message["subtype"] = "thread_broadcast"
        if root := posts.get(thread_ts):
            root.update(thread_ts=thread_ts, latest_reply=message["ts"])
            root["reply_count"] = root.get("reply_count", 0) + 1
            root["reply_users"] = [workspace.bot_user_id]
    posts[message["ts"]] = message
    return {"channel": channel, "ts": message["ts"], "message": copy.deepcopy(message)}


def _bot_message(workspace: Workspace, args: Json) -> Json:
    text, blocks = content(args, required=True)
    message: Json = {"type": "message", "ts": workspace.next_ts(), "user": workspace.bot_user_id}
    message.update(bot_id=workspace.bot_id, app_id=workspace.app_id, team=workspace.team_id)
    message["text"] = text
    if blocks is not None:
        message["blocks"] = blocks
    if isinstance(args.get("metadata"), dict):
        message["metadata"] = args["metadata"]
    return message


def post_ephemeral(workspace: Workspace, args: Json) -> Json:
    channel, user = str(args.get("channel", "")), str(args.get("user", ""))
    workspace.channel_posts(channel)
    if not user:
        raise SlackError("user_not_found")
    text, blocks = content(args, required=True)
    ts = workspace.add_ephemeral(
        channel, user, text, blocks, args.get("thread_ts"), "chat.postEphemeral"
    )
    return {"message_ts": ts}


def update(workspace: Workspace, args: Json) -> Json:
    channel, ts = str(args.get("channel", "")), str(args.get("ts", ""))
    message = workspace.posts.get(channel, {}).get(ts)
    if message is None:
        raise SlackError("message_not_found")
    text, blocks = content(args, required=False)
    if "text" in args:
        message["text"] = text
    if blocks is not None:
        message["blocks"] = blocks
    message["edited"] = {"user": workspace.bot_user_id, "ts": workspace.next_ts()}
    return {
        "channel": channel,
        "ts": ts,
        "text": message["text"],
        "message": copy.deepcopy(message),
    }


def delete(workspace: Workspace, args: Json) -> Json:
    channel, ts = str(args.get("channel", "")), str(args.get("ts", ""))
    if workspace.posts.get(channel, {}).pop(ts, None) is None:
        raise SlackError("message_not_found")
    return {"channel": channel, "ts": ts}


def permalink(workspace: Workspace, args: Json) -> Json:
    channel, ts = str(args.get("channel", "")), str(args.get("message_ts", ""))
    if ts not in workspace.posts.get(channel, {}):
        raise SlackError("message_not_found")
    link = f"https://fake-workspace.slack.com/archives/{channel}/p{ts.replace('.', '')}"
    return {"channel": channel, "permalink": link}


def users_info(workspace: Workspace, args: Json) -> Json:
    user_id = str(args.get("user", ""))
    entry = workspace.users.get(user_id)
    if entry is None:
        raise SlackError("user_not_found")
    now = datetime.now(ZoneInfo(entry["tz"]))
    offset = now.utcoffset()
    real_name = entry["real_name"] or entry["name"].title()
    user: Json = {"id": user_id, "team_id": workspace.team_id, "name": entry["name"]}
    user.update(real_name=real_name, tz=entry["tz"], tz_label=now.tzname() or entry["tz"])
    user.update(tz_offset=int(offset.total_seconds()) if offset else 0, is_bot=False)
    user["profile"] = {"real_name": real_name, "display_name": entry["name"]}
    if truthy(args.get("include_locale")):
        user["locale"] = entry["locale"]
    return {"user": user}


def conversations_info(workspace: Workspace, args: Json) -> Json:
    channel = str(args.get("channel", ""))
    if not channel.startswith(("C", "G", "D")):
        raise SlackError("channel_not_found")
    entry = workspace.channels.get(channel, {"name": channel.lower(), "is_member": True})
    info = {"id": channel, "name": entry["name"], "is_channel": channel.startswith("C")}
    return {"channel": {**info, "is_member": entry["is_member"], "is_archived": False}}


def connections_open(workspace: Workspace, args: Json) -> Json:
    if not workspace.socket_mode_url:
        raise SlackError("internal_error", detail="no Socket Mode server configured")
    return {"url": workspace.socket_mode_url}


METHODS: dict[str, Callable[[Workspace, Json], Json]] = {
    "auth.test": auth_test,
    "chat.postMessage": post_message,
    "chat.postEphemeral": post_ephemeral,
    "chat.update": update,
    "chat.delete": delete,
    "chat.getPermalink": permalink,
    "users.info": users_info,
    "conversations.info": conversations_info,
    "apps.connections.open": connections_open,
    "views.open": views.open_view,
    "views.push": views.push_view,
    "views.update": views.update_view,
    "views.publish": views.publish_view,
}
