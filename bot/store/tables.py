"""The database tables as typed ORM models. Migrations in ``migrations/versions`` create them.

Every timestamp is timezone-aware UTC (``UTCDateTime``). No table stores the text of a draft the
user asked us to check; turn texts live only in ``turns`` and are removed by
``Store.purge_transcripts``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Tables that hold nothing about a person, so ``Store.forget_user`` has nothing to delete there.
# (``installations`` is per workspace and lives in ``bot.store.installations``.)
USER_FREE_TABLES: frozenset[str] = frozenset({"processed_events", "installations"})

# An auto-incrementing 64-bit key; SQLite needs plain INTEGER to alias its rowid.
Id = BigInteger().with_variant(Integer(), "sqlite")


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that goes in and comes out as aware UTC on every backend.

    PostgreSQL stores ``timestamptz``; SQLite stores naive UTC text in a fixed format, which
    keeps comparisons correct. Naive datetimes are refused rather than guessed at.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UserRow(Base):
    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("platform", "tenant", "user_id"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    platform: Mapped[str] = mapped_column(String(32))
    tenant: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str | None] = mapped_column(String(255))
    lang: Mapped[str | None] = mapped_column(String(16))
    tz: Mapped[str | None] = mapped_column(String(64))
    tips_enabled: Mapped[bool] = mapped_column(Boolean)
    tip_time: Mapped[str] = mapped_column(String(5))
    weekdays_only: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SessionRow(Base):
    """A role-play. ``state`` is the customer engine's state now; ``initial_state`` the state
    before the first turn (what a rewind of the first turn restores)."""

    __tablename__ = "sessions"
    __table_args__ = (
        CheckConstraint("status IN ('active', 'ended')", name="status"),
        Index("ix_sessions_conversation", "platform", "tenant", "conversation_id"),
        Index("ix_sessions_user_id_created_at", "user_id", "created_at"),
        # At most one active role-play per conversation, even with several instances writing.
        Index(
            "uq_sessions_one_active",
            "platform",
            "tenant",
            "conversation_id",
            unique=True,
            sqlite_where=text("status = 'active'"),
            postgresql_where=text("status = 'active'"),
        ),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[int] = mapped_column(Id, ForeignKey("users.id", ondelete="CASCADE"))
    platform: Mapped[str] = mapped_column(String(32))
    tenant: Mapped[str] = mapped_column(String(255))
    conversation_id: Mapped[str] = mapped_column(String(512))
    scenario: Mapped[str] = mapped_column(String(64))
    difficulty: Mapped[str] = mapped_column(String(32))
    lang: Mapped[str] = mapped_column(String(16))
    seed: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16))
    outcome: Mapped[str | None] = mapped_column(String(32))
    state: Mapped[dict[str, Any]] = mapped_column(JSON)
    initial_state: Mapped[dict[str, Any]] = mapped_column(JSON)
    turn_count: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class TurnRow(Base):
    """One salesperson message in a role-play and the customer's answer. The texts are
    nullable because ``purge_transcripts`` removes them while keeping the scores."""

    __tablename__ = "turns"
    __table_args__ = (UniqueConstraint("session_id", "turn_index"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("sessions.id", ondelete="CASCADE")
    )
    turn_index: Mapped[int] = mapped_column(Integer)
    salesperson_text: Mapped[str | None] = mapped_column(Text)
    assessment: Mapped[dict[str, Any]] = mapped_column(JSON)
    stance: Mapped[str | None] = mapped_column(String(16))
    customer_line: Mapped[str | None] = mapped_column(Text)
    state: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DraftCheckRow(Base):
    """The scores of a draft the user asked us to check. Never the draft itself."""

    __tablename__ = "draft_checks"
    __table_args__ = (Index("ix_draft_checks_user_id_created_at", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(Id, ForeignKey("users.id", ondelete="CASCADE"))
    stance: Mapped[str] = mapped_column(String(16))
    habits: Mapped[list[str]] = mapped_column(JSON)
    dominance: Mapped[float] = mapped_column(Float)
    affiliation: Mapped[float] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class TipDeliveryRow(Base):
    """A day's tip for a user. The unique (user, local date) pair makes the claim atomic."""

    __tablename__ = "tip_deliveries"
    __table_args__ = (
        UniqueConstraint("user_id", "local_date"),
        CheckConstraint("status IN ('claimed', 'sent')", name="status"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(Id, ForeignKey("users.id", ondelete="CASCADE"))
    tip_id: Mapped[str] = mapped_column(String(128))
    local_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ConversationRefRow(Base):
    """Where to reach a user proactively (a Teams conversation reference, a Slack DM channel)."""

    __tablename__ = "conversation_refs"
    __table_args__ = (UniqueConstraint("user_id", "platform"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(Id, ForeignKey("users.id", ondelete="CASCADE"))
    platform: Mapped[str] = mapped_column(String(32))
    reference: Mapped[dict[str, Any]] = mapped_column(JSON)
    disabled: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ProcessedEventRow(Base):
    """Platform event ids already handled, so that retried deliveries are answered once."""

    __tablename__ = "processed_events"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(255), unique=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class LlmUsageRow(Base):
    """One language-model call: who, which prompt, how many tokens, how long, and whether the
    answer was used (``ok``) or the offline engine stepped in."""

    __tablename__ = "llm_usage"
    __table_args__ = (
        Index("ix_llm_usage_user_id_created_at", "user_id", "created_at"),
        Index("ix_llm_usage_workspace_created_at", "platform", "tenant", "created_at"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(Id, ForeignKey("users.id", ondelete="CASCADE"))
    platform: Mapped[str] = mapped_column(String(32))
    tenant: Mapped[str] = mapped_column(String(255))
    model: Mapped[str] = mapped_column(String(128))
    prompt: Mapped[str] = mapped_column(String(160))
    prompt_tokens: Mapped[int] = mapped_column(Integer)
    completion_tokens: Mapped[int] = mapped_column(Integer)
    latency_ms: Mapped[int] = mapped_column(Integer)
    ok: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class JudgeDisagreementRow(Base):
    """The offline analyser and the language model disagreed on a message's stance."""

    __tablename__ = "judge_disagreements"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(Id, ForeignKey("users.id", ondelete="CASCADE"), index=True)
    offline_stance: Mapped[str] = mapped_column(String(16))
    model_stance: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
