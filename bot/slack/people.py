"""Who the user is: language, locale and time zone from `users.info`, cached for a while.

Slash commands and clicks carry neither; a failed lookup falls back to `bot.toml`'s defaults
rather than failing the user's request. A fallback is never cached (the next request asks Slack
again) and is marked `zone_is_default`, so the preview says the zone is a default. A rate-limited
lookup waits out Slack's `Retry-After` (the client's retry handler) for up to `LOOKUP_SECONDS`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.i18n.catalog import language_of
from bot.model import Language

logger = logging.getLogger(__name__)
_TTL_SECONDS = 15 * 60
# A trigger_id lives 3 s: a listener that opens a modal looks its user up within this.
BEFORE_MODAL_SECONDS = 1.0
# Otherwise a lookup may wait out a `Retry-After` of up to 3 s, plus the call itself.
LOOKUP_SECONDS = 3.5


@dataclass(frozen=True, slots=True)
class Person:
    """A Slack user as the bot speaks to them."""

    user_id: str
    lang: Language
    zone: ZoneInfo
    locale: str | None = None
    zone_is_default: bool = False  # Slack did not give the zone: `bot.toml`'s stands in


class People:
    """A small TTL cache over `users.info` (with `include_locale=True`)."""

    def __init__(
        self,
        client: AsyncWebClient,
        *,
        default_zone: ZoneInfo,
        default_lang: Language,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self._default_zone = default_zone
        self._default_lang = default_lang
        self._monotonic = monotonic
        self._cache: dict[str, tuple[float, Person]] = {}

    async def lookup(self, user_id: str, *, wait: float | None = None) -> Person:
        """The user's language and zone; an answer from Slack is cached for 15 minutes.

        A slow `users.info` (Slack rate limits it) gives up after `wait` seconds (a modal's
        `trigger_id` will not wait longer), else after `LOOKUP_SECONDS`; a failed or abandoned
        lookup gives the defaults, uncached.
        """
        cached = self._cache.get(user_id)
        if cached is not None and self._monotonic() - cached[0] < _TTL_SECONDS:
            return cached[1]
        limit = LOOKUP_SECONDS if wait is None else wait
        try:
            async with asyncio.timeout(limit):
                response = await self._client.users_info(user=user_id, include_locale=True)
        except TimeoutError:
            logger.warning("users.info for %s took over %.1f s: using defaults", user_id, limit)
            return self._fallback(user_id)
        except SlackApiError as error:
            logger.warning("users.info failed for %s: %s", user_id, error.response.get("error"))
            return self._fallback(user_id)
        person = self._person(user_id, response.get("user") or {})
        self._cache[user_id] = (self._monotonic(), person)
        return person

    def _fallback(self, user_id: str) -> Person:
        return Person(user_id, self._default_lang, self._default_zone, zone_is_default=True)

    def _person(self, user_id: str, user: dict[str, object]) -> Person:
        locale = user.get("locale")
        locale = locale if isinstance(locale, str) else None
        zone = self._zone(user.get("tz"))
        return Person(
            user_id=user_id,
            lang=language_of(locale, self._default_lang),
            zone=zone or self._default_zone,
            locale=locale,
            zone_is_default=zone is None,
        )

    def _zone(self, name: object) -> ZoneInfo | None:
        if isinstance(name, str) and name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                logger.warning("unknown time zone from Slack: %r", name)
        return None
