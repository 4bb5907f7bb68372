"""Users get a display name; language-model usage gets an index for per-workspace daily sums.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("display_name", sa.String(255), nullable=True))
    op.create_index(
        "ix_llm_usage_workspace_created_at", "llm_usage", ["platform", "tenant", "created_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_llm_usage_workspace_created_at", table_name="llm_usage")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("display_name")
