"""App installations per workspace or organisation (multi-workspace Slack OAuth).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "installations",
        sa.Column("id", _ID, primary_key=True, autoincrement=True),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("enterprise_id", sa.String(255), nullable=False),
        sa.Column("team_id", sa.String(255), nullable=False),
        sa.Column("is_enterprise", sa.Boolean(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("installed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_installations"),
        sa.UniqueConstraint(
            "platform",
            "enterprise_id",
            "team_id",
            name="uq_installations_platform_enterprise_id_team_id",
        ),
    )


def downgrade() -> None:
    op.drop_table("installations")
