"""The following-up messages exist in both languages, with the same placeholders, and the French
ones use French typography (a narrow no-break space before `: ; ! ?` and inside « »)."""

from __future__ import annotations

import re
import string

import pytest

from bot.i18n import en, following_en, following_fr, fr


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_following_messages_have_the_same_keys_and_none_shadows_the_main_catalog() -> None:
    assert set(following_en.MESSAGES) == set(following_fr.MESSAGES)
    assert not set(following_en.MESSAGES) & set(en.MESSAGES)
    assert not set(following_fr.MESSAGES) & set(fr.MESSAGES)


@pytest.mark.parametrize("key", sorted(following_en.MESSAGES))
def test_following_messages_use_the_same_placeholders(key: str) -> None:
    assert _placeholders(following_en.MESSAGES[key]) == _placeholders(following_fr.MESSAGES[key])


@pytest.mark.parametrize("key", sorted(following_fr.MESSAGES))
def test_french_following_messages_follow_french_typography(key: str) -> None:
    text = re.sub(r"<[^>]*>|`[^`]*`|\{[^}]*\}|:\w+:", "", following_fr.MESSAGES[key])
    for found in re.finditer(r"[:;!?»]", text):
        assert text[found.start() - 1] == "\u202f", (key, text)
    for found in re.finditer("«", text):
        assert text[found.end()] == "\u202f", (key, text)
