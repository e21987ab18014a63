"""Drop `schema_version`, the hand-written migrations' bookkeeping: `alembic_version` replaces it.

Only databases those migrations created have it; they were stamped at 0001 when adopted.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    if sa.inspect(op.get_bind()).has_table("schema_version"):
        op.drop_table("schema_version")


def downgrade() -> None:
    """Nothing: a downgraded database is read by Alembic, not by the hand-written migrations."""
