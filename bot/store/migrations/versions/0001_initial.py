"""Initial schema: users, role-play sessions and turns, draft checks, tips, conversation
references, processed events, language-model usage and judge disagreements.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _timestamp(name: str, *, nullable: bool = False) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _user_fk(table: str) -> sa.Column[int]:
    return sa.Column(
        "user_id",
        _ID,
        sa.ForeignKey("users.id", ondelete="CASCADE", name=f"fk_{table}_user_id_users"),
        nullable=False,
    )


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", _ID, primary_key=True, autoincrement=True),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("tenant", sa.String(255), nullable=False),
        sa.Column("user_id", sa.String(255), nullable=False),
        sa.Column("lang", sa.String(16), nullable=True),
        sa.Column("tz", sa.String(64), nullable=True),
        sa.Column("tips_enabled", sa.Boolean(), nullable=False),
        sa.Column("tip_time", sa.String(5), nullable=False),
        sa.Column("weekdays_only", sa.Boolean(), nullable=False),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint(
            "platform", "tenant", "user_id", name="uq_users_platform_tenant_user_id"
        ),
    )

    op.create_table(
        "sessions",
        sa.Column("id", sa.String(32), nullable=False),
        _user_fk("sessions"),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("tenant", sa.String(255), nullable=False),
        sa.Column("conversation_id", sa.String(512), nullable=False),
        sa.Column("scenario", sa.String(64), nullable=False),
        sa.Column("difficulty", sa.String(32), nullable=False),
        sa.Column("lang", sa.String(16), nullable=False),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("outcome", sa.String(32), nullable=True),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("initial_state", sa.JSON(), nullable=False),
        sa.Column("turn_count", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        _timestamp("ended_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_sessions"),
        sa.CheckConstraint("status IN ('active', 'ended')", name="ck_sessions_status"),
    )
    op.create_index(
        "ix_sessions_conversation", "sessions", ["platform", "tenant", "conversation_id"]
    )
    op.create_index("ix_sessions_user_id_created_at", "sessions", ["user_id", "created_at"])
    op.create_index(
        "uq_sessions_one_active",
        "sessions",
        ["platform", "tenant", "conversation_id"],
        unique=True,
        sqlite_where=sa.text("status = 'active'"),
        postgresql_where=sa.text("status = 'active'"),
    )

    op.create_table(
        "turns",
        sa.Column("id", _ID, primary_key=True, autoincrement=True),
        sa.Column(
            "session_id",
            sa.String(32),
            sa.ForeignKey("sessions.id", ondelete="CASCADE", name="fk_turns_session_id_sessions"),
            nullable=False,
        ),
        sa.Column("turn_index", sa.Integer(), nullable=False),
        sa.Column("salesperson_text", sa.Text(), nullable=True),
        sa.Column("assessment", sa.JSON(), nullable=False),
        sa.Column("stance", sa.String(16), nullable=True),
        sa.Column("customer_line", sa.Text(), nullable=True),
        sa.Column("state", sa.JSON(), nullable=False),
        _timestamp("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_turns"),
        sa.UniqueConstraint("session_id", "turn_index", name="uq_turns_session_id_turn_index"),
    )

    op.create_table(
        "draft_checks",
        sa.Column("id", _ID, primary_key=True, autoincrement=True),
        _user_fk("draft_checks"),
        sa.Column("stance", sa.String(16), nullable=False),
        sa.Column("habits", sa.JSON(), nullable=False),
        sa.Column("dominance", sa.Float(), nullable=False),
        sa.Column("affiliation", sa.Float(), nullable=False),
        _timestamp("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_draft_checks"),
    )
    op.create_index("ix_draft_checks_user_id_created_at", "draft_checks", ["user_id", "created_at"])

    op.create_table(
        "tip_deliveries",
        sa.Column("id", _ID, primary_key=True, autoincrement=True),
        _user_fk("tip_deliveries"),
        sa.Column("tip_id", sa.String(128), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        _timestamp("claimed_at"),
        _timestamp("sent_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_tip_deliveries"),
        sa.UniqueConstraint("user_id", "local_date", name="uq_tip_deliveries_user_id_local_date"),
        sa.CheckConstraint("status IN ('claimed', 'sent')", name="ck_tip_deliveries_status"),
    )

    op.create_table(
        "conversation_refs",
        sa.Column("id", _ID, primary_key=True, autoincrement=True),
        _user_fk("conversation_refs"),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("reference", sa.JSON(), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.PrimaryKeyConstraint("id", name="pk_conversation_refs"),
        sa.UniqueConstraint("user_id", "platform", name="uq_conversation_refs_user_id_platform"),
    )

    op.create_table(
        "processed_events",
        sa.Column("id", _ID, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(255), nullable=False),
        _timestamp("seen_at"),
        sa.PrimaryKeyConstraint("id", name="pk_processed_events"),
        sa.UniqueConstraint("event_id", name="uq_processed_events_event_id"),
    )
    op.create_index("ix_processed_events_seen_at", "processed_events", ["seen_at"])

    op.create_table(
        "llm_usage",
        sa.Column("id", _ID, primary_key=True, autoincrement=True),
        _user_fk("llm_usage"),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("tenant", sa.String(255), nullable=False),
        sa.Column("model", sa.String(128), nullable=False),
        sa.Column("prompt", sa.String(160), nullable=False),
        sa.Column("prompt_tokens", sa.Integer(), nullable=False),
        sa.Column("completion_tokens", sa.Integer(), nullable=False),
        sa.Column("latency_ms", sa.Integer(), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        _timestamp("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_llm_usage"),
    )
    op.create_index("ix_llm_usage_user_id_created_at", "llm_usage", ["user_id", "created_at"])

    op.create_table(
        "judge_disagreements",
        sa.Column("id", _ID, primary_key=True, autoincrement=True),
        _user_fk("judge_disagreements"),
        sa.Column("offline_stance", sa.String(16), nullable=False),
        sa.Column("model_stance", sa.String(16), nullable=False),
        _timestamp("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_judge_disagreements"),
    )
    op.create_index("ix_judge_disagreements_user_id", "judge_disagreements", ["user_id"])


def downgrade() -> None:
    for table in (
        "judge_disagreements",
        "llm_usage",
        "processed_events",
        "conversation_refs",
        "tip_deliveries",
        "draft_checks",
        "turns",
        "sessions",
        "users",
    ):
        op.drop_table(table)
