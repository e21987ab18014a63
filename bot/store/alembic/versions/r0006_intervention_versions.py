"""Intervention versions: a counter bumped in the transaction of each change the bot records,
so that a parent message rendered from an older state never overwrites a newer one.

Revision ID: 0006
Revises: 0008 (main's recurring series came first)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision: str | None = "0008"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("interventions") as batch:
        batch.add_column(
            sa.Column("version", sa.BigInteger(), nullable=False, server_default=sa.text("0"))
        )


def downgrade() -> None:
    with op.batch_alter_table("interventions") as batch:
        batch.drop_column("version")
