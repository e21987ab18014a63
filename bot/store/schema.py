"""The tables as the current code expects them, and the UTC datetime column type.

Only declarations: the Alembic revisions in `bot/store/alembic/versions` create and migrate the
schema (`bot.store.migrations` runs them); a change here needs a new revision.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Dialect,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
)

metadata = MetaData()


class UtcDateTime(TypeDecorator[datetime]):
    """An aware instant in, an aware UTC instant out, on every backend.

    SQLite has no time zones: the value is stored as naive UTC text (which sorts and compares
    correctly) and UTC is re-attached on the way out. PostgreSQL keeps `timestamptz`.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("the store only accepts timezone-aware datetimes")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime from the database, got {type(value).__name__}")
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


# BIGINT ids are not SQLite's auto-incrementing rowid alias: INTEGER is, there.
_RowId = BigInteger().with_variant(Integer(), "sqlite")

interventions = Table(
    "interventions",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=False),
    Column("routine_id", BigInteger, nullable=True),
    Column("data", JSON, nullable=False),
    Column("site_rule_ids", JSON, nullable=True),
    Column("requested_by", String(64), nullable=True),
    Column("channel", String(64), nullable=True),
    Column("ts", String(32), nullable=True),
    Column("updated_at", UtcDateTime, nullable=False),
    # Copies of the API answer's fields that lists, the Home tab and reminders select on.
    Column("scheduled_start", UtcDateTime, nullable=True),
    Column("creation_status", Integer, nullable=True),
    Column("assigned_profile_id", BigInteger, nullable=True),
    Column("assigned_company_contact_id", BigInteger, nullable=True),
    Column("changed_by", String(64), nullable=True),
    Index("ix_interventions_scheduled_start", "scheduled_start"),
    Index("ix_interventions_requested_by", "requested_by"),
    Index("ix_interventions_profile", "assigned_profile_id"),
    Index("ix_interventions_contact", "assigned_company_contact_id"),
)

claims = Table(
    "claims",
    metadata,
    Column("key", String(255), primary_key=True),
    Column("claimed_at", UtcDateTime, nullable=False),
    Column("outcome", Text, nullable=True),
)

reassignment_requests = Table(
    "reassignment_requests",
    metadata,
    Column("id", _RowId, primary_key=True, autoincrement=True),
    Column("intervention_id", BigInteger, nullable=False),
    Column("requested_by", String(64), nullable=False),
    Column("proposed", JSON, nullable=False),
    Column("current", JSON, nullable=True),
    Column("reason", Text, nullable=False),
    Column("email_previous_assignee", Boolean, nullable=False),
    Column("email_current_assignee", Boolean, nullable=False),
    Column("state", String(16), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("decided_by", String(64), nullable=True),
    Column("decided_at", UtcDateTime, nullable=True),
    Column("decision_reason", Text, nullable=True),
    Column("failure", Text, nullable=True),
    Column("channel", String(64), nullable=True),
    Column("thread_ts", String(32), nullable=True),
    Column("message_ts", String(32), nullable=True),
    Index("ix_reassignment_requests_state_expires_at", "state", "expires_at"),
    Index("ix_reassignment_requests_intervention_id", "intervention_id"),
)

# Durable actions (DESIGN "Durability") -----------------------------------------------------

actions = Table(
    "actions",
    metadata,
    Column("key", String(255), primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("intervention_id", BigInteger, nullable=True),
    Column("payload", JSON, nullable=False),
    Column("state", String(16), nullable=False),
    Column("result", JSON, nullable=True),
    Column("error", Text, nullable=True),
    Column("lease_owner", String(64), nullable=True),
    Column("lease_expires_at", UtcDateTime, nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Index("ix_actions_state_lease_expires_at", "state", "lease_expires_at"),
)

# Recurring plans (DESIGN "Recurring plans"): one row a series; its occurrences' creates are
# action records keyed `series:<key>:…` (`bot.store.series`).

series = Table(
    "series",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("routine_id", BigInteger, nullable=False),
    Column("requested_by", String(64), nullable=False),
    Column("plan", JSON, nullable=False),
    Column("context", JSON, nullable=True),
    Column("channel", String(64), nullable=True),
    Column("ts", String(32), nullable=True),
    Column("progress_channel", String(64), nullable=True),
    Column("progress_ts", String(32), nullable=True),
    Column("version", BigInteger, nullable=False),
    Column("confirmed_at", UtcDateTime, nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

outbox = Table(
    "outbox",
    metadata,
    Column("id", _RowId, primary_key=True, autoincrement=True),
    Column("kind", String(32), nullable=False),
    Column("channel", String(64), nullable=True),
    Column("ts", String(32), nullable=True),
    Column("user", String(64), nullable=True),
    Column("payload", JSON, nullable=False),
    Column("dedup_key", String(255), nullable=True, unique=True),
    Column("lane", String(128), nullable=True),
    Column("target", String(128), nullable=True),
    Column("version", BigInteger, nullable=True),
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", UtcDateTime, nullable=False),
    Column("lease_owner", String(64), nullable=True),
    Column("lease_expires_at", UtcDateTime, nullable=True),
    Column("last_error", Text, nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("finished_at", UtcDateTime, nullable=True),
    Index("ix_outbox_status_next_attempt_at", "status", "next_attempt_at"),
    Index("ix_outbox_lane_status", "lane", "status"),
    Index("ix_outbox_target_version", "target", "version"),
)

seen_requests = Table(
    "seen_requests",
    metadata,
    Column("signature", String(128), primary_key=True),
    Column("timestamp", BigInteger, primary_key=True, autoincrement=False),
    Column("seen_at", UtcDateTime, nullable=False),
    Index("ix_seen_requests_seen_at", "seen_at"),
)

# Following up (DESIGN "Following up") -----------------------------------------------------

reminders = Table(
    "reminders",
    metadata,
    Column("key", String(255), primary_key=True),
    Column("intervention_id", BigInteger, nullable=False),
    Column("scheduled_start", UtcDateTime, nullable=False),
    Column("leg", String(16), nullable=False),
    Column("state", String(16), nullable=False),
    Column("lease_owner", String(64), nullable=True),
    Column("lease_expires_at", UtcDateTime, nullable=True),
    Column("attempts", Integer, nullable=False),
    Column("sent_at", UtcDateTime, nullable=True),
    Index("ix_reminders_intervention_id", "intervention_id"),
)

home_views = Table(
    "home_views",
    metadata,
    Column("user_id", String(64), primary_key=True),
    Column("digest", String(64), nullable=True),
    Column("opened_at", UtcDateTime, nullable=False),
)
