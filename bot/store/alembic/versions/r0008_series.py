"""Recurring plans: one row a series (its occurrences, who asked, where its messages are).

Revision ID: 0008
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None

_instant = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "series",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("routine_id", sa.BigInteger, nullable=False),
        sa.Column("requested_by", sa.String(64), nullable=False),
        sa.Column("plan", sa.JSON, nullable=False),
        sa.Column("context", sa.JSON, nullable=True),
        sa.Column("channel", sa.String(64), nullable=True),
        sa.Column("ts", sa.String(32), nullable=True),
        sa.Column("progress_channel", sa.String(64), nullable=True),
        sa.Column("progress_ts", sa.String(32), nullable=True),
        sa.Column("version", sa.BigInteger, nullable=False),
        sa.Column("confirmed_at", _instant, nullable=True),
        sa.Column("created_at", _instant, nullable=False),
        sa.Column("updated_at", _instant, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("series")
