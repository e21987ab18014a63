"""Rows to shared values: what the store hands out is `bot.model` values, never SQLAlchemy rows.

Also the one check every instant entering the store passes: it must be timezone-aware.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row

from bot.model import Assignee, Intervention, ReassignmentRequest, RequestState


def require_aware(*instants: datetime) -> None:
    """Refuse naive datetimes: SQLite would store them with no zone at all."""
    if any(instant.tzinfo is None for instant in instants):
        raise ValueError("the store only accepts timezone-aware datetimes")


@dataclass(frozen=True, slots=True)
class KnownIntervention:
    """What the API last returned for an intervention, plus what the bot remembers beside it."""

    intervention: Intervention
    channel: str | None = None
    ts: str | None = None
    site_rule_ids: tuple[int, ...] | None = None
    requested_by: str | None = None
    updated_at: datetime | None = None
    changed_by: str | None = None
    # Bumped by each recorded change (`bot.store.outbox.queue_parent_update`).
    version: int = 0


def known_intervention_from(row: Row[Any]) -> KnownIntervention:
    site_rules = row.site_rule_ids
    return KnownIntervention(
        intervention=Intervention.model_validate(row.data),
        channel=row.channel,
        ts=row.ts,
        site_rule_ids=None if site_rules is None else tuple(int(i) for i in site_rules),
        requested_by=row.requested_by,
        updated_at=row.updated_at,
        changed_by=getattr(row, "changed_by", None),
        version=int(getattr(row, "version", 0) or 0),
    )


def request_from(row: Row[Any]) -> ReassignmentRequest:
    return ReassignmentRequest(
        id=row.id,
        intervention_id=row.intervention_id,
        requested_by=row.requested_by,
        proposed=Assignee.model_validate(row.proposed),
        current=None if row.current is None else Assignee.model_validate(row.current),
        reason=row.reason,
        email_previous_assignee=row.email_previous_assignee,
        email_current_assignee=row.email_current_assignee,
        state=RequestState(row.state),
        created_at=row.created_at,
        expires_at=row.expires_at,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        decision_reason=row.decision_reason,
        failure=row.failure,
        channel=row.channel,
        thread_ts=row.thread_ts,
        message_ts=row.message_ts,
    )
