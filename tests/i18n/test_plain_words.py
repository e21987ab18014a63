"""Every user-facing text, English and French: no setting names, config files or HTTP internals.

Technicians are told what happened and who can fix it; the admin's log line names the setting.
"""

from __future__ import annotations

import re
from http import HTTPStatus

import pytest

from bot.i18n import en, fr

_SETTINGS = re.compile(
    r"\b(SLACK_[A-Z_]+|INTERVENTIONS_[A-Z_]+|DATABASE_URL|BOT_CONFIG|LOG_FORMAT|PORT)\b"
)
_HTTP = re.compile(r"\bHTTP\b|(?<![\d,\u202f ])[45]\d\d\b")
_PHRASES = [status.phrase for status in HTTPStatus if status >= 400]


@pytest.mark.parametrize("catalog", [en.MESSAGES, fr.MESSAGES], ids=["en", "fr"])
def test_no_text_names_a_setting_a_config_file_or_an_http_status(
    catalog: dict[str, str],
) -> None:
    for key, text in catalog.items():
        assert not _SETTINGS.search(text), (key, text)
        assert "bot.toml" not in text, (key, text)
        assert not _HTTP.search(text), (key, text)
        assert not any(phrase in text for phrase in _PHRASES), (key, text)
        assert "back office" not in text.lower(), key
        assert "back-office" not in text.lower(), key


def test_french_texts_follow_french_typography() -> None:
    for key, text in fr.MESSAGES.items():
        assert not re.search(r"[ \u00a0][:;!?]", text), (key, text)
        assert "« " not in text, (key, text)
        assert " »" not in text, (key, text)
