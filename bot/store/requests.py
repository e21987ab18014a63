"""Reassignment requests on a connection: the statements `Store` runs in a transaction of its
own and `StoreTransaction` runs inside the caller's (a decision and its action record and
effects commit together).

Changes to one intervention are serialised by `bot.store.actions.lock_intervention`, the one
lock that reschedules, updates and approvals all take.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.model import Assignee, ReassignmentRequest, RequestState
from bot.store.rows import request_from, require_aware
from bot.store.schema import reassignment_requests as _requests


async def add_request(
    connection: AsyncConnection,
    *,
    intervention_id: int,
    requested_by: str,
    proposed: Assignee,
    current: Assignee | None,
    reason: str,
    email_previous_assignee: bool,
    email_current_assignee: bool,
    created_at: datetime,
    expires_at: datetime,
    channel: str | None = None,
    thread_ts: str | None = None,
) -> ReassignmentRequest:
    """Record a new pending request and return it with its id."""
    require_aware(created_at, expires_at)
    statement = (
        _requests.insert()
        .values(
            intervention_id=intervention_id,
            requested_by=requested_by,
            proposed=proposed.model_dump(mode="json"),
            current=None if current is None else current.model_dump(mode="json"),
            reason=reason,
            email_previous_assignee=email_previous_assignee,
            email_current_assignee=email_current_assignee,
            state=RequestState.PENDING.value,
            created_at=created_at,
            expires_at=expires_at,
            updated_at=created_at,
            channel=channel,
            thread_ts=thread_ts,
        )
        .returning(*_requests.c)
    )
    return request_from((await connection.execute(statement)).one())


async def transition_request(
    connection: AsyncConnection,
    request_id: int,
    *,
    from_states: frozenset[RequestState],
    to: RequestState,
    at: datetime,
    by: str | None = None,
    reason: str | None = None,
    failure: str | None = None,
) -> ReassignmentRequest | None:
    """Move the request to `to` if it is in `from_states`, atomically; None if it was not.

    `by` records who decided (and `at` when), `reason` the decision's reason; `failure` is
    the request's last failure and is cleared by any transition that gives none.
    """
    require_aware(at)
    if not from_states:
        raise ValueError("a transition needs at least one state to start from")
    values: dict[str, Any] = {"state": to.value, "updated_at": at, "failure": failure}
    if by is not None:
        values |= {"decided_by": by, "decided_at": at}
    if reason is not None:
        values["decision_reason"] = reason
    statement = (
        update(_requests)
        .where(
            _requests.c.id == request_id,
            _requests.c.state.in_(sorted(state.value for state in from_states)),
        )
        .values(**values)
        .returning(*_requests.c)
    )
    row = (await connection.execute(statement)).one_or_none()
    return None if row is None else request_from(row)


def by_id(request_id: int) -> Any:
    """The condition that picks one request."""
    return _requests.c.id == request_id


async def select_requests(
    connection: AsyncConnection, *conditions: Any
) -> list[ReassignmentRequest]:
    order = (_requests.c.expires_at, _requests.c.id)
    query = select(_requests).where(*conditions).order_by(*order)
    return [request_from(row) for row in (await connection.execute(query)).all()]


async def requests_in_state(
    connection: AsyncConnection, intervention_id: int, state: RequestState
) -> list[ReassignmentRequest]:
    """The intervention's requests in `state`, oldest deadline first."""
    return await select_requests(
        connection,
        _requests.c.state == state.value,
        _requests.c.intervention_id == intervention_id,
    )
