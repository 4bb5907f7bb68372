"""Schema migrations: a fresh database reaches head, the models match the migrations, an upgrade
keeps data, concurrent starts migrate once, and a downgrade can be undone."""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, MetaData, Table, func, insert, inspect, select

from bot.store import Store
from bot.store.installations import INSTALLATION_METADATA
from bot.store.migration import current_revision, downgrade, head_revision, upgrade
from bot.store.migration import main as migration_cli
from bot.store.tables import Base

from .support import ALICE, THREAD, Backend

ALL_METADATA = [Base.metadata, INSTALLATION_METADATA]
EXPECTED_TABLES = {name for metadata in ALL_METADATA for name in metadata.tables} | {
    "alembic_version"
}


def _table_names(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


def _schema_differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, ALL_METADATA))  # type: ignore[arg-type]


def _reflect(connection: Connection, *names: str) -> dict[str, Table]:
    metadata = MetaData()
    metadata.reflect(connection, only=list(names))
    return {name: metadata.tables[name] for name in names}


async def test_a_fresh_database_is_migrated_to_head(backend: Backend) -> None:
    store = await backend.open()
    await store.close()
    engine = backend.engine()
    try:
        assert await current_revision(engine) == head_revision()
        async with engine.connect() as connection:
            assert await connection.run_sync(_table_names) == EXPECTED_TABLES
    finally:
        await engine.dispose()


async def test_models_and_migrations_describe_the_same_schema(backend: Backend) -> None:
    engine = backend.engine()
    try:
        await upgrade(engine)
        async with engine.connect() as connection:
            assert await connection.run_sync(_schema_differences) == []
    finally:
        await engine.dispose()


async def test_upgrading_from_revision_1_keeps_the_data(backend: Backend) -> None:
    created = datetime(2026, 3, 1, 8, 30, tzinfo=UTC)
    engine = backend.engine()
    try:
        assert await upgrade(engine, "0001") == "0001"
        async with engine.begin() as connection:
            tables = await connection.run_sync(_reflect, "users", "sessions", "turns", "llm_usage")
            assert "display_name" not in tables["users"].c
            user_id = (
                await connection.execute(
                    insert(tables["users"])
                    .values(
                        platform=ALICE.platform,
                        tenant=ALICE.tenant,
                        user_id=ALICE.user_id,
                        lang="nl",
                        tz="Europe/Brussels",
                        tips_enabled=False,
                        tip_time="08:15",
                        weekdays_only=True,
                        created_at=created,
                        updated_at=created,
                    )
                    .returning(tables["users"].c.id)
                )
            ).scalar_one()
            await connection.execute(
                insert(tables["sessions"]).values(
                    id="s" * 32,
                    user_id=user_id,
                    platform=THREAD.platform,
                    tenant=THREAD.tenant,
                    conversation_id=THREAD.conversation_id,
                    scenario="price-squeeze",
                    difficulty="hard",
                    lang="nl",
                    seed=7,
                    status="active",
                    outcome=None,
                    state={"trust": 0.4},
                    initial_state={"trust": 0.5},
                    turn_count=1,
                    version=1,
                    created_at=created,
                    updated_at=created,
                    ended_at=None,
                )
            )
            await connection.execute(
                insert(tables["turns"]).values(
                    session_id="s" * 32,
                    turn_index=0,
                    salesperson_text="Wat is voor u het belangrijkste?",
                    assessment={"stance": "balanced", "habits": ["asking"]},
                    stance="balanced",
                    customer_line="De prijs.",
                    state={"trust": 0.4},
                    created_at=created,
                )
            )
            await connection.execute(
                insert(tables["llm_usage"]).values(
                    user_id=user_id,
                    platform=ALICE.platform,
                    tenant=ALICE.tenant,
                    model="gpt-4o-mini",
                    prompt="customer@1",
                    prompt_tokens=100,
                    completion_tokens=20,
                    latency_ms=300,
                    ok=True,
                    created_at=created,
                )
            )
        assert await upgrade(engine) == head_revision()
    finally:
        await engine.dispose()

    backend.clock.now = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    store = await backend.open()
    try:
        user = await store.get_user(ALICE)
        assert user is not None
        assert (user.lang, user.tz, user.tips_enabled, user.tip_time) == (
            "nl",
            "Europe/Brussels",
            False,
            "08:15",
        )
        assert user.display_name is None
        assert user.created_at == created
        session = await store.active_session(ALICE, THREAD)
        assert session is not None
        assert (session.id, session.state, session.turn_count) == ("s" * 32, {"trust": 0.4}, 1)
        [turn] = await store.turns(session.id)
        assert turn.salesperson_text == "Wat is voor u het belangrijkste?"
        assert turn.assessment["habits"] == ["asking"]
        assert await store.tokens_used_today(user=ALICE) == 120
        # The new column works on the old row.
        renamed = await store.update_user(ALICE, display_name="Alice")
        assert renamed.display_name == "Alice"
        assert renamed.tip_time == "08:15"
        # And the old session keeps working through the serialised path.
        async with store.lock_session(session.id) as handle:
            assert await handle.remove_last_turn() == {"trust": 0.5}
    finally:
        await store.close()


async def test_instances_starting_together_migrate_once(backend: Backend) -> None:
    started = await asyncio.gather(*(backend.open() for _ in range(3)), return_exceptions=True)
    stores = [store for store in started if isinstance(store, Store)]
    try:
        assert len(stores) == 3, started
        engine = backend.engine()
        try:
            async with engine.connect() as connection:
                versions = (
                    await connection.exec_driver_sql("SELECT version_num FROM alembic_version")
                ).all()
            assert [row[0] for row in versions] == [head_revision()]
        finally:
            await engine.dispose()
        # Every instance works on the one schema.
        assert await stores[0].claim_tip(ALICE, "tip-1", date(2026, 3, 2))
        assert not await stores[2].claim_tip(ALICE, "tip-2", date(2026, 3, 2))
    finally:
        for store in stores:
            await store.close()


async def test_downgrade_to_base_and_upgrade_again(backend: Backend) -> None:
    engine = backend.engine()
    try:
        await upgrade(engine)
        assert await downgrade(engine, "0001") == "0001"
        async with engine.connect() as connection:
            users = (await connection.run_sync(_reflect, "users"))["users"]
            assert "display_name" not in users.c
        assert await downgrade(engine, "base") is None
        async with engine.connect() as connection:
            assert await connection.run_sync(_table_names) <= {"alembic_version"}
        assert await upgrade(engine) == head_revision()
        async with engine.connect() as connection:
            users = (await connection.run_sync(_reflect, "users"))["users"]
            count = (await connection.execute(select(func.count()).select_from(users))).scalar()
            assert count == 0
    finally:
        await engine.dispose()


async def test_sqlite_runs_in_wal_mode(sqlite_backend: Backend) -> None:
    store = await sqlite_backend.open()
    await store.close()
    engine = sqlite_backend.engine()
    try:
        async with engine.connect() as connection:
            mode = (await connection.exec_driver_sql("PRAGMA journal_mode")).scalar()
            busy = (await connection.exec_driver_sql("PRAGMA busy_timeout")).scalar()
    finally:
        await engine.dispose()
    assert (mode, busy) == ("wal", 5000)


async def test_a_store_can_leave_migrations_to_someone_else(backend: Backend) -> None:
    migrated = await backend.open()
    await migrated.claim_tip(ALICE, "tip-1", date(2026, 3, 2))
    await migrated.close()
    store = await backend.open(migrate=False)
    try:
        assert await store.tip_on(ALICE, date(2026, 3, 2)) == "tip-1"
    finally:
        await store.close()


def test_the_command_line_upgrades_and_downgrades(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    database = tmp_path / "cli.sqlite3"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{database}")

    def revision() -> str | None:
        with closing(sqlite3.connect(database)) as connection:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            return None if row is None else str(row[0])

    assert migration_cli(["upgrade"]) == 0
    assert revision() == head_revision()
    assert migration_cli(["downgrade", "0001"]) == 0
    assert revision() == "0001"
    assert migration_cli(["current"]) == 0
    assert migration_cli(["upgrade", "0002"]) == 0
    assert revision() == "0002"
