"""What became of each occurrence of a series, read from its action records (pure).

The latest create record of an occurrence says whether it is waiting, created, failed or
unknown; the latest assignment record, when the plan has an assignee, whether it is assigned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from bot.model import Assignee, CreationStatus, TimeWindow
from bot.store.actions import ActionRecord, ActionState
from bot.store.series import SeriesRecord

_KINDS = {"series_create": "create", "series_assign": "assign"}


class Stage(StrEnum):
    WAITING = "waiting"  # not sent yet, or being sent
    CREATED = "created"
    FAILED = "failed"  # the API certainly did not create it
    UNKNOWN = "unknown"  # it may exist: never sent again but on the user's word


class Assignment(StrEnum):
    WAITING = "waiting"
    ASSIGNED = "assigned"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Occurrence:
    index: int
    window: TimeWindow
    stage: Stage = Stage.WAITING
    intervention_id: int | None = None
    failure: dict[str, Any] | None = None
    assignment: Assignment | None = None

    @property
    def retryable(self) -> bool:
        return self.stage in (Stage.FAILED, Stage.UNKNOWN) or self.assignment is Assignment.FAILED


@dataclass(frozen=True, slots=True)
class SeriesView:
    key: str
    routine_id: int
    requested_by: str
    status: CreationStatus
    assignee: Assignee | None
    occurrences: tuple[Occurrence, ...]
    dst_shifts: tuple[int, ...]
    context: dict[str, Any]
    channel: str | None
    ts: str | None
    progress_channel: str | None
    progress_ts: str | None

    @property
    def created(self) -> int:
        return sum(1 for o in self.occurrences if o.stage is Stage.CREATED)

    @property
    def retryable(self) -> tuple[Occurrence, ...]:
        return tuple(o for o in self.occurrences if o.retryable)

    @property
    def finished(self) -> bool:
        """Nothing is waiting to be sent."""
        return not any(
            o.stage is Stage.WAITING or o.assignment is Assignment.WAITING for o in self.occurrences
        )


def _stage(record: ActionRecord) -> Stage:
    return {
        ActionState.APPLIED: Stage.CREATED,
        ActionState.FAILED: Stage.FAILED,
        ActionState.UNKNOWN: Stage.UNKNOWN,
    }.get(record.state, Stage.WAITING)


def _assignment(record: ActionRecord) -> Assignment:
    if record.state is ActionState.APPLIED:
        return Assignment.ASSIGNED
    if record.state in (ActionState.FAILED, ActionState.UNKNOWN):
        return Assignment.FAILED
    return Assignment.WAITING


def view_series(record: SeriesRecord, actions: list[ActionRecord]) -> SeriesView:
    """The series as its records say now (`actions` oldest first)."""
    plan = record.plan
    latest: dict[tuple[str, int], ActionRecord] = {}
    for action in actions:
        kind = _KINDS.get(action.kind)
        if kind is not None:
            latest[(kind, int(action.payload["index"]))] = action
    assignee = plan.get("assignee")
    occurrences = []
    for index, (start, end) in enumerate(plan["occurrences"]):
        window = TimeWindow(datetime.fromisoformat(start), datetime.fromisoformat(end))
        occurrence = Occurrence(index, window)
        create = latest.get(("create", index))
        if create is not None:
            stage = _stage(create)
            result = create.result or {}
            created = stage is Stage.CREATED
            occurrence = Occurrence(
                index,
                window,
                stage,
                intervention_id=result.get("intervention_id") if created else None,
                failure=None if created else (result or None),
            )
        assign = latest.get(("assign", index))
        if occurrence.stage is Stage.CREATED and assignee is not None:
            assignment = Assignment.WAITING if assign is None else _assignment(assign)
            failure = (
                (assign.result or None) if assignment is Assignment.FAILED and assign else None
            )
            occurrence = Occurrence(
                index, window, occurrence.stage, occurrence.intervention_id, failure, assignment
            )
        occurrences.append(occurrence)
    return SeriesView(
        key=record.key,
        routine_id=record.routine_id,
        requested_by=record.requested_by,
        status=CreationStatus(plan["status"]),
        assignee=None if assignee is None else Assignee.model_validate(assignee),
        occurrences=tuple(occurrences),
        dst_shifts=tuple(plan.get("dst_shifts", ())),
        context=record.context or {},
        channel=record.channel,
        ts=record.ts,
        progress_channel=record.progress_channel,
        progress_ts=record.progress_ts,
    )
