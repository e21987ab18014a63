"""Baseline: the tables the hand-written migrations created as their version 1.

Revision ID: 0001
Revises: none
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

_instant = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "interventions",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("routine_id", sa.BigInteger, nullable=True),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("site_rule_ids", sa.JSON, nullable=True),
        sa.Column("requested_by", sa.String(64), nullable=True),
        sa.Column("channel", sa.String(64), nullable=True),
        sa.Column("ts", sa.String(32), nullable=True),
        sa.Column("updated_at", _instant, nullable=False),
    )
    op.create_table(
        "claims",
        sa.Column("key", sa.String(255), primary_key=True),
        sa.Column("claimed_at", _instant, nullable=False),
        sa.Column("outcome", sa.Text, nullable=True),
    )
    op.create_table(
        "reassignment_requests",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            primary_key=True,
            autoincrement=True,
        ),
        sa.Column("intervention_id", sa.BigInteger, nullable=False),
        sa.Column("requested_by", sa.String(64), nullable=False),
        sa.Column("proposed", sa.JSON, nullable=False),
        sa.Column("current", sa.JSON, nullable=True),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("email_previous_assignee", sa.Boolean, nullable=False),
        sa.Column("email_current_assignee", sa.Boolean, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("created_at", _instant, nullable=False),
        sa.Column("expires_at", _instant, nullable=False),
        sa.Column("updated_at", _instant, nullable=False),
        sa.Column("decided_by", sa.String(64), nullable=True),
        sa.Column("decided_at", _instant, nullable=True),
        sa.Column("decision_reason", sa.Text, nullable=True),
        sa.Column("failure", sa.Text, nullable=True),
        sa.Column("channel", sa.String(64), nullable=True),
        sa.Column("thread_ts", sa.String(32), nullable=True),
        sa.Column("message_ts", sa.String(32), nullable=True),
    )
    op.create_index(
        "ix_reassignment_requests_state_expires_at",
        "reassignment_requests",
        ["state", "expires_at"],
    )
    op.create_index(
        "ix_reassignment_requests_intervention_id", "reassignment_requests", ["intervention_id"]
    )


def downgrade() -> None:
    op.drop_table("reassignment_requests")
    op.drop_table("claims")
    op.drop_table("interventions")
