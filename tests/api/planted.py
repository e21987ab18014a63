"""Distinctive secret values the API tests plant, so a leak can be searched for."""

# These are fake values planted to be searched for in logs, not credentials.
# ruff: noqa: S105

from __future__ import annotations

API_TOKEN = "tok-API-7f3a9c1e"
SESSION_TOKEN = "sess-SESSION-2b8e41d0"
CODE_PIN = 739_146
IMG_SIGNATURE = "img-SIGNATURE-d41c77"
CREATE_TOKEN = "create-TOKEN-88aa0f3b"
UNKNOWN_ROUTINE = 404

ALL_SECRETS = (API_TOKEN, SESSION_TOKEN, str(CODE_PIN), IMG_SIGNATURE, CREATE_TOKEN)
