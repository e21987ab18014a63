"""Who the user is: language, locale and time zone from `users.info`, cached for a while.

Slash commands and clicks carry neither; a failed lookup falls back to `bot.toml`'s defaults
rather than failing the user's request.
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


@dataclass(frozen=True, slots=True)
class Person:
    """A Slack user as the bot speaks to them."""

    user_id: str
    lang: Language
    zone: ZoneInfo
    locale: str | None = None
    zone_is_default: bool = False  # Slack did not give a zone: `default_timezone` stands in


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
        """The user's language and zone; cached for 15 minutes.

        With `wait`, a slow `users.info` (Slack rate limits it) gives up after that many
        seconds and the defaults stand in, uncached: a modal's `trigger_id` will not wait.
        """
        cached = self._cache.get(user_id)
        if cached is not None and self._monotonic() - cached[0] < _TTL_SECONDS:
            return cached[1]
        try:
            async with asyncio.timeout(wait):
                person = await self._fetch(user_id)
        except TimeoutError:
            logger.warning("users.info for %s took over %.1f s: using defaults", user_id, wait)
            person = None
        if person is None:  # the defaults stand in, uncached: the next lookup asks again
            return Person(user_id, self._default_lang, self._default_zone, zone_is_default=True)
        self._cache[user_id] = (self._monotonic(), person)
        return person

    async def _fetch(self, user_id: str) -> Person | None:
        try:
            response = await self._client.users_info(user=user_id, include_locale=True)
        except SlackApiError as error:
            logger.warning("users.info failed for %s: %s", user_id, error.response.get("error"))
            return None
        user = response.get("user") or {}
        locale = user.get("locale")
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
