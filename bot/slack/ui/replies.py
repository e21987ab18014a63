"""Known errors to sentences in the user's language: the one place that maps them.

Parse errors quote the user's words (escaped) and show an example; API errors say what happened
and whether anything was changed. Unknown errors are not described here (see `bot.slack.app`).
"""

from __future__ import annotations

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


def describe_api_error(
    error: ApiError,
    lang: Language,
    *,
    intervention_id: int | None = None,
    routine_id: int | None = None,
    creating: bool = False,
) -> str:
    """What an API fault means for the user; it never contains a secret."""
    if isinstance(error, OutcomeUnknown):
        return _describe_unknown_outcome(error, lang, creating=creating)
    if isinstance(error, UnknownIntervention):
        if creating:
            return t("error.api.unknown_routine", lang, id=routine_id)
        return t("error.api.unknown_intervention", lang, id=intervention_id)
    if isinstance(error, NotAuthorised):
        return t("error.api.not_authorised", lang)
    if isinstance(error, RateLimited):
        return t("error.api.rate_limited", lang)
    if isinstance(error, RequestNotValid):
        label = _FIELD_LABELS.get(error.field.split(".")[0])
        field = t(label, lang) if label else error.field.replace("_", " ")
        return t("error.request_not_valid", lang, field=field)
    if isinstance(error, InvalidRequest):
        if error.detail:
            return t("error.api.invalid", lang, detail=escape(error.detail))
        return t("error.api.invalid_no_detail", lang)
    if isinstance(error, ApiUnreachable):
        return t("error.api.unavailable", lang)
    return t("error.api.unavailable", lang)


def _describe_unknown_outcome(error: OutcomeUnknown, lang: Language, *, creating: bool) -> str:
    """No usable answer came: say so, and whether the API failed or went silent."""
    if error.cause == Unknowable.SERVER_ERROR:
        key = "error.api.failed_midway" if creating else "error.api.failed_midway_update"
        return t(key, lang, status=error.status or "5xx")
    key = "error.api.outcome_unknown" if creating else "error.api.outcome_unknown_update"
    return t(key, lang)
