"""Block Kit as plain terminal text, the way a Slack client would show it to one reader.

Pure functions from message and view dicts to strings (and typed answers back to values); no I/O,
no clock: the reader's zone, locale and "now" come in a `Viewer`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.fakes.slack.block_kit import elements, plain, same_label
from bot.i18n import en, fr
from bot.i18n.locale_formats import date_in_style, relative_delta, time_in_style

Json = Mapping[str, Any]
_TOKEN = re.compile(r"<([^<>\n]*)>")
_BOLD = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_ITALIC = re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])")
_STRIKE = re.compile(r"(?<![\w~])~(?=\S)([^~\n]+?)(?<=\S)~(?![\w~])")
_DATE_PART = re.compile(r"\{(\w+)\}")
_FIELD = re.compile(r"\A\*([^*\n]+)\*\n(.*)\Z", re.DOTALL)
_BOLD_ON, _DIM_ON, _OFF = "\x1b[1m", "\x1b[2m", "\x1b[0m"
_RELATIVE = {
    "en": {-1: "yesterday", 0: "today", 1: "tomorrow"},
    "fr": {-1: "hier", 0: "aujourd'hui", 1: "demain"},
}
_BROADCASTS = {"here": "@here", "channel": "@channel", "everyone": "@everyone"}


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who reads: their zone and Slack locale for dates, and the workspace's names."""

    zone: ZoneInfo
    now: datetime
    locale: str = "en-US"
    users: Mapping[str, str] = field(default_factory=dict)
    channels: Mapping[str, str] = field(default_factory=dict)
    ansi: bool = False

    @property
    def french(self) -> bool:
        return self.locale.lower().startswith("fr")

    def say(self, english: str, french: str) -> str:
        """The demo's own words in the reader's language."""
        return french if self.french else english

    @property
    def babel_locale(self) -> str:
        return self.locale.replace("-", "_") or "en_US"

    @property
    def lang(self) -> str:
        return "fr" if self.locale.lower().startswith("fr") else "en"


# ----- mrkdwn ------------------------------------------------------------------------------------


def render_mrkdwn(text: str, viewer: Viewer) -> str:
    """Slack mrkdwn as the reader sees it: mentions, dates, links, emphasis, then `&lt;` → `<`."""
    text = _TOKEN.sub(lambda match: _render_token(match[1], viewer), text)
    bold = (_BOLD_ON + r"\1" + _OFF) if viewer.ansi else r"\1"
    text = _BOLD.sub(bold, text)
    text = _STRIKE.sub(r"\1", _ITALIC.sub(r"\1", text))
    return unescape(text)


def unescape(text: str) -> str:
    """Undo Slack's three escapes (`&amp;` last, so `&amp;lt;` stays `&lt;`)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _render_token(body: str, viewer: Viewer) -> str:
    target, _, label = body.partition("|")
    if target.startswith("@"):
        user = target[1:]
        return "@" + (label or viewer.users.get(user, user))
    if target.startswith("#"):
        channel = target[1:]
        return "#" + (label or viewer.channels.get(channel, channel))
    if target.startswith("!date^"):
        return render_date_token(target, label, viewer)
    if target.startswith("!subteam^"):
        return label or "@team"
    if target.startswith("!"):
        return _BROADCASTS.get(target[1:], label or target)
    if label and label != target:
        return f"{label} ({target})"
    return target.removeprefix("mailto:")


def render_date_token(target: str, fallback: str, viewer: Viewer) -> str:
    """`!date^<epoch>^<format>[^<link>]` in the reader's zone; the fallback if unreadable."""
    parts = target.split("^")
    if len(parts) < 3 or not parts[1].lstrip("-").isdigit():
        return fallback or target
    try:
        instant = datetime.fromtimestamp(int(parts[1]), viewer.zone)
    except (OverflowError, OSError, ValueError):
        return fallback or target
    known = True

    def replace(match: re.Match[str]) -> str:
        nonlocal known
        rendered = _date_part(match[1], instant, viewer)
        known = known and rendered is not None
        return rendered or ""

    text = _DATE_PART.sub(replace, parts[2])
    return text if known else (fallback or text)


def _date_part(name: str, instant: datetime, viewer: Viewer) -> str | None:
    locale = viewer.babel_locale
    styles = {"date": "long", "date_short": "medium", "date_long": "full"}
    if name == "date_num":
        return instant.strftime("%Y-%m-%d")
    if name in ("time", "time_secs"):
        return time_in_style(instant, "short" if name == "time" else "medium", locale)
    if name == "ago":
        delta = instant - viewer.now
        return relative_delta(delta, locale)
    base = name.removesuffix("_pretty")
    if base not in styles:
        return None
    if name.endswith("_pretty"):
        days = (instant.date() - viewer.now.astimezone(viewer.zone).date()).days
        relative = _RELATIVE[viewer.lang].get(days)
        if relative:
            return relative
    return date_in_style(instant, styles[base], locale)


# ----- messages ----------------------------------------------------------------------------------


def heading(where: str, viewer: Viewer, width: int = 72) -> str:
    """`── #hvac ─────…`: the line above each thing the bot showed."""
    line = f"── {where} " + "─" * max(3, width - len(where) - 4)
    return f"{_DIM_ON}{line}{_OFF}" if viewer.ansi else line


def render_message(item: Json, viewer: Viewer, numbers: Sequence[int] = ()) -> str:
    """A message, ephemeral or modal body as indented lines; buttons take `numbers` in order."""
    blocks = item.get("blocks") or []
    if not blocks:
        return _indent(render_mrkdwn(str(item.get("text") or ""), viewer))
    counter = iter(numbers)
    lines = [line for block in blocks for line in _render_block(block, viewer, counter)]
    return "\n".join(f"  {line}" if line else "" for line in lines)


def _render_block(block: Json, viewer: Viewer, numbers: Iterator[int]) -> list[str]:
    kind = block.get("type")
    if kind == "header":
        text = plain(block.get("text"))
        return [f"{_BOLD_ON}{text}{_OFF}" if viewer.ansi else text.upper()]
    if kind == "section":
        lines = _text_lines(block.get("text"), viewer)
        for item in block.get("fields") or []:
            lines.extend(_field_lines(item, viewer))
        accessory = block.get("accessory")
        if isinstance(accessory, Mapping) and accessory.get("type") == "button":
            lines.append(_buttons_line([accessory], numbers))
        return lines
    if kind == "context":
        texts = [_text(element, viewer) for element in block.get("elements") or []]
        lines = "  ".join(text for text in texts if text).splitlines() or [""]
        lines = ["· " + lines[0], *("  " + line for line in lines[1:])]
        return [f"{_DIM_ON}{line}{_OFF}" for line in lines] if viewer.ansi else lines
    if kind == "divider":
        return ["-" * 24]
    if kind == "actions":
        elements = list(block.get("elements") or [])
        return [_buttons_line(elements, numbers)]
    if kind == "input":
        return [f"[field] {plain(block.get('label'))}"]
    if kind == "rich_text":
        return _rich_text(block).splitlines()
    return []


def _text_lines(text: Any, viewer: Viewer) -> list[str]:
    rendered = _text(text, viewer)
    return rendered.splitlines() if rendered else []


def _text(text: Any, viewer: Viewer) -> str:
    if not isinstance(text, Mapping):
        return ""
    raw = str(text.get("text") or "")
    return render_mrkdwn(raw, viewer) if text.get("type") == "mrkdwn" else raw


_LABELS = {
    lang: {text for key, text in catalog.items() if key.startswith("field.")}
    for lang, catalog in (("en", en.MESSAGES), ("fr", fr.MESSAGES))
}


def _is_french_label(label: str, viewer: Viewer) -> bool:
    """A field label of a French message (`Gamme`); one both languages share follows the reader."""
    if label in _LABELS["fr"] and label not in _LABELS["en"]:
        return True
    return label in _LABELS["fr"] and viewer.french


def _field_lines(item: Any, viewer: Viewer) -> list[str]:
    """`*Label*\\nvalue` fields read as `Label: value`."""
    raw = str(item.get("text") or "") if isinstance(item, Mapping) else ""
    match = (
        _FIELD.match(raw) if isinstance(item, Mapping) and item.get("type") == "mrkdwn" else None
    )
    if match is None:
        return _text_lines(item, viewer)
    label = render_mrkdwn(match[1], viewer)
    value = render_mrkdwn(match[2], viewer).splitlines() or [""]
    colon = "\u202f:" if _is_french_label(label, viewer) else ":"  # French typography
    return [f"{label}{colon} {value[0]}", *(f"  {rest}" for rest in value[1:])]


def _buttons_line(elements: Sequence[Any], numbers: Iterator[int]) -> str:
    shown = []
    for element in elements:
        if not isinstance(element, Mapping):
            continue
        label = plain(element.get("text") or element.get("placeholder")) or "…"
        if element.get("type") == "button":
            number = next(numbers, None)
            shown.append(f"[{number}] {label}" if number is not None else f"[{label}]")
        else:
            shown.append(f"<{element.get('type')}: {label}>")
    return "  ".join(shown)


def _rich_text(value: Any) -> str:
    if isinstance(value, Mapping):
        if value.get("type") == "text":
            return str(value.get("text") or "")
        return "".join(_rich_text(child) for child in value.get("elements") or [])
    return ""


def _indent(text: str) -> str:
    return "\n".join(f"  {line}" if line else "" for line in text.splitlines())


def label_of(element: Json, key: str = "text") -> str:
    """The plain text of a button's `text` (or a block's `label`)."""
    return plain(element.get(key))


def count_buttons(item: Json) -> int:
    """How many numbers `render_message` gives out for this item."""
    return sum(
        1
        for block in item.get("blocks") or []
        if block.get("type") in ("actions", "section")
        for element in elements(block)
        if isinstance(element, Mapping) and element.get("type") == "button"
    )


# ----- modals ------------------------------------------------------------------------------------


def render_view_title(view: Json) -> str:
    """`modal “Create intervention” [Save] [Cancel]`."""
    buttons = " ".join(f"[{plain(view.get(key))}]" for key in ("submit", "close") if view.get(key))
    return f"modal “{plain(view.get('title'))}” {buttons}".rstrip()


def input_blocks(view: Json) -> list[dict[str, Any]]:
    """The modal's input blocks, in order."""
    return [block for block in view.get("blocks") or [] if block.get("type") == "input"]


def describe_input(block: Json, viewer: Viewer, shown_value: str | None = None) -> str:
    """The prompt for one input: label, hint, options numbered, and the value kept on Enter."""
    element = block.get("element") or {}
    label = plain(block.get("label"))
    optional = viewer.say(" (optional)", " (facultatif)")
    lines = [label + ("" if not block.get("optional") else optional)]
    if hint := plain(block.get("hint")):
        lines.append(f"  {hint}")
    for index, option in enumerate(options_of(element), start=1):
        lines.append(f"  {index}) {_text(option.get('text'), viewer)}")
    kind = element.get("type")
    if kind in ("checkboxes", "multi_static_select"):
        lines.append("  (numbers or labels separated by commas; '-' for none)")
    if kind == "users_select":
        lines.append("  (@name)")
    current = shown_value if shown_value is not None else initial_text(element, viewer)
    lines.append(f"  [{current}]" if current else "  []")
    return "\n".join(lines)


def options_of(element: Json) -> list[Json]:
    found = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        found.extend(group.get("options") or [])
    return found


def initial_text(element: Json, viewer: Viewer) -> str:
    """The element's initial value as the user would see it."""
    kind = element.get("type")
    if kind in ("static_select", "radio_buttons"):
        return plain((element.get("initial_option") or {}).get("text"))
    if kind in ("checkboxes", "multi_static_select"):
        return ", ".join(plain(o.get("text")) for o in element.get("initial_options") or [])
    if kind == "users_select":
        user = element.get("initial_user")
        return f"@{viewer.users.get(user, user)}" if user else ""
    for key in ("initial_value", "initial_date", "initial_time"):
        if element.get(key):
            return str(element[key])
    return ""


class AnswerError(ValueError):
    """A typed answer that does not fit the field; the message says what would."""


def read_answer(element: Json, typed: str, users: Mapping[str, str]) -> Any:
    """A typed line as `fill_view` wants it: text, an option value, a user id, a list of values.

    `users` maps ids to names; `@bob`, `bob` and `U0BOB` all name the user U0BOB. `-` clears.
    """
    kind = element.get("type")
    text = typed.strip()
    if kind in ("static_select", "radio_buttons"):
        return None if text == "-" else _pick_option(element, text)["value"]
    if kind in ("checkboxes", "multi_static_select"):
        if text in ("-", ""):
            return []
        return [_pick_option(element, part.strip())["value"] for part in text.split(",")]
    if kind == "users_select":
        return None if text == "-" else user_id_for(text, users)
    return None if text == "-" else typed


def _pick_option(element: Json, text: str) -> Json:
    options = options_of(element)
    if text.isdigit() and 1 <= int(text) <= len(options):
        return options[int(text) - 1]
    for option in options:
        if same_label(plain(option.get("text")), text) or text == option.get("value"):
            return option
    labels = ", ".join(f"{i}) {plain(o.get('text'))}" for i, o in enumerate(options, start=1))
    raise AnswerError(f"no option “{text}”; choose {labels}")


def user_id_for(text: str, users: Mapping[str, str]) -> str:
    """The id of `@bob`, `bob`, `<@U0BOB|bob>` or `U0BOB`; AnswerError for nobody known."""
    word = text.strip().removeprefix("<").removeprefix("@").removesuffix(">").split("|")[0]
    if word in users:
        return word
    for user_id, name in users.items():
        if same_label(name, word):
            return user_id
    known = ", ".join(f"@{name}" for name in users.values())
    raise AnswerError(f"nobody called “{text}”; known: {known}")


def escape_command_text(text: str, users: Mapping[str, str]) -> str:
    """Slash command text as Slack sends it with `should_escape`: escaped, mentions completed."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    names = {name.casefold(): user_id for user_id, name in users.items()}

    def mention(match: re.Match[str]) -> str:
        user_id = names.get(match[1].casefold())
        return f"<@{user_id}|{users[user_id]}>" if user_id else match[0]

    return re.sub(r"(?<![\w@])@([\w\-]+(?:\.[\w\-]+)*)", mention, escaped)


# ----- places ------------------------------------------------------------------------------------


def place_label(channel: str, viewer: Viewer) -> str:
    """`#hvac`, or `direct message to @bob` for a DM (posted to a user id)."""
    if channel.startswith(("U", "W")):
        return f"direct message to @{viewer.users.get(channel, channel)}"
    return f"#{viewer.channels.get(channel, channel)}"


def summary_of(item: Json, viewer: Viewer, limit: int = 60) -> str:
    """A message named by its first line, clipped: `“New preventive intervention: check…”`."""
    first = render_mrkdwn(str(item.get("text") or ""), viewer).strip().splitlines()
    line = first[0] if first else ""
    return f"“{line if len(line) <= limit else line[: limit - 1] + '…'}”"


def thread_label(parent_text: str) -> str:
    """How a thread is named: by the intervention number its parent message carries."""
    match = re.search(r"#(\d+)", parent_text)
    return f"thread of #{match[1]}" if match else "thread"
