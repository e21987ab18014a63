"""Following up: the interventions' schedule and people as columns (for lists, the Home tab and
reminders over many rows), reminder deliveries under leases, and what each Home tab last showed.

Revision ID: 0005
Revises: 0003
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None

_instant = sa.DateTime(timezone=True)
_COLUMNS = (
    ("scheduled_start", _instant),
    ("creation_status", sa.Integer()),
    ("assigned_profile_id", sa.BigInteger()),
    ("assigned_company_contact_id", sa.BigInteger()),
    ("changed_by", sa.String(64)),
)


def upgrade() -> None:
    with op.batch_alter_table("interventions") as batch:
        for name, kind in _COLUMNS:
            batch.add_column(sa.Column(name, kind, nullable=True))
    op.create_index("ix_interventions_scheduled_start", "interventions", ["scheduled_start"])
    op.create_index("ix_interventions_requested_by", "interventions", ["requested_by"])
    op.create_index("ix_interventions_profile", "interventions", ["assigned_profile_id"])
    op.create_index("ix_interventions_contact", "interventions", ["assigned_company_contact_id"])
    _backfill()
    op.create_table(
        "reminders",
        sa.Column("key", sa.String(255), primary_key=True),
        sa.Column("intervention_id", sa.BigInteger, nullable=False),
        sa.Column("scheduled_start", _instant, nullable=False),
        sa.Column("leg", sa.String(16), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("lease_owner", sa.String(64), nullable=True),
        sa.Column("lease_expires_at", _instant, nullable=True),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("sent_at", _instant, nullable=True),
    )
    op.create_index("ix_reminders_intervention_id", "reminders", ["intervention_id"])
    op.create_table(
        "home_views",
        sa.Column("user_id", sa.String(64), primary_key=True),
        sa.Column("digest", sa.String(64), nullable=True),
        sa.Column("opened_at", _instant, nullable=False),
    )


def _backfill() -> None:
    """Fill the new columns of the rows already kept, from the API answer stored beside them."""
    bind = op.get_bind()
    table = sa.table(
        "interventions",
        sa.column("id"),
        sa.column("data", sa.JSON),
        *(sa.column(name, kind) for name, kind in _COLUMNS),
    )
    for row in bind.execute(sa.select(table.c.id, table.c.data)).all():
        values = _columns_of(row.data or {})
        if values:
            bind.execute(sa.update(table).where(table.c.id == row.id).values(**values))


def _columns_of(data: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {
        "creation_status": data.get("creation_status"),
        "assigned_profile_id": data.get("assigned_profile_id"),
        "assigned_company_contact_id": data.get("assigned_company_contact_id"),
    }
    start = data.get("scheduled_start")
    if isinstance(start, str):
        instant = datetime.fromisoformat(start.replace("Z", "+00:00"))
        if instant.tzinfo is not None:
            utc = instant.astimezone(UTC)
            is_sqlite = op.get_bind().dialect.name == "sqlite"
            values["scheduled_start"] = utc.replace(tzinfo=None) if is_sqlite else utc
    return {key: value for key, value in values.items() if value is not None}


def downgrade() -> None:
    op.drop_table("home_views")
    op.drop_table("reminders")
    for index in ("scheduled_start", "requested_by", "profile", "contact"):
        op.drop_index(f"ix_interventions_{index}", table_name="interventions")
    with op.batch_alter_table("interventions") as batch:
        for name, _kind in reversed(_COLUMNS):
            batch.drop_column(name)
