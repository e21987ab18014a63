"""Known errors to sentences in the user's language: the one place that maps them.

Parse errors quote the user's words (escaped) and show an example; API errors say what happened
and whether anything was changed. Unknown errors are not described here (see `bot.slack.app`).
"""

from __future__ import annotations

import logging
from http import HTTPStatus

from bot.api.errors import (
    ApiError,
    ApiUnreachable,
    InvalidRequest,
    NotAuthorised,
    OutcomeUnknown,
    RateLimited,
    RequestNotValid,
    Unknowable,
    UnknownIntervention,
)
from bot.i18n.catalog import t
from bot.model import Language
from bot.parsing.errors import ParseError, ParseProblem
from bot.slack.ui.mrkdwn import clip, escape

logger = logging.getLogger(__name__)
# An error body that only repeats its status ("Unprocessable Entity") tells a technician nothing.
_STATUS_PHRASES = {status.phrase.casefold() for status in HTTPStatus}
# The request models' field names, as the catalog calls them.
_FIELD_LABELS = {
    "description": "field.description",
    "site_rule_ids": "field.site_rules",
    "scheduled_start": "field.start",
    "scheduled_end": "field.end",
    "creation_status": "field.status",
    "assignee": "field.assignee",
    "assigned_profile_id": "field.assignee",
    "assigned_company_contact_id": "field.assignee",
    "routine_id": "field.routine",
    "previous_assignee_notification": "field.reason",
}
_COMMAND_PROBLEMS_EXAMPLE = {
    ParseProblem.MISSING_ASSIGNEE: "example.assign",
    ParseProblem.BAD_ASSIGNEE: "example.assign",
    ParseProblem.MISSING_ID: "example.reschedule",
    ParseProblem.BAD_ID: "example.reschedule",
    ParseProblem.BAD_SCOPE: "example.list",
}


def describe_parse_error(error: ParseError, lang: Language, *, example: str | None = None) -> str:
    """`I could not read “blursday” as a time. For example: …`"""
    fragment = escape(clip(error.fragment))  # a 10 kB word must not break the reply
    sentence = t(f"parse.{error.problem.value}", lang, fragment=fragment)
    key = example or _COMMAND_PROBLEMS_EXAMPLE.get(error.problem, "example.create")
    return f"{sentence}\n{t('parse.example', lang, example=t(key, lang))}"


def describe_unknown_command(error: ParseError, lang: Language, suggestion: str | None) -> str:
    """`I don't know the command “creat”. Did you mean /preventive create?` and the commands."""
    lines = [t("parse.unknown_subcommand", lang, fragment=escape(error.fragment, limit=60))]
    if suggestion:
        lines.append(t("parse.did_you_mean", lang, command=suggestion))
    lines.append(t("parse.commands", lang))
    return "\n".join(lines)


def describe_api_error(
    error: ApiError,
    lang: Language,
    *,
    intervention_id: int | None = None,
    routine_id: int | None = None,
    creating: bool = False,
    window: str = "",
) -> str:
    """What an API fault means for the user; it never contains a secret, a setting's name or an
    HTTP status (the log line for admins keeps those). `window` is the create's window, told
    back when its outcome is unknown."""
    if isinstance(error, OutcomeUnknown):
        logger.warning("interventions API: outcome unknown (%s)", error)
        routine = routine_id if creating else None
        return _describe_unknown_outcome(error, lang, routine=routine, window=window)
    if isinstance(error, UnknownIntervention):
        if creating:
            return t("error.api.unknown_routine", lang, id=routine_id)
        return t("error.api.unknown_intervention", lang, id=intervention_id)
    if isinstance(error, NotAuthorised):
        logger.error(
            "the interventions API refused the bot's credentials (%s): renew "
            "INTERVENTIONS_API_TOKEN and INTERVENTIONS_SESSION_TOKEN",
            error,
        )
        return t("error.api.not_authorised", lang)
    if isinstance(error, RateLimited):
        return t("error.api.rate_limited", lang)
    if isinstance(error, RequestNotValid):
        label = _FIELD_LABELS.get(error.field.split(".")[0])
        field = t(label, lang) if label else error.field.replace("_", " ")
        return t("error.request_not_valid", lang, field=field)
    if isinstance(error, InvalidRequest):
        logger.info("interventions API refused a request: %s", error)
        if error.detail and error.detail.strip().casefold() not in _STATUS_PHRASES:
            return t("error.api.invalid", lang, detail=escape(error.detail))
        return t("error.api.invalid_no_detail", lang)
    if isinstance(error, ApiUnreachable):
        return t("error.api.unavailable", lang)
    return t("error.api.unavailable", lang)


def _describe_unknown_outcome(
    error: OutcomeUnknown, lang: Language, *, routine: int | None, window: str
) -> str:
    """No usable answer came: say so, what was sent, and whether the API failed or went silent."""
    creating = routine is not None
    if error.cause == Unknowable.SERVER_ERROR:
        key = "error.api.failed_midway" if creating else "error.api.failed_midway_update"
    else:
        key = "error.api.outcome_unknown" if creating else "error.api.outcome_unknown_update"
    return t(key, lang, routine=routine, window=window)
