"""Reading a submitted modal's fields that several forms share: the window and the assignee.

An unreadable field is recorded in `errors` (field -> plain text), which the listener sends back
with `response_action="errors"` so the modal stays open.
"""

from __future__ import annotations

import logging
from typing import Any

from bot.i18n.catalog import t
from bot.model import Assignee, TimeWindow
from bot.parsing.done_work import place_done_window
from bot.parsing.errors import ParseError, ParseProblem
from bot.parsing.series import Series, read_schedule
from bot.parsing.time_phrases import parse_window
from bot.slack.context import SlackDeps
from bot.slack.ids import Field
from bot.slack.people import Person
from bot.slack.ui.fields import selected_user, text_value
from bot.slack.ui.mrkdwn import plain
from bot.slack.ui.replies import describe_parse_error

logger = logging.getLogger(__name__)


def read_window(
    deps: SlackDeps,
    view: dict[str, Any],
    person: Person,
    errors: dict[str, str],
    *,
    allow_past: bool = False,
) -> TimeWindow | None:
    """Parse the `when` field, or record an inline error for it; `allow_past` (done work)
    reads the phrase backwards, at its latest past occurrence."""
    text = text_value(view, Field.WHEN)
    try:
        if allow_past:
            return place_done_window(
                text,
                now=deps.now(),
                tz=person.zone,
                locale=person.locale or person.lang,
                defaults=deps.config.window_defaults,
            )
        return parse_window(
            text,
            now=deps.now(),
            tz=person.zone,
            locale=person.locale or person.lang,
            defaults=deps.config.window_defaults,
            allow_past=allow_past,
        )
    except ParseError as error:
        # Modal errors are plain text: no code marks, no escaping.
        errors[Field.WHEN] = plain(describe_parse_error(error, person.lang, example="example.when"))
        return None


def read_series(
    deps: SlackDeps, view: dict[str, Any], person: Person, errors: dict[str, str]
) -> Series | None:
    """The `when` field's occurrences when it plans a series (None when it does not: then
    `read_window` reads it); a series past 52 occurrences or with no end is an inline error."""
    try:
        found = read_schedule(
            text_value(view, Field.WHEN),
            now=deps.now(),
            tz=person.zone,
            locale=person.locale or person.lang,
            defaults=deps.config.window_defaults,
        )
    except ParseError as error:
        if error.problem in (ParseProblem.TOO_MANY_OCCURRENCES, ParseProblem.NO_END):
            errors[Field.WHEN] = plain(describe_parse_error(error, person.lang))
        return None
    return found if isinstance(found, Series) else None


def read_assignee(
    deps: SlackDeps, view: dict[str, Any], person: Person, errors: dict[str, str]
) -> Assignee | None:
    """The picked Slack user mapped through `bot.toml`, or an inline error when unmapped."""
    user = selected_user(view, Field.ASSIGNEE)
    if user is None:
        return None
    assignee = deps.config.assignee_for(user)
    if not assignee.is_mapped:
        logger.warning("%s has no entry under [assignees] in bot.toml", user)
        errors[Field.ASSIGNEE] = t("modal.error.unmapped", person.lang)
    return assignee
