"""Reading Block Kit the way a person (or a test) does: plain text, elements, buttons by label.

The one `plain()`, the one element walker and the one button-label matcher, shared by the fake
Slack, the demo's terminal and the tests. Pure functions over message and view dicts.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping
from typing import Any

Json = dict[str, Any]


def plain(value: Any) -> str:
    """The text of a text object (`{"type": ..., "text": ...}`), or the string itself."""
    if isinstance(value, Mapping):
        return str(value.get("text") or "")
    return value if isinstance(value, str) else ""


def elements(block: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    """A block's elements in reading order: `elements`, then its `accessory` or input `element`."""
    yield from block.get("elements") or []
    for key in ("accessory", "element"):
        if isinstance(block.get(key), Mapping):
            yield block[key]


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


def buttons(item: Mapping[str, Any]) -> list[Json]:
    """Every button of a message or view, in reading order, each with its `block_id`."""
    return [
        {**element, "block_id": block.get("block_id")}
        for block in item.get("blocks") or []
        for element in elements(block)
        if isinstance(element, Mapping) and element.get("type") == "button"
    ]


def same_label(shown: str, typed: str) -> bool:
    """A typed label names a button (or option) regardless of case, spacing and accents."""
    return _folded(shown) == _folded(typed)


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", " ".join(text.split()).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def find_button(item: Mapping[str, Any], label: str) -> Json:
    """The button whose label is `label` (exact, else `same_label`); LookupError lists them."""
    found = buttons(item)
    for same in (str.__eq__, same_label):
        for button in found:
            if same(plain(button.get("text")), label):
                return button
    labels = ", ".join(repr(plain(b.get("text"))) for b in found) or "none"
    raise LookupError(f"no button labelled {label!r}; buttons: {labels}")
