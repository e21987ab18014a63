"""The `/preventive` grammar: command text -> a typed command, in English or French.

`create <routine> <when> [status …] [assign …]` (a recurring `<when>` makes a `CreateSeries`),
`reschedule <id> <when>`, `assign <id> <assignee> [reason…]`, `update <id>`,
`list [mine|team|all]`, `status <id>`, `help`.
Pure: no Slack, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from bot.model import MAX_API_ID, Assignee, CreationStatus, ListScope, TimeWindow, WindowDefaults
from bot.parsing.done_work import place_done_window
from bot.parsing.errors import ParseError, ParseProblem
from bot.parsing.series import Series, read_series
from bot.parsing.time_phrases import parse_window
from bot.parsing.tokens import normalize
from bot.parsing.typos import nearest_names


@dataclass(frozen=True, slots=True)
class OpenCreateModal:
    """`/preventive` or `/preventive create` alone: open the create modal."""


@dataclass(frozen=True, slots=True)
class Help:
    """`/preventive help`."""


@dataclass(frozen=True, slots=True)
class Create:
    """Create an intervention from a routine; `when_text` is the window as the user typed it."""

    routine_id: int
    window: TimeWindow
    when_text: str
    status: CreationStatus = CreationStatus.SCHEDULED
    assignee: Assignee | None = None


@dataclass(frozen=True, slots=True)
class CreateSeries:
    """A recurring plan: one create per occurrence (`bot.parsing.series`)."""

    routine_id: int
    series: Series
    when_text: str
    status: CreationStatus = CreationStatus.SCHEDULED
    assignee: Assignee | None = None


@dataclass(frozen=True, slots=True)
class Reschedule:
    """Move an intervention to a new window."""

    intervention_id: int
    window: TimeWindow
    when_text: str


@dataclass(frozen=True, slots=True)
class Assign:
    """Give an intervention to someone else; `reason` is verbatim ("" when none)."""

    intervention_id: int
    assignee: Assignee
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Update:
    """Open the update modal of an intervention."""

    intervention_id: int


@dataclass(frozen=True, slots=True)
class ListInterventions:
    """`list [mine|team|all]`: the upcoming interventions the bot knows."""

    scope: ListScope = ListScope.MINE


@dataclass(frozen=True, slots=True)
class Status:
    """`status 42`: what the bot knows of one intervention."""

    intervention_id: int


Command = (
    OpenCreateModal
    | Help
    | Create
    | CreateSeries
    | Reschedule
    | Assign
    | Update
    | ListInterventions
    | Status
)

_SUBCOMMANDS = {
    "create": "create", "creer": "create", "new": "create", "nouveau": "create",
    "nouvelle": "create", "reschedule": "reschedule", "replanifier": "reschedule",
    "move": "reschedule", "deplacer": "reschedule", "assign": "assign", "assigner": "assign",
    "reassign": "assign", "reassigner": "assign", "update": "update", "modifier": "update",
    "edit": "update", "help": "help", "aide": "help", "?": "help",
    "list": "list", "liste": "list", "lister": "list", "ls": "list",
    "status": "status", "statut": "status", "etat": "status",
}  # fmt: skip
_SCOPES = {
    "mine": ListScope.MINE, "me": ListScope.MINE, "my": ListScope.MINE, "moi": ListScope.MINE,
    "mes": ListScope.MINE, "miennes": ListScope.MINE, "team": ListScope.TEAM,
    "equipe": ListScope.TEAM, "all": ListScope.ALL, "tout": ListScope.ALL,
    "tous": ListScope.ALL, "toutes": ListScope.ALL, "everything": ListScope.ALL,
}  # fmt: skip
_STATUS_WORDS = frozenset({"status", "statut", "etat"})
_ASSIGN_WORDS = frozenset({"assign", "assigner", "assigne", "assignee", "assigned"})
_ASSIGN_LINKS = frozenset({"to", "a"})
_STATUSES = {
    "scheduled": CreationStatus.SCHEDULED, "planned": CreationStatus.SCHEDULED,
    "planifiee": CreationStatus.SCHEDULED, "planifie": CreationStatus.SCHEDULED,
    "programmee": CreationStatus.SCHEDULED, "programme": CreationStatus.SCHEDULED,
    "to schedule": CreationStatus.TO_SCHEDULE, "toschedule": CreationStatus.TO_SCHEDULE,
    "to_schedule": CreationStatus.TO_SCHEDULE, "to-schedule": CreationStatus.TO_SCHEDULE,
    "unscheduled": CreationStatus.TO_SCHEDULE, "a planifier": CreationStatus.TO_SCHEDULE,
    "a_planifier": CreationStatus.TO_SCHEDULE, "a-planifier": CreationStatus.TO_SCHEDULE,
    "aplanifier": CreationStatus.TO_SCHEDULE, "done": CreationStatus.DONE,
    "completed": CreationStatus.DONE, "finished": CreationStatus.DONE,
    "terminee": CreationStatus.DONE, "termine": CreationStatus.DONE,
    "faite": CreationStatus.DONE, "fait": CreationStatus.DONE,
}  # fmt: skip
_WORD = re.compile(r"<[^>]*>|\S+")
_MENTION = re.compile(r"<@([UW][A-Z0-9]{1,20})(?:\|[^>]*)?>")  # Slack ids are short
_API_ID = re.compile(r"(profile|profil|contact):(\d+)", re.IGNORECASE)
_ID = re.compile(r"#?(\d+)")
_REASON_LABEL = re.compile(r"(?:reason|raison)\s*:?\s*", re.IGNORECASE)


class _Word(NamedTuple):
    text: str
    key: str  # normalized
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Clock:
    now: datetime
    tz: ZoneInfo
    locale: str
    defaults: WindowDefaults

    def window(self, text: str, *, allow_past: bool = False) -> TimeWindow:
        return parse_window(
            text, now=self.now, tz=self.tz, locale=self.locale, defaults=self.defaults,
            allow_past=allow_past,
        )  # fmt: skip


# How a subcommand is written back to the user in a suggestion (its words are kept unaccented).
_WRITTEN = {"creer": "créer", "reassigner": "réassigner", "deplacer": "déplacer"}


def suggest_subcommand(word: str) -> str | None:
    """The subcommand `word` is one slip away from (`creat` -> `create`), as the user would
    write it; None when none is, or when two are as close."""
    key = normalize(word)
    if len(key) < 3:
        return None
    found = nearest_names(key, tuple(name for name in _SUBCOMMANDS if name.isalpha()))
    if not found or (len(found) > 1 and _SUBCOMMANDS[found[1]] != _SUBCOMMANDS[found[0]]):
        return None
    return _WRITTEN.get(found[0], found[0])


def subcommand_of(text: str) -> str:
    """The subcommand `text` asks for, in English (`create`, `assign`...), or `unknown`; cheap,
    for counting commands before they are parsed."""
    first = _WORD.search(text)
    if first is None:
        return "create"
    verb = _SUBCOMMANDS.get(normalize(first.group()))
    if verb is None and _ID.fullmatch(first.group()):
        return "create"
    return verb or "unknown"


def parse_command(
    text: str,
    *,
    now: datetime,
    tz: ZoneInfo,
    locale: str = "en",
    defaults: WindowDefaults = WindowDefaults(),  # noqa: B008  # frozen value object
) -> Command:
    """Read the text after `/preventive`; raise `ParseError` naming the offending words."""
    words = [
        _Word(m.group(), normalize(m.group()), m.start(), m.end()) for m in _WORD.finditer(text)
    ]
    if not words:
        return OpenCreateModal()
    clock = _Clock(now, tz, locale, defaults)
    verb = _SUBCOMMANDS.get(words[0].key)
    if verb is None and _ID.fullmatch(words[0].text):
        verb, words = "create", [words[0], *words]  # "/preventive 12 tomorrow 8am"
    if verb is None:
        raise ParseError(ParseProblem.UNKNOWN_SUBCOMMAND, words[0].text)
    rest = words[1:]
    if verb == "help":
        return Help()
    if verb == "create":
        return _create(text, rest, clock)
    if verb == "list":
        return _list(text, rest)
    number = _read_id(rest, ParseProblem.MISSING_ID, ParseProblem.BAD_ID)
    if verb == "reschedule":
        when = _when_text(text, rest[1:])
        return Reschedule(number, clock.window(when), when)
    if verb == "assign":
        return _assign(text, number, rest[1:])
    if len(rest) > 1:
        raise ParseError(ParseProblem.UNREADABLE, text[rest[1].start : rest[-1].end])
    return Status(number) if verb == "status" else Update(number)


def _list(text: str, words: list[_Word]) -> ListInterventions:
    if not words:
        return ListInterventions()
    scope = _SCOPES.get(words[0].key)
    if scope is None or len(words) > 1:
        stray = words[0] if scope is None else words[1]
        raise ParseError(ParseProblem.BAD_SCOPE, text[stray.start : words[-1].end])
    return ListInterventions(scope)


def _read_id(words: list[_Word], missing: ParseProblem, bad: ParseProblem) -> int:
    if not words:
        raise ParseError(missing, "")
    number = _id_in(_ID.fullmatch(words[0].text), 1)
    if number is None:
        raise ParseError(bad, words[0].text)
    return number


def _id_in(found: re.Match[str] | None, group: int) -> int | None:
    """The id a match holds when it is one the API can take: 1 to `MAX_API_ID`, else None."""
    if found is None:
        return None
    digits = found[group].lstrip("0")
    if not digits or len(digits) > len(str(MAX_API_ID)) or int(digits) > MAX_API_ID:
        return None
    return int(digits)


def _when_text(text: str, words: list[_Word]) -> str:
    if not words:
        raise ParseError(ParseProblem.MISSING_WHEN, "")
    return text[words[0].start : words[-1].end]


def _create(text: str, words: list[_Word], clock: _Clock) -> Command:
    if not words:
        return OpenCreateModal()
    if words[0].key == "routine" and len(words) > 1:
        words = words[1:]
    routine = _read_id(words, ParseProblem.MISSING_ROUTINE, ParseProblem.BAD_ROUTINE)
    status, assignee, when_words = _read_options(text, words[1:])
    when = _when_text(text, when_words)
    if status is CreationStatus.DONE:  # done work is in the past: read the phrase backwards
        window = place_done_window(
            when, now=clock.now, tz=clock.tz, locale=clock.locale, defaults=clock.defaults
        )
    else:
        try:
            window = clock.window(when)
        except ParseError as error:
            if error.problem is not ParseProblem.RECURRING:
                raise
            series = read_series(
                when, now=clock.now, tz=clock.tz, locale=clock.locale, defaults=clock.defaults
            )
            return CreateSeries(routine, series, when, status, assignee)
    return Create(routine, window, when, status, assignee)


def _read_options(
    text: str, words: list[_Word]
) -> tuple[CreationStatus, Assignee | None, list[_Word]]:
    """Split `status …` and `assign …` out of the words; the rest must be one run: the window."""
    status, assignee = CreationStatus.SCHEDULED, None
    runs: list[list[_Word]] = [[]]
    index = 0
    while index < len(words):
        key = words[index].key
        if key in _STATUS_WORDS:
            status, index = _read_status(words, index + 1)
        elif key in _ASSIGN_WORDS:
            assignee, index = _read_assignee(words, index + 1)
        else:
            if runs[-1] and runs[-1][-1] is not words[index - 1]:
                runs.append([])
            runs[-1].append(words[index])
            index += 1
    if len(runs) > 1:
        stray = runs[1]
        raise ParseError(ParseProblem.UNREADABLE, text[stray[0].start : stray[-1].end])
    return status, assignee, runs[0]


def _read_status(words: list[_Word], index: int) -> tuple[CreationStatus, int]:
    if index >= len(words):
        raise ParseError(ParseProblem.MISSING_STATUS, "")
    if index + 1 < len(words):
        pair = f"{words[index].key} {words[index + 1].key}"
        if pair in _STATUSES:
            return _STATUSES[pair], index + 2
    single = _STATUSES.get(words[index].key)
    if single is None:
        raise ParseError(ParseProblem.BAD_STATUS, words[index].text)
    return single, index + 1


def _read_assignee(words: list[_Word], index: int) -> tuple[Assignee, int]:
    if index < len(words) - 1 and words[index].key in _ASSIGN_LINKS:
        index += 1
    if index >= len(words):
        raise ParseError(ParseProblem.MISSING_ASSIGNEE, "")
    return parse_assignee(words[index].text), index + 1


def parse_assignee(word: str) -> Assignee:
    """`<@U123|bob>`, `<@U123>`, `profile:17`, `contact:5`; a plain `@bob` cannot be resolved."""
    mention = _MENTION.fullmatch(word)
    if mention is not None:
        return Assignee(slack_user_id=mention[1])
    api_id = _API_ID.fullmatch(word)
    number = _id_in(api_id, 2)
    if api_id is not None and number is not None:
        if api_id[1].lower() == "contact":
            return Assignee(company_contact_id=number)
        return Assignee(profile_id=number)
    raise ParseError(ParseProblem.BAD_ASSIGNEE, word)


def _assign(text: str, number: int, words: list[_Word]) -> Assign:
    index = 1 if len(words) > 1 and words[0].key in _ASSIGN_LINKS else 0
    if index >= len(words):
        raise ParseError(ParseProblem.MISSING_ASSIGNEE, "")
    assignee = parse_assignee(words[index].text)
    reason = text[words[index].end :].strip()
    reason = _REASON_LABEL.sub("", reason, count=1) if _REASON_LABEL.match(reason) else reason
    return Assign(number, assignee, reason.strip())
