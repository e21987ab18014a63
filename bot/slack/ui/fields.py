"""Read a submitted modal's values into plain Python values.

Slack sends `view.state.values[block_id][action_id]`; each of our input blocks holds one element
whose action_id equals its block_id (`bot.slack.ids.Field`).
"""

from __future__ import annotations

from typing import Any

from bot.slack.ids import Field
from bot.slack.ui.mrkdwn import without_controls


def _element(view: dict[str, Any], field: Field) -> dict[str, Any]:
    values = view.get("state", {}).get("values", {})
    block = values.get(str(field)) or {}
    element = block.get(str(field))
    return element if isinstance(element, dict) else {}


def text_value(view: dict[str, Any], field: Field) -> str:
    """A text input's value, stripped and without control characters; `""` when empty or absent."""
    value = _element(view, field).get("value")
    return without_controls(value).strip() if isinstance(value, str) else ""


def raw_text_value(view: dict[str, Any], field: Field) -> str | None:
    """A text input's value as typed (descriptions go to the API verbatim), less the control
    characters no store or API keeps (NUL above all)."""
    value = _element(view, field).get("value")
    return without_controls(value) if isinstance(value, str) else None


def selected_value(view: dict[str, Any], field: Field) -> str | None:
    option = _element(view, field).get("selected_option")
    return str(option["value"]) if isinstance(option, dict) and "value" in option else None


def selected_user(view: dict[str, Any], field: Field) -> str | None:
    user = _element(view, field).get("selected_user")
    return str(user) if user else None


def checked_values(view: dict[str, Any], field: Field) -> set[str]:
    options = _element(view, field).get("selected_options") or []
    return {str(option.get("value")) for option in options if isinstance(option, dict)}
