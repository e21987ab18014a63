"""Slack's text conventions at the edge: decode what Slack sends, escape what the bot shows.

Slack sends slash-command text with `&`, `<` and `>` escaped and, with `should_escape`, mentions
as `<@U123|name>`. `decode_command_text` turns that back into what the user typed (keeping user
mentions for the parser); `escape` makes user text inert in mrkdwn. Each happens exactly once.
`without_controls` drops NUL and the other control characters (PostgreSQL refuses NUL) from
whatever user text the bot keeps; `clip` shortens a quoted fragment to `QUOTE_LIMIT` characters.
"""

from __future__ import annotations

import re

_SPECIAL = re.compile(
    r"<(![a-z]+(?:\^[^|>]*)?|#C[A-Z0-9]+|https?://[^|>]+|mailto:[^|>]+)(?:\|([^>]*))?>"
)
_PARTIAL_ENTITY = re.compile(r"&[a-z]{0,3}$")
_BROADCASTS = {"!here": "@here", "!channel": "@channel", "!everyone": "@everyone"}
# C0 and C1 control characters, DEL, and the lone surrogates no encoder accepts; tab and line
# feed stay (descriptions and reasons may span lines).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# The user's words quoted back in an error are cut to this many characters (DESIGN, "Messages").
QUOTE_LIMIT = 60


def without_controls(text: str) -> str:
    """`text` without NUL and the other control characters; tabs and line feeds are kept."""
    return _CONTROLS.sub("", text)


def clip(text: str, limit: int = QUOTE_LIMIT) -> str:
    """At most `limit` characters of `text`, ending with `…` when it was cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def escape(text: str, *, limit: int | None = None) -> str:
    """Neutralise Slack's control characters in user text; at most `limit` characters, escaped.

    A long text is cut (never inside an entity) and ends with `…`, so a block stays within
    Slack's 3,000-character limit.
    """
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if limit is None or len(escaped) <= limit:
        return escaped
    return _PARTIAL_ENTITY.sub("", escaped[: limit - 1]) + "…"


def _plain_token(match: re.Match[str]) -> str:
    target, label = match[1], match[2]
    if target.startswith("!"):
        return _BROADCASTS.get(target.split("^")[0], label or target)
    if target.startswith("#"):
        return f"#{label}" if label else target
    return target if not label or label == target else f"{label} ({target})"


def decode_command_text(text: str) -> str:
    """What the user typed, from Slack's escaped command text; `<@U…|name>` mentions are kept."""
    decoded = _SPECIAL.sub(_plain_token, without_controls(text))
    return decoded.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def plain(text: str) -> str:
    """mrkdwn made fit for a plain_text field (modal errors): no code marks, no entities."""
    return text.replace("`", "").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
