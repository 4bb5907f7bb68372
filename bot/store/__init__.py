"""Persistence: users, role-play sessions and turns, scores, tips, conversation references,
processed events and language-model usage, on SQLite (default) or PostgreSQL.

Open a ``Store`` with ``await Store.open(settings.resolved_database_url)``; it migrates the
schema to the latest revision (Alembic, shipped in ``migrations/``) before returning.
"""

from bot.store.errors import SessionNotFound, StoreConflict, StoreError, StoreUnavailable
from bot.store.records import (
    OUTCOME_ABANDONED,
    TRANSCRIPT_STATE_KEYS,
    UNSET,
    ConversationRef,
    Progress,
    SessionRecord,
    SessionStatus,
    StancePoint,
    TurnRecord,
    Unset,
    UserRecord,
)
from bot.store.session_handle import SessionHandle
from bot.store.store import Store

__all__ = [
    "OUTCOME_ABANDONED",
    "TRANSCRIPT_STATE_KEYS",
    "UNSET",
    "ConversationRef",
    "Progress",
    "SessionHandle",
    "SessionNotFound",
    "SessionRecord",
    "SessionStatus",
    "StancePoint",
    "Store",
    "StoreConflict",
    "StoreError",
    "StoreUnavailable",
    "TurnRecord",
    "Unset",
    "UserRecord",
]
